"""Pure rules of 党员承诺 and 积分. Like domain.validation: each rule returns its
Chinese message or None, each validator a dict field -> message (empty: valid),
and none of them raises, whatever it is given. The form (through the service)
and the workbook import call the same functions.

Points rules differ between companies, so they are values (``PointsRules``,
filled from the settings), never constants of this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.domain.enums import PoliticalStatus
from app.domain.pledge_models import PledgeCategory, PledgeRating, PledgeStatus
from app.domain.text import clean_text
from app.domain.validation import is_day

MAX_PLEDGE_TEXT = 500
MAX_NOTE = 2000
MAX_REASON = 200
MAX_POINTS_ENTRY = 1000
MIN_YEAR = 1921
MAX_YEAR = 2100


# ----- who may pledge -------------------------------------------------------------


def pledger_error(name: str, status: PoliticalStatus | None) -> str | None:
    """Only 中共党员 and 中共预备党员 make pledges; the message names the person."""
    if status is not None and status.is_party_member:
        return None
    label = status.label if status is not None else "未填写"
    return f"「{name}」的政治面貌是「{label}」，只有中共党员和中共预备党员可以作出承诺"


def year_error(year: object) -> str | None:
    if not isinstance(year, int) or isinstance(year, bool) or not MIN_YEAR <= year <= MAX_YEAR:
        return f"年度应为 {MIN_YEAR} 到 {MAX_YEAR} 之间的年份"
    return None


# ----- one pledge -----------------------------------------------------------------


@dataclass
class PledgeLine:
    """One line of a member's pledges for a year, as the form and a sheet row hold it."""

    id: int | None = None
    text: str = ""
    category: PledgeCategory | None = None
    due_date: dt.date | None = None
    status: PledgeStatus = PledgeStatus.IN_PROGRESS
    extra_points: int = 0

    def cleaned(self) -> PledgeLine:
        return PledgeLine(
            id=self.id,
            text=clean_text(self.text),
            category=self.category,
            due_date=self.due_date,
            status=self.status,
            extra_points=self.extra_points,
        )


def pledge_text_error(text: object) -> str | None:
    value = clean_text(text) if isinstance(text, str) else ""
    if not value:
        return "请填写承诺内容"
    if len(value) > MAX_PLEDGE_TEXT:
        return f"承诺内容不能超过 {MAX_PLEDGE_TEXT} 个字"
    return None


def category_error(category: object) -> str | None:
    if not isinstance(category, PledgeCategory):
        return "请选择类别（" + "、".join(PledgeCategory.labels()) + "）"
    return None


def due_date_error(due: object, year: object) -> str | None:
    """The planned date falls in the pledge's year (or is left open)."""
    if due is None:
        return None
    if not isinstance(due, dt.date) or not isinstance(year, int):
        return "计划完成日期无效"
    if due.year != year:
        return f"计划完成日期应在 {year} 年内"
    return None


def extra_points_error(points: object) -> str | None:
    if not isinstance(points, int) or isinstance(points, bool):
        return "积分应为整数"
    if not -MAX_POINTS_ENTRY <= points <= MAX_POINTS_ENTRY:
        return f"积分应在 -{MAX_POINTS_ENTRY} 到 {MAX_POINTS_ENTRY} 之间"
    return None


def validate_pledge_line(line: PledgeLine, year: object) -> dict[str, str]:
    errors: dict[str, str] = {}
    for key, message in (
        ("text", pledge_text_error(line.text)),
        ("category", category_error(line.category)),
        ("due_date", due_date_error(line.due_date, year)),
        ("extra_points", extra_points_error(line.extra_points)),
    ):
        if message:
            errors[key] = message
    return errors


def duplicate_texts(lines: list[PledgeLine]) -> list[str]:
    """Texts written twice for the same member and year (the workbook could not
    tell them apart)."""
    seen: set[str] = set()
    twice: list[str] = []
    for line in lines:
        text = clean_text(line.text)
        if text and text in seen and text not in twice:
            twice.append(text)
        seen.add(text)
    return twice


def is_overdue(due: dt.date | None, status: PledgeStatus, today: dt.date) -> bool:
    """Past its planned date and still 践诺中: the list makes it stand out."""
    return due is not None and due < today and status == PledgeStatus.IN_PROGRESS


# ----- 践诺 and 评诺 ------------------------------------------------------------


