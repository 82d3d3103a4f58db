"""The roster table: the people of the roster's filter as ``PersonRow``s, paged
in from the database as the view scrolls, sorted by the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from app.domain.enums import PersonStatus
from app.domain.person_fields import PERSON_LABELS
from app.services.people import PersonRow
from app.services.roster_filter import RosterSort
from app.ui.table_models.base import (  # noqa: F401 - the roles are re-exported
    RECORD_ROLE,
    SORT_ROLE,
    date_text,
)
from app.ui.table_models.session_table_model import PAGE_SIZE, SessionTableModel


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
    """The native value a column sorts by (the SORT_ROLE); None sorts last
    either way. The list itself is sorted by the database in the same order
    (services.roster_filter.sort_keys)."""
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


class PeopleTableModel(SessionTableModel):
    """The people of the roster's filter, paged in as the view scrolls (the
    ledger's paging: ``set_source(total, fetch)``). Each page starts after the
    last row shown, so a row saved, moved or deleted in place does not shift
    the pages still to come. Sorting asks the page to read the list anew in the
    new order (``sort_requested``); the database sorts."""

    COLUMNS = Column
    HEADERS = HEADERS
    NUMBER_COLUMNS = ()
    TOOLTIP_COLUMNS = (Column.TAGS, Column.POSITION)
    CAPPED_COLUMNS = None

    # a header was clicked: the list is to be read again in this order
    sort_requested = Signal()

    def __init__(self, parent=None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent, page_size)
        self._sort = RosterSort()
        self._sort_column = int(Column.NAME)

    # ----- loading ---------------------------------------------------------------

    def set_query(self, total: int, fetch: Callable[[int, int, int | None], Sequence[Any]]) -> None:
        """Show ``total`` rows; ``fetch(offset, limit, after_id)`` reads a page
        (``after_id``: the last row shown, None for the first page)."""

        def page(offset: int, limit: int) -> Sequence[Any]:
            after_id = self._rows[offset - 1].id if 0 < offset <= len(self._rows) else None
            return fetch(offset, limit, after_id)

        self.set_source(total, page)

    def fetch_through(self, row: int) -> None:
        """Page in every row up to ``row``, in one read for the whole gap."""
        root = QModelIndex()
        while len(self._rows) <= row and self.canFetchMore(root):
            page = self._page
            self._page = max(page, row + 1 - len(self._rows))
            try:
                self.fetchMore(root)
            finally:
                self._page = page

    # ----- sorting -----------------------------------------------------------------

    @property
    def roster_sort(self) -> RosterSort:
        return self._sort

    @property
    def sort_column(self) -> int:
        return self._sort_column

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        new = RosterSort(FIELDS[Column(column)], order == Qt.SortOrder.DescendingOrder)
        if new == self._sort:
            return
        self._sort, self._sort_column = new, column
        self.sort_requested.emit()

    def same_place(self, old: PersonRow, new: PersonRow) -> bool:
        """Does a saved row keep its place in this order (its keys unchanged)?"""
        column = self._sort_column
        return (sort_value(old, column), old.name_sort) == (sort_value(new, column), new.name_sort)

    # ----- rows saved in place ---------------------------------------------------------

    def ids(self) -> list[int]:
        """The people of the rows held, in the list's order."""
        return [r.id for r in self._rows]

    def index_of(self, person_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == person_id), None)

    def replace_row(self, row: PersonRow) -> bool:
        """Show a saved row where it is; False when it is not shown."""
        i = self.index_of(row.id)
        if i is None:
            return False
        self._rows[i] = row
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(Column) - 1))
        return True

    def place_row(self, person_id: int, row: PersonRow | None, position: int | None) -> None:
        """Show a saved person at ``position`` (the rows before it in the list),
        or nowhere (``row`` or ``position`` None: deleted or filtered out).

        The rows shown stay the first rows of the list: a row whose place is
        beyond them leaves, and comes back when the view scrolls there."""
        root = QModelIndex()
        i = self.index_of(person_id)
        others = len(self._rows) - (i is not None)
        target = position if row is not None and position is not None else None
        if target is not None and target > others:
            target = None  # beyond the rows shown
        if i is None:
            if target is not None and row is not None:
                self.beginInsertRows(root, target, target)
                self._rows.insert(target, row)
                self.endInsertRows()
            return
        if target is None:
            self.beginRemoveRows(root, i, i)
            del self._rows[i]
            self.endRemoveRows()
            return
        if target != i:
            # Qt names the row the moved one goes before, counted before the move
            self.beginMoveRows(root, i, i, root, target + 1 if target > i else target)
            del self._rows[i]
            self._rows.insert(target, row)
            self.endMoveRows()
        else:
            self._rows[i] = row
        self.dataChanged.emit(self.index(target, 0), self.index(target, len(Column) - 1))

    def set_total(self, total: int) -> None:
        """The rows the filter matches, after a save in place."""
        self._total = max(total, len(self._rows))

    # ----- what the base model asks --------------------------------------------

    def display(self, row: PersonRow, column: int) -> str:
        return _display(row, column)

    def display_text(self, row: int, column: int) -> str:
        """The DisplayRole text of a cell, without a QModelIndex (column fitting)."""
        return _display(self._rows[row], column)

    def sort_value(self, row: PersonRow, column: int) -> Any:
        return sort_value(row, column)

    def foreground(self, row: PersonRow, column: int) -> Any:
        return _TRANSFERRED_COLOUR if row.status is PersonStatus.TRANSFERRED_OUT else None
