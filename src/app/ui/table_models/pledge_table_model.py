"""The 党员承诺 list: pledges paged in from the database as the view scrolls
(the paging is the ledger's: ``set_source(total, fetch)``), with overdue
pledges standing out; and the small table of one pledge's 践诺 notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.ui.table_models.base import (
    PAGE_SIZE,
    AnyIndex,
    PagedTableModel,
    RecordTableModel,
    date_text,
)


class Column(IntEnum):
    YEAR = 0
    NAME = 1
    UNIT = 2
    TEXT = 3
    CATEGORY = 4
    DUE = 5
    STATUS = 6
    RATING = 7
    PROGRESS = 8
    LAST_PROGRESS = 9


HEADERS = {
    Column.YEAR: "年度",
    Column.NAME: "姓名",
    Column.UNIT: "单位",
    Column.TEXT: "承诺内容",
    Column.CATEGORY: "类别",
    Column.DUE: "计划完成",
    Column.STATUS: "状态",
    Column.RATING: "评议",
    Column.PROGRESS: "践诺次数",
    Column.LAST_PROGRESS: "最近践诺",
}

# Fixed widths at a 10 pt font; together they fit the page of a 1280-pixel window.
COLUMN_WIDTHS = {
    Column.YEAR: 56,
    Column.NAME: 70,
    Column.UNIT: 112,
    Column.TEXT: 226,
    Column.CATEGORY: 76,
    Column.DUE: 100,
    Column.STATUS: 116,
    Column.RATING: 72,
    Column.PROGRESS: 72,
    Column.LAST_PROGRESS: 100,
}

OVERDUE_FOREGROUND = QColor("#a8231a")
OVERDUE_BACKGROUND = QColor("#fff1dc")
_OVERDUE_COLUMNS = (Column.DUE, Column.STATUS)


def _label(value: Any) -> str:
    return getattr(value, "label", "" if value is None else str(value))


class PledgeTableModel(PagedTableModel):
    COLUMNS = Column
    HEADERS = HEADERS
    NUMBER_COLUMNS = (Column.PROGRESS,)
    TOOLTIP_COLUMNS = (Column.UNIT, Column.TEXT)

    def __init__(
        self,
        parent=None,
        page_size: int = PAGE_SIZE,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent, page_size)
        self.today = today

    def order_key(self, row: Any) -> Any:
        # list_pledges: year desc, the member (name_sort, id), the pledge's order, id
        return (-row.year, row.name_sort, row.person_id, row.sort_order, row.id)

    def display(self, row: Any, column: int) -> str:
        if column == Column.YEAR:
            return str(row.year)
        if column == Column.NAME:
            return row.person_name
        if column == Column.UNIT:
            return row.unit_name
        if column == Column.TEXT:
            return row.text
        if column == Column.CATEGORY:
            return _label(row.category)
        if column == Column.DUE:
            return date_text(row.due_date)
        if column == Column.STATUS:
            return _label(row.status)
        if column == Column.RATING:
            return _label(row.rating)
        if column == Column.PROGRESS:
            return str(row.progress_count)
        if column == Column.LAST_PROGRESS:
            return date_text(row.last_progress)
        return ""

    def sort_value(self, row: Any, column: int) -> Any:
        if column == Column.YEAR:
            return row.year
        if column == Column.PROGRESS:
            return row.progress_count
        if column == Column.DUE:
            return row.due_date or dt.date.max
        if column == Column.LAST_PROGRESS:
            return row.last_progress or dt.date.min
        return self.display(row, column)

    def overdue_days(self, row: Any) -> int:
        """Days past the planned date of an overdue pledge (0 when not overdue)."""
        if not row.overdue or row.due_date is None:
            return 0
        return max(1, (self.today() - row.due_date).days)

    def tooltip(self, row: Any, column: int) -> Any:
        days = self.overdue_days(row)
        if days:
            text = super().tooltip(row, column)
            note = self.tr("已逾期 {n} 天").format(n=days)
            return f"{note}\n{text}" if text else note
        return super().tooltip(row, column)

    def foreground(self, row: Any, column: int) -> Any:
        if row.overdue and column in _OVERDUE_COLUMNS:
            return OVERDUE_FOREGROUND
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            row = self.record(index.row()) if index.isValid() else None
            return OVERDUE_BACKGROUND if row is not None and row.overdue else None
        if role == Qt.ItemDataRole.DisplayRole and index.column() == Column.STATUS:
            row = self.record(index.row())
            if row is not None and row.overdue:
                return self.tr("{status}（逾期）").format(status=_label(row.status))
        return super().data(index, role)


class ProgressColumn(IntEnum):
    DATE = 0
    TEXT = 1


class ProgressTableModel(RecordTableModel):
    """One pledge's 践诺 notes (``ProgressNote``: date, text), oldest first."""

    COLUMNS = ProgressColumn
    HEADERS = {ProgressColumn.DATE: "日期", ProgressColumn.TEXT: "践诺情况"}
    TOOLTIP_COLUMNS = (ProgressColumn.TEXT,)
    WIDTHS = {ProgressColumn.DATE: 100}

    def display(self, row: Any, column: int) -> str:
        if column == ProgressColumn.DATE:
            return date_text(row.date)
        return row.text

    def sort_value(self, row: Any, column: int) -> Any:
        return row.date if column == ProgressColumn.DATE else row.text
