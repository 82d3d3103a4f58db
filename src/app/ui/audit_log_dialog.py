"""工具 → 操作记录…: every create, update and delete (工作留痕), newest first.

Filtered by date, area (范围) and operator (经办人); the table fetches 200
lines at a time as it scrolls (services.audit_log: keyset pages, the count in
SQL), so a log of a million lines opens as fast as a short one. An import is
one line; 查看导入明细 (or a double click) lists its records. 导出 Excel…
writes the lines the filter shows, in the background.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.audit_labels import areas
from app.services.audit_log import PAGE_SIZE, AuditFilter, AuditLine
from app.ui.table_models.base import TableModelBase
from app.ui.widgets.date_field import DateField
from app.ui.widgets.record_table import record_table

ALL = "全部"


class AuditColumn(IntEnum):
    AT = 0
    ACTOR = 1
    ACTION = 2
    AREA = 3
    RECORD = 4
    CHANGES = 5


class AuditTableModel(TableModelBase):
    """The lines of one filter, fetched a page at a time as the view scrolls."""

    COLUMNS = AuditColumn
    HEADERS = {
        AuditColumn.AT: "时间",
        AuditColumn.ACTOR: "经办人",
        AuditColumn.ACTION: "操作",
        AuditColumn.AREA: "范围",
        AuditColumn.RECORD: "记录",
        AuditColumn.CHANGES: "内容",
    }
    TOOLTIP_COLUMNS = (AuditColumn.RECORD, AuditColumn.CHANGES)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._log = None
        self._filter = AuditFilter()
        self._total = 0
        self._resetting = False

    @property
    def total(self) -> int:
        return self._total

    def load(self, log, where: AuditFilter) -> None:
        """Show the lines of ``where``: the count and the first page."""
        total, rows = log.count(where), log.page(where, None, PAGE_SIZE)
        # Views ask for more while the reset is announced: not until it is done.
        self._resetting = True
        try:
            self.beginResetModel()
            self._log, self._filter = log, where
            self._total, self._rows = total, rows
            self.endResetModel()
        finally:
            self._resetting = False

    def _can_fetch(self) -> bool:
        return not self._resetting and self._log is not None and len(self._rows) < self._total

    def _fetch_batch(self) -> None:
        if not self._can_fetch():  # fetchMore may come without canFetchMore
            return
        last = self._rows[-1].id if self._rows else None
        more = self._log.page(self._filter, last, PAGE_SIZE)
        if not more:
            self._total = len(self._rows)
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def display(self, row: AuditLine, column: int) -> str:
        if column == AuditColumn.AT:
            return row.at.strftime("%Y-%m-%d %H:%M")
        if column == AuditColumn.ACTOR:
            return row.actor
        if column == AuditColumn.ACTION:
            return row.action
        if column == AuditColumn.AREA:
            return row.area
        if column == AuditColumn.RECORD:
            if row.is_import:
                return self.tr("{record}（{n} 条记录）").format(
                    record=row.record, n=row.import_records
                )
            return row.record
        return row.changes

    def sort_value(self, row: AuditLine, column: int) -> Any:
        return row.at if column == AuditColumn.AT else self.display(row, column)


class AuditLogDialog(QDialog):
    def __init__(self, services, operations, prompts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.operations = operations
        self.prompts = prompts
        self._import: AuditLine | None = None  # the import whose records are shown
        self.setWindowTitle(self.tr("操作记录"))
        self.resize(1180, 680)

        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("日期从")))
        self.date_from = DateField(self, label=self.tr("开始日期"))
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel(self.tr("到")))
        self.date_to = DateField(self, label=self.tr("结束日期"))
        filters.addWidget(self.date_to)
        filters.addSpacing(12)
        filters.addWidget(QLabel(self.tr("范围")))
        self.area = QComboBox()
        self.area.addItems([self.tr(ALL), *areas()])
        filters.addWidget(self.area)
        filters.addWidget(QLabel(self.tr("经办人")))
        self.actor = QComboBox()
        filters.addWidget(self.actor)
        filters.addStretch(1)
        self.export_button = QPushButton(self.tr("导出 Excel…"))
        filters.addWidget(self.export_button)
        layout.addLayout(filters)

        heading = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        heading.addWidget(self.count_label, 1)
        self.details_button = QPushButton(self.tr("查看导入明细"))
        self.back_button = QPushButton(self.tr("返回全部记录"))
        heading.addWidget(self.details_button)
        heading.addWidget(self.back_button)
        layout.addLayout(heading)

        self.model = AuditTableModel(self)
        self.table = record_table("auditTable")
        self.table.setModel(self.model)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setObjectName("auditDetail")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        header = self.table.horizontalHeader()
        for column, width in ((0, 130), (1, 90), (2, 56), (3, 90), (4, 260)):
            header.resizeSection(column, width)

        self._fill_actors()
        for field in (self.date_from, self.date_to):
            field.editingFinished.connect(self.reload)
        self.area.currentIndexChanged.connect(self.reload)
        self.actor.currentIndexChanged.connect(self.reload)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _index: self.show_import_records())
        self.details_button.clicked.connect(self.show_import_records)
        self.back_button.clicked.connect(self.show_all)
        self.export_button.clicked.connect(self.export)
        self.reload()

    # ----- filter -----------------------------------------------------------------

    def _fill_actors(self) -> None:
        self.actor.blockSignals(True)
        self.actor.clear()
        self.actor.addItem(self.tr(ALL), None)
        for name in self.services.audit_log.actors():
            self.actor.addItem(name, name)
        self.actor.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        area = self.area.currentText() if self.area.currentIndex() > 0 else None
        return AuditFilter(
            date_from=self.date_from.date(),
            date_to=self.date_to.date(),
            area=area,
            actor=self.actor.currentData(),
            batch_id=self._import.id if self._import is not None else None,
        )

    def reload(self) -> None:
        for field in (self.date_from, self.date_to):
            if field.error():
                self.count_label.setText(field.error())
                return
        self.model.load(self.services.audit_log, self.current_filter())
        self.table.scrollToTop()
        if self._import is not None:
            text = self.tr("导入{record}的明细：共 {n} 条").format(
                record=self._import.record, n=self.model.total
            )
        else:
            text = self.tr("共 {n} 条").format(n=self.model.total)
        self.count_label.setText(text)
        self.back_button.setVisible(self._import is not None)
        self.details_button.setVisible(self._import is None)
        self.details_button.setEnabled(False)
        self.detail.clear()

    def _selected(self, current, _previous) -> None:
        line = self.model.record(current.row()) if current.isValid() else None
        self.details_button.setEnabled(line is not None and line.is_import)
        if line is None:
            self.detail.clear()
            return
        head = f"{line.at:%Y-%m-%d %H:%M:%S}　{line.actor}　{line.action}　{line.record}"
        self.detail.setPlainText(head + "\n" + "\n".join(line.changes.split("；")))

    # ----- an import's records ----------------------------------------------------

    def selected_line(self) -> AuditLine | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def show_import_records(self) -> None:
        line = self.selected_line()
        if self._import is not None or line is None or not line.is_import:
            return
        self._import = line
        self.reload()

    def show_all(self) -> None:
        self._import = None
        self.reload()

    # ----- export -----------------------------------------------------------------

    def export(self):
        from app.exchange.audit_export import export_audit_log

        suggested = f"操作记录-{dt.date.today():%Y%m%d}.xlsx"
        path = self.prompts.save_file(
            self, self.tr("导出操作记录"), suggested, self.tr("Excel 工作簿 (*.xlsx)")
        )
        if path is None:
            return None
        services, where = self.services, self.current_filter()
        return self.operations.run_in_background(
            self,
            lambda progress, cancelled: export_audit_log(services, where, path, progress),
            title=self.tr("导出操作记录"),
            label=self.tr("正在导出到 {name}…").format(name=path.name),
            error_title=self.tr("导出失败"),
            on_done=lambda report: self.prompts.info(self, self.tr("导出完成"), report.summary()),
        )


def open_audit_log(window) -> AuditLogDialog:
    dialog = AuditLogDialog(window.services, window.operations, window.prompts, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.audit_log_dialog = dialog
    dialog.show()
    return dialog
