"""What every table model of the UI shares: the roles, the column/header
plumbing, the per-role dispatch of ``data`` and the once-only ``fetchMore``.

``RecordTableModel`` holds every row in memory; the lazy roster and ledger
models build on ``TableModelBase`` directly. A subclass names its ``COLUMNS`` (an IntEnum) and ``HEADERS``, keeps the rows
it shows in ``_rows`` and says how a cell reads (``display``) and sorts
(``sort_value``). Lazy models also override ``_row_count`` (rows handed to
the view so far), ``_can_fetch`` and ``_fetch_batch``."""

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

RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
READ_ONLY_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


def date_text(value: dt.date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


class TableModelBase(QAbstractTableModel):
    """A read-only table of records (one per row); ``RECORD_ROLE`` gives the record."""

    COLUMNS: type[IntEnum]
    HEADERS: dict[int, str]
    NUMBER_COLUMNS: tuple[int, ...] = ()  # right-aligned
    TOOLTIP_COLUMNS: tuple[int, ...] = ()  # long text: the tooltip shows it in full
    # sizing hint: columns kept narrow (their text cut, the tooltip shows it)
    # when the table has no room to spare; None: the tooltip columns
    CAPPED_COLUMNS: tuple[int, ...] | None = None

    @classmethod
    def capped_columns(cls) -> tuple[int, ...]:
        return cls.TOOLTIP_COLUMNS if cls.CAPPED_COLUMNS is None else cls.CAPPED_COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._fetching = False

    # ----- what subclasses say ---------------------------------------------------

    def display(self, row: Any, column: int) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def sort_value(self, row: Any, column: int) -> Any:
        return self.display(row, column)

    def tooltip(self, row: Any, column: int) -> Any:
        return (self.display(row, column) or None) if column in self.TOOLTIP_COLUMNS else None

    def foreground(self, row: Any, column: int) -> Any:
        return None

    def _row_count(self) -> int:
        """Rows the view has been given so far."""
        return len(self._rows)

    def _can_fetch(self) -> bool:
        return False

    def _fetch_batch(self) -> None:
        """Hand the view the next rows (called once at a time)."""

    # ----- records -------------------------------------------------------------

    def record(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < self._row_count() else None

    def row_of(self, record_id: int) -> int | None:
        """The row of a record among those shown so far; None if not there."""
        for i, row in enumerate(self._rows[: self._row_count()]):
            if row.id == record_id:
                return i
        return None

    # ----- Qt model API --------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._row_count()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802
        return not parent.isValid() and not self._fetching and self._can_fetch()

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802
        # Views may ask again from inside rowsAboutToBeInserted: fetch once.
        if parent.isValid() or self._fetching:
            return
        self._fetching = True
        try:
            self._fetch_batch()
        finally:
            self._fetching = False

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self._row_count()):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMBER_COLUMNS:
            return RIGHT_ALIGNED
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, column)
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
        return READ_ONLY_FLAGS


class RecordTableModel(TableModelBase):
    """A table holding all its rows: small lists, replaced whole."""

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)
