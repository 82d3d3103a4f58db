"""党员承诺: a member's pledges for a year, their 践诺 notes and 评诺, the list
with its filters and the totals line. One unit of work per user action.

Points are another service (services/points.py); this one only keeps what the
points are derived from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session

from app.domain.enums import PersonStatus, PoliticalStatus
from app.domain.errors import NotFound, ValidationFailed
from app.domain.models import Person, Unit
from app.domain.pledge_models import (
    Pledge,
    PledgeCategory,
    PledgeProgress,
    PledgeRating,
    PledgeStatus,
    PointsEntry,
)
from app.domain.pledge_rules import (
    PledgeLine,
    duplicate_texts,
    pledger_error,
    progress_error,
    rating_error,
    status_after_rating,
    validate_pledge_line,
    year_error,
)
from app.domain.text import clean_text
from app.persistence.database import Database
from app.services.common import existing, few
from app.services.pairing_rows import unit_and_descendants

PARTY = (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY)


@dataclass(frozen=True)
class PledgeFilter:
    year: int | None = None
    person_id: int | None = None
    unit_id: int | None = None  # with its sub-units
    category: PledgeCategory | None = None
    status: PledgeStatus | None = None
    overdue_only: bool = False
    text: str = ""  # matches the pledge text, the member's name, 工号 or pinyin initials
    today: dt.date | None = None
    ids: frozenset[int] | None = None  # these pledges only (the rows a save touched)


class PledgeRow(NamedTuple):
    id: int
    year: int
    person_id: int
    person_name: str
    unit_name: str
    text: str
    category: PledgeCategory
    due_date: dt.date | None
    status: PledgeStatus
    rating: PledgeRating | None
    progress_count: int
    last_progress: dt.date | None
    overdue: bool
    # where the list puts it (after year desc): the member's name order, the pledge's
    name_sort: str = ""
    sort_order: int = 0


class MemberRow(NamedTuple):
    """A member who can pledge (or has pledged) in a year, with their count."""

    id: int
    name: str
    employee_no: str
    unit_name: str
    political_status: PoliticalStatus
    position: str
    tags: str
    pledges: int


@dataclass(frozen=True)
class PledgeTotals:
    year: int | None
    members: int
    pledges: int
    done: int
    excellent: int

    @property
    def done_rate(self) -> float:
        return self.done / self.pledges if self.pledges else 0.0

    def text(self) -> str:
        """What the list's totals line and the reports say:
        "2021 年度 共 30 名党员、94 项承诺，已完成 61 项（64.9%），优秀 12 项"."""
        year = f"{self.year} 年度 " if self.year else ""
        if not self.pledges:
            return f"{year}暂无承诺"
        return (
            f"{year}共 {self.members} 名党员、{self.pledges} 项承诺，"
            f"已完成 {self.done} 项（{self.done_rate:.1%}），优秀 {self.excellent} 项"
        )


@dataclass(frozen=True)
class PledgeBreakdown:
    """The pledges a filter shows (withdrawn ones left out, as in ``totals``) by
    rating and by category."""

    ratings: dict[PledgeRating, int]  # every rating, 0 when none
    unrated: int
    categories: list[tuple[PledgeCategory, int, int]]  # (category, pledges, done), with pledges

    def ratings_text(self) -> str:
        """ "评诺结果：优秀 12 项，合格 40 项，基本合格 3 项，不合格 0 项，尚未评诺 39 项"."""
        parts = [f"{rating.label} {n} 项" for rating, n in self.ratings.items()]
        if self.unrated:
            parts.append(f"尚未评诺 {self.unrated} 项")
        return "评诺结果：" + "，".join(parts)


@dataclass
class ProgressNote:
    id: int
    date: dt.date
    text: str


@dataclass
class PledgeDetails:
    id: int
    year: int
    person_id: int
    person_name: str
    line: PledgeLine
    rating: PledgeRating | None
    rating_comment: str
    rated_on: dt.date | None
    progress: list[ProgressNote] = field(default_factory=list)


class PledgeService:
    def __init__(self, db: Database, today=dt.date.today) -> None:
        self.db = db
        self._today = today

    # ----- members -----------------------------------------------------------

    def members(self, year: int) -> list[MemberRow]:
        """Members on the roster (中共党员, 中共预备党员, 在册) and anyone with a
        pledge in ``year``, in name order, with their number of pledges."""
        counts = (
            select(Pledge.person_id, func.count(Pledge.id).label("n"))
            .where(Pledge.year == year)
            .group_by(Pledge.person_id)
            .subquery()
        )
        query = (
            select(
                Person.id,
                Person.name,
                Person.employee_no,
                Unit.name,
                Person.political_status,
                Person.position,
                Person.tags,
                func.coalesce(counts.c.n, 0),
            )
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .outerjoin(counts, counts.c.person_id == Person.id)
            .where(
                or_(
                    counts.c.n > 0,
                    Person.political_status.in_(PARTY) & (Person.status == PersonStatus.ACTIVE),
                )
            )
            .order_by(Person.name_sort, Person.name, Person.id)
        )
        with self.db.reading() as session:
            return [
                MemberRow(r[0], r[1], r[2] or "", r[3] or "", r[4], r[5] or "", r[6] or "", r[7])
                for r in session.execute(query)
            ]

    def pledged_people(self, year: int | None = None) -> set[int]:
        """The people with a pledge in ``year`` (in any year when None)."""
        query = select(Pledge.person_id).distinct()
        if year is not None:
            query = query.where(Pledge.year == year)
        with self.db.reading() as session:
            return set(session.scalars(query))

    # ----- one member's pledges of a year ---------------------------------------

    def member_pledges(self, person_id: int, year: int) -> list[PledgeLine]:
        with self.db.reading() as session:
            rows = session.scalars(
                select(Pledge)
                .where(Pledge.person_id == person_id, Pledge.year == year)
                .order_by(Pledge.sort_order, Pledge.id)
            )
            return [_line(p) for p in rows]

    def previous_year_lines(self, person_id: int, year: int) -> list[PledgeLine]:
        """复制上一年: last year's pledges as new lines of ``year`` (planned dates
        moved to the same day of this year), to edit before saving."""
        lines = []
        for old in self.member_pledges(person_id, year - 1):
            lines.append(
                PledgeLine(
                    text=old.text,
                    category=old.category,
                    due_date=_same_day_in(old.due_date, year),
                )
            )
        return lines

    def save_member_pledges(self, person_id: int, year: int, lines: list[PledgeLine]) -> list[int]:
        """Replace the member's pledges of ``year`` with ``lines`` in one unit of
        work: lines with an id update that pledge, new lines are added, pledges
        left out are deleted (with their 践诺 notes). Returns the ids in order."""
        cleaned = [line.cleaned() for line in lines]
        errors: dict[str, str] = {}
        message = year_error(year)
        if message:
            errors["year"] = message
        for index, line in enumerate(cleaned):
            for key, text in validate_pledge_line(line, year).items():
                errors.setdefault(f"{index}.{key}", f"第 {index + 1} 项：{text}")
        for text in duplicate_texts(cleaned):
            errors.setdefault("lines", f"同一年度的承诺内容重复：「{text[:30]}」")
        with self.db.unit_of_work() as session:
            person = existing(session, Person, person_id, "该人员已不存在（可能已被删除）")
            message = pledger_error(person.name, person.political_status)
            if message and cleaned:
                errors["person"] = message
            if errors:
                raise ValidationFailed(errors)
            on_file = {
                p.id: p
                for p in session.scalars(
                    select(Pledge).where(Pledge.person_id == person_id, Pledge.year == year)
                )
            }
            ids: list[int] = []
            kept: set[int] = set()
            for order, line in enumerate(cleaned):
                pledge = on_file.get(line.id) if line.id is not None else None
                if line.id is not None and pledge is None:
                    raise NotFound("有一项承诺已被删除或移到其他年度，请关闭后重新打开")
                if pledge is None:
                    pledge = Pledge(person_id=person_id, year=year)
                    session.add(pledge)
                _apply(pledge, line, order)
                session.flush()
                ids.append(pledge.id)
                kept.add(pledge.id)
            for pledge_id, pledge in on_file.items():
                if pledge_id not in kept:
                    session.delete(pledge)
            return ids

    # ----- one pledge ---------------------------------------------------------

    def get_pledge(self, pledge_id: int) -> PledgeDetails:
        with self.db.reading() as session:
            pledge = existing(session, Pledge, pledge_id, "该承诺已不存在（可能已被删除）")
            person = session.get(Person, pledge.person_id)
            return PledgeDetails(
                id=pledge.id,
                year=pledge.year,
                person_id=pledge.person_id,
                person_name=person.name if person else "",
                line=_line(pledge),
                rating=pledge.rating,
                rating_comment=pledge.rating_comment or "",
                rated_on=pledge.rated_on,
                progress=[ProgressNote(n.id, n.date, n.text) for n in pledge.progress],
            )

    def add_progress(self, pledge_id: int, day: dt.date, text: str) -> int:
        errors = progress_error(day, text, self._today())
        if errors:
            raise ValidationFailed(errors)
        with self.db.unit_of_work() as session:
            existing(session, Pledge, pledge_id, "该承诺已不存在（可能已被删除）")
            note = PledgeProgress(pledge_id=pledge_id, date=day, text=clean_text(text))
            session.add(note)
            session.flush()
            return note.id

    def delete_progress(self, progress_id: int) -> None:
        with self.db.unit_of_work() as session:
            note = existing(session, PledgeProgress, progress_id, "该践诺记录已不存在")
            session.delete(note)

    def rate(
        self,
        pledge_id: int,
        rating: PledgeRating,
        comment: str = "",
        rated_on: dt.date | None = None,
        status: PledgeStatus | None = None,
    ) -> None:
        """评诺: the rating and comment; the status follows the rating unless given."""
        errors = rating_error(rating, comment, rated_on, self._today())
        if errors:
            raise ValidationFailed(errors)
        with self.db.unit_of_work() as session:
            pledge = existing(session, Pledge, pledge_id, "该承诺已不存在（可能已被删除）")
            pledge.rating = rating
            pledge.rating_comment = clean_text(comment)
            pledge.rated_on = rated_on or self._today()
            pledge.status = status or status_after_rating(rating)

    def clear_rating(self, pledge_id: int) -> None:
        with self.db.unit_of_work() as session:
            pledge = existing(session, Pledge, pledge_id, "该承诺已不存在（可能已被删除）")
            pledge.rating = None
            pledge.rating_comment = ""
            pledge.rated_on = None
            if pledge.status in (PledgeStatus.DONE, PledgeStatus.NOT_DONE):
                pledge.status = PledgeStatus.IN_PROGRESS

    def set_status(self, pledge_id: int, status: PledgeStatus) -> None:
        with self.db.unit_of_work() as session:
            pledge = existing(session, Pledge, pledge_id, "该承诺已不存在（可能已被删除）")
            pledge.status = status

    def delete_pledge(self, pledge_id: int) -> None:
        with self.db.unit_of_work() as session:
            pledge = existing(session, Pledge, pledge_id, "该承诺已不存在（可能已被删除）")
            session.delete(pledge)

    # ----- the list -------------------------------------------------------------

    def count_pledges(self, f: PledgeFilter) -> int:
        with self.db.reading() as session:
            # The conditions name people through subqueries: no join needed to count.
            query = select(func.count(Pledge.id))
            return session.scalar(query.where(*self._conditions(session, f))) or 0

    def list_pledges(
        self, f: PledgeFilter, offset: int = 0, limit: int | None = None
    ) -> list[PledgeRow]:
        today = f.today or self._today()
        order = (Pledge.year.desc(), Person.name_sort, Person.id, Pledge.sort_order, Pledge.id)
        notes = select(func.count(PledgeProgress.id)).where(PledgeProgress.pledge_id == Pledge.id)
        last = select(func.max(PledgeProgress.date)).where(PledgeProgress.pledge_id == Pledge.id)
        query = (
            select(
                Pledge.id,
                Pledge.year,
                Pledge.person_id,
                Person.name,
                Unit.name,
                Pledge.text,
                Pledge.category,
                Pledge.due_date,
                Pledge.status,
                Pledge.rating,
                notes.scalar_subquery(),
                last.scalar_subquery(),
                Person.name_sort,
                Pledge.sort_order,
            )
            .join(Person, Person.id == Pledge.person_id)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .order_by(*order)
        )
        with self.db.reading() as session:
            # The page's ids first (sorting only ids), then the rows of that page
            # with their 践诺 counts: the notes are counted for 200 rows, not all.
            page = (
                select(Pledge.id)
                .join(Person, Person.id == Pledge.person_id)
                .where(*self._conditions(session, f))
                .order_by(*order)
                .offset(offset)
                .limit(limit)
                .subquery()
            )
            query = query.join(page, page.c.id == Pledge.id)
            return [
                PledgeRow(
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4] or "",
                    r[5],
                    r[6],
                    r[7],
                    r[8],
                    r[9],
                    r[10],
                    r[11],
                    r[7] is not None and r[7] < today and r[8] == PledgeStatus.IN_PROGRESS,
                    r[12] or "",
                    r[13] or 0,
                )  # fmt: skip
                for r in session.execute(query)
            ]

    def totals(self, f: PledgeFilter) -> PledgeTotals:
        """The totals line over the pledges the filter shows (withdrawn ones are
        not counted as pledges made)."""
        query = select(
            func.count(func.distinct(Pledge.person_id)),
            func.count(Pledge.id),
            func.coalesce(func.sum(case((Pledge.status == PledgeStatus.DONE, 1), else_=0)), 0),
            func.coalesce(func.sum(case((Pledge.rating == PledgeRating.EXCELLENT, 1), else_=0)), 0),
        ).where(Pledge.status != PledgeStatus.WITHDRAWN)
        with self.db.reading() as session:
            members, pledges, done, excellent = session.execute(
                query.where(*self._conditions(session, f))
            ).one()
        return PledgeTotals(f.year, members, pledges, int(done), int(excellent))

    def count_and_totals(self, f: PledgeFilter) -> tuple[int, PledgeTotals]:
        """``(count_pledges(f), totals(f))`` from one pass over the filter's
        pledges: what the list shows for a filter (a search has to test every
        pledge's text; once, not twice)."""
        if not f.text.strip():
            # Without a search the count is read from an index (or SQLite's
            # table count) far faster than one pass adding it to the totals.
            return self.count_pledges(f), self.totals(f)
        made = Pledge.status != PledgeStatus.WITHDRAWN

        def made_and(condition: ColumnElement[bool]):
            return func.coalesce(func.sum(case((made & condition, 1), else_=0)), 0)

        query = select(
            func.count(Pledge.id),
            func.count(func.distinct(case((made, Pledge.person_id), else_=None))),
            func.coalesce(func.sum(case((made, 1), else_=0)), 0),
            made_and(Pledge.status == PledgeStatus.DONE),
            made_and(Pledge.rating == PledgeRating.EXCELLENT),
        )
        with self.db.reading() as session:
            count, members, pledges, done, excellent = session.execute(
                query.where(*self._conditions(session, f))
            ).one()
        totals = PledgeTotals(f.year, int(members), int(pledges), int(done), int(excellent))
        return int(count), totals

    def breakdown(self, f: PledgeFilter) -> PledgeBreakdown:
        counted = Pledge.status != PledgeStatus.WITHDRAWN
        done = func.coalesce(func.sum(case((Pledge.status == PledgeStatus.DONE, 1), else_=0)), 0)
        with self.db.reading() as session:
            conditions = self._conditions(session, f)
            by_rating = dict(
                session.execute(
                    select(Pledge.rating, func.count(Pledge.id))
                    .where(counted, *conditions)
                    .group_by(Pledge.rating)
                ).all()
            )
            by_category = {
                category: (int(n), int(d))
                for category, n, d in session.execute(
                    select(Pledge.category, func.count(Pledge.id), done)
                    .where(counted, *conditions)
                    .group_by(Pledge.category)
                )
            }
        return PledgeBreakdown(
            {rating: int(by_rating.get(rating, 0)) for rating in PledgeRating},
            int(by_rating.get(None, 0)),
            [(c, *by_category[c]) for c in PledgeCategory if c in by_category],
        )

    def years(self) -> list[int]:
        """Years that have pledges, newest first (for the year chooser)."""
        with self.db.reading() as session:
            return list(
                session.scalars(select(Pledge.year).distinct().order_by(Pledge.year.desc()))
            )

    def _conditions(self, session: Session, f: PledgeFilter) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if f.year is not None:
            found.append(Pledge.year == f.year)
        if f.person_id is not None:
            found.append(Pledge.person_id == f.person_id)
        if f.ids is not None:
            found.append(Pledge.id.in_(sorted(f.ids)))
        if f.unit_id is not None:
            in_units = select(Person.id).where(
                Person.unit_id.in_(unit_and_descendants(session, f.unit_id))
            )
            found.append(Pledge.person_id.in_(in_units.correlate(None)))
        if f.category is not None:
            found.append(Pledge.category == f.category)
        if f.status is not None:
            found.append(Pledge.status == f.status)
        if f.overdue_only:
            found.append(Pledge.due_date < (f.today or self._today()))
            found.append(Pledge.status == PledgeStatus.IN_PROGRESS)
        text = f.text.strip().lower()
        if text:
            like = f"%{_escape_like(text)}%"
            # The people matching by name, 工号 or initials are found once (a list
            # the database keeps), not tested again on each of their pledges: by
            # their stored key (domain.search_keys; the roster matches it the same
            # way), read from ix_people_roster alone.
            people = (
                select(Person.id)
                .where(Person.search_key.like(like, escape="\\"))
                .correlate(None)  # its own people, not the enclosing query's
            )
            if session.get_bind().dialect.name == "sqlite":
                # SQLite's LIKE ignores ASCII case as its lower() folds it (both
                # ASCII only): the same pledges without lower() on every text,
                # 53 -> 18 ms over 100,000 pledges.
                matches_text = Pledge.text.like(like, escape="\\")
            else:
                matches_text = Pledge.text.ilike(like, escape="\\")
            found.append(or_(matches_text, Pledge.person_id.in_(people)))
        return found


def pledge_dependents(session: Session, person_id: int) -> list[str]:
    """What of 党员承诺 refers to a person (asked before the person is deleted)."""
    found: list[str] = []
    years = list(
        session.scalars(
            select(Pledge.year)
            .where(Pledge.person_id == person_id)
            .distinct()
            .order_by(Pledge.year)
        )
    )
    if years:
        count = session.scalar(select(func.count(Pledge.id)).where(Pledge.person_id == person_id))
        found.append(f"有 {count} 项党员承诺（{few([f'{y} 年' for y in years])}）")
    entries = session.scalar(
        select(func.count(PointsEntry.id)).where(PointsEntry.person_id == person_id)
    )
    if entries:
        found.append(f"有 {entries} 条积分记录")
    return found


def _line(p: Pledge) -> PledgeLine:
    return PledgeLine(
        id=p.id,
        text=p.text,
        category=p.category,
        due_date=p.due_date,
        status=p.status,
        extra_points=p.extra_points or 0,
    )


def _apply(pledge: Pledge, line: PledgeLine, order: int) -> None:
    pledge.text = line.text
    pledge.category = line.category  # type: ignore[assignment]  # validated
    pledge.due_date = line.due_date
    pledge.status = line.status
    pledge.extra_points = line.extra_points
    pledge.sort_order = order
    if pledge.rating_comment is None:
        pledge.rating_comment = ""


def _same_day_in(day: dt.date | None, year: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return dt.date(year, 2, 28)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
