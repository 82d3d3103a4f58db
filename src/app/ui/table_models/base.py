"""What every table model of the UI shares: the roles, the column/header
plumbing, the per-role dispatch of ``data`` and the once-only ``fetchMore``.

``RecordTableModel`` holds every row in memory; ``PagedTableModel`` pages
rows in from the database as the view scrolls (the ledger, pledges,
mentorships, pairings) and updates the rows a save touched in place; the lazy
roster builds on ``TableModelBase`` directly. A subclass names its
``COLUMNS`` (an IntEnum) and ``HEADERS``, keeps the rows it shows in
``_rows`` and says how a cell reads (``display``) and sorts (``sort_value``).
Lazy models also override ``_row_count`` (rows handed to the view so far),
``_can_fetch`` and ``_fetch_batch``."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
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


PAGE_SIZE = 200

# (offset, limit) -> the rows of that page, in the service's order
PageFetcher = Callable[[int, int], Sequence[Any]]


class PagedTableModel(TableModelBase):
    """Rows paged in as the view scrolls: ``fetch(offset, limit)`` asks the
    service for the next page, so 100,000 rows show their first ones at once.

    The rows shown are always the first ones of the service's order, so the
    next page starts where they end. ``update_rows`` keeps that true after a
    save without reading the list anew: the rows a save touched are replaced,
    moved to where the order puts them, removed or inserted; for that a
    subclass says its service's ``ORDER BY`` as ``order_key(row)``."""

    def __init__(self, parent=None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._page = page_size
        self._total = 0
        self._fetch: PageFetcher | None = None
        self._index: dict[int, int] | None = None  # record id -> row (see _positions)

    def order_key(self, row: Any) -> Any:  # pragma: no cover - abstract
        """The row's place in the service's order, as a key Python sorts the same way."""
        raise NotImplementedError

    # ----- loading -------------------------------------------------------------

    def set_source(self, total: int, fetch: PageFetcher) -> None:
        """Show ``total`` rows that ``fetch(offset, limit)`` pages in; the first page now."""
        self.beginResetModel()
        self._index = None
        self._fetch = fetch
        self._total = max(0, total)
        self._rows = list(fetch(0, min(self._page, self._total))) if self._total else []
        if len(self._rows) < min(self._page, self._total):  # fewer than counted
            self._total = len(self._rows)
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows, self._total, self._fetch, self._index = [], 0, None, None
        self.endResetModel()

    def total(self) -> int:
        """Rows the filter matches (loaded or not yet)."""
        return self._total

    def fetch_all(self) -> None:
        while self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def _can_fetch(self) -> bool:
        return self._fetch is not None and len(self._rows) < self._total

    def _fetch_batch(self) -> None:
        if self._fetch is None:
            return
        start = len(self._rows)
        wanted = min(self._page, self._total - start)
        if wanted <= 0:
            return
        page = list(self._fetch(start, wanted))
        if len(page) < wanted:  # rows went away since counting
            self._total = start + len(page)
        if page:
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    # ----- a save's rows, in place -----------------------------------------------

    def update_rows(self, touched: Collection[int], fresh: Sequence[Any], total: int) -> None:
        """Records ``touched`` (ids) were saved, added or deleted: ``fresh`` are
        those of them the filter shows now, ``total`` how many rows it matches.

        A shown row is replaced where it stands when its place in the order is
        unchanged, else moved (the view's selection follows it); a row the
        filter no longer shows goes; a new row comes in at its place, or with a
        later page when its place is below the rows shown so far. Nothing else
        is read again."""
        fresh_by_id = {row.id: row for row in fresh}
        key = self.order_key
        everything_shown = len(self._rows) >= self._total
        last_column = len(self.COLUMNS) - 1
        for record_id in touched:
            i = self._positions().get(record_id)
            if i is None:
                continue
            old = self._rows[i]
            new = fresh_by_id.pop(record_id, None)
            if new is None:
                self._remove(i)
            elif self._fits_at(i, key(new), key(old), everything_shown):
                self._rows[i] = new
                self.dataChanged.emit(self.index(i, 0), self.index(i, last_column))
            else:
                self._move(i, new, everything_shown)
        for new in sorted(fresh_by_id.values(), key=key):
            place = self._place(key(new))
            if place == len(self._rows) and not everything_shown:
                continue  # below the rows shown: it comes with a later page
            self.beginInsertRows(QModelIndex(), place, place)
            self._rows.insert(place, new)
            self._index = None
            self.endInsertRows()
        self._total = max(total, len(self._rows))

    def row_of(self, record_id: int) -> int | None:
        return self._positions().get(record_id)

    def _positions(self) -> dict[int, int]:
        """Row of each record shown, kept until the rows move (a reset, a
        removal, an insertion): a save finds its row without a scan."""
        index, rows = self._index, self._rows
        if index is None or len(index) > len(rows):
            index = self._index = {}
        if len(index) < len(rows):  # pages fetched since: they come after
            index.update((rows[i].id, i) for i in range(len(index), len(rows)))
        return index

    def _remove(self, i: int) -> None:
        self.beginRemoveRows(QModelIndex(), i, i)
        del self._rows[i]
        self._index = None
        self.endRemoveRows()

    def _place(self, new_key: Any, rows: Sequence[Any] | None = None) -> int:
        return bisect_left(self._rows if rows is None else rows, new_key, key=self.order_key)

    def _fits_at(self, i: int, new_key: Any, old_key: Any, everything_shown: bool) -> bool:
        rows, key = self._rows, self.order_key
        if i > 0 and not key(rows[i - 1]) < new_key:
            return False
        if i + 1 < len(rows):
            return new_key < key(rows[i + 1])
        # the last row shown: rows not fetched yet come after its old place
        return everything_shown or new_key <= old_key

    def _move(self, i: int, new: Any, everything_shown: bool) -> None:
        """Row ``i`` changed its place in the order: move it there (or let it
        go, when its place is below the rows shown and more are to come)."""
        others = self._rows[:i] + self._rows[i + 1 :]
        place = self._place(self.order_key(new), others)
        if place == len(others) and not everything_shown:
            self._remove(i)
            return
        # Qt names the destination among the rows before the move
        destination = place if place <= i else place + 1
        if destination not in (i, i + 1):
            self.beginMoveRows(QModelIndex(), i, i, QModelIndex(), destination)
            del self._rows[i]
            self._rows.insert(place, new)
            self._index = None
            self.endMoveRows()
        else:
            self._rows[i] = new
        self.dataChanged.emit(self.index(place, 0), self.index(place, len(self.COLUMNS) - 1))
