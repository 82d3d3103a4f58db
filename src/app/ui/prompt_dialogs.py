"""The dialog classes ``Prompts`` builds (a date, the file dialog's columns).

Apart from app.ui.prompts, which every page receives, so that none of their
PySide6 classes is built before the window's first paint (issue 13)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QIdentityProxyModel, QLocale, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


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
