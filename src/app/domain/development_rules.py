"""The member-development regulations (发展党员工作细则: 5 phases, 25 steps), as
pure checks over a person's dated stages. They WARN, never block: a date that
looks wrong is saved and flagged, because the record must say what happened.

Each rule is one function returning its warning or None, with its boundary
spelled out (exactly one year is enough; one day short is not; the 18th
birthday itself counts; 29 February falls back to 28 February in a year
without it). ``next_step`` says what is due next for a person, and by when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.enums import PoliticalStatus
from app.domain.mentoring_models import Stage

MIN_AGE = 18
TALK_WITHIN_MONTHS = 1
ACTIVIST_YEARS = 1
MIN_TRAINING_DAYS = 3
MIN_TRAINING_HOURS = 24
PROBATION_YEARS = 1
EXTENSION_MONTHS = (6, 12)
APPROVAL_WITHIN_MONTHS = 3
CHECK_IN_QUIET_DAYS = 30  # 老带新: a mentorship without a check-in this long is flagged


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it has no such day
    (31 January + 1 month = 28/29 February). Beyond the calendar (after 9999 or
    before year 1) it stops at its last or first day: a deadline that far is never."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    if year < dt.MINYEAR:
        return dt.date.min
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 28 February."""
    return add_months(day, 12 * years)


@dataclass(frozen=True)
class StageEntry:
    """One recorded stage, as the checks need it."""

    stage: Stage
    date: dt.date
    talk_date: dt.date | None = None
    introducers: tuple[PoliticalStatus | None, ...] = ()  # the introducers' 政治面貌
    training_days: int | None = None
    training_hours: int | None = None
    approval_date: dt.date | None = None
    extension_months: int | None = None


# ----- one rule each ------------------------------------------------------------------


def age_at_application_warning(birth: dt.date | None, applied: dt.date) -> str | None:
    """An applicant is at least 18 on the day of the application (the birthday counts)."""
    if birth is None:
        return None
    if applied < add_years(birth, MIN_AGE):
        return f"递交入党申请书时未满 {MIN_AGE} 周岁（出生于 {birth:%Y-%m-%d}）"
    return None


def talk_warning(applied: dt.date, talk: dt.date | None, today: dt.date) -> str | None:
    """A talk with the applicant within one month of the application."""
    due = add_months(applied, TALK_WITHIN_MONTHS)
    if talk is None:
        if today > due:
            return f"收到入党申请书后一个月内应派人谈话（应于 {due:%Y-%m-%d} 前），尚无谈话记录"
        return None
    if talk < applied:
        return "谈话日期早于递交申请书日期"
    if talk > due:
        return f"谈话晚于收到申请书后一个月（应于 {due:%Y-%m-%d} 前，实际 {talk:%Y-%m-%d}）"
    return None


def activist_year_warning(activist: dt.date | None, target: dt.date) -> str | None:
    """At least one year as 入党积极分子 before becoming 发展对象 (exactly a year is enough)."""
    if activist is None:
        return "确定为发展对象前没有入党积极分子的记录"
    earliest = add_years(activist, ACTIVIST_YEARS)
    if target < earliest:
        return f"入党积极分子培养不满一年（{activist:%Y-%m-%d} 起，{earliest:%Y-%m-%d} 方满一年）"
    return None


def introducers_warning(introducers: Sequence[PoliticalStatus | None]) -> str | None:
    """Two introducers, both full members (正式党员)."""
    given = [s for s in introducers if s is not None]
    if len(given) < 2:
        return "应有两名正式党员作入党介绍人"
    if any(s != PoliticalStatus.MEMBER for s in given[:2]):
        return "入党介绍人应为正式党员（预备党员不能作介绍人）"
    return None


def training_warning(days: int | None, hours: int | None) -> str | None:
    """Intensive training of at least 3 days, or 24 class hours."""
    if (days or 0) >= MIN_TRAINING_DAYS or (hours or 0) >= MIN_TRAINING_HOURS:
        return None
    return f"集中培训应不少于 {MIN_TRAINING_DAYS} 天（{MIN_TRAINING_HOURS} 学时）"


def approval_warning(meeting: dt.date, approval: dt.date | None, today: dt.date) -> str | None:
    """The higher committee approves within three months of the branch meeting."""
    due = add_months(meeting, APPROVAL_WITHIN_MONTHS)
    if approval is None:
        return (
            f"支部大会后三个月内应报上级党委审批（应于 {due:%Y-%m-%d} 前）" if today > due else None
        )
    if approval < meeting:
        return "审批日期早于支部大会日期"
    if approval > due:
        return f"上级党委审批超过三个月（应于 {due:%Y-%m-%d} 前，实际 {approval:%Y-%m-%d}）"
    return None


