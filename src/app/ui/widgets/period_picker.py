"""A period: 本月, 本季度, 本年, 上一年, or 自定义 between two typed dates.

Picking a preset fills the two date fields; typing a date switches to 自定义.
``period()`` is (date_from, date_to); ``period_changed`` fires when it changes
to a valid period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from app.services.periods import Period, presets
from app.ui.widgets.date_field import DateField

CUSTOM = -1


class PeriodPicker(QWidget):
    period_changed = Signal(object, object)  # date_from, date_to (either may be None)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        default: str = "本季度",
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._presets: Sequence[Period] = presets(today())
        self._period: tuple[dt.date | None, dt.date | None] = (None, None)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.combo = QComboBox(self)
        self.combo.setObjectName("periodPreset")
        self.combo.setAccessibleName(self.tr("期间"))
        for index, period in enumerate(self._presets):
            self.combo.addItem(period.label, index)
        self.combo.addItem(self.tr("自定义"), CUSTOM)
        self.combo.setMinimumWidth(90)
        self.combo.currentIndexChanged.connect(self._preset_chosen)
        layout.addWidget(self.combo)
        self.date_from = DateField(self, label=self.tr("开始日期"))
        self.date_to = DateField(self, label=self.tr("结束日期"))
        for field in (self.date_from, self.date_to):
            # as wide as a date needs (the field knows), no wider
            field.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            field.edited.connect(self._typed)
            field.editingFinished.connect(self._typed)
        layout.addWidget(self.date_from)
        self.dash = QLabel("—")
        layout.addWidget(self.dash)
        layout.addWidget(self.date_to)
        # a quarter is what a secretary reports on ("进入四季度…")
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(0, self.combo.findText(default)))
        self.combo.blockSignals(False)
        self._preset_chosen(self.combo.currentIndex())

    # ----- values --------------------------------------------------------------

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        return self._period

    def label(self) -> str:
        """The preset's name, or the dates for 自定义 (for titles and file names)."""
        start, end = self._period
        if self.combo.currentData() != CUSTOM:
            return self.combo.currentText()
        return f"{_text(start)}—{_text(end)}"

    def preset_labels(self) -> list[str]:
        return [self.combo.itemText(i) for i in range(self.combo.count())]

    def choose(self, label: str) -> None:
        """Select a preset (or 自定义) by its label."""
        index = self.combo.findText(label)
        if index < 0:
            raise ValueError(label)
        self.combo.setCurrentIndex(index)

    def set_custom(self, start: dt.date | None, end: dt.date | None) -> None:
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData(CUSTOM))
        self.combo.blockSignals(False)
        self.date_from.set_date(start)
        self.date_to.set_date(end)
        self._typed()

    def error(self) -> str | None:
        """What is wrong with typed dates, or None."""
        for field in (self.date_from, self.date_to):
            if message := field.error():
                return message
        start, end = self.date_from.date(), self.date_to.date()
        if start and end and end < start:
            return self.tr("结束日期不能早于开始日期")
        return None

    # ----- behaviour -----------------------------------------------------------

    def _preset_chosen(self, _index: int) -> None:
        choice = self.combo.currentData()
        if choice == CUSTOM:
            self.date_from.line_edit.setFocus()
            return
        period = self._presets[choice]
        self.date_from.set_date(period.date_from)
        self.date_to.set_date(period.date_to)
        self._mark_invalid(None)
        self._set((period.date_from, period.date_to))

    def _typed(self) -> None:
        start, end = self.date_from.date(), self.date_to.date()
        preset = self.combo.currentData()
        if preset != CUSTOM:
            current = self._presets[preset]
            if (start, end) != (current.date_from, current.date_to):
                self.combo.blockSignals(True)
                self.combo.setCurrentIndex(self.combo.findData(CUSTOM))
                self.combo.blockSignals(False)
        message = self.error()
        self._mark_invalid(message)
        if message is None:
            self._set((start, end))

    def _mark_invalid(self, message: str | None) -> None:
        """A wrong date is outlined in red and explained in a tooltip; the
        ledger keeps showing the last valid period meanwhile."""
        self.setToolTip(message or "")
        for field in (self.date_from, self.date_to):
            bad = message is not None and (field.error() is not None or field is self.date_to)
            edit = field.line_edit
            if edit.property("invalid") != bad:
                edit.setProperty("invalid", bad)
                edit.style().unpolish(edit)
                edit.style().polish(edit)

    def _set(self, period: tuple[dt.date | None, dt.date | None]) -> None:
        if period == self._period:
            return
        self._period = period
        self.period_changed.emit(*period)


def _text(value: dt.date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""
