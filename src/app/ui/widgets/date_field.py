"""A date typed as text (2021-03-05, 2021/3/5, 2021.3.5, 2021年3月5日) with
a calendar popup. Empty is allowed unless the field is required."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.validation import date_error, parse_date
from app.ui.resources import icon_path

DISPLAY_FORMAT = "%Y-%m-%d"


class _CalendarPopup(QFrame):
    picked = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("calendarPopup")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)
        layout.addWidget(self.calendar)

    def _pick(self, date: QDate) -> None:
        self.picked.emit(date)
        self.close()


class DateField(QWidget):
    """``date()`` is the parsed date or None; ``error()`` the Chinese message."""

    edited = Signal()
    editingFinished = Signal()  # noqa: N815 - mirrors QLineEdit's signal name

    def __init__(
        self, parent: QWidget | None = None, *, required: bool = False, label: str = "日期"
    ) -> None:
        super().__init__(parent)
        self.required = required
        self.label = label
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText(self.tr("例如 2021-03-05"))
        self.line_edit.setClearButtonEnabled(True)
        self.line_edit.textEdited.connect(self.edited)
        self.line_edit.editingFinished.connect(self._tidy)
        self.button = QToolButton(self)
        self.button.setIcon(QIcon(str(icon_path("calendar.svg"))))
        self.button.setText("…")
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.button.setToolTip(self.tr("从日历中选择"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.show_calendar)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line_edit)
        self._popup: _CalendarPopup | None = None

    # ----- values ------------------------------------------------------------

    def text(self) -> str:
        return self.line_edit.text()

    def set_text(self, text: str) -> None:
        self.line_edit.setText(text)

    def date(self) -> dt.date | None:
        return parse_date(self.line_edit.text())

    def set_date(self, value: dt.date | None) -> None:
        self.line_edit.setText(value.strftime(DISPLAY_FORMAT) if value else "")

    def error(self) -> str | None:
        return date_error(self.line_edit.text(), self.label, required=self.required)

    # ----- behaviour ---------------------------------------------------------

    def _tidy(self) -> None:
        """Show a typed 2021/3/5 as 2021-03-05 once the user leaves the field."""
        parsed = self.date()
        if parsed is not None and self.error() is None:
            tidy = parsed.strftime(DISPLAY_FORMAT)
            if tidy != self.line_edit.text():
                self.line_edit.setText(tidy)
        self.editingFinished.emit()

    def show_calendar(self) -> None:
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.picked.connect(self._picked)
        current = self.date() or dt.date.today()
        self._popup.calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        self._popup.adjustSize()
        self._popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self._popup.show()

    def _picked(self, date: QDate) -> None:
        self.set_date(dt.date(date.year(), date.month(), date.day()))
        self.edited.emit()
        self.editingFinished.emit()
        self.line_edit.setFocus()
