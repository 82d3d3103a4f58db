"""积分: each member's points for a year, derived from their sources every time.

A member's year is the base (from the rules) plus one entry per rated pledge
(the rating's points plus the pledge's own adjustment), one per 结对帮扶
session attended, and the manual entries; the total never falls below the
floor. Nothing derived is stored, so editing or deleting a pledge, a rating or
a session changes the points at once and nothing is counted twice. The page,
the 公示 and the summary all ask this service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy import func, or_, select

from app.domain.enums import PersonStatus
from app.domain.errors import ValidationFailed
from app.domain.models import Person, Unit
from app.domain.pairing_models import AssistanceSession, Pairing, SessionParticipant
from app.domain.pledge_models import Pledge, PledgeStatus, PointsEntry, PointsSource
from app.domain.pledge_rules import PointsRules, points_entry_error, points_level, yearly_total
from app.domain.text import clean_text
from app.persistence.database import Database
from app.services.common import existing
from app.services.pledges import PARTY


class PointsLine(NamedTuple):
    """One line of a member's points ledger: the total is explained line by line."""

    date: dt.date
    points: int
    source: PointsSource
    reason: str
    entry_id: int | None = None  # a manual entry's id (editable); None for derived lines


class PointsTotal(NamedTuple):
    rank: int
    person_id: int
    name: str
    unit_name: str
    total: int
    level: str  # 优秀 / 合格 / 不合格


