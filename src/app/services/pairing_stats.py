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

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import and_, case, extract, func, select

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
        is_a = _is_a()
        person_times = s.person_times  # pairing_figures.person_times, in SQL
        with self.db.reading() as session:
            terms = session_conditions(session, f)
            # Grouped by A/B: one test of the pairing per session, read from the
            # covering date index alone.
            grouped = {
                bool(a): (int(n), int(p or 0))
                for a, n, p in session.execute(
                    select(is_a, func.count(), func.sum(person_times)).where(*terms).group_by(is_a)
                )
            }
            solved = Problem.solved.is_(True)
            if f.date_to is not None:
                solved = and_(solved, Problem.solved_on <= f.date_to)
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
