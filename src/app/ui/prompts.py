"""The only place that opens message boxes, file dialogs and small input
dialogs. Pages and the operation runner receive a ``Prompts`` object; tests
inject a scripted one, so no test ever blocks on a modal ``exec()``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets.date_field import DateField

WORKBOOK_FILTER = "Excel 工作簿 (*.xlsx)"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Prompts", text)


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


class Prompts:
    """Modal questions and notices, in Chinese.

    The ``build_*`` methods make the dialogs without running them (the
    screenshot script shows them); the other methods run them modally.
    """

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

    # ----- builders ------------------------------------------------------------

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

    def open_workbook(self, parent: QWidget | None, title: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), _tr(WORKBOOK_FILTER))
        return Path(name) if name else None

    def save_workbook(self, parent: QWidget | None, title: str, suggested: str) -> Path | None:
        start = str(Path.home() / suggested)
        name, _ = QFileDialog.getSaveFileName(parent, title, start, _tr(WORKBOOK_FILTER))
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")

    def save_file(
        self, parent: QWidget | None, title: str, suggested: str, file_filter: str
    ) -> Path | None:
        """A path to write a file to (a PDF report); None when cancelled."""
        start = str(Path.home() / suggested)
        name, _ = QFileDialog.getSaveFileName(parent, title, start, file_filter)
        return Path(name) if name else None

    def about(self, parent: QWidget | None, title: str, text: str) -> None:
        box = QMessageBox(parent)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(text)
        box.setIconPixmap(parent.windowIcon().pixmap(64, 64) if parent else box.iconPixmap())
        box.exec()
