"""The only place that opens message boxes, file dialogs and small input
dialogs, and that hands a file to the system's programs (``FileOpener``).
Pages and the operation runner receive a ``Prompts`` object; tests inject a
scripted one, so no test ever blocks on a modal ``exec()`` or opens a real
PDF viewer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# Only module objects here: a PySide6 class is built on first use, and none of
# these is needed before the window's first paint (issue 13; app.ui.application).
from PySide6 import QtCore, QtGui, QtWidgets

if TYPE_CHECKING:
    import datetime as dt

    from PySide6.QtPrintSupport import QPrinter

    from app.persistence.backups import BackupInfo

WORKBOOK_FILTER = "Excel 工作簿 (*.xlsx)"


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("Prompts", text)


def launch_with_system(path: Path) -> bool:
    """Open ``path`` with the program the desktop associates with it; False when
    there is none (no PDF viewer, no file manager, no desktop at all)."""
    return QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(path)))


class FileOpener:
    """Opens a file or a folder for the user, and says so in Chinese when the
    system cannot: then it offers the folder instead, and when that fails too
    it shows the path to copy. The one place that calls the desktop's launcher;
    tests give it a ``launch`` that answers what they script.
    """

    def __init__(self, prompts: Prompts, launch: Callable[[Path], bool] = launch_with_system):
        self.prompts = prompts
        self.launch = launch

    def open_file(self, parent: QtWidgets.QWidget | None, path: Path) -> bool:
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
        self, parent: QtWidgets.QWidget | None, folder: Path, *, shown: Path | None = None
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

    def info(self, parent: QtWidgets.QWidget | None, title: str, text: str) -> None:
        self.build_message(parent, title, text, QtWidgets.QMessageBox.Icon.Information).exec()

    def error(self, parent: QtWidgets.QWidget | None, title: str, text: str) -> None:
        """A refusal or a mistake. Long texts (import problems) scroll."""
        if text.count("\n") > 8 or len(text) > 600:
            self.long_text(parent, title, text)
            return
        self.build_message(parent, title, text, QtWidgets.QMessageBox.Icon.Warning).exec()

    def long_text(self, parent: QtWidgets.QWidget | None, title: str, text: str) -> None:
        self.build_long_text(parent, title, text).exec()

    def confirm(
        self, parent: QtWidgets.QWidget | None, title: str, text: str, *, destructive: bool = False
    ) -> bool:
        box = self.build_confirm(parent, title, text, destructive=destructive)
        return box.exec() == QtWidgets.QMessageBox.StandardButton.Yes

    def choose(
        self,
        parent: QtWidgets.QWidget | None,
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
        self, parent: QtWidgets.QWidget | None, backups: Sequence[BackupInfo], note: str
    ) -> BackupInfo | None:
        """The list of ``backups`` (date, kind, contents, size); the one chosen,
        or None for 取消."""
        from app.ui.forms.restore_dialog import RestoreDialog

        dialog = RestoreDialog(backups, parent, note=note)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen

    def show_path(
        self, parent: QtWidgets.QWidget | None, title: str, text: str, path: Path
    ) -> None:
        """A notice with a path the user can select and copy (复制路径 copies it)."""
        self.build_path_notice(parent, title, text, path).exec()

    # ----- builders ------------------------------------------------------------

    def build_choice(
        self,
        parent: QtWidgets.QWidget | None,
        title: str,
        text: str,
        actions: Sequence[str],
        *,
        warning: bool = True,
    ) -> tuple[QtWidgets.QMessageBox, dict[str, QtWidgets.QAbstractButton]]:
        box = QtWidgets.QMessageBox(parent)
        box.setIcon(
            QtWidgets.QMessageBox.Icon.Warning
            if warning
            else QtWidgets.QMessageBox.Icon.Information
        )
        box.setWindowTitle(title)
        box.setText(text)
        buttons: dict[str, QtWidgets.QAbstractButton] = {
            label: box.addButton(label, QtWidgets.QMessageBox.ButtonRole.AcceptRole)
            for label in actions
        }
        close = box.addButton(QtWidgets.QMessageBox.StandardButton.Close)
        # Enter and Esc only close: an action happens when its button is clicked
        box.setDefaultButton(close)
        box.setEscapeButton(close)
        return box, buttons

    def build_path_notice(
        self, parent: QtWidgets.QWidget | None, title: str, text: str, path: Path
    ) -> QtWidgets.QMessageBox:
        box = QtWidgets.QMessageBox(parent)
        box.setIcon(QtWidgets.QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setText(f"{text}\n\n{path}")
        box.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        copy = box.addButton(_tr("复制路径"), QtWidgets.QMessageBox.ButtonRole.ActionRole)
        copy.clicked.disconnect()  # copying does not close the message
        copy.clicked.connect(lambda: QtGui.QGuiApplication.clipboard().setText(str(path)))
        box.addButton(QtWidgets.QMessageBox.StandardButton.Ok)
        return box

    def build_file_dialog(
        self,
        parent: QtWidgets.QWidget | None,
        title: str,
        start: Path,
        file_filter: str,
        *,
        save: bool = False,
    ) -> QtWidgets.QFileDialog:
        """The file dialog ``open_workbook``/``save_*`` run (the system's own where
        the platform has one, else Qt's, in Chinese through Qt's translations)."""
        from app.ui.prompt_dialogs import ChineseFileColumns

        dialog = QtWidgets.QFileDialog(parent, title, str(start), file_filter)
        dialog.setProxyModel(ChineseFileColumns(dialog))  # used by Qt's own dialog only
        view = dialog.findChild(QtWidgets.QTreeView, "treeView")
        if view is not None:  # Qt's own dialog: the date column fits its dates
            view.header().setSectionResizeMode(
                ChineseFileColumns.DATE, QtWidgets.QHeaderView.ResizeMode.ResizeToContents
            )
        if save:
            dialog.setAcceptMode(QtWidgets.QFileDialog.AcceptMode.AcceptSave)
            dialog.setFileMode(QtWidgets.QFileDialog.FileMode.AnyFile)
        else:
            dialog.setFileMode(QtWidgets.QFileDialog.FileMode.ExistingFile)
        return dialog

    def _run_file_dialog(self, dialog: QtWidgets.QFileDialog) -> Path | None:
        try:
            if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
                return None
            files = dialog.selectedFiles()
            return Path(files[0]) if files and files[0] else None
        finally:
            dialog.deleteLater()

    def build_message(
        self,
        parent: QtWidgets.QWidget | None,
        title: str,
        text: str,
        icon: QtWidgets.QMessageBox.Icon,
    ) -> QtWidgets.QMessageBox:
        box = QtWidgets.QMessageBox(parent)
        box.setIcon(icon)
        box.setWindowTitle(title)
        box.setText(text)
        box.setStandardButtons(QtWidgets.QMessageBox.StandardButton.Ok)
        return box

    def build_confirm(
        self, parent: QtWidgets.QWidget | None, title: str, text: str, *, destructive: bool = False
    ) -> QtWidgets.QMessageBox:
        box = QtWidgets.QMessageBox(parent)
        box.setIcon(
            QtWidgets.QMessageBox.Icon.Warning
            if destructive
            else QtWidgets.QMessageBox.Icon.Question
        )
        box.setWindowTitle(title)
        box.setText(text)
        box.setStandardButtons(
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No
        )
        # a slip of the Enter key must not delete anything
        box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.No)
        return box

    def build_long_text(
        self, parent: QtWidgets.QWidget | None, title: str, text: str
    ) -> QtWidgets.QDialog:
        dialog = QtWidgets.QDialog(parent)
        dialog.setWindowTitle(title)
        dialog.resize(640, 420)
        layout = QtWidgets.QVBoxLayout(dialog)
        layout.setContentsMargins(18, 16, 18, 12)
        first, _, rest = text.partition("\n")
        heading = QtWidgets.QLabel(first if rest else title)
        heading.setWordWrap(True)
        heading.setObjectName("dialogHeading")
        layout.addWidget(heading)
        body = QtWidgets.QPlainTextEdit(rest if rest else text)
        body.setObjectName("problemList")
        body.setReadOnly(True)
        body.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout.addWidget(body, 1)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(dialog.accept)
        layout.addWidget(buttons)
        return dialog

    # ----- questions -----------------------------------------------------------

    def ask_date(
        self, parent: QtWidgets.QWidget | None, title: str, label: str, default: dt.date
    ) -> dt.date | None:
        from app.ui.prompt_dialogs import DateDialog

        dialog = DateDialog(parent, title, label, default)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return None
        return dialog.field.date()

    def ask_password(self, parent: QtWidgets.QWidget | None, title: str, label: str) -> str | None:
        """A password typed in a masked field; None when cancelled."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setOkButtonText(_tr("打开"))
        dialog.setCancelButtonText(_tr("取消"))
        dialog.setMinimumWidth(420)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return None
        return dialog.textValue()

    def open_workbook(self, parent: QtWidgets.QWidget | None, title: str) -> Path | None:
        return self._run_file_dialog(
            self.build_file_dialog(parent, title, Path.home(), _tr(WORKBOOK_FILTER))
        )

    def save_workbook(
        self, parent: QtWidgets.QWidget | None, title: str, suggested: str
    ) -> Path | None:
        dialog = self.build_file_dialog(
            parent, title, Path.home() / suggested, _tr(WORKBOOK_FILTER), save=True
        )
        path = self._run_file_dialog(dialog)
        if path is None:
            return None
        return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")

    def save_file(
        self, parent: QtWidgets.QWidget | None, title: str, suggested: str, file_filter: str
    ) -> Path | None:
        """A path to write a file to (a PDF report); None when cancelled."""
        dialog = self.build_file_dialog(
            parent, title, Path.home() / suggested, file_filter, save=True
        )
        return self._run_file_dialog(dialog)

    def print_dialog(
        self,
        parent: QtWidgets.QWidget | None,
        printer: QPrinter,
        page_count: int,
        current_page: int,
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
            return dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def about(self, parent: QtWidgets.QWidget | None, title: str, text: str) -> None:
        box = QtWidgets.QMessageBox(parent)
        box.setWindowTitle(title)
        box.setTextFormat(QtCore.Qt.TextFormat.RichText)
        box.setText(text)
        box.setIconPixmap(parent.windowIcon().pixmap(64, 64) if parent else box.iconPixmap())
        box.exec()