class PointsService:
    def __init__(
        self,
        db: Database,
        rules: Callable[[], PointsRules] = PointsRules,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.db = db
        self._rules = rules
        self._today = today

    @property
    def rules(self) -> PointsRules:
        return self._rules()

    # ----- one member -----------------------------------------------------------

    def ledger(self, person_id: int, year: int) -> list[PointsLine]:
        """Every line of the member's year, by date: base, rated pledges, sessions
        attended, manual entries."""
        rules = self.rules
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        lines = [PointsLine(start, rules.base, PointsSource.BASE, f"{year} 年度基础分")]
        with self.db.reading() as session:
            for text, rating, rated_on, extra, due in session.execute(
                select(
                    Pledge.text,
                    Pledge.rating,
                    Pledge.rated_on,
                    Pledge.extra_points,
                    Pledge.due_date,
                ).where(
                    Pledge.person_id == person_id,
                    Pledge.year == year,
                    Pledge.status != PledgeStatus.WITHDRAWN,
                )
            ):
                day = rated_on or due or end
                if rating is not None:
                    lines.append(
                        PointsLine(
                            day,
                            rules.per_rating.get(rating, 0),
                            PointsSource.PLEDGE,
                            f"承诺评议{rating.label}：{_short(text)}",
                        )
                    )
                if extra:
                    lines.append(
                        PointsLine(day, extra, PointsSource.PLEDGE, f"承诺加减分：{_short(text)}")
                    )
            if rules.per_session:
                for day, topic, pairing in session.execute(
                    select(AssistanceSession.date, AssistanceSession.topic, Pairing.name)
                    .join(SessionParticipant, SessionParticipant.session_id == AssistanceSession.id)
                    .join(Pairing, Pairing.id == AssistanceSession.pairing_id)
                    .where(
                        SessionParticipant.person_id == person_id,
                        AssistanceSession.date.between(start, end),
                    )
                ):
                    lines.append(
                        PointsLine(
                            day,
                            rules.per_session,
                            PointsSource.SESSION,
                            f"参加帮扶活动：{pairing}「{_short(topic)}」",
                        )
                    )
            for entry in session.scalars(
                select(PointsEntry).where(
                    PointsEntry.person_id == person_id, PointsEntry.date.between(start, end)
                )
            ):
                lines.append(
                    PointsLine(
                        entry.date, entry.points, PointsSource.MANUAL, entry.reason, entry.id
                    )
                )
        lines.sort(key=lambda line: (line.date, line.source != PointsSource.BASE))
        return lines

    def total(self, person_id: int, year: int) -> int:
        lines = self.ledger(person_id, year)
        return yearly_total(self.rules, [line.points for line in lines[1:]])

    # ----- everyone -------------------------------------------------------------

    def totals(self, year: int) -> list[PointsTotal]:
        """The year's ranking: every member (中共党员/预备党员 在册, or anyone with a
        pledge that year), highest first; equal totals share a rank. A handful of
        grouped queries, whatever the number of members."""
        rules = self.rules
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        sums: dict[int, int] = {}
        with self.db.reading() as session:
            for pid, rating, n, extra in session.execute(
                select(
                    Pledge.person_id,
                    Pledge.rating,
                    func.count(Pledge.id),
                    func.coalesce(func.sum(Pledge.extra_points), 0),
                )
                .where(Pledge.year == year, Pledge.status != PledgeStatus.WITHDRAWN)
                .group_by(Pledge.person_id, Pledge.rating)
            ):
                points = int(extra) + (rules.per_rating.get(rating, 0) * n if rating else 0)
                sums[pid] = sums.get(pid, 0) + points
            if rules.per_session:
                for pid, n in session.execute(
                    select(SessionParticipant.person_id, func.count(SessionParticipant.id))
                    .join(AssistanceSession, AssistanceSession.id == SessionParticipant.session_id)
                    .where(AssistanceSession.date.between(start, end))
                    .group_by(SessionParticipant.person_id)
                ):
                    sums[pid] = sums.get(pid, 0) + rules.per_session * n
            for pid, points in session.execute(
                select(PointsEntry.person_id, func.sum(PointsEntry.points))
                .where(PointsEntry.date.between(start, end))
                .group_by(PointsEntry.person_id)
            ):
                sums[pid] = sums.get(pid, 0) + int(points or 0)
            # Only the members are read (not the whole roster): the filter is SQL's.
            pledged = select(Pledge.person_id).where(Pledge.year == year)
            # Sorted here, not by SQL: walking the name index would visit every
            # person on the roster to find the members.
            members = session.execute(
                select(Person.id, Person.name, Unit.name, Person.name_sort)
                .outerjoin(Unit, Unit.id == Person.unit_id)
                .where(
                    or_(
                        Person.political_status.in_(PARTY) & (Person.status == PersonStatus.ACTIVE),
                        Person.id.in_(pledged),
                    )
                )
            ).all()
        members.sort(key=lambda r: (r[3] or "", r[0]))
        rows = []
        for pid, name, unit, _ in members:
            total = max(rules.floor, rules.base + sums.get(pid, 0))
            rows.append((pid, name, unit or "", total))
        rows.sort(key=lambda r: -r[3])  # stable: name order among equals
        ranked: list[PointsTotal] = []
        for index, (pid, name, unit, total) in enumerate(rows):
            rank = ranked[-1].rank if ranked and ranked[-1].total == total else index + 1
            ranked.append(PointsTotal(rank, pid, name, unit, total, points_level(total, rules)))
        return ranked

    # ----- manual entries -------------------------------------------------------------

    def add_entry(self, person_id: int, day: dt.date, points: int, reason: str) -> int:
        errors = points_entry_error(day, points, reason, self._today())
        if errors:
            raise ValidationFailed(errors)
        with self.db.unit_of_work() as session:
            existing(session, Person, person_id, "该人员已不存在（可能已被删除）")
            entry = PointsEntry(
                person_id=person_id, date=day, points=points, reason=clean_text(reason)
            )
            session.add(entry)
            session.flush()
            return entry.id

    def update_entry(self, entry_id: int, day: dt.date, points: int, reason: str) -> None:
        errors = points_entry_error(day, points, reason, self._today())
        if errors:
            raise ValidationFailed(errors)
        with self.db.unit_of_work() as session:
            entry = existing(session, PointsEntry, entry_id, "该积分记录已不存在")
            entry.date, entry.points, entry.reason = day, points, clean_text(reason)

    def delete_entry(self, entry_id: int) -> None:
        with self.db.unit_of_work() as session:
            entry = existing(session, PointsEntry, entry_id, "该积分记录已不存在")
            session.delete(entry)


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
