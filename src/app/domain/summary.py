"""What a 工作汇总 says, as plain values: each area hands the report one or more
sections of sentences, short tables and charts, and the PDF and Word writers
lay the same values out. Nothing here counts anything; the counting is the
areas' services, so the summary, the pages and their totals lines agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.domain.settings import BranchDetails


@dataclass(frozen=True)
class SummaryTable:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numbers: tuple[int, ...] = ()  # columns of figures (right-aligned)
    note: str = ""  # below the table, e.g. "另有 12 对未列出"
    # Relative column widths (the writers scale them to the page); equal when empty.
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class SummaryChart:
    """Stacked bars: one bar per category, one stack part per series."""

    title: str
    categories: tuple[str, ...]  # "1月" ... or "2025年" ...
    series: tuple[tuple[str, tuple[int, ...]], ...]  # (legend, one value per category)
    unit: str = "场"

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(values) for values in zip(*(v for _, v in self.series), strict=True))


@dataclass(frozen=True)
class SummarySection:
    title: str  # 结对帮扶
    lines: tuple[str, ...]  # sentences read out as they are
    tables: tuple[SummaryTable, ...] = ()
    charts: tuple[SummaryChart, ...] = ()


@dataclass(frozen=True)
class SummaryPeriod:
    date_from: dt.date | None
    date_to: dt.date | None

    def text(self) -> str:
        """ "2026年1月1日至2026年12月31日", or the open-ended forms."""
        if self.date_from and self.date_to:
            return f"{_day(self.date_from)}至{_day(self.date_to)}"
        if self.date_from:
            return f"{_day(self.date_from)}以来"
        if self.date_to:
            return f"截至{_day(self.date_to)}"
        return "全部时间"

    def heading(self) -> str:
        """The title's period: "2026年度", "2026年第一季度", "2026年3月", else the dates."""
        f, t = self.date_from, self.date_to
        if not (f and t) or f.day != 1 or (t + dt.timedelta(days=1)).day != 1:
            return self.text()
        months = (t.year - f.year) * 12 + t.month - f.month + 1
        if months == 12 and f.month == 1:
            return f"{f.year}年度"
        if months == 3 and f.month in (1, 4, 7, 10):
            return f"{f.year}年第{'一二三四'[(f.month - 1) // 3]}季度"
        if months == 6 and f.month in (1, 7):
            return f"{f.year}年{'上' if f.month == 1 else '下'}半年"
        if months == 1:
            return f"{f.year}年{f.month}月"
        return self.text()

    def contains_year(self, year: int) -> bool:
        return (self.date_from is None or self.date_from.year <= year) and (
            self.date_to is None or year <= self.date_to.year
        )


@dataclass(frozen=True)
class Summary:
    branch: BranchDetails
    period: SummaryPeriod
    made_on: dt.date
    sections: tuple[SummarySection, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return f"{self.branch.name}{self.period.heading()}工作汇总"


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


CHINESE_ORDINALS = "一二三四五六七八九十"


def section_number(index: int) -> str:
    """一、二、… for the sections (up to 十; beyond, arabic)."""
    return CHINESE_ORDINALS[index] if index < len(CHINESE_ORDINALS) else str(index + 1)
