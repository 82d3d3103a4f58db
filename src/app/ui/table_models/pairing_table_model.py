"""Lists of the 结对帮扶 page besides the ledger: the pairings, paged in as
the view scrolls like the ledger (a party committee's database may hold
thousands), and the open problems (a handful: every row held)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from app.ui.table_models.base import (  # noqa: F401 - the roles are re-exported
    RECORD_ROLE,
    SORT_ROLE,
    PagedTableModel,
    RecordTableModel,
)
from app.ui.table_models.base import date_text as _date


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


class PairingTableModel(PagedTableModel):
    """Rows shaped like ``services.pairing.PairingRow``, by name (``list_pairings``)."""

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

    def order_key(self, row: Any) -> Any:
        return (row.name, row.id)

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


class ProblemTableModel(RecordTableModel):
    """Rows shaped like ``services.pairing.ProblemRow`` (the open problems)."""

    COLUMNS = ProblemColumn
    HEADERS = {
        ProblemColumn.TEXT: "问题",
        ProblemColumn.FOUND_ON: "发现日期",
        ProblemColumn.PAIRING: "结对",
    }
    TOOLTIP_COLUMNS = (ProblemColumn.TEXT, ProblemColumn.PAIRING)

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
