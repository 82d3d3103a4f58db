"""党员承诺's part of the 工作汇总: per pledge year the period touches, the list
page's totals line (PledgeService.totals), the ratings, the categories and the
积分 leaders (PointsService.totals, the 积分 tab's ranking)."""

from __future__ import annotations

from app.domain.summary import SummaryPeriod, SummarySection, SummaryTable
from app.services.pledges import PledgeFilter

TITLE = "党员承诺践诺"
LEADERS = 5  # ranks shown in the points table (more rows when ranks tie)
LEADER_ROWS = 10


def pledge_sections(services, period: SummaryPeriod) -> list[SummarySection]:
    years = [y for y in sorted(services.pledges.years()) if period.contains_year(y)]
    if not years:
        return [SummarySection(TITLE, ("本期没有党员承诺记录。",))]
    lines: list[str] = []
    tables: list[SummaryTable] = []
    for year in years:
        f = PledgeFilter(year=year)
        totals = services.pledges.totals(f)
        if not totals.pledges:
            continue
        breakdown = services.pledges.breakdown(f)
        lines.append(f"{totals.text()}。{breakdown.ratings_text()}。")
        if year != years[-1]:
            continue
        # The tables of the latest year only: a summary stays short.
        tables.append(
            SummaryTable(
                f"{year} 年度承诺按类别",
                ("承诺类别", "承诺项数", "已完成", "完成率"),
                tuple(
                    (category.label, str(n), str(done), f"{done / n:.1%}")
                    for category, n, done in breakdown.categories
                ),
                numbers=(1, 2, 3),
                widths=(2, 1, 1, 1),
            )
        )
        ranking = services.points.totals(year)
        leaders = [r for r in ranking if r.rank <= LEADERS][:LEADER_ROWS]
        if leaders:
            tables.append(
                SummaryTable(
                    f"{year} 年度积分前 {LEADERS} 名",
                    ("名次", "姓名", "所在单位", "积分", "等次"),
                    tuple(
                        (str(r.rank), r.name, r.unit_name, str(r.total), r.level) for r in leaders
                    ),
                    numbers=(0, 3),
                    widths=(0.8, 1.5, 3, 1, 1),
                )
            )
    if not lines:
        return [SummarySection(TITLE, ("本期没有党员承诺记录。",))]
    return [SummarySection(TITLE, tuple(lines), tuple(tables))]
