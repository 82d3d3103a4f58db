"""The only place that opens message boxes, file dialogs and small input
dialogs, and that hands a file to the system's programs (``FileOpener``).
Pages and the operation runner receive a ``Prompts`` object; tests inject a
scripted one, so no test ever blocks on a modal ``exec()`` or opens a real
PDF viewer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QIdentityProxyModel, QLocale, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from app.persistence.backups import BackupInfo

WORKBOOK_FILTER = "Excel 工作簿 (*.xlsx)"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Prompts", text)


class ChineseFileColumns(QIdentityProxyModel):
    """The file dialog's 体积 and 修改日期 in Chinese whatever the system's
    locale: Qt formats them with ``QLocale::system()`` ("0 bytes", "2 12 2026")."""

    SIZE, DATE = 1, 3

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole and column in (self.SIZE, self.DATE):
            source = self.sourceModel()
            source_index = self.mapToSource(index)
            if hasattr(source, "fileInfo"):
                info = source.fileInfo(source_index)
                if column == self.SIZE:
                    if info.isDir():
                        return ""
                    return QLocale().formattedDataSize(
                        info.size(), 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat
                    )
                modified = info.lastModified()
                return modified.toString("yyyy-MM-dd HH:mm") if modified.isValid() else ""
        return super().data(index, role)


class DateDialog(QDialog):
    """Asks for one date, today or earlier (e.g. the day a person left)."""

    def __init__(self, parent: QWidget | None, title: str, label: str, default: dt.date):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.setSpacing(8)
        caption = QLabel(label)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        from app.ui.widgets.date_field import DateField

        self.field = DateField(required=True, label=_tr("日期"))
        self.field.set_date(default)
        self.field.setMinimumHeight(30)
        layout.addWidget(self.field)
        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        message = self.field.error()
        chosen = self.field.date()
        if message is None and chosen is not None and chosen > dt.date.today():
            message = _tr("日期不能晚于今天")
        if message:
            self.error_label.setText(message)
            self.error_label.show()
            return
        super().accept()


def launch_with_system(path: Path) -> bool:
    """Open ``path`` with the program the desktop associates with it; False when
    there is none (no PDF viewer, no file manager, no desktop at all)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class FileOpener:
    """Opens a file or a folder for the user, and says so in Chinese when the
    system cannot: then it offers the folder instead, and when that fails too
    it shows the path to copy. The one place that calls the desktop's launcher;
    tests give it a ``launch`` that answers what they script.
    """

    def __init__(self, prompts: Prompts, launch: Callable[[Path], bool] = launch_with_system):
        self.prompts = prompts
        self.launch = launch

    def open_file(self, parent: QWidget | None, path: Path) -> bool:
        """Open ``path`` in its program; True when some program was started."""
        path = Path(path)
        if self.launch(path):
            return True
        choice = self.prompts.choose(
            parent,
            _tr("无法打开文件"),
            _tr(
                "这台电脑上没有找到可以打开“{name}”的程序（例如 PDF 阅读器）。\n"
                "文件已保存在：\n{folder}\n\n可以打开所在的文件夹，再用其他程序打开它。"
            ).format(name=path.name, folder=path.parent),
            [_tr("打开所在文件夹")],
        )
        if choice is None:
            return False
        return self.open_folder(parent, path.parent, shown=path)

    def open_folder(
        self, parent: QWidget | None, folder: Path, *, shown: Path | None = None
    ) -> bool:
        """Open ``folder`` in the file manager; when that fails, show the path of
        ``shown`` (default: the folder) for the user to copy."""
        folder = Path(folder)
        if self.launch(folder):
            return True
        self.prompts.show_path(
            parent,
            _tr("无法打开文件夹"),
            _tr("这台电脑上没有找到可以打开文件夹的程序。请复制下面的路径，在文件管理器中打开："),
            shown or folder,
        )
        return False


