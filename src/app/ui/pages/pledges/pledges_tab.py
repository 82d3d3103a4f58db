"""承诺: the pledges the filters choose, the totals line under them, and what is
done to a pledge (践诺记录, 评诺, 撤销, 删除) or a member's year (录入承诺)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.domain.pledge_models import PledgeStatus
from app.services.pledges import PledgeFilter
from app.ui.operations import PEOPLE, UNITS
from app.ui.pages.freshness import RefreshWhenShown
from app.ui.pages.paged_list import ListSource, PagedList, same_filter_only
from app.ui.pages.pairing.parts import actions_row, add_table, button, count_label, new_tab
from app.ui.pages.pledges import actions
from app.ui.pages.pledges.context import PLEDGES, POINTS, PledgeContext
from app.ui.pages.pledges.filters import PledgeFilters
from app.ui.table_models.pledge_table_model import PledgeTableModel
from app.ui.widgets.record_table import select_row, selected_record

T = TypeVar("T")


def _member_only(f: PledgeFilter, person_id: int) -> PledgeFilter | None:
    """``f`` narrowed to one member's pledges (None: the filter shows none of them)."""
    if f.person_id not in (None, person_id):
        return None
    return dataclasses.replace(f, person_id=person_id)


class PledgesTab(QWidget):
    # a pledge to act on is gone: everything shown is to be read anew
    refresh_requested = Signal()

    def __init__(self, context: PledgeContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        box = new_tab(self)
        self.filters = PledgeFilters(context.today().year)
        box.addWidget(self.filters)

        self.record_button = button(self.tr("录入承诺…"), self.record_pledges, "primaryButton")
        self.record_button.setToolTip(self.tr("一次录入一名党员一年的承诺（Ctrl+N）"))
        self.progress_button = button(self.tr("践诺记录…"), self.show_progress)
        self.rate_button = button(self.tr("评诺…"), self.rate_pledge)
        self.withdraw_button = button(self.tr("撤销承诺"), self.withdraw_pledge)
        self.delete_button = button(self.tr("删除"), self.delete_pledge, "dangerButton")
        self.print_button = button(self.tr("打印公示表…"), lambda: self.print_notice())
        self.print_button.setToolTip(self.tr("亮身份、亮积分、亮承诺：所选年度的党员承诺公示表"))
        self.print_button.setVisible(actions.notice_kind() is not None)
        self.count_label = count_label()
        row = actions_row(
            (
                self.record_button,
                self.progress_button,
                self.rate_button,
                self.withdraw_button,
                self.delete_button,
            ),
            self.count_label,
        )
        row.addWidget(self.print_button)
        box.addLayout(row)

        self.model = PledgeTableModel(self, today=context.today)
        self.table = add_table(
            box,
            "pledgeTable",
            self.model,
            context.config_dir,
            self.record_pledges,
            self._update_buttons,
            delete=self.delete_pledge,
        )
        self._build_totals(box)
        self.freshness = RefreshWhenShown(
            self, self._read, context.operations, {PLEDGES, POINTS, PEOPLE, UNITS}
        )
        service = lambda: self.context.services.pledges  # noqa: E731 - replaced by a restore
        self.list = PagedList(
            self.model,
            self.table,
            self.freshness,
            ListSource(
                count=lambda f: service().count_pledges(f),
                rows=lambda f, offset, limit: service().list_pledges(f, offset, limit),
                totals=lambda f: service().totals(f),
                only=lambda f, ids: dataclasses.replace(f, ids=ids),
                # the totals count members: a member's whole share is asked
                totals_only=_member_only,
                count_and_totals=same_filter_only(lambda f: service().count_and_totals(f)),
            ),
            lambda n: self.count_label.setText(self.tr("共 {n} 项").format(n=n)),
            lambda totals: self.totals_label.setText(totals.text()),
        )
        self.filters.changed.connect(self.apply_filter)
        self.filters.year_changed.connect(self._offer_members)
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
        box.addWidget(banner)

    # ----- refreshing ----------------------------------------------------------

    def refresh(self) -> None:
        """Read the years, units and members anew, then the list."""
        self.freshness.refresh()

    def _read(self) -> None:
        self.filters.set_years(self.context.services.pledges.years())
        self.filters.set_units(self.context.units)
        self._offer_members()
        self.apply_filter()

    def _offer_members(self) -> None:
        self.filters.set_members(self.context.members(self.filters.chosen_year()))

    def current_filter(self) -> PledgeFilter:
        return self.filters.current(self.context.today())

    def apply_filter(self, *_args) -> None:
        """Show the pledges and the totals of the filter as it stands now."""
        self.list.show(self.current_filter())

    def save_in_place(
        self,
        person_id: int,
        ids: Collection[int],
        write: Callable[[], T],
        saved_ids: Callable[[T], Collection[int]] | None = None,
    ) -> T:
        """Run ``write`` (it changes pledges ``ids`` of member ``person_id``, and
        those ``saved_ids(result)`` names); only their rows and the totals move."""
        return self.list.save_in_place(ids, write, saved_ids=saved_ids, scope=person_id)

    def _update_buttons(self, *_args) -> None:
        row = self.selected_pledge()
        for widget in (self.progress_button, self.rate_button, self.withdraw_button):
            widget.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        withdrawn = row is not None and row.status == PledgeStatus.WITHDRAWN
        self.withdraw_button.setText(self.tr("恢复承诺") if withdrawn else self.tr("撤销承诺"))

    # ----- the selected pledge ---------------------------------------------------

    def selected_pledge(self) -> Any | None:
        return selected_record(self.table)

    def select_pledge(self, pledge_id: int) -> bool:
        """Select a pledge, paging it in if it is further down the list."""
        row = self.model.row_of(pledge_id)
        while row is None and self.model.canFetchMore(self.table.rootIndex()):
            self.model.fetchMore(self.table.rootIndex())
            row = self.model.row_of(pledge_id)
        return select_row(self.table, row)

    # ----- actions (app.ui.pages.pledges.actions) ----------------------------------

    def record_pledges(self, *_args):
        """录入承诺…: the selected pledge's member and year, or a new member's."""
        return actions.record_pledges(self)

    def show_progress(self):
        return actions.show_progress(self)

    def rate_pledge(self):
        return actions.rate_pledge(self)

    def withdraw_pledge(self) -> bool:
        return actions.withdraw_pledge(self)

    def delete_pledge(self) -> bool:
        return actions.delete_pledge(self)

    def print_notice(self):
        return actions.print_notice(self)
