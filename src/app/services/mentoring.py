"""老带新: mentorships, their check-ins (带教记录), the 30-day flag and the totals
line. The flag is read from the day of the last check-in stored with each
mentorship (``Mentorship.last_check_in``, set anew here whenever a check-in is
added, moved or deleted), so neither the list's order nor the totals look up
the check-ins of every pair."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.domain.development_rules import CHECK_IN_QUIET_DAYS
from app.domain.errors import ValidationFailed
from app.domain.mentoring_models import (
    CheckIn,
    Mentorship,
    MentorshipFocus,
    MentorshipStatus,
    last_check_in_update,
)
from app.domain.models import Person
from app.domain.text import clean_text
from app.domain.validation import is_day
from app.persistence.database import Database
from app.services.common import existing
from app.services.pairing_rows import unit_and_descendants

MAX_TEXT = 2000
# a list narrowed to this many mentorships or fewer is sorted whole (_page_ids)
SPLIT_FROM = 3000


@dataclass
class MentorshipInput:
    mentor_id: int | None = None
    mentee_id: int | None = None
    start_date: dt.date | None = None
    planned_end: dt.date | None = None
    focus: list[MentorshipFocus] = field(default_factory=list)
    goals: str = ""
    status: MentorshipStatus = MentorshipStatus.ACTIVE
    ended_on: dt.date | None = None
    evaluation: str = ""


def validate_mentorship(m: MentorshipInput, today: dt.date) -> dict[str, str]:
    """Pure rules of a mentorship; field -> Chinese message. Never raises."""
    errors: dict[str, str] = {}
    if not isinstance(m.mentor_id, int):
        errors["mentor_id"] = "请选择导师"
    if not isinstance(m.mentee_id, int):
        errors["mentee_id"] = "请选择学员"
    elif m.mentee_id == m.mentor_id:
        errors["mentee_id"] = "导师和学员不能是同一个人"
    if not is_day(m.start_date):
        errors["start_date"] = "请填写开始日期"
    elif m.start_date > today:
        errors["start_date"] = "开始日期不能晚于今天"
    if is_day(m.planned_end) and is_day(m.start_date):
        if m.planned_end < m.start_date:
            errors["planned_end"] = "计划结束日期不能早于开始日期"
    if (
        not isinstance(m.focus, (list, tuple))
        or not m.focus
        or not all(isinstance(f, MentorshipFocus) for f in m.focus)
    ):
        errors["focus"] = "请至少选择一个培养方向（" + "、".join(MentorshipFocus.labels()) + "）"
    for key in ("goals", "evaluation"):
        value = getattr(m, key)
        if not isinstance(value, str) or len(clean_text(value)) > MAX_TEXT:
            errors[key] = f"不能超过 {MAX_TEXT} 个字"
    if m.status != MentorshipStatus.ACTIVE and is_day(m.ended_on):
        if is_day(m.start_date) and m.ended_on < m.start_date:
            errors["ended_on"] = "结束日期不能早于开始日期"
    return errors


def check_in_errors(
    day: object, content: object, comment: object, today: dt.date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not is_day(day):
        errors["date"] = "请填写日期"
    elif day > today:
        errors["date"] = "带教日期不能晚于今天"
    text = clean_text(content) if isinstance(content, str) else ""
    if not text:
        errors["content"] = "请填写带教内容"
    elif len(text) > MAX_TEXT:
        errors["content"] = f"带教内容不能超过 {MAX_TEXT} 个字"
    if not isinstance(comment, str) or len(clean_text(comment)) > MAX_TEXT:
        errors["comment"] = f"导师评价不能超过 {MAX_TEXT} 个字"
    return errors


def focus_codes(focus: list[MentorshipFocus]) -> str:
    return ",".join(f.value for f in MentorshipFocus if f in focus)


def focus_from_codes(text: str) -> list[MentorshipFocus]:
    codes = set((text or "").split(","))
    return [f for f in MentorshipFocus if f.value in codes]


@dataclass(frozen=True)
class MentorshipFilter:
    status: MentorshipStatus | None = None
    mentor_id: int | None = None
    unit_id: int | None = None  # the mentee's or the mentor's unit, with sub-units
    quiet_only: bool = False  # 带教中 with no check-in for 30 days
    text: str = ""  # a name, 工号 or pinyin initials of either side
    date_from: dt.date | None = None  # the period of the totals line's check-ins
    date_to: dt.date | None = None
    ids: frozenset[int] | None = None  # these mentorships only (the rows a save touched)


class MentorshipRow(NamedTuple):
    id: int
    mentor_id: int
    mentor_name: str
    mentee_id: int
    mentee_name: str
    start_date: dt.date
    planned_end: dt.date | None
    focus: list[MentorshipFocus]
    status: MentorshipStatus
    check_ins: int
    last_check_in: dt.date | None
    quiet_days: int | None  # days since the last check-in (or the start); None when not 带教中
    quiet: bool  # flagged: 带教中 and quiet for CHECK_IN_QUIET_DAYS days or more


class CheckInRow(NamedTuple):
    id: int
    date: dt.date
    content: str
    comment: str


@dataclass(frozen=True)
class MentoringTotals:
    active: int
    graduated: int
    stopped: int
    quiet: int
    check_ins: int  # in the filter's period

    def text(self) -> str:
        """ "带教中 12 对，已出师 5 对；本期带教记录 38 次" (and how many have gone quiet)."""
        line = f"带教中 {self.active} 对，已出师 {self.graduated} 对"
        if self.stopped:
            line += f"，已中止 {self.stopped} 对"
        line += f"；本期带教记录 {self.check_ins} 次"
        if self.quiet:
            line += f"；{self.quiet} 对超过 {CHECK_IN_QUIET_DAYS} 天未记录"
        return line


class MentoringService:
    def __init__(self, db: Database, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.db = db
        self._today = today

    # ----- mentorships -----------------------------------------------------------

    def add_mentorship(self, values: MentorshipInput) -> int:
        with self.db.unit_of_work() as session:
            row = Mentorship()
            self._apply(session, row, values, None)
            session.add(row)
            session.flush()
            return row.id

    def update_mentorship(self, mentorship_id: int, values: MentorshipInput) -> None:
        with self.db.unit_of_work() as session:
            row = existing(session, Mentorship, mentorship_id, "该带教关系已不存在")
            self._apply(session, row, values, mentorship_id)

    def get_mentorship(self, mentorship_id: int) -> MentorshipInput:
        with self.db.reading() as session:
            row = existing(session, Mentorship, mentorship_id, "该带教关系已不存在")
            return MentorshipInput(
                mentor_id=row.mentor_id,
                mentee_id=row.mentee_id,
                start_date=row.start_date,
                planned_end=row.planned_end,
                focus=focus_from_codes(row.focus),
                goals=row.goals or "",
                status=row.status,
                ended_on=row.ended_on,
                evaluation=row.evaluation or "",
            )

    def delete_mentorship(self, mentorship_id: int) -> None:
        with self.db.unit_of_work() as session:
            session.delete(existing(session, Mentorship, mentorship_id, "该带教关系已不存在"))

    def _apply(self, session: Session, row: Mentorship, m: MentorshipInput, own_id) -> None:
        errors = validate_mentorship(m, self._today())
        if not errors:
            for key in ("mentor_id", "mentee_id"):
                if session.get(Person, getattr(m, key)) is None:
                    errors[key] = "该人员已不存在（可能已被删除）"
        if not errors:
            twin = session.scalar(
                select(Mentorship.id).where(
                    Mentorship.mentor_id == m.mentor_id,
                    Mentorship.mentee_id == m.mentee_id,
                    Mentorship.start_date == m.start_date,
                    Mentorship.id != (own_id or -1),
                )
            )
            if twin is not None:
                errors["start_date"] = "这对导师和学员在这一天开始的带教已经登记过"
        if errors:
            raise ValidationFailed(errors)
        row.mentor_id, row.mentee_id = m.mentor_id, m.mentee_id  # type: ignore[assignment]
        row.start_date, row.planned_end = m.start_date, m.planned_end  # type: ignore[assignment]
        row.focus = focus_codes(m.focus)
        row.goals = clean_text(m.goals)
        row.status = m.status
        if m.status == MentorshipStatus.ACTIVE:
            row.ended_on = None
        else:
            row.ended_on = m.ended_on or row.ended_on or self._today()
        row.evaluation = clean_text(m.evaluation)

    # ----- check-ins ---------------------------------------------------------------

    def add_check_in(
        self, mentorship_id: int, day: dt.date, content: str, comment: str = ""
    ) -> int:
        errors = check_in_errors(day, content, comment, self._today())
        if errors:
            raise ValidationFailed(errors)
        with self.db.unit_of_work() as session:
            existing(session, Mentorship, mentorship_id, "该带教关系已不存在")
            row = CheckIn(
                mentorship_id=mentorship_id,
                date=day,
                content=clean_text(content),
                comment=clean_text(comment),
            )
            session.add(row)
            session.flush()
            session.execute(last_check_in_update([mentorship_id]))
            return row.id

    def update_check_in(
        self, check_in_id: int, day: dt.date, content: str, comment: str = ""
    ) -> None:
        errors = check_in_errors(day, content, comment, self._today())
        if errors:
            raise ValidationFailed(errors)
        with self.db.unit_of_work() as session:
            row = existing(session, CheckIn, check_in_id, "该带教记录已不存在")
            row.date, row.content, row.comment = day, clean_text(content), clean_text(comment)
            session.flush()
            session.execute(last_check_in_update([row.mentorship_id]))

    def delete_check_in(self, check_in_id: int) -> None:
        with self.db.unit_of_work() as session:
            row = existing(session, CheckIn, check_in_id, "该带教记录已不存在")
            mentorship_id = row.mentorship_id
            session.delete(row)
            session.flush()
            session.execute(last_check_in_update([mentorship_id]))

    def check_ins(
        self, mentorship_id: int, date_from: dt.date | None = None, date_to: dt.date | None = None
    ) -> list[CheckInRow]:
        query = select(CheckIn.id, CheckIn.date, CheckIn.content, CheckIn.comment).where(
            CheckIn.mentorship_id == mentorship_id
        )
        if date_from:
            query = query.where(CheckIn.date >= date_from)
        if date_to:
            query = query.where(CheckIn.date <= date_to)
        with self.db.reading() as session:
            return [
                CheckInRow(*r) for r in session.execute(query.order_by(CheckIn.date, CheckIn.id))
            ]

    # ----- the list -------------------------------------------------------------------

    @staticmethod
    def _quiet_since():
        """The day a pair has been quiet since: its last check-in, or its start
        when it has none (stored columns, in ix_mentorships_status_last)."""
        return func.coalesce(Mentorship.last_check_in, Mentorship.start_date)

    def list_mentorships(
        self, f: MentorshipFilter, offset: int = 0, limit: int | None = None
    ) -> list[MentorshipRow]:
        today = self._today()
        quiet_from = today - dt.timedelta(days=CHECK_IN_QUIET_DAYS)
        mentor, mentee = aliased(Person), aliased(Person)
        with self.db.reading() as session:
            # The page is chosen on the mentorships alone (the people are joined
            # only when a filter needs them), then only its rows are read in full:
            # joining both people to every mentorship before the sort cost most
            # of the time (EXPLAIN QUERY PLAN in docs/benchmarks.md).
            page = self._page_ids(session, f, quiet_from, offset, limit)
            details = {}
            for first in range(0, len(page), 500):
                for r in session.execute(
                    select(
                        Mentorship.id,
                        Mentorship.mentor_id,
                        mentor.name,
                        Mentorship.mentee_id,
                        mentee.name,
                        Mentorship.start_date,
                        Mentorship.planned_end,
                        Mentorship.focus,
                        Mentorship.status,
                    )
                    .join(mentor, mentor.id == Mentorship.mentor_id)
                    .join(mentee, mentee.id == Mentorship.mentee_id)
                    .where(Mentorship.id.in_(page[first : first + 500]))
                ):
                    details[r[0]] = r
            found = [details[mid] for mid in page if mid in details]
            # Counts and last days of the page's rows only.
            last: dict[int, tuple[int, dt.date]] = {}
            ids = [r[0] for r in found]
            for first in range(0, len(ids), 500):
                for mid, n, day in session.execute(
                    select(CheckIn.mentorship_id, func.count(CheckIn.id), func.max(CheckIn.date))
                    .where(CheckIn.mentorship_id.in_(ids[first : first + 500]))
                    .group_by(CheckIn.mentorship_id)
                ):
                    last[mid] = (n, day)
            rows = []
            for r in found:
                n, day = last.get(r[0], (0, None))
                is_active = r[8] == MentorshipStatus.ACTIVE
                days = (today - (day or r[5])).days if is_active else None
                rows.append(
                    MentorshipRow(
                        r[0],
                        r[1],
                        r[2],
                        r[3],
                        r[4],
                        r[5],
                        r[6],
                        focus_from_codes(r[7]),
                        r[8],
                        n,
                        day,
                        days,
                        bool(is_active and days is not None and days >= CHECK_IN_QUIET_DAYS),
                    )  # fmt: skip
                )
            return rows

    def _page_ids(
        self,
        session: Session,
        f: MentorshipFilter,
        quiet_from: dt.date,
        offset: int,
        limit: int | None,
    ) -> list[int]:
        """The ids of the list's rows ``offset`` on: the quiet 带教中 pairs, then
        the other 带教中 ones, then the rest, each part by start (newest first).
        Each part is its own query: the 带教中 ones walk
        ix_mentorships_status_start newest first and stop once the page is full,
        so a search matching 20,000 pairs is not sorted whole for 200 of them;
        a part is counted only when the page starts after it. When a search,
        a unit, a mentor or the ids narrow the pairs, the parts serve only the
        first page of many pairs (more than SPLIT_FROM): for few pairs, or a
        page further down (its parts counted through the whole index), they
        are sorted in one query as before."""
        active = Mentorship.status == MentorshipStatus.ACTIVE
        quiet = self._quiet_since() <= quiet_from
        chosen = self._conditions(session, f, quiet_from)
        if f.mentor_id is not None or f.unit_id is not None or f.text.strip() or f.ids:
            if (
                offset
                or (
                    session.scalar(
                        select(func.count(Mentorship.id)).select_from(Mentorship).where(*chosen)
                    )
                    or 0
                )
                <= SPLIT_FROM
            ):
                recent = case((active, ~quiet), else_=True)
                return list(
                    session.scalars(
                        select(Mentorship.id)
                        .where(*chosen)
                        .order_by(
                            ~active, recent, Mentorship.start_date.desc(), Mentorship.id.desc()
                        )
                        .offset(offset)
                        .limit(limit)
                    )
                )
        parts = (
            [active, quiet],
            [active, ~quiet],
            [Mentorship.status != MentorshipStatus.ACTIVE],
        )
        if f.status is not None:  # only the parts of that status
            parts = parts[:2] if f.status == MentorshipStatus.ACTIVE else parts[2:]
        if f.quiet_only:
            parts = parts[:1]
        ids: list[int] = []
        skip = offset
        for part in parts:
            want = None if limit is None else limit - len(ids)
            if want is not None and want <= 0:
                break
            conditions = [*chosen, *part]
            if skip:
                held = (
                    session.scalar(
                        select(func.count(Mentorship.id)).select_from(Mentorship).where(*conditions)
                    )
                    or 0
                )
                if held <= skip:
                    skip -= held
                    continue
            ids.extend(
                session.scalars(
                    select(Mentorship.id)
                    .where(*conditions)
                    .order_by(Mentorship.start_date.desc(), Mentorship.id.desc())
                    .offset(skip)
                    .limit(want)
                )
            )
            skip = 0
        return ids

    def count_mentorships(self, f: MentorshipFilter) -> int:
        quiet_from = self._today() - dt.timedelta(days=CHECK_IN_QUIET_DAYS)
        with self.db.reading() as session:
            return session.scalar(self._counted(session, f, quiet_from)) or 0

    def _counted(self, session: Session, f: MentorshipFilter, quiet_from: dt.date, *columns):
        """A query over the mentorships ``f`` selects (no join: see _conditions)."""
        return (
            select(*(columns or (func.count(Mentorship.id),)))
            .select_from(Mentorship)
            .where(*self._conditions(session, f, quiet_from))
        )

    def totals(self, f: MentorshipFilter) -> MentoringTotals:
        """The totals line: pairs by status, the quiet ones, check-ins in the period."""
        return self.count_and_totals(None, f)[1]

    def count_and_totals(
        self, listed: MentorshipFilter | None, f: MentorshipFilter
    ) -> tuple[int | None, MentoringTotals]:
        """How many mentorships the list's filter ``listed`` selects, and the
        totals line of ``f`` (the list's filter with the period of its
        check-ins), read together: the count is one of the totals' figures
        (the pairs by status, or the quiet ones) when both filters choose the
        same people, so the mentorships a search selects are gone through
        once for both, not once each. None for the count when ``listed`` is."""
        quiet_from = self._today() - dt.timedelta(days=CHECK_IN_QUIET_DAYS)
        whole = MentorshipFilter(
            mentor_id=f.mentor_id, unit_id=f.unit_id, text=f.text, ids=f.ids
        )  # statuses counted whatever status is chosen
        # the period's check-ins of the mentorships ``f`` selects: counted in the
        # same grouped query when a search, a unit, a mentor or the ids narrow
        # the pairs (each pair's check-ins one index range); when nothing
        # narrows them, one count over the check-ins is quicker
        narrowed = whole != MentorshipFilter()
        quiet_pair = case((self._quiet_since() <= quiet_from, 1), else_=0)
        columns = [Mentorship.status, func.count(Mentorship.id), func.sum(quiet_pair)]
        with self.db.reading() as session:
            if narrowed:
                visits_of_pair = select(func.count(CheckIn.id)).where(
                    CheckIn.mentorship_id == Mentorship.id
                )
                if f.date_from:
                    visits_of_pair = visits_of_pair.where(CheckIn.date >= f.date_from)
                if f.date_to:
                    visits_of_pair = visits_of_pair.where(CheckIn.date <= f.date_to)
                visits_of_pair = visits_of_pair.correlate(Mentorship).scalar_subquery()
                # the status, quiet and period conditions of ``f`` (not of ``whole``)
                own = self._conditions(
                    session,
                    MentorshipFilter(
                        status=f.status,
                        quiet_only=f.quiet_only,
                        date_from=f.date_from,
                        date_to=f.date_to,
                    ),
                    quiet_from,
                )
                counted = case((and_(*own), visits_of_pair), else_=0) if own else visits_of_pair
                columns.append(func.sum(counted))
            by_status: dict[MentorshipStatus, int] = {}
            quiet = check_ins = 0
            for status, n, n_quiet, *n_visits in session.execute(
                self._counted(session, whole, quiet_from, *columns).group_by(Mentorship.status)
            ):
                by_status[status] = n
                if status == MentorshipStatus.ACTIVE:
                    quiet = int(n_quiet or 0)  # only 带教中 pairs are ever quiet
                # int: PostgreSQL sums counts as numeric (a Decimal here)
                check_ins += int(n_visits[0] or 0) if n_visits else 0
            if not narrowed:
                visits = select(func.count(CheckIn.id))
                if f.date_from or f.date_to or f.status is not None or f.quiet_only:
                    ids = self._counted(session, f, quiet_from, Mentorship.id)
                    visits = visits.where(CheckIn.mentorship_id.in_(ids))
                # else: every check-in belongs to a mentorship, none is left out
                if f.date_from:
                    visits = visits.where(CheckIn.date >= f.date_from)
                if f.date_to:
                    visits = visits.where(CheckIn.date <= f.date_to)
                check_ins = session.scalar(visits) or 0
            count = None
            if listed is not None:
                count = self._count_from(listed, whole, by_status, quiet)
                if count is None:
                    count = session.scalar(self._counted(session, listed, quiet_from)) or 0
        totals = MentoringTotals(
            by_status.get(MentorshipStatus.ACTIVE, 0),
            by_status.get(MentorshipStatus.GRADUATED, 0),
            by_status.get(MentorshipStatus.STOPPED, 0),
            quiet,
            check_ins,
        )
        return count, totals

    @staticmethod
    def _count_from(
        listed: MentorshipFilter,
        whole: MentorshipFilter,
        by_status: dict[MentorshipStatus, int],
        quiet: int,
    ) -> int | None:
        """The list's count read off the totals' figures, when ``listed``
        narrows ``whole`` by status or quiet alone (None otherwise)."""
        same_pairs = MentorshipFilter(
            mentor_id=listed.mentor_id, unit_id=listed.unit_id, text=listed.text, ids=listed.ids
        )
        if same_pairs != whole or listed.date_from or listed.date_to:
            return None
        if listed.quiet_only:  # quiet pairs are 带教中 ones
            return quiet if listed.status in (None, MentorshipStatus.ACTIVE) else 0
        if listed.status is not None:
            return by_status.get(listed.status, 0)
        return sum(by_status.values())

    def _conditions(
        self, session: Session, f: MentorshipFilter, quiet_from: dt.date
    ) -> list[ColumnElement[bool]]:
        """The filter as conditions on ``mentorships`` alone: the people a unit
        or the search text selects are one ``IN (SELECT people.id ...)`` list
        SQLite builds once per statement, instead of two joined people per row."""
        found: list[ColumnElement[bool]] = []
        if f.status is not None:
            found.append(Mentorship.status == f.status)
        if f.mentor_id is not None:
            found.append(Mentorship.mentor_id == f.mentor_id)
        if f.ids is not None:
            found.append(Mentorship.id.in_(sorted(f.ids)))
        if f.unit_id is not None:
            units = unit_and_descendants(session, f.unit_id)
            found.append(_either_side(select(Person.id).where(Person.unit_id.in_(units))))
        if f.quiet_only:
            found.append(Mentorship.status == MentorshipStatus.ACTIVE)
            found.append(self._quiet_since() <= quiet_from)
        text = f.text.strip().lower()
        if text:
            like = f"%{text}%"
            found.append(
                _either_side(
                    select(Person.id).where(
                        or_(
                            Person.name.like(like),
                            func.lower(func.coalesce(Person.employee_no, "")).like(like),
                            Person.name_initials.like(like),
                        )
                    )
                )
            )
        if f.date_from or f.date_to:
            # a mentorship belongs to a period when it ran during part of it
            if f.date_to:
                found.append(Mentorship.start_date <= f.date_to)
            if f.date_from:
                found.append(or_(Mentorship.ended_on.is_(None), Mentorship.ended_on >= f.date_from))
        return found


def _either_side(people) -> ColumnElement[bool]:
    """The mentor or the mentee is one of ``people`` (a SELECT of people.id)."""
    return or_(Mentorship.mentor_id.in_(people), Mentorship.mentee_id.in_(people))


def mentoring_dependents(session: Session, person_id: int) -> list[str]:
    """What of 老带新 refers to a person (asked before the person is deleted)."""
    found: list[str] = []
    as_mentor = session.scalar(
        select(func.count(Mentorship.id)).where(Mentorship.mentor_id == person_id)
    )
    if as_mentor:
        found.append(f"是 {as_mentor} 对老带新的导师")
    as_mentee = session.scalar(
        select(func.count(Mentorship.id)).where(Mentorship.mentee_id == person_id)
    )
    if as_mentee:
        found.append(f"是 {as_mentee} 对老带新的学员")
    return found


__all__ = [
    "CheckInRow",
    "MentoringService",
    "MentoringTotals",
    "MentorshipFilter",
    "MentorshipInput",
    "MentorshipRow",
    "check_in_errors",
    "focus_codes",
    "focus_from_codes",
    "mentoring_dependents",
    "validate_mentorship",
]
