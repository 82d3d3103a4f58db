"""The figures of 结对帮扶, counted in SQL aggregates: the page's totals line,
the PDF report and the later summary all read them from here.

Rules (pinned by tests/unit/test_pairing_stats.py):
- a session counts when its date is in the period (and it passes the filter);
- A is the branch's own pairings (本支部结对, 领导帮扶), B the 共建结对;
- 人次 of a session = its listed participants (each once) + 其他参与人数
  (domain.pairing_figures, summed here as AssistanceSession.person_times);
- problems found = problems found in the sessions counted; solved = those of
  them that are solved, by the end of the period when it has one. A problem
  solved in a later session is still one problem, counted where it was found.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

from sqlalchemy import ColumnElement, Date, and_, case, extract, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from app.domain.enums import PairingKind, ServiceType
from app.domain.pairing_models import AssistanceSession, Pairing, Problem
from app.persistence.database import Database
from app.services.pairing import SessionFilter, session_conditions

A_KINDS = tuple(k for k in PairingKind if k.counts_as_a)


@dataclass(frozen=True)
class PairingTotals:
    sessions_a: int = 0
    sessions_b: int = 0
    person_times_a: int = 0
    person_times_b: int = 0
    problems_found: int = 0
    problems_solved: int = 0

    @property
    def sessions(self) -> int:
        return self.sessions_a + self.sessions_b

    @property
    def person_times(self) -> int:
        return self.person_times_a + self.person_times_b

    def sentence(self) -> str:
        return (
            f"共计 {self.sessions_a}+{self.sessions_b} 场，"
            f"参与 {self.person_times_a}+{self.person_times_b} 人次，"
            f"发现问题 {self.problems_found} 个，已解决 {self.problems_solved} 个"
        )


class MonthFigures(NamedTuple):
    year: int
    month: int
    sessions_a: int
    sessions_b: int
    person_times: int


class ServiceTypeFigures(NamedTuple):
    service_type: ServiceType
    sessions: int
    person_times: int


@dataclass(frozen=True)
class PairingBreakdown:
    months: list[MonthFigures]  # months with sessions, oldest first
    service_types: list[ServiceTypeFigures]  # types with sessions, most sessions first


class PairingStatsService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def totals(self, f: SessionFilter) -> PairingTotals:
        s = AssistanceSession
        person_times = s.person_times  # pairing_figures.person_times, in SQL
        with self.db.reading() as session:
            sqlite = session.get_bind().dialect.name == "sqlite"
            # how many problems there are, asked along (see below)
            on_file = select(func.count()).select_from(Problem).scalar_subquery()
            if f.kinds is not None and (f.kinds <= set(A_KINDS) or f.kinds.isdisjoint(A_KINDS)):
                # The 类型 chosen says A or B already: no test per session, no
                # grouping; its pairings' sessions are read from the pairing
                # index, which covers the figures (migration 0010).
                n, p, problems_on_file = session.execute(
                    select(func.count(), func.sum(person_times), on_file).where(
                        *session_conditions(session, f)
                    )
                ).one()
                grouped = {f.kinds <= set(A_KINDS): (int(n), int(p or 0))} if n else {}
            else:
                # Summed per pairing, then per A/B over the pairings (one test
                # of the pairing's 类型 per pairing, not per session). On SQLite,
                # a period holding most of the sessions is read along the
                # pairing index in its order (no sorting for the grouping):
                # 0.04-0.05 s -> 0.015 s for all 100,000 sessions; a shorter one
                # along the date index as before.
                whole = (
                    sqlite
                    and f.kinds is None
                    and f.ids is None  # a save's few sessions: by their keys
                    and f.pairing_ids is None  # a pairing's: by the pairing index anyway
                    and _most_sessions(session, f)
                )
                terms = _figure_terms(session, f, kinds_by_index=True, dates_by_index=not whole)
                per_pairing = (
                    select(
                        s.pairing_id.label("pairing_id"),
                        func.count().label("sessions"),
                        func.sum(person_times).label("person_times"),
                    )
                    .where(*terms)
                    .group_by(s.pairing_id)
                    .subquery()
                )
                rows = session.execute(
                    select(
                        Pairing.kind,
                        func.sum(per_pairing.c.sessions),
                        func.sum(per_pairing.c.person_times),
                        on_file,
                    )
                    .select_from(per_pairing)
                    .join(Pairing, Pairing.id == per_pairing.c.pairing_id)
                    .group_by(Pairing.kind)
                ).all()
                grouped = {}
                for kind, n, p, _ in rows:
                    was = grouped.get(kind.counts_as_a, (0, 0))
                    grouped[kind.counts_as_a] = (was[0] + int(n), was[1] + int(p or 0))
                problems_on_file = rows[0][3] if rows else 0
            solved = Problem.solved.is_(True)
            if f.date_to is not None:
                solved = and_(solved, Problem.solved_on <= f.date_to)
            counted = sum(n for n, _ in grouped.values())
            if sqlite and counted > problems_on_file:
                # More sessions chosen than problems on file: read the problems
                # and look each one's session up, rather than look up the
                # problems of every session (0.045 -> 0.02 s over 100,000
                # sessions with 25,000 problems). The same rows either way.
                terms = _figure_terms(session, f, kinds_by_index=False, dates_by_index=False)
            else:
                terms = session_conditions(session, f)
            problems = session.execute(
                select(
                    func.count(Problem.id),
                    func.coalesce(func.sum(case((solved, 1), else_=0)), 0),
                )
                .select_from(Problem)
                .join(s, s.id == Problem.session_id)
                .where(*terms)
            ).one()
        (sessions_a, times_a), (sessions_b, times_b) = (
            grouped.get(True, (0, 0)),
            grouped.get(False, (0, 0)),
        )
        return PairingTotals(
            sessions_a,
            sessions_b,
            times_a,
            times_b,
            int(problems[0]),
            int(problems[1]),
        )

    def breakdown(self, f: SessionFilter) -> PairingBreakdown:
        """The filter's sessions per calendar month (A and B) and per 服务类型, in
        one pass over the covering date index; they add up to ``totals``."""
        s = AssistanceSession
        is_a = _is_a()
        year, month = extract("year", s.date), extract("month", s.date)
        with self.db.reading() as session:
            rows = session.execute(
                select(year, month, is_a, s.service_type, func.count(), func.sum(s.person_times))
                .where(*session_conditions(session, f))
                .group_by(year, month, is_a, s.service_type)
            ).all()
        months: dict[tuple[int, int], list[int]] = {}
        types: dict[ServiceType, list[int]] = {}
        for y, m, a, service_type, sessions, person_times in rows:
            figures = months.setdefault((int(y), int(m)), [0, 0, 0])
            figures[0 if a else 1] += int(sessions)
            figures[2] += int(person_times or 0)
            by_type = types.setdefault(service_type, [0, 0])
            by_type[0] += int(sessions)
            by_type[1] += int(person_times or 0)
        order = list(ServiceType)
        return PairingBreakdown(
            [MonthFigures(y, m, *months[(y, m)]) for y, m in sorted(months)],
            sorted(
                (ServiceTypeFigures(t, n, p) for t, (n, p) in types.items()),
                key=lambda r: (-r.sessions, order.index(r.service_type)),
            ),
        )


def _is_a():
    """Whether a session belongs to one of the branch's own pairings (A), as a
    condition on the session alone: no join to the pairings per session row."""
    return AssistanceSession.pairing_id.in_(
        select(Pairing.id).where(Pairing.kind.in_(A_KINDS)).scalar_subquery()
    )


def _most_sessions(session: Session, f: SessionFilter, share: float = 1 / 3) -> bool:
    """Whether the period of ``f`` spans more than ``share`` of the days from the
    first session on file to the last (no period: all of them). Two index
    look-ups; a guess at the share of the sessions it holds, which decides the
    index to read them by."""
    if f.date_from is None and f.date_to is None:
        return True
    s = AssistanceSession
    first, last = session.execute(
        select(
            select(func.min(s.date)).scalar_subquery(),
            select(func.max(s.date)).scalar_subquery(),
        )
    ).one()
    if first is None or last is None:
        return False  # no sessions: nothing to read either way
    start = max(first, f.date_from) if f.date_from is not None else first
    end = min(last, f.date_to) if f.date_to is not None else last
    return (end - start).days + 1 > share * ((last - first).days + 1)


def _figure_terms(
    session: Session, f: SessionFilter, *, kinds_by_index: bool, dates_by_index: bool = True
) -> list[ColumnElement[bool]]:
    """``session_conditions(f)``, the same sessions, with the 类型 and the dates
    written so that SQLite's planner may not use an index for them when told
    (``+ column`` / ``column + 0`` compare the same values; SQLite only)."""
    s = AssistanceSession
    rest = replace(
        f,
        kinds=None if not kinds_by_index else f.kinds,
        date_from=f.date_from if dates_by_index else None,
        date_to=f.date_to if dates_by_index else None,
    )
    terms = session_conditions(session, rest)
    if not kinds_by_index and f.kinds is not None:
        chosen = select(Pairing.id).where(Pairing.kind.in_(sorted(f.kinds)))
        terms.append((s.pairing_id + 0).in_(chosen))
    if not dates_by_index:
        day = UnaryExpression(s.date, operator=custom_op("+"), type_=Date)
        if f.date_from is not None:
            terms.append(day >= f.date_from)
        if f.date_to is not None:
            terms.append(day <= f.date_to)
    return terms
