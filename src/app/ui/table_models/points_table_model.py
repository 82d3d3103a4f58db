"""积分's two tables: the year's ranking (名次, 姓名, 单位, 积分, 等级) and one
member's points ledger (日期, 分值, 来源, 说明).

A branch ranks tens to a few hundred members, and a member's year has tens of
lines, so both models hold every row. The ranking sorts by any column (names
by their full pinyin, as the roster does); 优秀 and 不合格 are coloured."""

from __future__ import annotations

from enum import IntEnum
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from app.domain.pledge_models import PointsSource
from app.domain.search_keys import name_sort_key
from app.ui.table_models.base import RECORD_ROLE, SORT_ROLE, AnyIndex, RecordTableModel
from app.ui.table_models.base import date_text as _date

__all__ = [
    "RECORD_ROLE",
    "SORT_ROLE",
    "LedgerColumn",
    "PointsLedgerModel",
    "RankingColumn",
    "RankingTableModel",
    "derived_note",
]

EXCELLENT, UNQUALIFIED = "优秀", "不合格"  # the levels of domain.pledge_rules.points_level
_LEVEL_COLOURS = {  # (text, background)
    EXCELLENT: (QColor("#1e6b34"), QColor("#e3f4e6")),
    UNQUALIFIED: (QColor("#a8231a"), QColor("#fde8e6")),
}
_NEGATIVE = QColor("#a8231a")
_DERIVED = QColor("#52606d")  # lines the user cannot edit here


@lru_cache(maxsize=4096)
def _name_key(name: str) -> str:
    return name_sort_key(name)


# ----- the ranking ------------------------------------------------------------------


class RankingColumn(IntEnum):
    RANK = 0
    NAME = 1
    UNIT = 2
    TOTAL = 3
    LEVEL = 4


_LEVEL_ORDER = {EXCELLENT: 0, "合格": 1, UNQUALIFIED: 2}


class RankingTableModel(RecordTableModel):
    """Rows shaped like ``services.points.PointsTotal``, best first until sorted."""

    COLUMNS = RankingColumn
    HEADERS = {
        RankingColumn.RANK: "名次",
        RankingColumn.NAME: "姓名",
        RankingColumn.UNIT: "单位",
        RankingColumn.TOTAL: "积分",
        RankingColumn.LEVEL: "等级",
    }
    NUMBER_COLUMNS = (RankingColumn.RANK, RankingColumn.TOTAL)
    TOOLTIP_COLUMNS = (RankingColumn.UNIT,)
    WIDTHS = {
        RankingColumn.RANK: 48,
        RankingColumn.NAME: 76,
        RankingColumn.UNIT: 128,
        RankingColumn.TOTAL: 56,
        RankingColumn.LEVEL: 64,
    }

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = self._sorted(list(rows))
        self.endResetModel()

    def row_of(self, person_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row.person_id == person_id:
                return i
        return None

    def display(self, row: Any, column: int) -> str:
        if column == RankingColumn.RANK:
            return str(row.rank)
        if column == RankingColumn.NAME:
            return row.name
        if column == RankingColumn.UNIT:
            return row.unit_name
        if column == RankingColumn.TOTAL:
            return str(row.total)
        if column == RankingColumn.LEVEL:
            return row.level
        return ""

    def sort_value(self, row: Any, column: int) -> Any:
        if column == RankingColumn.RANK:
            return (row.rank, _name_key(row.name))
        if column == RankingColumn.NAME:
            return _name_key(row.name)
        if column == RankingColumn.UNIT:
            return (row.unit_name == "", row.unit_name, row.rank)
        if column == RankingColumn.TOTAL:
            return (row.total, row.rank)
        if column == RankingColumn.LEVEL:
            return (_LEVEL_ORDER.get(row.level, 1), row.rank)
        return self.display(row, column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole)
            and index.isValid()
            and 0 <= index.row() < len(self._rows)
            and index.column() in (RankingColumn.TOTAL, RankingColumn.LEVEL)
        ):
            level = self._rows[index.row()].level
            if level not in _LEVEL_COLOURS:
                return None
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return _LEVEL_COLOURS[level][1] if index.column() == RankingColumn.LEVEL else None
        return super().data(index, role)

    def foreground(self, row: Any, column: int) -> Any:
        if column in (RankingColumn.TOTAL, RankingColumn.LEVEL) and row.level in _LEVEL_COLOURS:
            return _LEVEL_COLOURS[row.level][0]
        return None

    # ----- sorting -------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(RankingColumn):
            return
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        old_rows = list(self._rows)
        persistent = self.persistentIndexList()
        self._rows = self._sorted(self._rows)
        position = {id(r): i for i, r in enumerate(self._rows)}
        moved = []
        for index in persistent:
            row = old_rows[index.row()] if 0 <= index.row() < len(old_rows) else None
            new_row = position.get(id(row)) if row is not None else None
            moved.append(
                self.index(new_row, index.column()) if new_row is not None else QModelIndex()
            )
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _sorted(self, rows: list[Any]) -> list[Any]:
        if self._sort_column < 0:
            return rows
        column = self._sort_column
        return sorted(
            rows,
            key=lambda r: self.sort_value(r, column),
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )


