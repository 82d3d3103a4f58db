"""The roster table: every person as a ``PersonRow``, filtered in memory and
shown lazily (``fetchMore``) so 100,000 rows appear at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from app.domain.enums import PersonStatus
from app.domain.person_fields import PERSON_LABELS
from app.services.people import PersonRow
from app.services.roster_filter import RosterFilter, filter_rows
from app.ui.table_models.base import (  # noqa: F401 - the roles are re-exported
    RECORD_ROLE,
    SORT_ROLE,
    TableModelBase,
    date_text,
)

BATCH_SIZE = 500


class Column(IntEnum):
    NAME = 0
    EMPLOYEE_NO = 1
    GENDER = 2
    BIRTH_DATE = 3
    UNIT = 4
    POSITION = 5
    POLITICAL_STATUS = 6
    PARTY_JOIN_DATE = 7
    PHONE = 8
    TAGS = 9
    STATUS = 10


# Each column's person field; its header is that field's label (domain.person_fields).
FIELDS = {
    Column.NAME: "name",
    Column.EMPLOYEE_NO: "employee_no",
    Column.GENDER: "gender",
    Column.BIRTH_DATE: "birth_date",
    Column.UNIT: "unit_id",
    Column.POSITION: "position",
    Column.POLITICAL_STATUS: "political_status",
    Column.PARTY_JOIN_DATE: "party_join_date",
    Column.PHONE: "phone",
    Column.TAGS: "tags",
    Column.STATUS: "status",
}
HEADERS = {column: PERSON_LABELS[field] for column, field in FIELDS.items()}


_TRANSFERRED_COLOUR = QColor("#8a8f98")  # 已转出 rows are greyed


def _display(row: PersonRow, column: int) -> str:
    if column == Column.NAME:
        return row.name
    if column == Column.EMPLOYEE_NO:
        return row.employee_no
    if column == Column.GENDER:
        return row.gender.label if row.gender else ""
    if column == Column.BIRTH_DATE:
        return date_text(row.birth_date)
    if column == Column.UNIT:
        return row.unit_name
    if column == Column.POSITION:
        return row.position
    if column == Column.POLITICAL_STATUS:
        return row.political_status.label
    if column == Column.PARTY_JOIN_DATE:
        return date_text(row.party_join_date)
    if column == Column.PHONE:
        return row.phone
    if column == Column.TAGS:
        return row.tags
    if column == Column.STATUS:
        return row.status.label
    return ""


_ENUM_ORDERS: dict[type, dict[Any, int]] = {}


def _enum_rank(value: Any) -> int:
    order = _ENUM_ORDERS.get(type(value))
    if order is None:
        order = {member: i for i, member in enumerate(type(value))}
        _ENUM_ORDERS[type(value)] = order
    return order[value]


def sort_value(row: PersonRow, column: int) -> Any:
    """The native value a column sorts by; None sorts last either way."""
    if column == Column.NAME:
        # full pinyin, then the characters (张伟 "zhang wei" before 赵磊 "zhao lei")
        return row.name_sort
    if column == Column.EMPLOYEE_NO:
        return row.employee_no or None
    if column == Column.GENDER:
        return _enum_rank(row.gender) if row.gender else None
    if column == Column.BIRTH_DATE:
        return row.birth_date
    if column == Column.UNIT:
        return row.unit_name or None
    if column == Column.POSITION:
        return row.position or None
    if column == Column.POLITICAL_STATUS:
        return _enum_rank(row.political_status)
    if column == Column.PARTY_JOIN_DATE:
        return row.party_join_date
    if column == Column.PHONE:
        return row.phone or None
    if column == Column.TAGS:
        return row.tags or None
    if column == Column.STATUS:
        return _enum_rank(row.status)
    return None


def sorted_rows(rows: Sequence[PersonRow], column: int, order: Qt.SortOrder) -> list[PersonRow]:
    """Rows ordered by a column's native value, empty values last, stable."""
    if column < 0:
        return list(rows)
    keyed = [(sort_value(r, column), r) for r in rows]
    present = [kr for kr in keyed if kr[0] is not None]
    missing = [kr[1] for kr in keyed if kr[0] is None]
    present.sort(key=lambda kr: kr[0], reverse=order == Qt.SortOrder.DescendingOrder)
    return [r for _, r in present] + missing


