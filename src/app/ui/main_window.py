"""The main window: navigation on the left, the pages, menus, status bar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressDialog,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.area import load
from app.areas import all_changes
from app.domain.errors import UserError
from app.persistence.backups import BackupInfo
from app.services.registry import Services
from app.ui.forms.restore_dialog import RestoreDialog
from app.ui.operations import EVERYTHING, Failed, Operations
from app.ui.prompts import Prompts


class ImportProgress:
    """Feeds a QProgressDialog from the importer's ``progress`` callback and
    answers its ``cancel`` question. The callback may be given (done, total),
    (done, total, message) or a single fraction between 0 and 1."""

    def __init__(self, dialog: QProgressDialog) -> None:
        self.dialog = dialog

    def __call__(self, *args) -> None:
        if len(args) == 1 and isinstance(args[0], float):
            self.dialog.setMaximum(1000)
            self.dialog.setValue(int(args[0] * 1000))
        elif len(args) >= 2:
            done, total = args[0], args[1]
            if len(args) >= 3 and isinstance(args[2], str):
                self.dialog.setLabelText(args[2])
            if total:
                self.dialog.setMaximum(int(total))
                self.dialog.setValue(min(int(done), int(total)))
            else:  # unknown total: a busy indicator
                self.dialog.setMaximum(0)
                self.dialog.setValue(0)
        QCoreApplication.processEvents()

    def cancelled(self) -> bool:
        QCoreApplication.processEvents()
        return self.dialog.wasCanceled()


class MainWindow(QMainWindow):
    def __init__(self, services: Services, prompts: Prompts, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.prompts = prompts
        self.operations = Operations(prompts, self)
        self._closed = False
        self._change_marker = self._take_change_marker()
        # Qt appends the application display name (支部台账) to window titles
        sqlite_file = services.database_file
        self.setWindowTitle(sqlite_file.name if sqlite_file else services.database_name)
        self.resize(1280, 780)
        self.setMinimumSize(960, 600)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        side = QWidget()
        side.setObjectName("sidebar")
        side.setFixedWidth(168)
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(0, 0, 0, 0)
        side_box.setSpacing(0)
        brand = QLabel(APP_NAME)
        brand.setObjectName("brand")
        side_box.addWidget(brand)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        side_box.addWidget(self.navigation, 1)
        row.addWidget(side)
        self.pages = QStackedWidget()
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        # One page per area that has one, in the areas' order; the window names none.
        self._pages_by_key: dict[str, QWidget] = {}
        for area in services.areas:
            if area.page is not None:
                page = load(area.page)(services, self.operations, prompts)
                self._add_page(area.key, QCoreApplication.translate("Areas", area.title), page)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)

        self._build_menus()
        self._build_status_bar()
        # The status bar shows the counts of the first page that keeps some (the roster's).
        for page in self._pages_by_key.values():
            if hasattr(page, "summary_changed"):
                self.counts_label.setText(page.summary)
                page.summary_changed.connect(self.counts_label.setText)
                break

    def _take_change_marker(self) -> int | None:
        """Where the audit log stands now; closing compares with it."""
        service = self.services.backups
        try:
            return service.change_marker()
        except UserError:  # no marker: no backup at close, nothing else lost
            return None

    # ----- building -------------------------------------------------------------

    def _add_page(self, key: str, title: str, page: QWidget) -> None:
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.navigation.addItem(item)
        self.pages.addWidget(page)
        self._pages_by_key[key] = page

    def page(self, key: str) -> QWidget:
        """The page of the area ``key`` (see app.areas)."""
        return self._pages_by_key[key]

    def show_page(self, key: str) -> QWidget:
        page = self._pages_by_key[key]
        self.navigation.setCurrentRow(self.pages.indexOf(page))
        return page

    def _action(self, menu, text: str, slot: Callable, shortcut=None) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(shortcut)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        self.import_action = self._action(file_menu, self.tr("导入工作簿…"), self.import_workbook)
        self.export_action = self._action(file_menu, self.tr("导出工作簿…"), self.export_workbook)
        file_menu.addSeparator()
        self.backup_action = self._action(file_menu, self.tr("备份数据库…"), self.backup_database)
        self.restore_action = self._action(file_menu, self.tr("恢复备份…"), self.restore_backup)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("退出"), self.close, QKeySequence.StandardKey.Quit)
        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        self._action(help_menu, self.tr("关于"), self.show_about)
        read_only = self.services.read_only
        for action in (self.import_action, self.backup_action, self.restore_action):
            action.setEnabled(not read_only)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        self.counts_label = QLabel()
        status.addWidget(self.counts_label, 1)
        name = self.services.database_name
        suffix = self.tr("（只读）") if self.services.read_only else ""
        self.database_label = QLabel(
            self.tr("数据库：{name}{suffix}").format(name=name, suffix=suffix)
        )
        self.database_label.setToolTip(name)
        status.addPermanentWidget(self.database_label)

    # ----- file menu ------------------------------------------------------------

    def import_workbook(self, path: Path | None = None) -> object | None:
        from app.exchange.workbook_import import import_workbook

        path = path or self.prompts.open_workbook(self, self.tr("导入工作簿"))
        if path is None:
            return None
        dialog = QProgressDialog(
            self.tr("正在导入 {name}…").format(name=Path(path).name), self.tr("取消"), 0, 0, self
        )
        dialog.setWindowTitle(self.tr("导入工作簿"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(380)
        progress = ImportProgress(dialog)
        try:
            report = self.operations.run(
                self,
                lambda: import_workbook(self.services, Path(path), progress, progress.cancelled),
                changes=EVERYTHING,
                title=self.tr("导入失败"),
                cancelled=dialog.wasCanceled,
            )
        except Failed:
            return None
        finally:
            dialog.close()
            dialog.deleteLater()
        self.prompts.info(self, self.tr("导入完成"), _summary(report))
        return report

    def export_workbook(self, path: Path | None = None) -> object | None:
        from app.exchange.workbook_export import export_workbook

        suggested = f"{APP_NAME}-{dt.date.today():%Y%m%d}.xlsx"
        path = path or self.prompts.save_workbook(self, self.tr("导出工作簿"), suggested)
        if path is None:
            return None
        try:
            report = self.operations.run(
                self,
                lambda: export_workbook(self.services, Path(path)),
                title=self.tr("导出失败"),
            )
        except Failed:
            return None
        self.prompts.info(self, self.tr("导出完成"), _summary(report, path))
        return report

    def backup_database(self) -> Path | None:
        service = self.services.backups
        try:
            path = self.operations.run(
                self, lambda: service.create(reason="manual"), title=self.tr("备份失败")
            )
        except Failed:
            return None
        if path is None:  # a database on a server has its own backups
            self.prompts.info(
                self,
                self.tr("无需备份"),
                self.tr("数据库在服务器上，请使用服务器自带的备份工具。"),
            )
            return None
        self.prompts.info(
            self, self.tr("备份完成"), self.tr("已备份到：\n{path}").format(path=path)
        )
        return path

    def restore_backup(self) -> RestoreDialog | None:
        """List the backups; the one chosen replaces the data after a last question."""
        if self.services.database_file is None:
            self.prompts.info(
                self,
                self.tr("恢复备份"),
                self.tr("数据库在服务器上，请用数据库服务器自己的备份工具恢复。"),
            )
            return None
        try:
            backups = self.operations.run(
                self,
                self.services.backups.list_backups,
                title=self.tr("无法读取备份"),
            )
        except Failed:
            return None
        if not backups:
            self.prompts.info(
                self,
                self.tr("恢复备份"),
                self.tr("备份文件夹中还没有备份。可以用“文件 → 备份数据库…”立即备份。"),
            )
            return None
        dialog = RestoreDialog(backups, self)
        dialog.accepted.connect(lambda: self._restore(dialog.chosen))
        dialog.finished.connect(dialog.deleteLater)
        self.restore_dialog = dialog
        dialog.open()
        return dialog

    def _restore(self, chosen: BackupInfo | None) -> None:
        self.restore_dialog = None
        if chosen is None:
            return
        question = self.tr(
            "确定用 {time} 的{kind}（{contents}）替换当前的全部数据吗？\n"
            "当前数据会先备份，需要时可以再恢复回来。"
        ).format(
            time=f"{chosen.created:%Y-%m-%d %H:%M}",
            kind=chosen.reason_label,
            contents=chosen.contents or self.tr("内容未知"),
        )
        if not self.prompts.confirm(self, self.tr("恢复备份"), question, destructive=True):
            return
        service = self.services.backups
        try:
            safety = self.operations.run(
                self, lambda: service.restore(chosen.path), title=self.tr("恢复失败")
            )
        except Failed:
            self._reopen_database()  # the restore may have closed the old connections
            return
        if self._reopen_database():
            self.prompts.info(
                self,
                self.tr("恢复完成"),
                self.tr("已恢复 {time} 的备份。\n恢复前的数据已备份到：\n{safety}").format(
                    time=f"{chosen.created:%Y-%m-%d %H:%M}", safety=safety
                ),
            )

    def _reopen_database(self) -> bool:
        """Open the same database file anew and show its contents."""
        old = self.services
        try:
            new = old.reopen()
        except UserError as exc:
            self.prompts.error(self, self.tr("无法重新打开数据库"), exc.message)
            return False
        self.replace_services(new)
        old.close()
        return True

    def replace_services(self, services: Services) -> None:
        """Show another open database (after a restore)."""
        self.services = services
        for page in self._pages_by_key.values():
            page.set_services(services)
        self._change_marker = self._take_change_marker()
        self.database_label.setText(self.tr("数据库：{name}").format(name=services.database_name))
        self.operations.changed.emit(all_changes(services.areas))

    def show_about(self) -> None:
        from app.ui.about_dialog import AboutDialog

        self.about_dialog = AboutDialog(self.services, self)
        self.about_dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        for page in self._pages_by_key.values():
            form = getattr(page, "current_form", None)
            if form is not None:
                form.reject()  # asks first if something was typed
                if form.isVisible():  # the user chose to keep editing
                    event.ignore()
                    return
        self._backup_at_close()
        super().closeEvent(event)

    def _backup_at_close(self) -> None:
        """A copy of the day's work when anything changed since the window opened."""
        if self._closed or self._change_marker is None:
            return
        self._closed = True
        service = self.services.backups
        self.operations.attempt(
            self,
            lambda: service.backup_at_close(self._change_marker),
            title=self.tr("关闭时备份失败"),
        )


def _summary(report: object, path: Path | None = None) -> str:
    summary = getattr(report, "summary", None)
    text = summary() if callable(summary) else ""
    if path is not None:
        text = (text + "\n" if text else "") + QCoreApplication.translate(
            "MainWindow", "文件：{path}"
        ).format(path=path)
    return text or QCoreApplication.translate("MainWindow", "完成")
