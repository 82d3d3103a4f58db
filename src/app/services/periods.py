"""Period presets of the ledger and the reports (pure)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class Period(NamedTuple):
    label: str
    date_from: dt.date
    date_to: dt.date


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def presets(today: dt.date) -> list[Period]:
    """本月, 本季度, 本年, 上一年: whole calendar periods containing ``today``."""
    quarter_start = 3 * ((today.month - 1) // 3) + 1
    return [
        Period("本月", today.replace(day=1), _month_end(today.year, today.month)),
        Period(
            "本季度",
            dt.date(today.year, quarter_start, 1),
            _month_end(today.year, quarter_start + 2),
        ),
        Period("本年", dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)),
        Period("上一年", dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)),
    ]
