"""The main window: navigation on the left, the pages, menus, status bar."""

from __future__ import annotations

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
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.area import load
from app.areas import all_changes
from app.domain.errors import UserError
from app.services.registry import Services
from app.ui.background import BackgroundTask
from app.ui.file_actions import FileActions
from app.ui.forms.restore_dialog import RestoreDialog
from app.ui.forms.settings_dialog import open_settings
from app.ui.operations import Operations
from app.ui.prompts import Prompts


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
        # The notice of a read-only database, above the pages (hidden otherwise).
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        main = QVBoxLayout()
        main.setContentsMargins(0, 0, 0, 0)
        main.setSpacing(0)
        main.addWidget(self.read_only_banner)
        main.addWidget(self.pages, 1)
        row.addLayout(main, 1)
        self.setCentralWidget(central)
        self._show_read_only()

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
        self.file_actions = FileActions(self)
        self.file_actions.add_to(file_menu)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("退出"), self.close, QKeySequence.StandardKey.Quit)
        tools_menu = bar.addMenu(self.tr("工具(&T)"))
        self._action(
            tools_menu,
            self.tr("设置…"),
            lambda: open_settings(self, self.services, self.operations, self.prompts),
        )
        self.audit_log_action = self._action(tools_menu, self.tr("操作记录…"), self.show_audit_log)
        # Encryption is for a database file; a server has its own (hidden then).
        self.password_action = self._action(
            tools_menu, self.tr("数据库密码…"), self.show_password_dialog
        )
        self._show_password_action()
        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        self._action(help_menu, self.tr("关于"), self.show_about)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        self.counts_label = QLabel()
        status.addWidget(self.counts_label, 1)
        self.database_label = QLabel()
        status.addPermanentWidget(self.database_label)
        self._show_database_name()

    def _show_database_name(self) -> None:
        name = self.services.database_name
        suffix = self.tr("（只读）") if self.services.read_only else ""
        self.database_label.setText(
            self.tr("数据库：{name}{suffix}").format(name=name, suffix=suffix)
        )
        self.database_label.setToolTip(name)

    def _show_read_only(self) -> None:
        """The banner and the operations runner follow the database's read-only state."""
        if not self.services.read_only:
            self.operations.read_only = None
            self.read_only_banner.hide()
            return
        reason = self.services.read_only_reason
        why = self.tr("（{reason}）").format(reason=reason) if reason else ""
        self.operations.read_only = self.tr(
            "数据库以只读方式打开{why}，可以查看、打印和导出，不能保存任何修改。"
        ).format(why=why)
        self.read_only_banner.setText(self.tr("只读：") + self.operations.read_only)
        self.read_only_banner.show()

    # ----- file menu (app.ui.file_actions; these run in the background) ----------

    def import_workbook(self, path: Path | None = None) -> BackgroundTask | None:
        return self.file_actions.import_workbook(path)

    def export_workbook(self, path: Path | None = None) -> BackgroundTask | None:
        return self.file_actions.export_workbook(path)

    def backup_database(self) -> BackgroundTask:
        return self.file_actions.backup_database()

    def restore_backup(self) -> RestoreDialog | None:
        return self.file_actions.restore_backup()

    @property
    def restore_dialog(self) -> RestoreDialog | None:
        return self.file_actions.restore_dialog

    def replace_services(self, services: Services) -> None:
        """Show another open database (after a restore)."""
        self.services = services
        for page in self._pages_by_key.values():
            page.set_services(services)
        self._change_marker = self._take_change_marker()
        self._show_database_name()
        self._show_read_only()
        self._show_password_action()
        self.operations.changed.emit(all_changes(services.areas))

    def show_password_dialog(self):
        from app.ui.forms.password_dialog import open_password_dialog

        if self.services.database_file is None:
            self.prompts.error(
                self,
                self.tr("数据库密码"),
                self.tr(
                    "数据库密码只适用于本机的数据库文件；服务器上的数据库请用服务器的加密功能。"
                ),
            )
            return None
        return open_password_dialog(self)

    def _show_password_action(self) -> None:
        action = getattr(self, "password_action", None)
        if action is not None:
            action.setVisible(self.services.database_file is not None)
            action.setEnabled(not self.services.read_only)

    def show_audit_log(self):
        from app.ui.audit_log_dialog import open_audit_log

        return open_audit_log(self)

    def show_about(self) -> None:
        from app.ui.about_dialog import AboutDialog

        self.about_dialog = AboutDialog(self.services, self)
        self.about_dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.operations.ready_to_close(self):  # closes itself once the work has ended
            event.ignore()
            return
        for page in self._pages_by_key.values():
            form = getattr(page, "current_form", None)
            if form is not None:
                form.reject()  # asks first if something was typed
                if form.isVisible():  # the user chose to keep editing
                    event.ignore()
                    return
        self._backup_at_close()
        self.operations.report_files.remove()
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
