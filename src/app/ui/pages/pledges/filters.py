"""The filters over the pledge list: 年度, 成员, 单位 (with its sub-units),
类别, 状态, 只看逾期, and a search that follows every keystroke."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.pledge_models import PledgeCategory, PledgeStatus
from app.services.people import PersonRow, UnitRow
from app.services.pledges import PledgeFilter
from app.ui.forms.pledge_member_picker import MemberPicker
from app.ui.pages.pairing.parts import compact
from app.ui.widgets.enum_combo import EnumCombo
from app.ui.widgets.search_box import SearchBox
from app.ui.widgets.unit_combo import UnitCombo


class PledgeFilters(QWidget):
    changed = Signal()
    year_changed = Signal()  # the members offered depend on the year

    def __init__(self, current_year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._current_year = current_year
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(QLabel(self.tr("年度")))
        self.year = QComboBox()
        self.year.setMinimumContentsLength(6)
        top.addWidget(self.year)
        top.addSpacing(10)
        top.addWidget(QLabel(self.tr("成员")))
        self.member = MemberPicker(placeholder=self.tr("姓名、工号或拼音首字母"))
        self.member.setMinimumWidth(190)
        self.member.setMaximumWidth(260)
        self.member.setMinimumHeight(30)
        top.addWidget(self.member, 1)
        top.addSpacing(10)
        top.addWidget(QLabel(self.tr("单位")))
        self.unit = UnitCombo()
        compact(self.unit, 8, 220)
        top.addWidget(self.unit, 1)
        top.addStretch(1)
        box.addLayout(top)

        second = QHBoxLayout()
        second.setSpacing(8)
        second.addWidget(QLabel(self.tr("类别")))
        self.category = EnumCombo(PledgeCategory, none_label=self.tr("全部"))
        second.addWidget(self.category)
        second.addSpacing(10)
        second.addWidget(QLabel(self.tr("状态")))
        self.status = EnumCombo(PledgeStatus, none_label=self.tr("全部"))
        second.addWidget(self.status)
        second.addSpacing(10)
        self.overdue = QCheckBox(self.tr("只看逾期"))
        second.addWidget(self.overdue)
        second.addSpacing(10)
        self.search = SearchBox(placeholder=self.tr("搜索承诺内容、姓名、工号或拼音首字母"))
        self.search.setMinimumWidth(240)
        second.addWidget(self.search, 1)
        box.addLayout(second)

        self.year.currentIndexChanged.connect(self._year_changed)
        for combo in (self.unit, self.category, self.status):
            combo.currentIndexChanged.connect(lambda *_: self.changed.emit())
        self.member.changed.connect(self.changed)
        self.overdue.toggled.connect(lambda *_: self.changed.emit())
        self.search.search_changed.connect(lambda *_: self.changed.emit())

    def _year_changed(self, *_args) -> None:
        self.year_changed.emit()
        self.changed.emit()

    # ----- choices -------------------------------------------------------------

    def set_years(self, years: Sequence[int]) -> None:
        """Years with pledges and the current year, newest first, then 全部年度;
        the year chosen stays chosen (the current year at first)."""
        chosen = self.year.currentData() if self.year.count() else self._current_year
        self.year.blockSignals(True)
        self.year.clear()
        for year in sorted({*years, self._current_year}, reverse=True):
            self.year.addItem(self.tr("{year} 年").format(year=year), year)
        self.year.addItem(self.tr("全部年度"), None)
        index = self.year.findData(chosen) if chosen is not None else self.year.count() - 1
        self.year.setCurrentIndex(max(0, index))
        self.year.blockSignals(False)

    def set_year(self, year: int | None) -> None:
        index = self.year.findData(year) if year is not None else self.year.count() - 1
        if index < 0:
            self.set_years([year, *self.years_offered()])  # type: ignore[list-item]
            index = self.year.findData(year)
        self.year.setCurrentIndex(index)

    def years_offered(self) -> list[int]:
        return [self.year.itemData(i) for i in range(self.year.count()) if self.year.itemData(i)]

    def set_units(self, units: Sequence[UnitRow]) -> None:
        chosen = self.unit.unit_id()
        self.unit.blockSignals(True)
        self.unit.set_units(units, self.tr("全部单位"))
        self.unit.set_unit_id(chosen)
        self.unit.blockSignals(False)

    def set_members(self, people: Sequence[PersonRow]) -> None:
        self.member.blockSignals(True)
        self.member.set_people(people)
        self.member.blockSignals(False)

    # ----- the filter ----------------------------------------------------------

    def chosen_year(self) -> int | None:
        return self.year.currentData()

    def current(self, today: dt.date) -> PledgeFilter:
        return PledgeFilter(
            year=self.chosen_year(),
            person_id=self.member.person_id(),
            unit_id=self.unit.unit_id(),
            category=self.category.current_member(),
            status=self.status.current_member(),
            overdue_only=self.overdue.isChecked(),
            text=self.search.text(),
            today=today,
        )
