"""The filters over the mentorship list: 状态, 导师, 单位 (with its sub-units),
只看超过 30 天未记录, a search that follows every keystroke; and the period
whose check-ins the totals line counts (shown by the tab under the list)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.development_rules import CHECK_IN_QUIET_DAYS
from app.domain.mentoring_models import MentorshipStatus
from app.services.mentoring import MentorshipFilter
from app.services.people import PersonRow, UnitRow
from app.ui.forms.pledge_member_picker import MemberPicker
from app.ui.pages.pairing.parts import compact
from app.ui.widgets.enum_combo import EnumCombo
from app.ui.widgets.period_picker import PeriodPicker
from app.ui.widgets.search_box import SearchBox
from app.ui.widgets.unit_combo import UnitCombo


class MentorshipFilters(QWidget):
    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(QLabel(self.tr("状态")))
        self.status = EnumCombo(MentorshipStatus, none_label=self.tr("全部"))
        top.addWidget(self.status)
        top.addSpacing(10)
        top.addWidget(QLabel(self.tr("导师")))
        self.mentor = MemberPicker(placeholder=self.tr("姓名、工号或拼音首字母"))
        self.mentor.setMinimumWidth(190)
        self.mentor.setMaximumWidth(260)
        self.mentor.setMinimumHeight(30)
        top.addWidget(self.mentor, 1)
        top.addSpacing(10)
        top.addWidget(QLabel(self.tr("单位")))
        self.unit = UnitCombo()
        compact(self.unit, 8, 220)
        self.unit.setToolTip(self.tr("导师或学员在该单位（含下级单位）"))
        top.addWidget(self.unit, 1)
        top.addStretch(1)
        box.addLayout(top)

        second = QHBoxLayout()
        second.setSpacing(8)
        self.quiet = QCheckBox(self.tr("只看超过 {n} 天未记录").format(n=CHECK_IN_QUIET_DAYS))
        second.addWidget(self.quiet)
        second.addSpacing(10)
        self.search = SearchBox(placeholder=self.tr("搜索导师或学员：姓名、工号或拼音首字母"))
        self.search.setMinimumWidth(240)
        second.addWidget(self.search, 1)
        box.addLayout(second)
        # the period of the totals line's check-ins (and of the printed record): the
        # tab shows it beside the totals line it counts for
        self.period = PeriodPicker(today=today)

        self.unit.currentIndexChanged.connect(lambda *_: self.changed.emit())
        self.status.currentIndexChanged.connect(lambda *_: self.changed.emit())
        self.mentor.changed.connect(self.changed)
        self.quiet.toggled.connect(lambda *_: self.changed.emit())
        self.search.search_changed.connect(lambda *_: self.changed.emit())
        self.period.period_changed.connect(lambda *_: self.changed.emit())

    # ----- choices -------------------------------------------------------------

    def set_units(self, units: Sequence[UnitRow]) -> None:
        chosen = self.unit.unit_id()
        self.unit.blockSignals(True)
        self.unit.set_units(units, self.tr("全部单位"))
        self.unit.set_unit_id(chosen)
        self.unit.blockSignals(False)

    def set_people(self, people: Sequence[PersonRow]) -> None:
        self.mentor.blockSignals(True)
        self.mentor.set_people(people)
        self.mentor.blockSignals(False)

    def set_people_source(self, load: Callable[[], Sequence[PersonRow]]) -> None:
        """The 导师 picker's people, read when it is first used (see
        ``PersonPicker.set_people_source``)."""
        self.mentor.blockSignals(True)
        self.mentor.set_people_source(load)
        self.mentor.blockSignals(False)

    # ----- the filter ----------------------------------------------------------

    def current(self) -> MentorshipFilter:
        """The list's filter (every period: a mentorship is listed whenever it ran)."""
        return MentorshipFilter(
            status=self.status.current_member(),
            mentor_id=self.mentor.person_id(),
            unit_id=self.unit.unit_id(),
            quiet_only=self.quiet.isChecked(),
            text=self.search.text(),
        )

    def totals_filter(self) -> MentorshipFilter:
        """The totals line's: the list's, its check-ins counted in the period."""
        date_from, date_to = self.period.period()
        f = self.current()
        return MentorshipFilter(
            status=f.status,
            mentor_id=f.mentor_id,
            unit_id=f.unit_id,
            quiet_only=f.quiet_only,
            text=f.text,
            date_from=date_from,
            date_to=date_to,
        )
