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


class PairingStatsService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def totals(self, f: SessionFilter) -> PairingTotals:
        s = AssistanceSession
        is_a = Pairing.kind.in_(A_KINDS)
        person_times = s.person_times  # pairing_figures.person_times, in SQL
        with self.db.reading() as session:
            terms = session_conditions(session, f)
            counts = session.execute(
                select(
                    func.coalesce(func.sum(case((is_a, 1), else_=0)), 0),
                    func.coalesce(func.sum(case((is_a, 0), else_=1)), 0),
                    func.coalesce(func.sum(case((is_a, person_times), else_=0)), 0),
                    func.coalesce(func.sum(case((is_a, 0), else_=person_times)), 0),
                )
                .select_from(s)
                .join(Pairing, Pairing.id == s.pairing_id)
                .where(*terms)
            ).one()
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
        return PairingTotals(
            int(counts[0]),
            int(counts[1]),
            int(counts[2]),
            int(counts[3]),
            int(problems[0]),
            int(problems[1]),
        )

    def by_month(self, f: SessionFilter) -> list[MonthFigures]:
        """Sessions (A and B) and 人次 per calendar month of the filter's sessions,
        months without sessions left out, oldest first; they add up to ``totals``."""
        s = AssistanceSession
        is_a = Pairing.kind.in_(A_KINDS)
        year, month = extract("year", s.date), extract("month", s.date)
        with self.db.reading() as session:
            rows = session.execute(
                select(
                    year,
                    month,
                    func.sum(case((is_a, 1), else_=0)),
                    func.sum(case((is_a, 0), else_=1)),
                    func.sum(s.person_times),
                )
                .select_from(s)
                .join(Pairing, Pairing.id == s.pairing_id)
                .where(*session_conditions(session, f))
                .group_by(year, month)
                .order_by(year, month)
            ).all()
        return [MonthFigures(int(y), int(m), int(a), int(b), int(p)) for y, m, a, b, p in rows]

    def by_service_type(self, f: SessionFilter) -> list[ServiceTypeFigures]:
        """Sessions and 人次 per 服务类型, most sessions first (the type's order
        among equals); types without sessions left out."""
        s = AssistanceSession
        with self.db.reading() as session:
            rows = session.execute(
                select(s.service_type, func.count(s.id), func.sum(s.person_times))
                .where(*session_conditions(session, f))
                .group_by(s.service_type)
            ).all()
        order = list(ServiceType)
        found = [ServiceTypeFigures(t, int(n), int(p or 0)) for t, n, p in rows]
        return sorted(found, key=lambda r: (-r.sessions, order.index(r.service_type)))