def progress_error(day: object, text: object, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not is_day(day):
        errors["date"] = "请填写日期"
    elif day > today:
        errors["date"] = "践诺日期不能晚于今天"
    value = clean_text(text) if isinstance(text, str) else ""
    if not value:
        errors["text"] = "请填写践诺情况"
    elif len(value) > MAX_NOTE:
        errors["text"] = f"践诺情况不能超过 {MAX_NOTE} 个字"
    return errors


def rating_error(rating: object, comment: object, day: object, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not isinstance(rating, PledgeRating):
        errors["rating"] = "请选择评议结果（" + "、".join(PledgeRating.labels()) + "）"
    if not isinstance(comment, str) or len(clean_text(comment)) > MAX_NOTE:
        errors["comment"] = f"评语不能超过 {MAX_NOTE} 个字"
    if day is not None and (not is_day(day) or day > today):
        errors["rated_on"] = "评议日期不能晚于今天"
    return errors


def status_after_rating(rating: PledgeRating) -> PledgeStatus:
    """What a 评诺 usually means for the status (the user may change it)."""
    if rating == PledgeRating.UNQUALIFIED:
        return PledgeStatus.NOT_DONE
    return PledgeStatus.DONE


# ----- points ---------------------------------------------------------------------


@dataclass(frozen=True)
class PointsRules:
    """A company's points rules (from the settings): a yearly base, points per
    rating of a pledge and per 结对帮扶 session attended, a floor, thresholds."""

    base: int = 60
    per_rating: dict[PledgeRating, int] = field(
        default_factory=lambda: {
            PledgeRating.EXCELLENT: 10,
            PledgeRating.QUALIFIED: 5,
            PledgeRating.BASIC: 0,
            PledgeRating.UNQUALIFIED: -5,
        }
    )
    per_session: int = 2
    floor: int = 0
    excellent_from: int = 80  # 优秀 ≥ this
    unqualified_below: int = 60  # 不合格 < this


def points_rules_from(values: Mapping[str, object]) -> PointsRules:
    """The rules from the settings' values (domain/settings.py, group 积分规则);
    a value missing or of the wrong type falls back to the default rule."""
    from app.domain import settings as keys

    default = PointsRules()

    def number(key: str, fallback: int) -> int:
        value = values.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else fallback

    rules = PointsRules(
        base=number(keys.POINTS_BASE, default.base),
        per_rating={
            PledgeRating.EXCELLENT: number(keys.POINTS_EXCELLENT, 10),
            PledgeRating.QUALIFIED: number(keys.POINTS_QUALIFIED, 5),
            PledgeRating.BASIC: number(keys.POINTS_BASIC, 0),
            PledgeRating.UNQUALIFIED: number(keys.POINTS_UNQUALIFIED, -5),
        },
        per_session=number(keys.POINTS_PER_SESSION, default.per_session),
        floor=number(keys.POINTS_FLOOR, default.floor),
        excellent_from=number(keys.POINTS_EXCELLENT_FROM, default.excellent_from),
        unqualified_below=number(keys.POINTS_UNQUALIFIED_BELOW, default.unqualified_below),
    )
    return rules


def points_entry_error(
    day: object, points: object, reason: object, today: dt.date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not is_day(day):
        errors["date"] = "请填写日期"
    elif day > today:
        errors["date"] = "日期不能晚于今天"
    if not isinstance(points, int) or isinstance(points, bool) or points == 0:
        errors["points"] = "请填写加分或扣分（不为 0 的整数）"
    elif not -MAX_POINTS_ENTRY <= points <= MAX_POINTS_ENTRY:
        errors["points"] = f"分值应在 -{MAX_POINTS_ENTRY} 到 {MAX_POINTS_ENTRY} 之间"
    value = clean_text(reason) if isinstance(reason, str) else ""
    if not value:
        errors["reason"] = "请填写加减分原因"
    elif len(value) > MAX_REASON:
        errors["reason"] = f"原因不能超过 {MAX_REASON} 个字"
    return errors


def yearly_total(rules: PointsRules, entries: list[int]) -> int:
    """The year's total: the base plus every entry, never below the floor."""
    return max(rules.floor, rules.base + sum(entries))


def points_level(total: int, rules: PointsRules) -> str:
    """优秀 / 合格 / 不合格 by the thresholds."""
    if total >= rules.excellent_from:
        return "优秀"
    if total < rules.unqualified_below:
        return "不合格"
    return "合格"


def rules_error(rules: PointsRules) -> str | None:
    if rules.unqualified_below > rules.excellent_from:
        return "不合格线不能高于优秀线"
    if rules.floor > rules.base:
        return "最低分不能高于年度基础分"
    return None
