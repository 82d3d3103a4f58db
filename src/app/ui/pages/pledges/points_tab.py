"""积分: the year's ranking of members by points, and beside it the chosen
member's points ledger, line by line, with the total explaining itself.

Every figure comes from ``services.points`` (derived from rated pledges,
结对帮扶 sessions attended and manual entries each time it is asked), so the
tab refreshes whenever one of those sources is announced as changed. Only
manual entries (加减分) are added, edited and deleted here; a derived line
says where it comes from instead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.areas.pairing import PAIRINGS
from app.areas.pledges import PLEDGES, POINTS
from app.services.registry import Services
from app.ui.forms.form_host import FormHost
from app.ui.forms.points_entry_form import PointsEntryForm
from app.ui.operations import PEOPLE, UNITS, Operations
from app.ui.pages.context import PageContext
from app.ui.pages.freshness import RefreshWhenShown
from app.ui.pages.pairing.parts import actions_row, new_tab, record_buttons
from app.ui.pages.pledges.points_text import explain_total, rules_sentence, signed, summary_line
from app.ui.prompts import Prompts
from app.ui.table_models.points_table_model import (
    PointsLedgerModel,
    RankingColumn,
    RankingTableModel,
    derived_note,
)
from app.ui.view_state import remember_table
from app.ui.widgets.record_table import (
    add_row_shortcuts,
    record_table,
    select_row,
    selected_record,
    set_widths,
)

# What the tab shows depends on these: pledges and their ratings, manual entries,
# sessions attended, and the people (and their units) ranked.
SHOWN_CHANGES = frozenset({PLEDGES, POINTS, PAIRINGS, PEOPLE, UNITS})


class PointsTab(QWidget):
    def __init__(
        self,
        services: Services,
        operations: Operations,
        prompts: Prompts,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pointsTab")
        self.context = PageContext(
            services, operations, prompts, FormHost(operations, prompts, self)
        )
        self.today = today
        self._loading = False

        box = new_tab(self)
        self._build_year_row(box)
        self._build_totals(box)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_ranking())
        splitter.addWidget(self._build_ledger())
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([400, 520])
        box.addWidget(splitter, 1)
        self.freshness = RefreshWhenShown(self, self._read, operations, SHOWN_CHANGES)
        self._update_buttons()

    # ----- building ----------------------------------------------------------------

    def _build_year_row(self, box: QVBoxLayout) -> None:
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(QLabel(self.tr("年度")))
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName(self.tr("年度"))
        self.year_combo.setMinimumContentsLength(7)
        self.year_combo.currentIndexChanged.connect(self._year_chosen)
        row.addWidget(self.year_combo)
        row.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        row.addWidget(self.count_label)
        box.addLayout(row)

    def _build_totals(self, box: QVBoxLayout) -> None:
        banner = QFrame()
        banner.setObjectName("totalsBanner")
        banner_box = QVBoxLayout(banner)
        banner_box.setContentsMargins(14, 8, 14, 8)
        banner_box.setSpacing(2)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("totalsLine")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        banner_box.addWidget(self.summary_label)
        self.rules_label = QLabel()
        self.rules_label.setObjectName("totalsNote")
        self.rules_label.setWordWrap(True)
        banner_box.addWidget(self.rules_label)
        box.addWidget(banner)

    def _build_ranking(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 6, 0)
        column.setSpacing(6)
        caption = QLabel(self.tr("积分排名"))
        caption.setObjectName("sectionTitle")
        caption.setMinimumHeight(30)
        column.addWidget(caption)
        self.ranking_model = RankingTableModel(self)
        self.ranking_table = record_table("rankingTable")
        self.ranking_table.setModel(self.ranking_model)
        set_widths(self.ranking_table, RankingTableModel.WIDTHS)
        remember_table(self.ranking_table, self.context.config_dir)
        # the unit takes what room there is: 积分 and 等级 stay in sight when narrow
        header = self.ranking_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(RankingColumn.UNIT, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(RankingColumn.RANK, Qt.SortOrder.AscendingOrder)
        self.ranking_table.setSortingEnabled(True)
        self.ranking_table.selectionModel().selectionChanged.connect(self._member_chosen)
        column.addWidget(self.ranking_table, 1)
        # room for every column but the unit's, which shrinks
        panel.setMinimumWidth(sum(RankingTableModel.WIDTHS.values()) - 40)
        return panel

    def _build_ledger(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(6, 0, 0, 0)
        column.setSpacing(6)
        self.member_label = QLabel()
        self.member_label.setObjectName("sectionTitle")
        self.member_label.setMinimumHeight(30)
        self.member_label.setWordWrap(True)
        column.addWidget(self.member_label)
        self.add_button, self.edit_button, self.delete_button = record_buttons(
            self, self.tr("加减分…"), self.add_entry, self.edit_entry, self.delete_entry
        )
        column.addLayout(actions_row((self.add_button, self.edit_button, self.delete_button)))

        self.ledger_model = PointsLedgerModel(self)
        self.ledger_table = record_table("pointsLedgerTable")
        self.ledger_table.setModel(self.ledger_model)
        set_widths(self.ledger_table, PointsLedgerModel.WIDTHS)
        remember_table(self.ledger_table, self.context.config_dir)
        self.ledger_table.doubleClicked.connect(lambda _index: self.edit_entry())
        self.ledger_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.ledger_model.modelReset.connect(self._update_buttons)
        add_row_shortcuts(self.ledger_table, self.edit_entry, self.delete_entry)
        column.addWidget(self.ledger_table, 1)

        self.explanation_label = QLabel()
        self.explanation_label.setObjectName("pointsExplanation")
        self.explanation_label.setWordWrap(True)
        self.explanation_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.explanation_label.font()
        font.setBold(True)
        self.explanation_label.setFont(font)
        column.addWidget(self.explanation_label)
        return panel

    # ----- services and refreshing --------------------------------------------------

    @property
    def services(self) -> Services:
        return self.context.services

    def set_services(self, services: Services) -> None:
        """Show another open database (after a restore)."""
        self.context.services = services
        self._reload()

    @property
    def current_form(self) -> PointsEntryForm | None:
        """The 加减分 form open now, if any (asked before the window closes)."""
        return self.context.forms.current

    def _reload(self) -> None:
        """Refresh now when shown, else when next shown."""
        self.freshness.changed()

    def refresh(self) -> None:
        """Read the years, the ranking and the chosen member's ledger anew."""
        self.freshness.refresh()

    def _read(self) -> None:
        self._fill_years()
        self._load_year()

    def _fill_years(self, also: int | None = None) -> None:
        """Offer the years with pledges, this year, and the one chosen (kept)."""
        chosen = self.year_combo.currentData()
        years = set(self.services.pledges.years()) | {self.today().year}
        for year in (chosen, also):
            if year is not None:
                years.add(year)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in sorted(years, reverse=True):
            self.year_combo.addItem(self.tr("{year} 年").format(year=year), year)
        keep = also if also is not None else chosen
        keep = keep if keep is not None else self.today().year
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(keep)))
        self.year_combo.blockSignals(False)

    def current_year(self) -> int:
        year = self.year_combo.currentData()
        return year if year is not None else self.today().year

    def set_year(self, year: int) -> None:
        """Show ``year`` (offered from now on if it was not)."""
        if self.year_combo.findData(year) < 0:
            self._fill_years(also=year)
            self._load_year()
        else:
            self.year_combo.setCurrentIndex(self.year_combo.findData(year))

    def _year_chosen(self, _index: int) -> None:
        self._load_year()

    def _load_year(self) -> None:
        year = self.current_year()
        points = self.services.points
        chosen = self.selected_member()
        totals = points.totals(year)
        self._loading = True
        try:
            self.ranking_model.set_rows(totals)
            found = chosen is not None and self.select_member(chosen.person_id)
        finally:
            self._loading = False
        self.summary_label.setText(summary_line(year, totals, points.rules))
        self.rules_label.setText(rules_sentence(points.rules))
        self.count_label.setText(self.tr("共 {n} 名党员").format(n=len(totals)))
        if not found:
            self.ranking_table.clearSelection()
        self.show_ledger()

    # ----- the chosen member ----------------------------------------------------------

    def selected_member(self) -> Any | None:
        """The chosen member's ``PointsTotal``."""
        return selected_record(self.ranking_table)

    def select_member(self, person_id: int) -> bool:
        return select_row(self.ranking_table, self.ranking_model.row_of(person_id))

    def _member_chosen(self, *_args) -> None:
        if not self._loading:
            self.show_ledger()

    def show_ledger(self) -> None:
        """The chosen member's lines of the year and the total they make."""
        member = self.selected_member()
        year = self.current_year()
        if member is None:
            self.ledger_model.set_rows([])
            self.member_label.setText(self.tr("在左侧排名中选择一名党员，查看积分明细"))
            self.explanation_label.setText("")
            self._update_buttons()
            return
        chosen = selected_record(self.ledger_table)
        lines = self.services.points.ledger(member.person_id, year)
        self.ledger_model.set_rows(lines)
        self.member_label.setText(
            self.tr("{name} {year} 年度积分明细").format(name=member.name, year=year)
        )
        self.explanation_label.setText(
            explain_total(lines, self.services.points.rules)
            + self.tr("（{level}）").format(level=member.level)
        )
        if chosen is not None and chosen.entry_id is not None:
            select_row(self.ledger_table, self.ledger_model.row_of(chosen.entry_id))
        self._update_buttons()

    def selected_line(self) -> Any | None:
        return selected_record(self.ledger_table)

    def select_entry(self, entry_id: int) -> bool:
        return select_row(self.ledger_table, self.ledger_model.row_of(entry_id))

    def _update_buttons(self, *_args) -> None:
        has_member = self.selected_member() is not None
        self.add_button.setEnabled(has_member)
        self.add_button.setToolTip(
            self.tr("给 {name} 登记一笔加分或扣分").format(name=self.selected_member().name)
            if has_member
            else self.tr("先在左侧排名中选择一名党员")
        )
        line = self.selected_line()
        editable = line is not None and line.entry_id is not None
        if line is None:
            tip = self.tr("选择一条手工加减分记录后可以编辑或删除")
        elif editable:
            tip = ""
        else:
            tip = derived_note(line.source)
        for widget in (self.edit_button, self.delete_button):
            widget.setEnabled(editable)
            widget.setToolTip(tip)

    # ----- manual entries -------------------------------------------------------------

    def _default_day(self) -> dt.date:
        """Today in the year shown; the year's last day for a past year."""
        today, year = self.today(), self.current_year()
        return dt.date(year, 12, 31) if year < today.year else today

    def add_entry(self) -> PointsEntryForm | None:
        member = self.selected_member()
        if member is None:
            return None
        context = self.context
        form = PointsEntryForm(member.name, self, today=self.today, day=self._default_day())

        def save(values):
            entry_id = context.forms.run_save(
                form,
                lambda: context.services.points.add_entry(
                    member.person_id, values.date, values.points, values.reason
                ),
                changes={POINTS},
            )
            self._reveal_entry(entry_id, values.date)
            return entry_id

        context.forms.open(form, save)
        return form

    def edit_entry(self) -> PointsEntryForm | None:
        member, line = self.selected_member(), self.selected_line()
        if member is None or line is None:
            return None
        context = self.context
        if line.entry_id is None:
            context.prompts.info(self, self.tr("不能在这里修改"), derived_note(line.source))
            return None
        entry_id = line.entry_id
        form = PointsEntryForm(
            member.name,
            self,
            title=self.tr("编辑加减分：{name}").format(name=member.name),
            today=self.today,
        )
        form.load(line.date, line.points, line.reason)

        def save(values):
            context.forms.run_save(
                form,
                lambda: context.services.points.update_entry(
                    entry_id, values.date, values.points, values.reason
                ),
                changes={POINTS},
            )
            self._reveal_entry(entry_id, values.date)

        context.forms.open(form, save)
        return form

    def _reveal_entry(self, entry_id: int, day: dt.date) -> None:
        """Show the year of a saved entry and select it."""
        if day.year != self.current_year():
            self.set_year(day.year)
        self.select_entry(entry_id)

    def delete_entry(self) -> bool:
        line = self.selected_line()
        if line is None or line.entry_id is None:
            return False
        entry_id = line.entry_id
        question = self.tr(
            "确定删除 {date} 的加减分「{reason}」（{points} 分）吗？删除后无法恢复。"
        ).format(date=f"{line.date:%Y-%m-%d}", reason=line.reason, points=signed(line.points))
        return self.context.operations.delete(
            self,
            self.tr("删除加减分"),
            question,
            lambda: self.context.services.points.delete_entry(entry_id),
            changes={POINTS},
        )
