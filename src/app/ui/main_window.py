"""The main window: navigation on the left, the pages, menus, status bar.

It is painted before the database is opened (issue 13, "paint first"): built
without services it shows its menus, the navigation, a frame per page saying
正在打开… and the branch name remembered from the last run; ``attach`` then
puts the real pages in. Nothing that needs the database can be clicked before.
This module therefore imports nothing of the database layer at load time
(tests/unit/test_startup_imports.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.area import load
from app.areas import AREAS, all_changes
from app.domain.errors import UserError
from app.ui.file_actions import FileActions
from app.ui.operations import Operations
from app.ui.prompts import Prompts
from app.ui.remembered import RememberedBranch

if TYPE_CHECKING:
    from app.services.registry import Services
    from app.ui.background import BackgroundTask
    from app.ui.forms.restore_dialog import RestoreDialog


# Room for the window manager's title bar, which the screen's free area still counts.
TITLE_BAR_ROOM = 40


def _fitting_size(width: int, height: int) -> QSize:
    """The window's first size: ``width`` x ``height``, or less on a smaller
    screen (a 1366x768 laptop has about 728 pixels below its task bar)."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(width, height)
    room = screen.availableGeometry()
    return QSize(min(width, room.width()), min(height, room.height() - TITLE_BAR_ROOM))


