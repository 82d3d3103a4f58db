"""结对帮扶's part of the 工作汇总: the figures of the ledger page's totals line
(PairingStatsService), sessions per month as a chart, and 服务类型 as a table."""

from __future__ import annotations

from app.domain.summary import SummaryChart, SummaryPeriod, SummarySection, SummaryTable
from app.services.pairing_rows import SessionFilter
from app.services.pairing_stats import MonthFigures

TITLE = "结对帮扶"
MONTHS_IN_A_CHART = 24  # a longer period is charted by year


def pairing_sections(services, period: SummaryPeriod) -> list[SummarySection]:
    f = SessionFilter(date_from=period.date_from, date_to=period.date_to)
    stats = services.pairing_stats
    totals = stats.totals(f)
    if not totals.sessions:
        return [SummarySection(TITLE, ("本期没有结对帮扶活动记录。",))]
    lines = (
        f"本期开展结对帮扶活动{totals.sentence()}（A 为本支部结对和领导帮扶，B 为共建结对）。",
    )
    breakdown = stats.breakdown(f)
    by_type = breakdown.service_types
    table = SummaryTable(
        "按服务类型",
        ("服务类型", "场次", "人次"),
        tuple((r.service_type.label, str(r.sessions), str(r.person_times)) for r in by_type),
        numbers=(1, 2),
        widths=(3, 1, 1),
    )
    chart = month_chart(breakdown.months, period)
    return [SummarySection(TITLE, lines, (table,), (chart,))]


def month_chart(months: list[MonthFigures], period: SummaryPeriod) -> SummaryChart:
    """Sessions per month (A and B stacked), every month of the period shown, with
    or without sessions; by year when the period is longer than two years."""
    first = (period.date_from.year, period.date_from.month) if period.date_from else None
    last = (period.date_to.year, period.date_to.month) if period.date_to else None
    first = first or (months[0].year, months[0].month)
    last = last or (months[-1].year, months[-1].month)
    span = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    a: dict[tuple[int, int], int] = {}
    b: dict[tuple[int, int], int] = {}
    by_year = span > MONTHS_IN_A_CHART
    for m in months:
        key = (m.year, 0) if by_year else (m.year, m.month)
        a[key] = a.get(key, 0) + m.sessions_a
        b[key] = b.get(key, 0) + m.sessions_b
    if by_year:
        keys = [(year, 0) for year in range(first[0], last[0] + 1)]
        labels = [f"{year}年" for year, _ in keys]
        title = "各年度帮扶场次"
    else:
        keys = []
        year, month = first
        while (year, month) <= last:
            keys.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        several_years = first[0] != last[0]
        labels = [f"{y % 100:02d}年{m}月" if several_years else f"{m}月" for y, m in keys]
        title = "各月帮扶场次"
    return SummaryChart(
        title,
        tuple(labels),
        (
            ("A 本支部结对", tuple(a.get(k, 0) for k in keys)),
            ("B 共建结对", tuple(b.get(k, 0) for k in keys)),
        ),
        unit="场",
    )
