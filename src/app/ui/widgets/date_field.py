"""A date typed as text (2021-03-05, 2021/3/5, 2021.3.5, 2021年3月5日) with
a calendar popup. Empty is allowed unless the field is required."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QStyle,
    QStyleOptionFrame,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.validation import date_error, parse_date
from app.ui.resources import icon_path

DISPLAY_FORMAT = "%Y-%m-%d"
# every digit in every place: the widest a date shows, whatever the font's digits
_DATE_SAMPLES = tuple(f"{d * 4}-{d * 2}-{d * 2}" for d in "0123456789")
# QLineEdit keeps this many pixels between its frame and its text, on each side
_LINE_EDIT_TEXT_MARGIN = 2


def text_width(edit: QLineEdit, texts: tuple[str, ...]) -> int:
    """The width ``edit`` needs to show the widest of ``texts`` in full, at
    its font and style, with room for its clear button."""
    edit.ensurePolished()
    metrics = edit.fontMetrics()
    margins = edit.textMargins()
    inner = (
        max(metrics.horizontalAdvance(text) for text in texts)
        + 2 * _LINE_EDIT_TEXT_MARGIN
        + margins.left()
        + margins.right()
    )
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    style = edit.style()
    width = style.sizeFromContents(
        QStyle.ContentsType.CT_LineEdit, option, QSize(inner, metrics.height()), edit
    ).width()
    if edit.isClearButtonEnabled():  # Qt sizes a side button as its icon + 6, plus a margin
        icon = style.pixelMetric(QStyle.PixelMetric.PM_LineEditIconSize, None, edit)
        width += icon + 6 + style.pixelMetric(QStyle.PixelMetric.PM_LineEditIconMargin, None, edit)
    return width + 1  # the cursor after the last digit


class _DateEdit(QLineEdit):
    """Never narrower than a whole date, so the year is not scrolled out of
    sight; as wide as its placeholder when there is room."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(max(hint.width(), text_width(self, _DATE_SAMPLES)), hint.height())

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        texts = (*_DATE_SAMPLES, self.placeholderText())
        return QSize(text_width(self, texts), hint.height())


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
        self.line_edit = _DateEdit(self)
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
