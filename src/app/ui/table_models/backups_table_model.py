"""The backups the restore dialog offers: date, kind, contents, size."""

from __future__ import annotations

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

from app.exchange.backups import BackupInfo

RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
AnyIndex = QModelIndex | QPersistentModelIndex


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


class BackupsTableModel(QAbstractTableModel):
    def __init__(self, backups: Sequence[BackupInfo] = (), parent=None) -> None:
        super().__init__(parent)
        self._rows = list(backups)

    def set_backups(self, backups: Sequence[BackupInfo]) -> None:
        self.beginResetModel()
        self._rows = list(backups)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(BackupColumn)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        info = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == BackupColumn.CREATED:
                return info.created.strftime("%Y-%m-%d %H:%M:%S")
            if column == BackupColumn.REASON:
                return info.reason_label
            if column == BackupColumn.CONTENTS:
                return info.contents
            if column == BackupColumn.SIZE:
                return size_text(info.size)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == BackupColumn.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RECORD_ROLE:
            return info
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(BackupColumn)
        ):
            return QCoreApplication.translate("BackupsTableModel", HEADERS[BackupColumn(section)])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self._rows[index.row()].problem is None:
            flags |= Qt.ItemFlag.ItemIsEnabled  # an unreadable copy cannot be chosen
        return flags
