"""Small lists of the 结对帮扶 page: the pairings and the open problems.

A branch keeps tens of pairings and a handful of open problems, so these
models hold every row; the sessions ledger is the one that pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


def _date(value: dt.date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


class _RowsModel(QAbstractTableModel):
    """A read-only table over a list of named tuples."""

    COLUMNS: type[IntEnum]
    HEADERS: dict[int, str]
    NUMBER_COLUMNS: tuple[int, ...] = ()
    TOOLTIP_COLUMNS: tuple[int, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def record(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row.id == record_id:
                return i
        return None

    def display(self, row: Any, column: int) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def sort_value(self, row: Any, column: int) -> Any:
        return self.display(row, column)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in self.TOOLTIP_COLUMNS:
            return self.display(row, column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            return self.sort_value(row, column)
        if role == RECORD_ROLE:
            return row
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self.COLUMNS)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(type(self).__name__, self.HEADERS[section])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class PairingColumn(IntEnum):
    NAME = 0
    KIND = 1
    CAMPAIGN = 2
    HELPERS = 3
    HELPED = 4
    UNIT = 5
    START = 6
    END = 7
    SESSIONS = 8


class PairingTableModel(_RowsModel):
    """Rows shaped like ``services.pairing.PairingRow``."""

    COLUMNS = PairingColumn
    HEADERS = {
        PairingColumn.NAME: "结对名称",
        PairingColumn.KIND: "类型",
        PairingColumn.CAMPAIGN: "所属活动",
        PairingColumn.HELPERS: "帮扶方",
        PairingColumn.HELPED: "受帮扶方",
        PairingColumn.UNIT: "帮扶对象单位",
        PairingColumn.START: "开始日期",
        PairingColumn.END: "结束日期",
        PairingColumn.SESSIONS: "活动场次",
    }
    NUMBER_COLUMNS = (PairingColumn.SESSIONS,)
    TOOLTIP_COLUMNS = (
        PairingColumn.NAME,
        PairingColumn.CAMPAIGN,
        PairingColumn.HELPERS,
        PairingColumn.HELPED,
    )
    WIDTHS = {
        PairingColumn.NAME: 196,
        PairingColumn.KIND: 90,
        PairingColumn.CAMPAIGN: 150,
        PairingColumn.HELPERS: 120,
        PairingColumn.HELPED: 108,
        PairingColumn.UNIT: 112,
        PairingColumn.START: 92,
        PairingColumn.END: 92,
        PairingColumn.SESSIONS: 72,
    }

    def display(self, row: Any, column: int) -> str:
        if column == PairingColumn.NAME:
            return row.name
        if column == PairingColumn.KIND:
            return row.kind.label
        if column == PairingColumn.CAMPAIGN:
            return row.campaign
        if column == PairingColumn.HELPERS:
            return row.helper_names
        if column == PairingColumn.HELPED:
            return row.helped_names
        if column == PairingColumn.UNIT:
            return row.helped_unit_name or ""
        if column == PairingColumn.START:
            return _date(row.start_date)
        if column == PairingColumn.END:
            return _date(row.end_date)
        if column == PairingColumn.SESSIONS:
            return str(row.session_count)
        return ""

    def sort_value(self, row: Any, column: int) -> Any:
        if column == PairingColumn.START:
            return row.start_date
        if column == PairingColumn.END:
            return row.end_date
        if column == PairingColumn.SESSIONS:
            return row.session_count
        return self.display(row, column)


class ProblemColumn(IntEnum):
    TEXT = 0
    FOUND_ON = 1
    PAIRING = 2


class ProblemTableModel(_RowsModel):
    """Rows shaped like ``services.pairing.ProblemRow`` (the open problems)."""

    COLUMNS = ProblemColumn
    HEADERS = {
        ProblemColumn.TEXT: "问题",
        ProblemColumn.FOUND_ON: "发现日期",
        ProblemColumn.PAIRING: "结对",
    }
    TOOLTIP_COLUMNS = (ProblemColumn.TEXT, ProblemColumn.PAIRING)
    WIDTHS = {ProblemColumn.TEXT: 460, ProblemColumn.FOUND_ON: 100, ProblemColumn.PAIRING: 220}

    def display(self, row: Any, column: int) -> str:
        if column == ProblemColumn.TEXT:
            return row.text
        if column == ProblemColumn.FOUND_ON:
            return _date(row.session_date)
        if column == ProblemColumn.PAIRING:
            return row.pairing_name
        return ""

    def sort_value(self, row: Any, column: int) -> Any:
        if column == ProblemColumn.FOUND_ON:
            return row.session_date
        return self.display(row, column)