class Prompts:
    """Modal questions and notices, in Chinese.

    The ``build_*`` methods make the dialogs without running them (the
    screenshot script shows them); the other methods run them modally.
    ``opener`` opens files and folders for the user (``FileOpener``).
    """

    def __init__(self, launch: Callable[[Path], bool] = launch_with_system) -> None:
        self.opener = FileOpener(self, launch)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.build_message(parent, title, text, QMessageBox.Icon.Information).exec()

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        """A refusal or a mistake. Long texts (import problems) scroll."""
        if text.count("\n") > 8 or len(text) > 600:
            self.long_text(parent, title, text)
            return
        self.build_message(parent, title, text, QMessageBox.Icon.Warning).exec()

    def long_text(self, parent: QWidget | None, title: str, text: str) -> None:
        self.build_long_text(parent, title, text).exec()

    def confirm(
        self, parent: QWidget | None, title: str, text: str, *, destructive: bool = False
    ) -> bool:
        box = self.build_confirm(parent, title, text, destructive=destructive)
        return box.exec() == QMessageBox.StandardButton.Yes

    def choose(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        actions: Sequence[str],
        *,
        warning: bool = True,
    ) -> str | None:
        """A notice that offers ``actions`` (buttons) besides 关闭; the action
        clicked, or None for 关闭."""
        box, buttons = self.build_choice(parent, title, text, actions, warning=warning)
        box.exec()
        clicked = box.clickedButton()
        return next((label for label, b in buttons.items() if b is clicked), None)

    def choose_backup(
        self, parent: QWidget | None, backups: Sequence[BackupInfo], note: str
    ) -> BackupInfo | None:
        """The list of ``backups`` (date, kind, contents, size); the one chosen,
        or None for 取消."""
        from app.ui.forms.restore_dialog import RestoreDialog

        dialog = RestoreDialog(backups, parent, note=note)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen

    def show_path(self, parent: QWidget | None, title: str, text: str, path: Path) -> None:
        """A notice with a path the user can select and copy (复制路径 copies it)."""
        self.build_path_notice(parent, title, text, path).exec()

    # ----- builders ------------------------------------------------------------

    def build_choice(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        actions: Sequence[str],
        *,
        warning: bool = True,
    ) -> tuple[QMessageBox, dict[str, QAbstractButton]]:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setText(text)
        buttons: dict[str, QAbstractButton] = {
            label: box.addButton(label, QMessageBox.ButtonRole.AcceptRole) for label in actions
        }
        close = box.addButton(QMessageBox.StandardButton.Close)
        # Enter and Esc only close: an action happens when its button is clicked
        box.setDefaultButton(close)
        box.setEscapeButton(close)
        return box, buttons

    def build_path_notice(
        self, parent: QWidget | None, title: str, text: str, path: Path
    ) -> QMessageBox:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setText(f"{text}\n\n{path}")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        copy = box.addButton(_tr("复制路径"), QMessageBox.ButtonRole.ActionRole)
        copy.clicked.disconnect()  # copying does not close the message
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(str(path)))
        box.addButton(QMessageBox.StandardButton.Ok)
        return box

    def build_file_dialog(
        self,
        parent: QWidget | None,
        title: str,
        start: Path,
        file_filter: str,
        *,
        save: bool = False,
    ) -> QFileDialog:
        """The file dialog ``open_workbook``/``save_*`` run (the system's own where
        the platform has one, else Qt's, in Chinese through Qt's translations)."""
        dialog = QFileDialog(parent, title, str(start), file_filter)
        dialog.setProxyModel(ChineseFileColumns(dialog))  # used by Qt's own dialog only
        view = dialog.findChild(QTreeView, "treeView")
        if view is not None:  # Qt's own dialog: the date column fits its dates
            view.header().setSectionResizeMode(
                ChineseFileColumns.DATE, QHeaderView.ResizeMode.ResizeToContents
            )
        if save:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        return dialog

    def _run_file_dialog(self, dialog: QFileDialog) -> Path | None:
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            files = dialog.selectedFiles()
            return Path(files[0]) if files and files[0] else None
        finally:
            dialog.deleteLater()

    def build_message(
        self, parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon
    ) -> QMessageBox:
        box = QMessageBox(parent)
        box.setIcon(icon)
        box.setWindowTitle(title)
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        return box

    def build_confirm(
        self, parent: QWidget | None, title: str, text: str, *, destructive: bool = False
    ) -> QMessageBox:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        # a slip of the Enter key must not delete anything
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box

    def build_long_text(self, parent: QWidget | None, title: str, text: str) -> QDialog:
        dialog = QDialog(parent)
        dialog.setWindowTitle(title)
        dialog.resize(640, 420)
        layout = QVBoxLayout(dialog)
        layout.setContentsMargins(18, 16, 18, 12)
        first, _, rest = text.partition("\n")
        heading = QLabel(first if rest else title)
        heading.setWordWrap(True)
        heading.setObjectName("dialogHeading")
        layout.addWidget(heading)
        body = QPlainTextEdit(rest if rest else text)
        body.setObjectName("problemList")
        body.setReadOnly(True)
        body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout.addWidget(body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(dialog.accept)
        layout.addWidget(buttons)
        return dialog

    # ----- questions -----------------------------------------------------------

    def ask_date(
        self, parent: QWidget | None, title: str, label: str, default: dt.date
    ) -> dt.date | None:
        dialog = DateDialog(parent, title, label, default)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.field.date()

    def ask_password(self, parent: QWidget | None, title: str, label: str) -> str | None:
        """A password typed in a masked field; None when cancelled."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setOkButtonText(_tr("打开"))
        dialog.setCancelButtonText(_tr("取消"))
        dialog.setMinimumWidth(420)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.textValue()

    def open_workbook(self, parent: QWidget | None, title: str) -> Path | None:
        return self._run_file_dialog(
            self.build_file_dialog(parent, title, Path.home(), _tr(WORKBOOK_FILTER))
        )

    def save_workbook(self, parent: QWidget | None, title: str, suggested: str) -> Path | None:
        dialog = self.build_file_dialog(
            parent, title, Path.home() / suggested, _tr(WORKBOOK_FILTER), save=True
        )
        path = self._run_file_dialog(dialog)
        if path is None:
            return None
        return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")

    def save_file(
        self, parent: QWidget | None, title: str, suggested: str, file_filter: str
    ) -> Path | None:
        """A path to write a file to (a PDF report); None when cancelled."""
        dialog = self.build_file_dialog(
            parent, title, Path.home() / suggested, file_filter, save=True
        )
        return self._run_file_dialog(dialog)

    def print_dialog(
        self, parent: QWidget | None, printer: QPrinter, page_count: int, current_page: int
    ) -> bool:
        """The system's print dialog for ``printer`` (a document of ``page_count``
        pages, ``current_page`` from 0 shown): printer, pages and copies chosen
        into ``printer``. False when cancelled."""
        from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog

        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(_tr("打印"))
        dialog.setMinMax(1, max(1, page_count))
        option = QAbstractPrintDialog.PrintDialogOption
        dialog.setOption(option.PrintPageRange, True)
        dialog.setOption(option.PrintCurrentPage, True)
        dialog.setOption(option.PrintSelection, False)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def about(self, parent: QWidget | None, title: str, text: str) -> None:
        box = QMessageBox(parent)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(text)
        box.setIconPixmap(parent.windowIcon().pixmap(64, 64) if parent else box.iconPixmap())
        box.exec()
