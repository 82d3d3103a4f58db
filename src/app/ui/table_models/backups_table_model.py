"""The backups the restore dialog offers: date, kind, contents, size."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from app.persistence.backups import BackupInfo
from app.ui.table_models.base import RECORD_ROLE, AnyIndex, RecordTableModel  # noqa: F401


class BackupColumn(IntEnum):
    CREATED = 0
    REASON = 1
    CONTENTS = 2
    SIZE = 3


HEADERS = {
    BackupColumn.CREATED: "备份时间",
    BackupColumn.REASON: "类型",
    BackupColumn.CONTENTS: "内容",
    BackupColumn.SIZE: "大小",
}


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


class BackupsTableModel(RecordTableModel):
    COLUMNS = BackupColumn
    HEADERS = HEADERS
    NUMBER_COLUMNS = (BackupColumn.SIZE,)

    def __init__(self, backups: Sequence[BackupInfo] = (), parent=None) -> None:
        super().__init__(parent)
        self._rows = list(backups)

    def set_backups(self, backups: Sequence[BackupInfo]) -> None:
        self.set_rows(backups)

    def display(self, info: BackupInfo, column: int) -> Any:
        if column == BackupColumn.CREATED:
            return info.created.strftime("%Y-%m-%d %H:%M:%S")
        if column == BackupColumn.REASON:
            return info.reason_label
        if column == BackupColumn.CONTENTS:
            return info.contents
        if column == BackupColumn.SIZE:
            return size_text(info.size)
        return None

    def sort_value(self, info: BackupInfo, column: int) -> Any:
        return None  # the dialog lists backups newest first and does not sort

    def tooltip(self, info: BackupInfo, column: int) -> Any:
        return str(info.path)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self._rows[index.row()].problem is None:
            flags |= Qt.ItemFlag.ItemIsEnabled  # an unreadable copy cannot be chosen
        return flags
