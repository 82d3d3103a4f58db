"""What the pairing service returns, and which sessions a filter covers.

The row types are plain NamedTuples read with Core selects; ``SessionFilter``
and ``session_conditions`` are shared by the ledger, its counts and the
figures (pairing_stats). ``participant_names`` and ``problem_counts`` fill in
one page of sessions at a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import NamedTuple

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.domain.enums import PairingKind, ServiceType
from app.domain.models import Person, Unit
from app.domain.pairing_models import AssistanceSession, Pairing, Problem, SessionParticipant


class PairingRow(NamedTuple):
    id: int
    name: str
    kind: PairingKind
    campaign: str
    helped_unit_id: int | None
    helped_unit_name: str
    start_date: dt.date | None
    end_date: dt.date | None
    helper_names: str
    helped_names: str
    member_ids: frozenset[int]
    session_count: int
    # the members' search keys (name, 工号, pinyin initials; domain.search_keys),
    # "\x1e" between members: what a 结对 picker finds a pairing by
    member_search: str = ""


class SessionRow(NamedTuple):
    id: int
    date: dt.date
    pairing_id: int
    pairing_name: str
    kind: PairingKind
    topic: str
    service_type: ServiceType
    place: str
    participant_names: str
    person_times: int
    problems_found: int
    problems_solved: int


class ProblemRow(NamedTuple):
    id: int
    text: str
    session_id: int
    session_date: dt.date
    pairing_name: str


class LedgerEntry(NamedTuple):
    """One session as the printed ledger shows it, with its texts in full."""

    id: int
    date: dt.date
    pairing_name: str
    kind: PairingKind
    topic: str
    service_type: ServiceType
    participant_names: list[str]
    person_times: int
    problems_found: list[str]
    problems_solved: list[str]  # found here and solved, or found earlier and solved here


@dataclass(frozen=True)
class SessionFilter:
    """Which sessions a ledger, a count or a report covers. None: no restriction."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kinds: frozenset[PairingKind] | None = None
    pairing_ids: frozenset[int] | None = None
    unit_id: int | None = None  # the helped unit, its sub-units included
    service_types: frozenset[ServiceType] | None = None
    # these sessions only (the page reads the rows a save touched this way)
    ids: frozenset[int] | None = None


def session_conditions(
    session: Session, f: SessionFilter, *, kinds_by_index: bool = True
) -> list[ColumnElement[bool]]:
    """WHERE terms on AssistanceSession for a filter (shared with the figures).

    ``kinds_by_index=False`` (SQLite only): a 类型 chosen alone is tested as
    ``pairing_id + 0``, the same values, so that SQLite's planner does not read
    its sessions by the pairing index (a third of all sessions, sorted whole
    for a page) but walks the date index and tests each entry's pairing."""
    s = AssistanceSession
    if not kinds_by_index and f.kinds is not None and f.unit_id is None:
        terms = session_conditions(session, replace(f, kinds=None))
        chosen = select(Pairing.id).where(Pairing.kind.in_(sorted(f.kinds)))
        terms.append((s.pairing_id + 0).in_(chosen))
        return terms
    terms: list[ColumnElement[bool]] = []
    if f.date_from is not None:
        terms.append(s.date >= f.date_from)
    if f.date_to is not None:
        terms.append(s.date <= f.date_to)
    if f.pairing_ids is not None:
        terms.append(s.pairing_id.in_(sorted(f.pairing_ids)))
    if f.service_types is not None:
        terms.append(s.service_type.in_(sorted(f.service_types)))
    if f.ids is not None:
        terms.append(s.id.in_(sorted(f.ids)))
    pairing_terms: list[ColumnElement[bool]] = []
    if f.kinds is not None:
        pairing_terms.append(Pairing.kind.in_(sorted(f.kinds)))
    if f.unit_id is not None:
        pairing_terms.append(
            Pairing.helped_unit_id.in_(sorted(unit_and_descendants(session, f.unit_id)))
        )
    if pairing_terms:
        terms.append(s.pairing_id.in_(select(Pairing.id).where(*pairing_terms)))
    return terms


def unit_and_descendants(session: Session, unit_id: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for uid, parent in session.execute(select(Unit.id, Unit.parent_id)):
        if parent is not None:
            children.setdefault(parent, []).append(uid)
    found = {unit_id}
    stack = [unit_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def participant_names(session: Session, ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    if not ids:
        return names
    for sid, name in session.execute(
        select(SessionParticipant.session_id, Person.name)
        .join(Person, Person.id == SessionParticipant.person_id)
        .where(SessionParticipant.session_id.in_(ids))
        .order_by(SessionParticipant.id)
    ):
        names.setdefault(sid, []).append(name)
    return names


def problem_counts(session: Session, ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    if not ids:
        return {}, {}
    found: dict[int, int] = {}
    solved: dict[int, int] = {}
    for sid, is_solved, n in session.execute(
        select(Problem.session_id, Problem.solved, func.count(Problem.id))
        .where(Problem.session_id.in_(ids))
        .group_by(Problem.session_id, Problem.solved)
    ):
        found[sid] = found.get(sid, 0) + n
        if is_solved:
            solved[sid] = solved.get(sid, 0) + n
    return found, solved
