"""恢复备份: pick one of the backups, seeing its date, kind and contents."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.persistence.backups import BackupInfo
from app.ui.table_models.backups_table_model import (
    RECORD_ROLE,
    BackupColumn,
    BackupsTableModel,
)


class RestoreDialog(QDialog):
    def __init__(
        self,
        backups: Sequence[BackupInfo],
        parent: QWidget | None = None,
        *,
        note: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("恢复备份"))
        self.setObjectName("formDialog")
        self.resize(620, 400)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)
        heading = QLabel(self.tr("恢复备份"))
        heading.setObjectName("formHeading")
        layout.addWidget(heading)
        explanation = QLabel(
            note
            or self.tr(
                "选择一个备份，用它替换当前的全部数据。恢复前会先自动备份当前数据，"
                "恢复后如有需要还可以再恢复回来。"
            )
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.model = BackupsTableModel(backups, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in (
            (BackupColumn.CREATED, 170),
            (BackupColumn.REASON, 110),
            (BackupColumn.CONTENTS, 190),
        ):
            header.resizeSection(column, width)
        header.setSectionResizeMode(BackupColumn.SIZE, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self._choose())
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button: QPushButton = self.buttons.addButton(
            self.tr("恢复所选备份"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setDefault(True)
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self._choose)
        self.buttons.rejected.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._update_button)
        layout.addWidget(self.buttons)
        self.chosen: BackupInfo | None = None

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(RECORD_ROLE) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_button(self, *_args) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _choose(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        self.chosen = chosen
        self.accept()
