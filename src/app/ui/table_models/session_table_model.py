"""The 帮扶台账 table: sessions paged in from the database as the view scrolls
(``fetchMore`` asks ``list_sessions(filter, offset, limit)`` for the next
page), so 100,000 sessions show their first rows at once. The service orders
rows by date, newest first; the table keeps that order, also for the rows a
save updates in place (``PagedTableModel.update_rows``)."""

from __future__ import annotations

import datetime as dt
from enum import IntEnum
from typing import Any

from PySide6.QtGui import QColor

from app.ui.table_models.base import (  # noqa: F401 - re-exported
    PAGE_SIZE,
    RECORD_ROLE,
    SORT_ROLE,
    PagedTableModel,
    PageFetcher,
)


class Column(IntEnum):
    DATE = 0
    PAIRING = 1
    KIND = 2
    TOPIC = 3
    SERVICE_TYPE = 4
    PLACE = 5
    PARTICIPANTS = 6
    PERSON_TIMES = 7
    PROBLEMS_FOUND = 8
    PROBLEMS_SOLVED = 9


HEADERS = {
    Column.DATE: "日期",
    Column.PAIRING: "结对",
    Column.KIND: "类型",
    Column.TOPIC: "主题",
    Column.SERVICE_TYPE: "服务类型",
    Column.PLACE: "地点",
    Column.PARTICIPANTS: "参与人员",
    Column.PERSON_TIMES: "人次",
    Column.PROBLEMS_FOUND: "发现问题",
    Column.PROBLEMS_SOLVED: "已解决",
}

NUMBER_COLUMNS = (Column.PERSON_TIMES, Column.PROBLEMS_FOUND, Column.PROBLEMS_SOLVED)
LONG_TEXT_COLUMNS = (Column.PAIRING, Column.TOPIC, Column.PLACE, Column.PARTICIPANTS)
_OPEN_PROBLEMS_COLOUR = QColor("#a8231a")


def _label(value: Any) -> str:
    return getattr(value, "label", "" if value is None else str(value))


def display(row: Any, column: int) -> str:
    if column == Column.DATE:
        return row.date.strftime("%Y-%m-%d") if isinstance(row.date, dt.date) else ""
    if column == Column.PAIRING:
        return row.pairing_name
    if column == Column.KIND:
        return _label(row.kind)
    if column == Column.TOPIC:
        return row.topic
    if column == Column.SERVICE_TYPE:
        return _label(row.service_type)
    if column == Column.PLACE:
        return row.place
    if column == Column.PARTICIPANTS:
        return row.participant_names
    if column == Column.PERSON_TIMES:
        return str(row.person_times)
    if column == Column.PROBLEMS_FOUND:
        return str(row.problems_found) if row.problems_found else ""
    if column == Column.PROBLEMS_SOLVED:
        return str(row.problems_solved) if row.problems_found else ""
    return ""


def sort_value(row: Any, column: int) -> Any:
    if column == Column.DATE:
        return row.date
    if column in NUMBER_COLUMNS:
        return {
            Column.PERSON_TIMES: row.person_times,
            Column.PROBLEMS_FOUND: row.problems_found,
            Column.PROBLEMS_SOLVED: row.problems_solved,
        }[Column(column)]
    return display(row, column)


class SessionTableModel(PagedTableModel):
    COLUMNS = Column
    HEADERS = HEADERS
    NUMBER_COLUMNS = NUMBER_COLUMNS
    TOOLTIP_COLUMNS = LONG_TEXT_COLUMNS
    # a place is a few words: shown in full; names, topics and people lists may run long
    CAPPED_COLUMNS = (Column.PAIRING, Column.TOPIC, Column.PARTICIPANTS)

    # ----- what the base model asks --------------------------------------------

    def display(self, row: Any, column: int) -> str:
        return display(row, column)

    def display_text(self, row: int, column: int) -> str:
        """The DisplayRole text of a cell, without a QModelIndex: the column fit
        measures the first rows after every filter change (record_table)."""
        return display(self._rows[row], column)

    def sort_value(self, row: Any, column: int) -> Any:
        return sort_value(row, column)

    def foreground(self, row: Any, column: int) -> Any:
        if column == Column.PROBLEMS_SOLVED and row.problems_solved < row.problems_found:
            return _OPEN_PROBLEMS_COLOUR
        return None

    def order_key(self, row: Any) -> Any:
        # list_sessions: date desc, id desc
        return (-row.date.toordinal(), -row.id)
