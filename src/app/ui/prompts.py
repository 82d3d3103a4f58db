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


class Prompts:
    """Modal questions and notices, in Chinese."""

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        """A refusal or a mistake. Long texts (import problems) scroll."""
        if text.count("\n") > 8 or len(text) > 600:
            self.long_text(parent, title, text)
            return
        QMessageBox.warning(parent, title, text)

    def long_text(self, parent: QWidget | None, title: str, text: str) -> None:
        dialog = QDialog(parent)
        dialog.setWindowTitle(title)
        dialog.resize(640, 420)
        layout = QVBoxLayout(dialog)
        first, _, rest = text.partition("\n")
        heading = QLabel(first if rest else title)
        heading.setWordWrap(True)
        heading.setObjectName("dialogHeading")
        layout.addWidget(heading)
        body = QPlainTextEdit(rest if rest else text)
        body.setReadOnly(True)
        body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout.addWidget(body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(dialog.accept)
        layout.addWidget(buttons)
        dialog.exec()

    def confirm(
        self, parent: QWidget | None, title: str, text: str, *, destructive: bool = False
    ) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def ask_date(
        self, parent: QWidget | None, title: str, label: str, default: dt.date
    ) -> dt.date | None:
        dialog = QDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setMinimumWidth(360)
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel(label))
        field = DateField(required=True, label=_tr("日期"))
        field.set_date(default)
        layout.addWidget(field)
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        layout.addWidget(error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout.addWidget(buttons)

        def accept() -> None:
            message = field.error()
            if message is None and field.date() and field.date() > dt.date.today():
                message = _tr("日期不能晚于今天")
            if message:
                error.setText(message)
                error.show()
                return
            dialog.accept()

        buttons.accepted.connect(accept)
        buttons.rejected.connect(dialog.reject)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return field.date()

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

    def about(self, parent: QWidget | None, title: str, text: str) -> None:
        box = QMessageBox(parent)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(text)
        box.setIconPixmap(parent.windowIcon().pixmap(64, 64) if parent else box.iconPixmap())
        box.exec()