# ----- one member's ledger ----------------------------------------------------------


class LedgerColumn(IntEnum):
    DATE = 0
    POINTS = 1
    SOURCE = 2
    REASON = 3


_DERIVED_NOTES = {
    PointsSource.BASE: "年度基础分由积分规则决定，不能在这里修改",
    PointsSource.PLEDGE: "由承诺评议自动计入：在“承诺”中修改评议或承诺的加减分，这里随之改变",
    PointsSource.SESSION: "由结对帮扶活动自动计入：在“结对帮扶”中修改这次活动的参与人员，这里随之改变",
}


def derived_note(source: PointsSource) -> str:
    """Where a derived line comes from and where to change it (its tooltip);
    '' for a manual entry, which is edited here."""
    text = _DERIVED_NOTES.get(source, "")
    return QCoreApplication.translate("PointsLedgerModel", text) if text else ""


class PointsLedgerModel(RecordTableModel):
    """Rows shaped like ``services.points.PointsLine``, by date."""

    COLUMNS = LedgerColumn
    HEADERS = {
        LedgerColumn.DATE: "日期",
        LedgerColumn.POINTS: "分值",
        LedgerColumn.SOURCE: "来源",
        LedgerColumn.REASON: "说明",
    }
    NUMBER_COLUMNS = (LedgerColumn.POINTS,)
    WIDTHS = {
        LedgerColumn.DATE: 104,
        LedgerColumn.POINTS: 56,
        LedgerColumn.SOURCE: 104,
        LedgerColumn.REASON: 260,
    }

    def row_of(self, entry_id: int) -> int | None:
        """The row of a manual entry."""
        for i, row in enumerate(self._rows):
            if row.entry_id is not None and row.entry_id == entry_id:
                return i
        return None

    def display(self, row: Any, column: int) -> str:
        if column == LedgerColumn.DATE:
            return _date(row.date)
        if column == LedgerColumn.POINTS:
            return f"{row.points:+d}"
        if column == LedgerColumn.SOURCE:
            return row.source.label
        if column == LedgerColumn.REASON:
            return row.reason
        return ""

    def sort_value(self, row: Any, column: int) -> Any:
        if column == LedgerColumn.DATE:
            return row.date
        if column == LedgerColumn.POINTS:
            return row.points
        return self.display(row, column)

    def tooltip(self, row: Any, column: int) -> Any:
        note = derived_note(row.source)
        if column == LedgerColumn.REASON:
            return "\n".join(part for part in (row.reason, note) if part) or None
        return note or None

    def foreground(self, row: Any, column: int) -> Any:
        if column == LedgerColumn.POINTS and row.points < 0:
            return _NEGATIVE
        if column == LedgerColumn.SOURCE and row.entry_id is None:
            return _DERIVED
        return None
