"""The 积分 tab's sentences: the rules, the year's line over the ranking and a
member's total explained source by source (pure text from the service's rows)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.domain.pledge_models import PledgeRating, PointsSource
from app.domain.pledge_rules import PointsRules, yearly_total


def _tr(text: str) -> str:
    return QCoreApplication.translate("PointsTab", text)


def signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)


def rules_sentence(rules: PointsRules) -> str:
    """How points are earned, for the note under the totals line."""
    ratings = "、".join(
        f"{rating.label} {signed(rules.per_rating.get(rating, 0))}" for rating in PledgeRating
    )
    return _tr(
        "承诺评议每项：{ratings}；每参加一次结对帮扶活动 {session}；全年最低 {floor} 分"
    ).format(ratings=ratings, session=signed(rules.per_session), floor=rules.floor)


def summary_line(year: int, totals: Sequence[Any], rules: PointsRules) -> str:
    """The line over the ranking: members, how many at each level, and the rules."""
    levels = Counter(row.level for row in totals)
    return _tr(
        "{year} 年度 {n} 名党员：优秀 {excellent} 人、合格 {qualified} 人、不合格 {unqualified} 人；"
        "规则：基础分 {base}，优秀 ≥ {excellent_from}，不合格 < {unqualified_below}"
    ).format(
        year=year,
        n=len(totals),
        excellent=levels["优秀"],
        qualified=levels["合格"],
        unqualified=levels["不合格"],
        base=rules.base,
        excellent_from=rules.excellent_from,
        unqualified_below=rules.unqualified_below,
    )


def explain_total(lines: Sequence[Any], rules: PointsRules) -> str:
    """The ledger's total, source by source ("合计 80 分 = 年度基础分 60 + 承诺评议
    15 + …"), and the floor when it was applied."""
    by_source: dict[PointsSource, int] = {}
    for line in lines:
        by_source[line.source] = by_source.get(line.source, 0) + line.points
    parts = ""
    for source in PointsSource:  # base, pledges, sessions, manual
        if source not in by_source:
            continue
        n = by_source[source]
        if not parts:
            parts = f"{source.label} {n}"
        else:
            parts += f" {'-' if n < 0 else '+'} {source.label} {abs(n)}"
    raw = sum(by_source.values())
    total = yearly_total(rules, [line.points for line in lines if line.source != PointsSource.BASE])
    if total != raw:
        return _tr(
            "合计 {total} 分：{parts} = {raw} 分，低于最低分 {floor} 分，按 {total} 分计"
        ).format(total=total, parts=parts, raw=raw, floor=rules.floor)
    return _tr("合计 {total} 分 = {parts}").format(total=total, parts=parts)
