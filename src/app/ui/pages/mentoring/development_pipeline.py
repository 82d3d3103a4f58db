"""The top of the 发展 tab: the period the pipeline counts (本年, 上一年,
自 YYYY 年以来, 全部, 自定义) and one box per stage with how many people
reached it in that period; a box clicked picks its stage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QWidget,
)

from app.domain.mentoring_models import Stage
from app.ui.widgets.date_field import DateField

THIS_YEAR, LAST_YEAR, SINCE, EVERYTHING, CUSTOM = range(5)
SINCE_YEARS_BACK = 3  # the default: since 1 January three years ago

# the boxes' short names (as Pipeline.text() writes them)
SHORT = {
    Stage.BACKBONE: "业务骨干",
    Stage.APPLICATION: "递交申请",
    Stage.ACTIVIST: "积极分子",
    Stage.TARGET: "发展对象",
    Stage.PROBATIONARY: "预备党员",
    Stage.FULL_MEMBER: "转正",
    Stage.TRANSFER: "输送",
}

BOX_STYLE = """
QToolButton#stageBox {
    background: #ffffff; border: 1px solid #d5dae1; border-radius: 6px;
    padding: 4px 6px; color: #3e4c59;
}
QToolButton#stageBox:hover { border-color: #b8322a; }
QToolButton#stageBox:checked {
    background: #fde8e6; border: 2px solid #b8322a; color: #1f2933;
}
"""


class PipelinePeriod(QWidget):
    """``period()`` is (date_from, date_to), either may be None;
    ``period_changed`` fires when it changes to a valid period."""

    period_changed = Signal(object, object)

    def __init__(
        self, parent: QWidget | None = None, *, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        super().__init__(parent)
        self._today = today
        year = today().year
        self._period: tuple[dt.date | None, dt.date | None] = (None, None)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.combo = QComboBox()
        self.combo.setObjectName("periodPreset")
        self.combo.setAccessibleName(self.tr("期间"))
        for label, choice in (
            (self.tr("本年"), THIS_YEAR),
            (self.tr("上一年"), LAST_YEAR),
            (self.tr("自某年以来"), SINCE),
            (self.tr("全部"), EVERYTHING),
            (self.tr("自定义"), CUSTOM),
        ):
            self.combo.addItem(label, choice)
        row.addWidget(self.combo)
        self.since_prefix = QLabel(self.tr("自"))
        self.since_year = QSpinBox()
        self.since_year.setAccessibleName(self.tr("起始年份"))
        self.since_year.setRange(1950, year)
        self.since_year.setValue(year - SINCE_YEARS_BACK)
        self.since_year.setMinimumWidth(76)
        self.since_suffix = QLabel(self.tr("年以来"))
        for widget in (self.since_prefix, self.since_year, self.since_suffix):
            row.addWidget(widget)
        self.date_from = DateField(self, label=self.tr("开始日期"))
        self.dash = QLabel("—")
        self.date_to = DateField(self, label=self.tr("结束日期"))
        for widget in (self.date_from, self.dash, self.date_to):
            row.addWidget(widget)
        for field in (self.date_from, self.date_to):
            field.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            field.editingFinished.connect(self._update)
        self.combo.setCurrentIndex(SINCE)
        self.combo.currentIndexChanged.connect(self._update)
        self.since_year.valueChanged.connect(self._update)
        self._update()

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        return self._period

    def choose(self, choice: int, *, since: int | None = None) -> None:
        if since is not None:
            self.since_year.setValue(since)
        self.combo.setCurrentIndex(self.combo.findData(choice))

    def set_custom(self, start: dt.date | None, end: dt.date | None) -> None:
        self.date_from.set_date(start)
        self.date_to.set_date(end)
        self.choose(CUSTOM)
        self._update()

    def prefix(self) -> str:
        """What the pipeline's sentence starts with: "自 2023 年以来：", "2025 年：" ..."""
        choice = self.combo.currentData()
        start, end = self._period
        if choice == SINCE:
            return self.tr("自 {year} 年以来：").format(year=start.year)
        if choice in (THIS_YEAR, LAST_YEAR):
            return self.tr("{year} 年：").format(year=start.year)
        if choice == EVERYTHING or (start is None and end is None):
            return self.tr("全部：")
        if end is None:
            return self.tr("{start} 以来：").format(start=f"{start:%Y-%m-%d}")
        if start is None:
            return self.tr("截至 {end}：").format(end=f"{end:%Y-%m-%d}")
        return self.tr("{start} 至 {end}：").format(
            start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}"
        )

    def error(self) -> str | None:
        for field in (self.date_from, self.date_to):
            if message := field.error():
                return message
        start, end = self.date_from.date(), self.date_to.date()
        if start and end and end < start:
            return self.tr("结束日期不能早于开始日期")
        return None

    def _update(self, *_args) -> None:
        choice = self.combo.currentData()
        year = self._today().year
        for widget in (self.since_prefix, self.since_year, self.since_suffix):
            widget.setVisible(choice == SINCE)
        for widget in (self.date_from, self.dash, self.date_to):
            widget.setVisible(choice == CUSTOM)
        if choice == THIS_YEAR:
            period = (dt.date(year, 1, 1), dt.date(year, 12, 31))
        elif choice == LAST_YEAR:
            period = (dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))
        elif choice == SINCE:
            period = (dt.date(self.since_year.value(), 1, 1), None)
        elif choice == EVERYTHING:
            period = (None, None)
        else:
            message = self.error()
            self.setToolTip(message or "")
            for field in (self.date_from, self.date_to):
                edit = field.line_edit
                if edit.property("invalid") != bool(message):
                    edit.setProperty("invalid", bool(message))
                    edit.style().unpolish(edit)
                    edit.style().polish(edit)
            if message is not None:
                return
            period = (self.date_from.date(), self.date_to.date())
        if period != self._period:
            self._period = period
            self.period_changed.emit(*period)


class StageBoxes(QWidget):
    """One checkable box per stage ("递交申请" over "3 人"); clicking one picks
    its stage (``stage_clicked``), clicking it again picks none."""

    stage_clicked = Signal(object)  # a Stage or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageBoxes")
        self.setStyleSheet(BOX_STYLE)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.boxes: dict[Stage, QToolButton] = {}
        for stage in Stage:
            box = QToolButton()
            box.setObjectName("stageBox")
            box.setCheckable(True)
            box.setCursor(Qt.CursorShape.PointingHandCursor)
            box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            box.setMinimumHeight(48)
            box.setAccessibleName(self.tr(SHORT[stage]))
            box.clicked.connect(lambda checked, s=stage: self._clicked(s, checked))
            row.addWidget(box, 1)
            self.boxes[stage] = box
        self.set_counts({s: 0 for s in Stage})

    def set_counts(self, counts: dict[Stage, int]) -> None:
        for stage, box in self.boxes.items():
            n = counts.get(stage, 0)
            box.setText(self.tr("{stage}\n{n} 人").format(stage=self.tr(SHORT[stage]), n=n))
            box.setToolTip(self.tr("点击只看当前处于“{stage}”阶段的人员").format(stage=stage.label))

    def count_text(self, stage: Stage) -> str:
        return self.boxes[stage].text().split("\n")[-1]

    def checked(self) -> Stage | None:
        for stage, box in self.boxes.items():
            if box.isChecked():
                return stage
        return None

    def set_checked(self, stage: Stage | None) -> None:
        for s, box in self.boxes.items():
            box.setChecked(s == stage)

    def _clicked(self, stage: Stage, checked: bool) -> None:
        self.set_checked(stage if checked else None)
        self.stage_clicked.emit(stage if checked else None)