class PeopleTableModel(TableModelBase):
    COLUMNS = Column
    HEADERS = HEADERS
    TOOLTIP_COLUMNS = (Column.TAGS, Column.POSITION)

    def __init__(self, parent=None, batch_size: int = BATCH_SIZE) -> None:
        super().__init__(parent)
        self._batch = batch_size
        self._all: list[PersonRow] = []
        self._ordered: list[PersonRow] = []  # _all in the current sort order
        self._rows: list[PersonRow] = []  # _ordered filtered; the first _loaded are shown
        self._loaded = 0
        self._filter = RosterFilter()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self.on_filtered: Callable[[int], None] | None = None

    # ----- loading, filtering, sorting ---------------------------------------

    def set_rows(self, rows: Sequence[PersonRow]) -> None:
        self._all = list(rows)
        self._ordered = sorted_rows(self._all, self._sort_column, self._sort_order)
        self._refilter()

    def set_filter(self, roster_filter: RosterFilter) -> None:
        if roster_filter == self._filter:
            return
        self._filter = roster_filter
        self._refilter()

    @property
    def roster_filter(self) -> RosterFilter:
        return self._filter

    def _refilter(self) -> None:
        self.beginResetModel()
        ordered = self._ordered
        self._rows = [ordered[i] for i in filter_rows(ordered, self._filter)]
        self._loaded = min(len(self._rows), self._batch)
        self.endResetModel()
        if self.on_filtered:
            self.on_filtered(len(self._rows))

    def matching_count(self) -> int:
        """Rows the filter accepts (loaded or not yet)."""
        return len(self._rows)

    def all_rows(self) -> list[PersonRow]:
        return list(self._all)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column >= len(Column):
            return
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        old_rows = self._rows[: self._loaded]
        persistent = self.persistentIndexList()
        self._ordered = sorted_rows(self._all, column, order)
        self._rows = [self._ordered[i] for i in filter_rows(self._ordered, self._filter)]
        position = {id(r): i for i, r in enumerate(self._rows[: self._loaded])}
        new_indexes = []
        for index in persistent:
            row = old_rows[index.row()] if 0 <= index.row() < len(old_rows) else None
            new_row = position.get(id(row)) if row is not None else None
            new_indexes.append(
                self.index(new_row, index.column()) if new_row is not None else QModelIndex()
            )
        self.changePersistentIndexList(persistent, new_indexes)
        self.layoutChanged.emit()

    def row_of(self, person_id: int) -> int | None:
        """The row showing a person, fetching more rows if needed; None if filtered out."""
        for i, row in enumerate(self._rows):
            if row.id == person_id:
                while self._loaded <= i:
                    self.fetchMore(QModelIndex())
                return i
        return None

    # ----- what the base model asks --------------------------------------------

    def display(self, row: PersonRow, column: int) -> str:
        return _display(row, column)

    def sort_value(self, row: PersonRow, column: int) -> Any:
        return sort_value(row, column)

    def foreground(self, row: PersonRow, column: int) -> Any:
        return _TRANSFERRED_COLOUR if row.status is PersonStatus.TRANSFERRED_OUT else None

    def _row_count(self) -> int:
        return self._loaded

    def _can_fetch(self) -> bool:
        return self._loaded < len(self._rows)

    def _fetch_batch(self) -> None:
        count = min(self._batch, len(self._rows) - self._loaded)
        if count <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + count - 1)
        self._loaded += count
        self.endInsertRows()