def probation_end(meeting: dt.date, extension_months: int | None = None) -> dt.date:
    """When the probation ends: one year from the branch meeting, plus an extension."""
    end = add_years(meeting, PROBATION_YEARS)
    return add_months(end, extension_months) if extension_months else end


def probation_warning(meeting: dt.date, full: dt.date, extension_months: int | None) -> str | None:
    """Full membership no earlier than the probation's end; an extension once, 6–12 months."""
    if extension_months is not None and not (
        EXTENSION_MONTHS[0] <= extension_months <= EXTENSION_MONTHS[1]
    ):
        return "预备期延长应为 6 至 12 个月，且只能延长一次"
    end = probation_end(meeting, extension_months)
    if full < end:
        return f"预备期未满即转正（预备期至 {end:%Y-%m-%d}）"
    return None


def order_warning(entries: Sequence[StageEntry]) -> str | None:
    """The steps come in order: a later step dated before an earlier one."""
    steps = sorted((e for e in entries if e.stage != Stage.TRANSFER), key=lambda e: e.stage.order)
    for earlier, later in zip(steps, steps[1:], strict=False):
        if later.date < earlier.date:
            return f"「{later.stage.label}」的日期早于「{earlier.stage.label}」"
    return None


# ----- a person as a whole --------------------------------------------------------------


def latest(entries: Sequence[StageEntry], stage: Stage) -> StageEntry | None:
    found = [e for e in entries if e.stage == stage]
    return max(found, key=lambda e: e.date) if found else None


def warnings(birth: dt.date | None, entries: Sequence[StageEntry], today: dt.date) -> list[str]:
    """Every regulation a person's record seems to break, in the order of the steps."""
    found: list[str] = []
    application = latest(entries, Stage.APPLICATION)
    activist = latest(entries, Stage.ACTIVIST)
    target = latest(entries, Stage.TARGET)
    probationary = latest(entries, Stage.PROBATIONARY)
    full = latest(entries, Stage.FULL_MEMBER)
    if application is not None:
        found.append(age_at_application_warning(birth, application.date) or "")
        found.append(talk_warning(application.date, application.talk_date, today) or "")
    if target is not None:
        found.append(activist_year_warning(activist.date if activist else None, target.date) or "")
    if probationary is not None:
        found.append(introducers_warning(probationary.introducers) or "")
        found.append(
            training_warning(probationary.training_days, probationary.training_hours) or ""
        )
        found.append(approval_warning(probationary.date, probationary.approval_date, today) or "")
    if probationary is not None and full is not None:
        found.append(probation_warning(probationary.date, full.date, full.extension_months) or "")
    found.append(order_warning(entries) or "")
    return [w for w in found if w]


@dataclass(frozen=True)
class NextStep:
    """What is due next for a person, from when, and by when."""

    text: str
    earliest: dt.date | None = None  # not before (e.g. a year as activist)
    due: dt.date | None = None  # by then (e.g. the talk within a month)

    def overdue(self, today: dt.date) -> bool:
        return self.due is not None and today > self.due


def next_step(entries: Sequence[StageEntry]) -> NextStep | None:
    """The next step of the regulations after the furthest stage recorded."""
    steps = [e for e in entries if e.stage not in (Stage.TRANSFER,)]
    if not steps:
        return None
    furthest = max(steps, key=lambda e: (e.stage.order, e.date))
    stage, day = furthest.stage, furthest.date
    if stage == Stage.BACKBONE:
        return NextStep("培养递交入党申请书")
    if stage == Stage.APPLICATION:
        if furthest.talk_date is None:
            return NextStep("派人谈话", due=add_months(day, TALK_WITHIN_MONTHS))
        return NextStep("确定为入党积极分子")
    if stage == Stage.ACTIVIST:
        return NextStep("确定为发展对象（培养满一年）", earliest=add_years(day, ACTIVIST_YEARS))
    if stage == Stage.TARGET:
        return NextStep("政治审查、集中培训，支部大会讨论接收为预备党员")
    if stage == Stage.PROBATIONARY:
        if furthest.approval_date is None:
            return NextStep("报上级党委审批", due=add_months(day, APPROVAL_WITHIN_MONTHS))
        end = probation_end(day)
        return NextStep("预备期满，讨论转为正式党员", earliest=end, due=add_months(end, 1))
    return None
