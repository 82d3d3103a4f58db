"""The 老带新 list: mentorships paged in from the database as the view scrolls
(``set_source(total, fetch)``), a quiet 带教中 mentorship standing out with the
days since its last check-in; and the small table of one mentorship's
带教记录."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.domain.development_rules import CHECK_IN_QUIET_DAYS
from app.domain.mentoring_models import MentorshipStatus
from app.ui.table_models.base import (
    AnyIndex,
    PagedTableModel,
    RecordTableModel,
    date_text,
)


class Column(IntEnum):
    MENTOR = 0
    MENTEE = 1
    START = 2
    PLANNED_END = 3
    FOCUS = 4
    STATUS = 5
    CHECK_INS = 6
    LAST_CHECK_IN = 7
    QUIET_DAYS = 8


HEADERS = {
    Column.MENTOR: "导师",
    Column.MENTEE: "学员",
    Column.START: "开始日期",
    Column.PLANNED_END: "计划结束",
    Column.FOCUS: "培养方向",
    Column.STATUS: "状态",
    Column.CHECK_INS: "带教记录次数",
    Column.LAST_CHECK_IN: "最近记录",
    Column.QUIET_DAYS: "未记录天数",
}

# quiet for 30 days: amber; for twice as long: red
QUIET_BACKGROUND = QColor("#fff1dc")
QUIET_FOREGROUND = QColor("#9a5b00")
LONG_QUIET_BACKGROUND = QColor("#fde8e6")
LONG_QUIET_FOREGROUND = QColor("#a8231a")
_FLAG_COLUMNS = (Column.STATUS, Column.LAST_CHECK_IN, Column.QUIET_DAYS)


def _label(value: Any) -> str:
    return getattr(value, "label", "" if value is None else str(value))


def long_quiet(row: Any) -> bool:
    return bool(row.quiet and (row.quiet_days or 0) >= 2 * CHECK_IN_QUIET_DAYS)


class MentorshipTableModel(PagedTableModel):
    """Rows are ``MentoringService.list_mentorships`` rows (``MentorshipRow``)."""

    COLUMNS = Column
    HEADERS = HEADERS
    NUMBER_COLUMNS = (Column.CHECK_INS, Column.QUIET_DAYS)
    TOOLTIP_COLUMNS = (Column.FOCUS,)

    def order_key(self, row: Any) -> Any:
        # list_mentorships: 带教中 first, the quiet ones first among them, then
        # the latest start, then the highest id
        active = row.status == MentorshipStatus.ACTIVE
        return (not active, not row.quiet if active else True, -row.start_date.toordinal(), -row.id)

    def display(self, row: Any, column: int) -> str:
        if column == Column.MENTOR:
            return row.mentor_name
        if column == Column.MENTEE:
            return row.mentee_name
        if column == Column.START:
            return date_text(row.start_date)
        if column == Column.PLANNED_END:
            return date_text(row.planned_end)
        if column == Column.FOCUS:
            return "、".join(f.label for f in row.focus)
        if column == Column.STATUS:
            if row.quiet:
                return self.tr("{status}（未记录）").format(status=_label(row.status))
            return _label(row.status)
        if column == Column.CHECK_INS:
            return str(row.check_ins)
        if column == Column.LAST_CHECK_IN:
            return date_text(row.last_check_in)
        if column == Column.QUIET_DAYS:
            return "" if row.quiet_days is None else str(row.quiet_days)
        return ""

    def sort_value(self, row: Any, column: int) -> Any:
        if column == Column.START:
            return row.start_date
        if column == Column.PLANNED_END:
            return row.planned_end or row.start_date.max
        if column == Column.CHECK_INS:
            return row.check_ins
        if column == Column.LAST_CHECK_IN:
            return row.last_check_in or row.start_date.min
        if column == Column.QUIET_DAYS:
            return -1 if row.quiet_days is None else row.quiet_days
        return self.display(row, column)

    def quiet_note(self, row: Any) -> str:
        """ "已 45 天未记录带教" for a flagged mentorship, else ''."""
        if not row.quiet:
            return ""
        return self.tr("已 {n} 天未记录带教").format(n=row.quiet_days)

    def tooltip(self, row: Any, column: int) -> Any:
        note = self.quiet_note(row)
        text = super().tooltip(row, column)
        if note:
            return f"{note}\n{text}" if text else note
        return text

    def foreground(self, row: Any, column: int) -> Any:
        if row.quiet and column in _FLAG_COLUMNS:
            return LONG_QUIET_FOREGROUND if long_quiet(row) else QUIET_FOREGROUND
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            row = self.record(index.row()) if index.isValid() else None
            if row is None or not row.quiet:
                return None
            return LONG_QUIET_BACKGROUND if long_quiet(row) else QUIET_BACKGROUND
        return super().data(index, role)


class CheckInColumn(IntEnum):
    DATE = 0
    CONTENT = 1
    COMMENT = 2


class CheckInTableModel(RecordTableModel):
    """One mentorship's 带教记录 (``CheckInRow``: date, content, comment), oldest first."""

    COLUMNS = CheckInColumn
    HEADERS = {
        CheckInColumn.DATE: "日期",
        CheckInColumn.CONTENT: "带教内容",
        CheckInColumn.COMMENT: "导师评价",
    }
    TOOLTIP_COLUMNS = (CheckInColumn.CONTENT, CheckInColumn.COMMENT)
    WIDTHS = {CheckInColumn.DATE: 100, CheckInColumn.CONTENT: 300}

    def display(self, row: Any, column: int) -> str:
        if column == CheckInColumn.DATE:
            return date_text(row.date)
        if column == CheckInColumn.CONTENT:
            return row.content
        return row.comment

    def sort_value(self, row: Any, column: int) -> Any:
        return row.date if column == CheckInColumn.DATE else self.display(row, column)
