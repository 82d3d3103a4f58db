"""带教: the mentorships the filters choose, a quiet 带教中 one standing out,
the totals line under them, and what is done to a mentorship (新增, 编辑,
删除, 带教记录) or printed (老带新带教记录表)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.services.mentoring import MentorshipFilter
from app.ui.operations import PEOPLE, UNITS
from app.ui.pages.freshness import RefreshWhenShown
from app.ui.pages.mentoring import actions
from app.ui.pages.mentoring.context import MENTORING, MentoringContext
from app.ui.pages.mentoring.filters import MentorshipFilters
from app.ui.pages.paged_list import ListSource, PagedList
from app.ui.pages.pairing.parts import actions_row, add_table, button, count_label, new_tab
from app.ui.table_models.mentorship_table_model import MentorshipTableModel
from app.ui.widgets.record_table import select_row, selected_record

T = TypeVar("T")


class MentorshipsTab(QWidget):
    # a mentorship to act on is gone: everything shown is to be read anew
    refresh_requested = Signal()

    def __init__(self, context: MentoringContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.check_in_dialog = None
        box = new_tab(self)
        self.filters = MentorshipFilters(today=context.today)
        box.addWidget(self.filters)

        self.add_button = button(self.tr("新增带教…"), self.add_mentorship, "primaryButton")
        self.add_button.setToolTip(self.tr("登记一对导师和学员（Ctrl+N）"))
        self.edit_button = button(self.tr("编辑"), self.edit_mentorship)
        self.check_ins_button = button(self.tr("带教记录…"), self.show_check_ins)
        self.check_ins_button.setToolTip(self.tr("查看和添加这对导师、学员的带教记录"))
        self.delete_button = button(self.tr("删除"), self.delete_mentorship, "dangerButton")
        self.print_button = button(self.tr("打印带教记录表…"), lambda: self.print_record())
        self.print_button.setToolTip(
            self.tr("老带新带教记录表：每对带教关系及其在所选期间的带教记录")
        )
        self.print_button.setVisible(actions.record_kind() is not None)
        self.count_label = count_label()
        row = actions_row(
            (self.add_button, self.edit_button, self.check_ins_button, self.delete_button),
            self.count_label,
        )
        row.addWidget(self.print_button)
        box.addLayout(row)

        self.model = MentorshipTableModel(self)
        self.table = add_table(
            box,
            "mentorshipTable",
            self.model,
            context.config_dir,
            self.edit_mentorship,
            self._update_buttons,
            delete=self.delete_mentorship,
        )
        self._build_totals(box)
        self.freshness = RefreshWhenShown(
            self, self._read, context.operations, {MENTORING, PEOPLE, UNITS}
        )
        service = lambda: self.context.services.mentoring  # noqa: E731 - replaced by a restore
        self.list = PagedList(
            self.model,
            self.table,
            self.freshness,
            ListSource(
                count=lambda f: service().count_mentorships(f),
                rows=lambda f, offset, limit: service().list_mentorships(f, offset, limit),
                totals=lambda f: service().totals(f),
                only=lambda f, ids: dataclasses.replace(f, ids=ids),
                count_and_totals=lambda f, g: service().count_and_totals(f, g),
            ),
            lambda n: self.count_label.setText(self.tr("共 {n} 对").format(n=n)),
            lambda totals: self.totals_label.setText(totals.text()),
        )
        self.filters.changed.connect(self.apply_filter)
        self._update_buttons()

    def _build_totals(self, box: QVBoxLayout) -> None:
        banner = QFrame()
        banner.setObjectName("totalsBanner")
        banner_box = QVBoxLayout(banner)
        banner_box.setContentsMargins(14, 8, 14, 8)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("totalsLine")
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.totals_label.setWordWrap(True)
        banner_box.addWidget(self.totals_label)
        period_row = QHBoxLayout()
        period_row.setSpacing(6)
        period_label = QLabel(self.tr("本期："))
        period_label.setObjectName("totalsNote")
        period_label.setToolTip(self.tr("“本期带教记录”统计的期间，也是打印带教记录表的期间"))
        period_row.addWidget(period_label)
        period_row.addWidget(self.filters.period)
        period_row.addStretch(1)
        banner_box.addLayout(period_row)
        box.addWidget(banner)

    # ----- refreshing ----------------------------------------------------------

    def refresh(self) -> None:
        """Read the units and people anew, then the list."""
        self.freshness.refresh()

    def _read(self) -> None:
        self.filters.set_units(self.context.units)
        # the 导师 filter reads everyone only when it is first used
        self.filters.set_people_source(lambda: self.context.people)
        self.apply_filter()

    def current_filter(self) -> MentorshipFilter:
        return self.filters.current()

    def apply_filter(self, *_args) -> None:
        """Show the mentorships and the totals of the filter as it stands now."""
        self.list.show(self.current_filter(), self.filters.totals_filter())

    def save_in_place(
        self,
        ids: Collection[int],
        write: Callable[[], T],
        saved_ids: Callable[[T], Collection[int]] | None = None,
    ) -> T:
        """Run ``write`` (it changes mentorships ``ids``, and those
        ``saved_ids(result)`` names); only their rows and the totals move."""
        return self.list.save_in_place(ids, write, saved_ids=saved_ids)

    def _update_buttons(self, *_args) -> None:
        chosen = self.selected_mentorship() is not None
        for widget in (self.edit_button, self.check_ins_button, self.delete_button):
            widget.setEnabled(chosen)

    # ----- the selected mentorship ------------------------------------------------

    def selected_mentorship(self) -> Any | None:
        return selected_record(self.table)

    def select_mentorship(self, mentorship_id: int) -> bool:
        """Select a mentorship, paging it in if it is further down the list."""
        row = self.model.row_of(mentorship_id)
        while row is None and self.model.canFetchMore(self.table.rootIndex()):
            self.model.fetchMore(self.table.rootIndex())
            row = self.model.row_of(mentorship_id)
        return select_row(self.table, row)

    # ----- actions (app.ui.pages.mentoring.actions) ----------------------------------

    def add_mentorship(self, *_args):
        return actions.add_mentorship(self)

    def edit_mentorship(self, *_args):
        return actions.edit_mentorship(self)

    def delete_mentorship(self) -> bool:
        return actions.delete_mentorship(self)

    def show_check_ins(self):
        return actions.show_check_ins(self)

    def print_record(self):
        return actions.print_record(self)
