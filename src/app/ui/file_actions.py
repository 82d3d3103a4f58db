"""The 文件 menu's work on whole files: import and export of the exchange
workbook, backup and restore of the database.

Each runs in the background (``Operations.run_in_background``) behind a
progress dialog; the window builds one ``FileActions`` and puts its actions in
its menu. Only the import may be cancelled: it writes in one transaction that a
cancel rolls back. A backup, an export (written beside the target and renamed)
and a restore run to the end once started.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from app import APP_NAME
from app.areas import all_changes
from app.domain.errors import UserError
from app.ui.operations import Failed

if TYPE_CHECKING:
    from app.exchange.workbook_export import ExportReport
    from app.persistence.backups import BackupInfo
    from app.services.registry import Services
    from app.ui.background import BackgroundTask
    from app.ui.forms.restore_dialog import RestoreDialog
    from app.ui.operations import Operations
    from app.ui.prompts import Prompts


class FileWindow(Protocol):
    """What FileActions needs of the window (the main window; a Protocol so
    this module does not import the one that builds it)."""

    services: Services
    prompts: Prompts
    operations: Operations

    def replace_services(self, services: Services) -> None: ...


class FileActions(QObject):
    def __init__(self, window: FileWindow) -> None:
        super().__init__(window)
        self.window = window
        self.prompts = window.prompts
        self.operations = window.operations
        self.restore_dialog: RestoreDialog | None = None

    @property
    def services(self) -> Services:
        # The window's, which a restore replaces.
        return self.window.services

    def add_to(self, menu: QMenu) -> None:
        """导入 and 导出, then 备份 and 恢复; the writing ones off when read-only."""
        self.import_action = self._action(menu, self.tr("导入工作簿…"), self.import_workbook)
        self.export_action = self._action(menu, self.tr("导出工作簿…"), self.export_workbook)
        menu.addSeparator()
        self.backup_action = self._action(menu, self.tr("备份数据库…"), self.backup_database)
        self.restore_action = self._action(menu, self.tr("恢复备份…"), self.restore_backup)

    def enable(self, *, read_only: bool) -> None:
        """The database is open: everything, but the writing ones off when read-only."""
        self.export_action.setEnabled(True)
        for action in (self.import_action, self.backup_action, self.restore_action):
            action.setEnabled(not read_only)

    def disable(self) -> None:
        """While the database is opening, nothing here can be done."""
        for action in (
            self.import_action,
            self.export_action,
            self.backup_action,
            self.restore_action,
        ):
            action.setEnabled(False)

    def _action(self, menu: QMenu, text: str, slot) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # ----- the exchange workbook ------------------------------------------------

    def import_workbook(self, path: Path | None = None) -> BackgroundTask | None:
        """Import ``path`` (asked for when None); None when the user gave no file."""
        from app.exchange.workbook_import import import_workbook

        if self.operations.refuse_if_read_only(self.window):
            return None
        path = path or self.prompts.open_workbook(self.window, self.tr("导入工作簿"))
        if path is None:
            return None
        path = Path(path)
        services = self.services
        return self.operations.run_in_background(
            self.window,
            lambda progress, cancelled: import_workbook(services, path, progress, cancelled),
            title=self.tr("导入工作簿"),
            label=self.tr("正在导入 {name}…").format(name=path.name),
            changes=all_changes(services.areas),
            cancellable=True,  # one transaction: a cancel leaves the database as it was
            error_title=self.tr("导入失败"),
            on_done=lambda report: self.prompts.info(
                self.window, self.tr("导入完成"), _summary(report)
            ),
        )

    def export_workbook(self, path: Path | None = None) -> BackgroundTask | None:
        """Export to ``path`` (asked for when None); None when the user gave no file."""
        import datetime as dt

        from app.exchange.workbook_export import export_workbook

        suggested = f"{APP_NAME}-{dt.date.today():%Y%m%d}.xlsx"
        path = path or self.prompts.save_workbook(self.window, self.tr("导出工作簿"), suggested)
        if path is None:
            return None
        path = Path(path)
        services = self.services
        return self.operations.run_in_background(
            self.window,
            lambda progress, cancelled: export_workbook(services, path),
            title=self.tr("导出工作簿"),
            label=self.tr("正在导出到 {name}…").format(name=path.name),
            error_title=self.tr("导出失败"),
            on_done=lambda report: self.prompts.info(
                self.window, self.tr("导出完成"), _export_summary(report)
            ),
        )

    # ----- backups --------------------------------------------------------------

    def backup_database(self) -> BackgroundTask:
        backups = self.services.backups
        return self.operations.run_in_background(
            self.window,
            lambda progress, cancelled: backups.create(reason="manual"),
            title=self.tr("备份数据库"),
            label=self.tr("正在备份数据库…"),
            error_title=self.tr("备份失败"),
            on_done=self._backed_up,
        )

    def _backed_up(self, path: Path | None) -> None:
        if path is None:  # a database on a server has its own backups
            self.prompts.info(
                self.window,
                self.tr("无需备份"),
                self.tr("数据库在服务器上，请使用服务器自带的备份工具。"),
            )
            return
        self.prompts.info(
            self.window, self.tr("备份完成"), self.tr("已备份到：\n{path}").format(path=path)
        )

    def restore_backup(self) -> RestoreDialog | None:
        """List the backups; the one chosen replaces the data after a last question."""
        if self.services.database_file is None:
            self.prompts.info(
                self.window,
                self.tr("恢复备份"),
                self.tr("数据库在服务器上，请用数据库服务器自己的备份工具恢复。"),
            )
            return None
        if self.operations.refuse_if_read_only(self.window):
            return None
        try:
            backups = self.operations.run(
                self.window,
                self.services.backups.list_backups,
                title=self.tr("无法读取备份"),
            )
        except Failed:
            return None
        if not backups:
            self.prompts.info(
                self.window,
                self.tr("恢复备份"),
                self.tr("备份文件夹中还没有备份。可以用“文件 → 备份数据库…”立即备份。"),
            )
            return None
        from app.ui.forms.restore_dialog import RestoreDialog

        dialog = RestoreDialog(backups, self.window)
        dialog.accepted.connect(lambda: self._restore(dialog.chosen))
        dialog.finished.connect(dialog.deleteLater)
        self.restore_dialog = dialog
        dialog.open()
        return dialog

    def _restore(self, chosen: BackupInfo | None) -> BackgroundTask | None:
        self.restore_dialog = None
        if chosen is None:
            return None
        time = f"{chosen.created:%Y-%m-%d %H:%M}"
        question = self.tr(
            "确定用 {time} 的{kind}（{contents}）替换当前的全部数据吗？\n"
            "当前数据会先备份，需要时可以再恢复回来。"
        ).format(
            time=time, kind=chosen.reason_label, contents=chosen.contents or self.tr("内容未知")
        )
        if not self.prompts.confirm(self.window, self.tr("恢复备份"), question, destructive=True):
            return None
        backups = self.services.backups

        def restored(safety: Path) -> None:
            if self._reopen_database():
                self.prompts.info(
                    self.window,
                    self.tr("恢复完成"),
                    self.tr("已恢复 {time} 的备份。\n恢复前的数据已备份到：\n{safety}").format(
                        time=time, safety=safety
                    ),
                )

        # Not cancellable: the copy is one transaction, but the database is
        # closed first and must be opened anew whatever happens.
        return self.operations.run_in_background(
            self.window,
            lambda progress, cancelled: backups.restore(chosen.path),
            title=self.tr("恢复备份"),
            label=self.tr("正在恢复 {time} 的备份…").format(time=time),
            error_title=self.tr("恢复失败"),
            on_done=restored,
            # the restore may have closed the old connections
            on_failed=self._reopen_database,
        )

    def _reopen_database(self) -> bool:
        """Open the same database file anew (on the GUI thread) and show its contents."""
        old = self.services
        try:
            new = old.reopen()
        except UserError as exc:
            self.prompts.error(self.window, self.tr("无法重新打开数据库"), exc.message)
            return False
        self.window.replace_services(new)
        old.close()
        return True


def _summary(report: object) -> str:
    summary = getattr(report, "summary", None)
    text = summary() if callable(summary) else ""
    return text or _tr("完成")


def _export_summary(report: ExportReport) -> str:
    """导出完成 with the rows of each sheet, then the file once, on a line of its own."""
    rows = "、".join(
        _tr("{sheet} {n} 行").format(sheet=sheet, n=n) for sheet, n in report.counts.items()
    )
    return _tr("导出完成：{rows}。\n已保存到：\n{path}").format(rows=rows, path=report.path)


def _tr(text: str) -> str:
    return QCoreApplication.translate("FileActions", text)
