"""发展 (双培养一输送)'s two tables: everyone with a track (姓名, 单位, 政治面貌,
当前阶段, 阶段日期, 下一步, 应于, 提醒) and one person's dated stages (日期,
阶段, 备注/去向, 规定事项).

A branch follows tens of people, so both models hold every row. A next step
past its date shows in red on the track list; a row with the regulations'
warnings is amber, the warnings in full in its tooltip."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from app.domain.search_keys import name_sort_key
from app.ui.table_models.base import AnyIndex, RecordTableModel
from app.ui.table_models.base import date_text as _date

OVERDUE = QColor("#a8231a")
WARNED = QColor("#fff3d6")  # amber: the regulations have something to say

_tr = QCoreApplication.translate


def due_text(step) -> str:
    """应于: the date a next step is due, or "不早于 …" when it may not come earlier."""
    if step is None:
        return ""
    if step.due is not None:
        return _date(step.due)
    if step.earliest is not None:
        return _tr("TrackTableModel", "不早于 {date}").format(date=_date(step.earliest))
    return ""


class TrackColumn(IntEnum):
    NAME = 0
    UNIT = 1
    STATUS = 2
    STAGE = 3
    STAGE_DATE = 4
    NEXT = 5
    DUE = 6
    WARNINGS = 7


class TrackTableModel(RecordTableModel):
    """Rows shaped like ``services.development.TrackRow``."""

    COLUMNS = TrackColumn
    HEADERS = {
        TrackColumn.NAME: "姓名",
        TrackColumn.UNIT: "单位",
        TrackColumn.STATUS: "政治面貌",
        TrackColumn.STAGE: "当前阶段",
        TrackColumn.STAGE_DATE: "阶段日期",
        TrackColumn.NEXT: "下一步",
        TrackColumn.DUE: "应于",
        TrackColumn.WARNINGS: "提醒",
    }
    TOOLTIP_COLUMNS = (TrackColumn.UNIT, TrackColumn.NEXT)
    CAPPED_COLUMNS = (TrackColumn.UNIT, TrackColumn.NEXT, TrackColumn.WARNINGS)
    WIDTHS = {
        TrackColumn.NAME: 72,
        TrackColumn.UNIT: 110,
        TrackColumn.STATUS: 96,
        TrackColumn.STAGE: 110,
        TrackColumn.STAGE_DATE: 96,
        TrackColumn.NEXT: 170,
        TrackColumn.DUE: 132,
        TrackColumn.WARNINGS: 220,
    }

    def __init__(self, parent=None, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.today = today

    def row_of(self, person_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row.person_id == person_id:
                return i
        return None

    def display(self, row: Any, column: int) -> str:
        if column == TrackColumn.NAME:
            return row.name
        if column == TrackColumn.UNIT:
            return row.unit_name
        if column == TrackColumn.STATUS:
            return getattr(row.political_status, "label", "") or ""
        if column == TrackColumn.STAGE:
            return row.stage.label
        if column == TrackColumn.STAGE_DATE:
            return _date(row.stage_date)
        if column == TrackColumn.NEXT:
            return row.next_step.text if row.next_step is not None else ""
        if column == TrackColumn.DUE:
            return due_text(row.next_step)
        if column == TrackColumn.WARNINGS:
            return "；".join(row.warnings)
        return ""

    def sort_value(self, row: Any, column: int) -> Any:
        if column == TrackColumn.NAME:
            return name_sort_key(row.name)
        if column == TrackColumn.STAGE:
            return row.stage.order
        if column == TrackColumn.STAGE_DATE:
            return row.stage_date
        if column == TrackColumn.DUE:
            step = row.next_step
            day = step and (step.due or step.earliest)
            return (day is None, day or dt.date.max)
        return self.display(row, column)

    def overdue(self, row: Any) -> bool:
        return row.overdue(self.today())

    def tooltip(self, row: Any, column: int) -> Any:
        lines = []
        if column in (TrackColumn.NEXT, TrackColumn.DUE) and self.overdue(row):
            days = (self.today() - row.next_step.due).days
            lines.append(_tr("TrackTableModel", "已逾期 {n} 天").format(n=days))
        if column in self.TOOLTIP_COLUMNS and self.display(row, column):
            lines.insert(0, self.display(row, column))
        if row.warnings and column in (TrackColumn.WARNINGS, TrackColumn.NAME):
            lines.extend(f"• {w}" for w in row.warnings)
        return "\n".join(lines) or None

    def foreground(self, row: Any, column: int) -> Any:
        if column in (TrackColumn.NEXT, TrackColumn.DUE) and self.overdue(row):
            return OVERDUE
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole)
            and index.isValid()
            and 0 <= index.row() < len(self._rows)
        ):
            row = self._rows[index.row()]
            if role == Qt.ItemDataRole.BackgroundRole:
                return WARNED if row.warnings else None
            if index.column() in (TrackColumn.NEXT, TrackColumn.DUE) and self.overdue(row):
                font = QFont()
                font.setBold(True)
                return font
            return None
        return super().data(index, role)


# ----- one person's stages ----------------------------------------------------------


class StageColumn(IntEnum):
    DATE = 0
    STAGE = 1
    NOTE = 2
    DETAILS = 3


def stage_details(row: Any) -> str:
    """The regulation fields recorded with a stage, as a line."""
    parts = []
    t = lambda text: _tr("StageTableModel", text)  # noqa: E731
    if row.talk_date is not None:
        parts.append(t("谈话 {date}").format(date=_date(row.talk_date)))
    if row.introducer_names:
        parts.append(t("介绍人 {names}").format(names="、".join(row.introducer_names)))
    if row.training_days is not None or row.training_hours is not None:
        training = []
        if row.training_days is not None:
            training.append(t("{n} 天").format(n=row.training_days))
        if row.training_hours is not None:
            training.append(t("{n} 学时").format(n=row.training_hours))
        parts.append(t("培训 {what}").format(what=" ".join(training)))
    if row.approval_date is not None:
        parts.append(t("审批 {date}").format(date=_date(row.approval_date)))
    if row.extension_months:
        parts.append(t("预备期延长 {n} 个月").format(n=row.extension_months))
    return "；".join(parts)


class StageTableModel(RecordTableModel):
    """Rows shaped like ``services.development.StageRow``, by date."""

    COLUMNS = StageColumn
    HEADERS = {
        StageColumn.DATE: "日期",
        StageColumn.STAGE: "阶段",
        StageColumn.NOTE: "备注/去向",
        StageColumn.DETAILS: "规定事项",
    }
    TOOLTIP_COLUMNS = (StageColumn.NOTE, StageColumn.DETAILS)
    WIDTHS = {
        StageColumn.DATE: 96,
        StageColumn.STAGE: 116,
        StageColumn.NOTE: 140,
        StageColumn.DETAILS: 300,
    }

    def display(self, row: Any, column: int) -> str:
        if column == StageColumn.DATE:
            return _date(row.date)
        if column == StageColumn.STAGE:
            return row.stage.label
        if column == StageColumn.NOTE:
            return row.note
        if column == StageColumn.DETAILS:
            return stage_details(row)
        return ""

    def sort_value(self, row: Any, column: int) -> Any:
        if column == StageColumn.DATE:
            return row.date
        if column == StageColumn.STAGE:
            return row.stage.order
        return self.display(row, column)