class MainWindow(QMainWindow):
    # The database is open and its pages are shown (after ``attach``).
    opened = Signal()
    # The window's first paint has been drawn (the start opens the database then).
    first_painted = Signal()

    def __init__(
        self,
        services: Services | None,
        prompts: Prompts,
        parent: QWidget | None = None,
        *,
        title: str = "",
        remembered: RememberedBranch | None = None,
    ):
        super().__init__(parent)
        self.services: Services | None = None
        self.prompts = prompts
        self.remembered = remembered
        self.operations = Operations(prompts, self)
        self.operations.settings_saved.connect(self._refresh_branch_name)
        self._closed = False
        self._painted = False
        self._change_marker: int | None = None
        # Qt appends the application display name (支部台账) to window titles
        self.setWindowTitle(title)
        self.setMinimumSize(960, 600)
        self.resize(_fitting_size(1280, 780))

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
        # The branch this database keeps the ledgers of (设置's 支部名称).
        self.branch_label = QLabel()
        self.branch_label.setObjectName("branchName")
        self.branch_label.setWordWrap(True)
        side_box.addWidget(self.branch_label)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        side_box.addWidget(self.navigation, 1)
        row.addWidget(side)
        self.pages = QStackedWidget()
        # The notice of a read-only database, above the pages (hidden otherwise).
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.hide()
        main = QVBoxLayout()
        main.setContentsMargins(0, 0, 0, 0)
        main.setSpacing(0)
        main.addWidget(self.read_only_banner)
        main.addWidget(self.pages, 1)
        row.addLayout(main, 1)
        self.setCentralWidget(central)

        # One page per area that has one, in the areas' order; the window names
        # none. Until the database is open each is a frame saying 正在打开….
        self._pages_by_key: dict[str, QWidget] = {}
        for area in AREAS:
            if area.page is not None:
                self._add_page(area.key, area.title, self._opening_page(area.title))
        self._page_areas: dict[str, object] = {}  # pages not built yet, by area key
        self.navigation.currentRowChanged.connect(self._show_row)
        self.navigation.setCurrentRow(0)

        self._build_menus()
        self._build_status_bar()
        self._show_branch_name(remembered.name() if remembered is not None else "")
        self._enable_data_actions(False)
        if services is not None:
            self.attach(services)

    @property
    def is_open(self) -> bool:
        """Whether the database's pages are shown (``attach`` has run)."""
        return self.services is not None

    def attach(self, services: Services) -> None:
        """Show the open database: the real pages in place of the frames, the
        menus enabled, the status bar's counts and the database's name."""
        from PySide6.QtCore import Qt  # not before the first paint (see app.ui.application)

        self.navigation.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        current_key = self._key_at(self.navigation.currentRow())
        self.services = services
        self._change_marker = self._take_change_marker()
        self.setWindowTitle(
            services.database_file.name if services.database_file else services.database_name
        )
        pages = [area for area in services.areas if area.page is not None]
        if [area.key for area in pages] != list(self._pages_by_key):
            # Other areas than the frames painted (not the app's own): frames anew.
            self.navigation.blockSignals(True)
            self.navigation.clear()
            while self.pages.count():
                frame = self.pages.widget(0)
                self.pages.removeWidget(frame)
                frame.deleteLater()
            self._pages_by_key = {}
            for area in pages:
                self._add_page(area.key, area.title, self._opening_page(area.title))
            self.navigation.blockSignals(False)
        self._page_areas = {area.key: area for area in pages}
        keys = list(self._pages_by_key)
        row = keys.index(current_key) if current_key in keys else 0
        # Only the page on show is built now (and the first, whose counts the
        # status bar shows); each other page is built when first shown.
        if keys:
            self.page(keys[0])
            self.page(keys[row])
        self.navigation.setCurrentRow(row)
        self.pages.setCurrentIndex(row)

        # The status bar shows the counts of the first page that keeps some (the roster's).
        self.counts_label.setText("")
        for page in self._pages_by_key.values():
            if hasattr(page, "summary_changed"):
                self.counts_label.setText(page.summary)
                page.summary_changed.connect(self.counts_label.setText)
                break
        self._show_database_name()
        self._show_read_only()
        self._enable_data_actions(True)
        self._show_password_action()
        self._refresh_branch_name()
        self.opened.emit()

    def _opening_page(self, title: str) -> QWidget:
        frame = QWidget()
        frame.setObjectName("openingPage")
        box = QVBoxLayout(frame)
        box.setContentsMargins(16, 12, 16, 12)
        heading = QLabel(QCoreApplication.translate("Areas", title))
        heading.setObjectName("pageTitle")
        box.addWidget(heading)
        note = QLabel(self.tr("正在打开…"))
        note.setObjectName("openingNote")  # centred by the style sheet
        box.addWidget(note, 1)
        return frame

    def _take_change_marker(self) -> int | None:
        """Where the audit log stands now; closing compares with it."""
        service = self.services.backups
        try:
            return service.change_marker()
        except UserError:  # no marker: no backup at close, nothing else lost
            return None

    # ----- building -------------------------------------------------------------

    def _add_page(self, key: str, title: str, page: QWidget) -> None:
        self.navigation.addItem(QCoreApplication.translate("Areas", title))
        self.pages.addWidget(page)
        self._pages_by_key[key] = page

    def page(self, key: str) -> QWidget:
        """The page of the area ``key`` (see app.areas), built if not yet."""
        page = self._pages_by_key[key]
        area = self._page_areas.get(key)
        if area is None:  # built already, or the database is not open yet
            return page
        del self._page_areas[key]
        built = load(area.page)(self.services, self.operations, self.prompts)
        index = self.pages.indexOf(page)
        showing = self.pages.currentIndex() == index
        self.pages.insertWidget(index, built)
        self.pages.removeWidget(page)
        page.deleteLater()
        if showing:
            self.pages.setCurrentIndex(index)
        self._pages_by_key[key] = built
        return built

    def _show_row(self, row: int) -> None:
        """The navigation's choice: that page, built when first shown."""
        key = self._key_at(row)
        if key is not None and self.services is not None:
            self.page(key)
        self.pages.setCurrentIndex(row)

    def _key_at(self, row: int) -> str | None:
        """The area key of the navigation's row (rows are in the pages' order)."""
        keys = list(self._pages_by_key)
        return keys[row] if 0 <= row < len(keys) else None

    def show_page(self, key: str) -> QWidget:
        page = self.page(key)
        self.navigation.setCurrentRow(self.pages.indexOf(page))
        return page

    def _action(
        self, menu, text: str, slot: Callable, shortcut: QKeySequence.StandardKey | None = None
    ) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            # setShortcuts: the platform's keys for a standard key; setShortcut
            # would build PySide's Qt namespace (≈ 20 ms) before the first paint.
            action.setShortcuts(shortcut)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        self.file_actions = FileActions(self)
        self.file_actions.add_to(file_menu)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("退出"), self.close, QKeySequence.StandardKey.Quit)
        tools_menu = bar.addMenu(self.tr("工具(&T)"))
        self.settings_action = self._action(tools_menu, self.tr("设置…"), self.show_settings)
        self.audit_log_action = self._action(tools_menu, self.tr("操作记录…"), self.show_audit_log)
        # Encryption is for a database file; a server has its own (hidden then).
        self.password_action = self._action(
            tools_menu, self.tr("数据库密码…"), self.show_password_dialog
        )
        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        self.about_action = self._action(help_menu, self.tr("关于"), self.show_about)

    def _enable_data_actions(self, enabled: bool) -> None:
        """Before the database is open only 退出 (and the navigation) answer."""
        for action in (self.settings_action, self.audit_log_action, self.about_action):
            action.setEnabled(enabled)
        if enabled:
            self.file_actions.enable(read_only=self.services.read_only)
        else:
            self.file_actions.disable()
            self.password_action.setEnabled(False)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        self.counts_label = QLabel(self.tr("正在打开…"))
        status.addWidget(self.counts_label, 1)
        self.database_label = QLabel()
        status.addPermanentWidget(self.database_label)

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

    def _show_branch_name(self, name: str) -> None:
        self.branch_label.setText(name)
        self.branch_label.setToolTip(name)
        self.branch_label.setVisible(bool(name))

    def _refresh_branch_name(self) -> None:
        """The 支部名称 as stored (设置), remembered for the next start's first paint."""
        from app.domain.settings import BRANCH_NAME

        try:
            name = str(self.services.settings.get(BRANCH_NAME) or "")
        except UserError:
            return
        self._show_branch_name(name)
        if self.remembered is not None:
            self.remembered.keep(name)

    def show_settings(self):
        from app.ui.forms.settings_dialog import open_settings

        return open_settings(self, self.services, self.operations, self.prompts)

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
        for key, page in self._pages_by_key.items():
            if key not in self._page_areas:  # a page not built yet gets them when built
                page.set_services(services)
        self._change_marker = self._take_change_marker()
        self._show_database_name()
        self._show_read_only()
        self._enable_data_actions(True)
        self._show_password_action()
        self._refresh_branch_name()
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

    def paintEvent(self, event) -> None:  # noqa: N802
        # Not an event filter: every event through Python would build PySide's
        # classes for dozens of event types before the first paint.
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.services is None:  # closed while the database was opening
            super().closeEvent(event)
            return
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
