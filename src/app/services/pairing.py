"""结对帮扶: pairings, their assistance sessions and the problems found in them.

Lists are read with Core selects (no ORM objects); the session ledger is paged
in SQL (LIMIT/OFFSET over the (date, pairing) index), so a page costs the same
with 100 sessions or 100,000. Writes go through the ORM inside one unit of
work, so the audit listeners record every change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.domain.enums import MemberSide
from app.domain.errors import InUse, UserError, ValidationFailed
from app.domain.models import Person, Unit
from app.domain.pairing_models import AssistanceSession, Pairing, PairingMember, Problem
from app.domain.pairing_validation import (
    PairingInput,
    ProblemInput,
    SessionInput,
    validate_pairing,
    validate_session,
)
from app.domain.search_keys import search_key
from app.persistence.database import Database
from app.services.common import existing
from app.services.pairing_rows import (
    LedgerEntry,
    PairingRow,
    ProblemRow,
    SessionFilter,
    SessionRow,
    participant_names,
    problem_counts,
    session_conditions,
    unit_and_descendants,
)
from app.services.pairing_writes import (
    apply_pairing,
    apply_session,
)

PAIRING_GONE = "该结对已不存在（可能已被删除）"
SESSION_GONE = "该帮扶活动已不存在（可能已被删除）"
PROBLEM_GONE = "该问题已不存在（可能已被删除）"
# What to do instead of deleting a pairing that has sessions.
END_PAIRING_INSTEAD = "如果结对已结束，可在“编辑”中填写结束日期。"

# Importers take the rows and the filter from here (the service's public API).
__all__ = [
    "LedgerEntry",
    "PairingRow",
    "PairingService",
    "ProblemRow",
    "SessionFilter",
    "SessionRow",
    "session_conditions",
    "unit_and_descendants",
]


class PairingService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ----- pairings ----------------------------------------------------------

    def count_pairings(self, ids: Collection[int] | None = None) -> int:
        """How many pairings there are (of ``ids`` when given)."""
        query = select(func.count(Pairing.id))
        if ids is not None:
            query = query.where(Pairing.id.in_(sorted(ids)))
        with self.db.reading() as session:
            return session.scalar(query) or 0

    def list_pairings(
        self,
        offset: int = 0,
        limit: int | None = None,
        ids: Collection[int] | None = None,
        *,
        counts: bool = True,
    ) -> list[PairingRow]:
        """The pairings by name (then id), ``limit`` of them from ``offset`` (all
        when None); only those of ``ids`` when given. Members and session counts
        are read for the rows returned only; ``counts=False`` leaves the session
        counts 0 (the choices of a filter or a form do not show them)."""
        with self.db.reading() as session:
            query = (
                select(
                    Pairing.id,
                    Pairing.name,
                    Pairing.kind,
                    Pairing.campaign,
                    Pairing.helped_unit_id,
                    Unit.name,
                    Pairing.start_date,
                    Pairing.end_date,
                )
                .outerjoin(Unit, Unit.id == Pairing.helped_unit_id)
                .order_by(Pairing.name, Pairing.id)
                .offset(max(offset, 0))
                .limit(limit)
            )
            if ids is not None:
                query = query.where(Pairing.id.in_(sorted(ids)))
            page = session.execute(query).all()
            chosen = [r[0] for r in page]
            whole = ids is None and offset <= 0 and limit is None  # every pairing
            members: dict[int, list[tuple[int, str, MemberSide]]] = {}
            keys: dict[int, list[str]] = {}  # the members' search keys (the 结对 picker)
            sessions: dict[int, int] = {}
            for first in range(0, len(chosen), 500):
                some = chosen[first : first + 500]
                query = (
                    select(
                        PairingMember.pairing_id,
                        PairingMember.person_id,
                        Person.name,
                        PairingMember.side,
                        Person.employee_no,
                        Person.name_initials,
                    )
                    .join(Person, Person.id == PairingMember.person_id)
                    .order_by(PairingMember.id)
                )
                counted = select(
                    AssistanceSession.pairing_id, func.count(AssistanceSession.id)
                ).group_by(AssistanceSession.pairing_id)
                if not whole:
                    query = query.where(PairingMember.pairing_id.in_(some))
                    counted = counted.where(AssistanceSession.pairing_id.in_(some))
                for pairing_id, person_id, name, side, number, initials in session.execute(query):
                    members.setdefault(pairing_id, []).append((person_id, name, side))
                    keys.setdefault(pairing_id, []).append(search_key(name, number, initials))
                if counts:
                    sessions.update(session.execute(counted).all())
                if whole:
                    break  # read for every pairing at once
            rows = []
            for r in page:
                mine = members.get(r[0], [])
                rows.append(
                    PairingRow(
                        r[0], r[1], r[2], r[3] or "", r[4], r[5] or "", r[6], r[7],
                        "、".join(n for _, n, side in mine if side == MemberSide.HELPER),
                        "、".join(n for _, n, side in mine if side == MemberSide.HELPED),
                        frozenset(pid for pid, _, _ in mine),
                        sessions.get(r[0], 0),
                        "\x1e".join(keys.get(r[0], ())),
                    )
                )  # fmt: skip
            return rows

    def get_pairing(self, pairing_id: int) -> PairingInput:
        with self.db.reading() as session:
            pairing = existing(session, Pairing, pairing_id, PAIRING_GONE)
            return PairingInput(
                name=pairing.name,
                kind=pairing.kind,
                campaign=pairing.campaign,
                helpers=[m.person_id for m in pairing.members if m.side == MemberSide.HELPER],
                helped=[m.person_id for m in pairing.members if m.side == MemberSide.HELPED],
                helped_unit_id=pairing.helped_unit_id,
                start_date=pairing.start_date,
                end_date=pairing.end_date,
                goal=pairing.goal,
                note=pairing.note,
            )

    def add_pairing(self, values: PairingInput) -> int:
        with self.db.unit_of_work() as session:
            data = self._checked_pairing(session, values, pairing_id=None)
            pairing = Pairing()
            apply_pairing(pairing, data)
            session.add(pairing)
            session.flush()
            return pairing.id

    def update_pairing(self, pairing_id: int, values: PairingInput) -> None:
        with self.db.unit_of_work() as session:
            pairing = existing(session, Pairing, pairing_id, PAIRING_GONE)
            data = self._checked_pairing(session, values, pairing_id=pairing_id)
            apply_pairing(pairing, data)

    def delete_pairing(self, pairing_id: int) -> None:
        with self.db.unit_of_work() as session:
            pairing = existing(session, Pairing, pairing_id, PAIRING_GONE)
            dependents = _pairing_dependents(session, pairing_id)
            if dependents:
                raise InUse(f"结对「{pairing.name}」", dependents, END_PAIRING_INSTEAD)
            session.delete(pairing)

    def what_depends_on_pairing(self, pairing_id: int) -> list[str]:
        """What refers to a pairing (its sessions), read without changing anything:
        the window asks before it offers to delete."""
        with self.db.reading() as session:
            existing(session, Pairing, pairing_id, PAIRING_GONE)
            return _pairing_dependents(session, pairing_id)

    def members_of(self, pairing_id: int) -> list[int]:
        with self.db.reading() as session:
            return list(
                session.scalars(
                    select(PairingMember.person_id)
                    .where(PairingMember.pairing_id == pairing_id)
                    .order_by(PairingMember.id)
                )
            )

    def _checked_pairing(
        self, session: Session, values: PairingInput, pairing_id: int | None
    ) -> PairingInput:
        data = values.cleaned()
        errors = validate_pairing(data)
        if "name" not in errors:
            same = session.scalar(select(Pairing.id).where(Pairing.name == data.name))
            if same is not None and same != pairing_id:
                errors["name"] = f"已有名为「{data.name}」的结对"
        if "members" not in errors:
            wanted = set(data.helpers) | set(data.helped)
            found = set(session.scalars(select(Person.id).where(Person.id.in_(sorted(wanted)))))
            if wanted - found:
                errors["members"] = "所选人员中有人已不存在（可能已被删除），请重新选择"
        if data.helped_unit_id is not None and session.get(Unit, data.helped_unit_id) is None:
            errors["helped_unit_id"] = "所选帮扶对象单位不存在（可能已被删除）"
        if errors:
            raise ValidationFailed(errors)
        return data

    # ----- sessions ----------------------------------------------------------

    def count_sessions(self, f: SessionFilter) -> int:
        with self.db.reading() as session:
            query = select(func.count(AssistanceSession.id)).where(*session_conditions(session, f))
            return session.scalar(query) or 0

    def list_sessions(self, f: SessionFilter, offset: int, limit: int | None) -> list[SessionRow]:
        """One page of the ledger, newest first (date desc, id desc)."""
        s = AssistanceSession
        with self.db.reading() as session:
            sqlite = session.get_bind().dialect.name == "sqlite"
            page = session.execute(
                select(
                    s.id,
                    s.date,
                    s.pairing_id,
                    Pairing.name,
                    Pairing.kind,
                    s.topic,
                    s.service_type,
                    s.place,
                    s.person_times,
                )
                .join(Pairing, Pairing.id == s.pairing_id)
                # newest first along the date index, a 类型 tested per entry
                # (not its third of the sessions read and sorted): 0.015-0.025
                # s -> ~0.002 s for a first page over 100,000 sessions
                .where(*session_conditions(session, f, kinds_by_index=not sqlite))
                .order_by(s.date.desc(), s.id.desc())
                .offset(max(offset, 0))
                .limit(None if limit is None else max(limit, 0))
            ).all()
            ids = [r[0] for r in page]
            names = participant_names(session, ids)
            found, solved = problem_counts(session, ids)
            return [
                SessionRow(
                    r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] or "",
                    "、".join(names.get(r[0], [])), r[8] or 0,
                    found.get(r[0], 0), solved.get(r[0], 0),
                )
                for r in page
            ]  # fmt: skip

    def ledger_entries(self, f: SessionFilter) -> list[LedgerEntry]:
        """Every session of the filter, oldest first, for the printed ledger."""
        s = AssistanceSession
        with self.db.reading() as session:
            rows = session.execute(
                select(
                    s.id, s.date, Pairing.name, Pairing.kind, s.topic, s.service_type,
                    s.person_times,
                )
                .join(Pairing, Pairing.id == s.pairing_id)
                .where(*session_conditions(session, f))
                .order_by(s.date, s.id)
            ).all()  # fmt: skip
            names: dict[int, list[str]] = {}
            found: dict[int, list[str]] = {}
            solved: dict[int, list[str]] = {}
            ids = [r[0] for r in rows]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                here = set(chunk)
                for sid, names_of in participant_names(session, chunk).items():
                    names[sid] = names_of
                for _id, sid, text, is_solved, by in session.execute(
                    select(
                        Problem.id, Problem.session_id, Problem.text, Problem.solved,
                        Problem.solved_session_id,
                    )
                    .where(Problem.session_id.in_(chunk) | Problem.solved_session_id.in_(chunk))
                    .order_by(Problem.id)
                ):  # fmt: skip
                    if sid in here:
                        found.setdefault(sid, []).append(text)
                    where = by if by is not None else sid
                    if is_solved and where in here:
                        solved.setdefault(where, []).append(text)
            return [
                LedgerEntry(
                    r[0], r[1], r[2], r[3], r[4], r[5], names.get(r[0], []), r[6] or 0,
                    found.get(r[0], []), solved.get(r[0], []),
                )
                for r in rows
            ]  # fmt: skip

    def get_session(self, session_id: int) -> SessionInput:
        with self.db.reading() as session:
            row = existing(session, AssistanceSession, session_id, SESSION_GONE)
            return SessionInput(
                date=row.date,
                pairing_id=row.pairing_id,
                topic=row.topic,
                service_type=row.service_type,
                place=row.place,
                participant_ids=[p.person_id for p in row.participants],
                outside_count=row.outside_count,
                problems=[ProblemInput(p.id, p.text, p.solved, p.solved_on) for p in row.problems],
                follow_up=row.follow_up,
            )

    def add_session(self, values: SessionInput) -> int:
        with self.db.unit_of_work() as session:
            data = self._checked_session(session, values, session_id=None)
            row = AssistanceSession()
            session.add(row)
            apply_session(row, data)
            session.flush()
            return row.id

    def update_session(self, session_id: int, values: SessionInput) -> None:
        with self.db.unit_of_work() as session:
            row = existing(session, AssistanceSession, session_id, SESSION_GONE)
            data = self._checked_session(session, values, session_id=session_id)
            apply_session(row, data)

    def what_goes_with_session(self, session_id: int) -> list[str]:
        """What deleting a session deletes with it (the problems found in it);
        nothing refuses its deletion. Read without changing anything."""
        with self.db.reading() as session:
            existing(session, AssistanceSession, session_id, SESSION_GONE)
            found = session.scalar(
                select(func.count(Problem.id)).where(Problem.session_id == session_id)
            )
            return [f"这次活动记录的 {found} 个问题"] if found else []

    def delete_session(self, session_id: int) -> None:
        with self.db.unit_of_work() as session:
            row = existing(session, AssistanceSession, session_id, SESSION_GONE)
            # Problems of other sessions it solved stay solved, on their date.
            session.execute(
                update(Problem)
                .where(Problem.solved_session_id == session_id)
                .values(solved_session_id=None)
            )
            session.delete(row)

    def _checked_session(
        self, session: Session, values: SessionInput, session_id: int | None
    ) -> SessionInput:
        data = values.cleaned()
        errors = validate_session(data)
        if data.pairing_id is not None and session.get(Pairing, data.pairing_id) is None:
            errors["pairing_id"] = "所选结对不存在（可能已被删除）"
        if data.participant_ids:
            found = set(
                session.scalars(
                    select(Person.id).where(Person.id.in_(sorted(data.participant_ids)))
                )
            )
            if set(data.participant_ids) - found:
                errors["participant_ids"] = "参与人员中有人已不存在（可能已被删除），请重新选择"
        if data.date is not None and data.pairing_id is not None and "topic" not in errors:
            twin = session.scalar(
                select(AssistanceSession.id).where(
                    AssistanceSession.date == data.date,
                    AssistanceSession.pairing_id == data.pairing_id,
                    AssistanceSession.topic == data.topic,
                )
            )
            if twin is not None and twin != session_id:
                # The workbook tells sessions apart by date, pairing and topic.
                errors["topic"] = "这个结对在同一天已有同一主题的活动，请修改主题或编辑那次活动"
        known = [p.id for p in data.problems if p.id is not None]
        if known:
            mine = set(
                session.scalars(
                    select(Problem.id).where(
                        Problem.id.in_(known),
                        Problem.session_id == (session_id if session_id is not None else -1),
                    )
                )
            )
            if set(known) - mine:
                errors["problems"] = "问题列表已被修改（有问题不属于这次活动），请重新打开后再编辑"
        if errors:
            raise ValidationFailed(errors)
        return data

    # ----- problems ----------------------------------------------------------

    def count_open_problems(self) -> int:
        with self.db.reading() as session:
            query = select(func.count(Problem.id)).where(Problem.solved.is_(False))
            return session.scalar(query) or 0

    def open_problems(self) -> list[ProblemRow]:
        s = AssistanceSession
        with self.db.reading() as session:
            return [
                ProblemRow(*r)
                for r in session.execute(
                    select(Problem.id, Problem.text, s.id, s.date, Pairing.name)
                    .join(s, s.id == Problem.session_id)
                    .join(Pairing, Pairing.id == s.pairing_id)
                    .where(Problem.solved.is_(False))
                    .order_by(s.date, Problem.id)
                )
            ]

    def mark_problem_solved(
        self, problem_id: int, on: dt.date, session_id: int | None = None
    ) -> None:
        """Mark a problem solved on a day (optionally: by a later session)."""
        with self.db.unit_of_work() as session:
            problem = existing(session, Problem, problem_id, PROBLEM_GONE)
            found_on = session.scalar(
                select(AssistanceSession.date).where(AssistanceSession.id == problem.session_id)
            )
            if on > dt.date.today():
                raise ValidationFailed({"solved_on": "解决日期不能晚于今天"})
            if found_on is not None and on < found_on:
                raise ValidationFailed(
                    {"solved_on": f"解决日期不能早于发现问题的日期（{found_on:%Y-%m-%d}）"}
                )
            if session_id is not None and session.get(AssistanceSession, session_id) is None:
                raise UserError(SESSION_GONE)
            problem.solved = True
            problem.solved_on = on
            problem.solved_session_id = session_id


def _pairing_dependents(session: Session, pairing_id: int) -> list[str]:
    sessions = session.scalar(
        select(func.count(AssistanceSession.id)).where(AssistanceSession.pairing_id == pairing_id)
    )
    return [f"已有 {sessions} 次帮扶活动记录"] if sessions else []
