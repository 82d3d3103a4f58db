"""人员名册: the unit tree on the left, the people table on the right."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from app.domain.enums import PersonStatus
from app.services.people import PersonRow
from app.services.registry import Services
from app.services.roster_filter import RosterFilter
from app.ui.forms.form_host import FormHost
from app.ui.forms.person_form import PersonForm
from app.ui.forms.unit_form import UnitForm
from app.ui.operations import PEOPLE, UNITS, Operations
from app.ui.pages.context import PageContext
from app.ui.pages.roster.people_panel import PeoplePanel
from app.ui.pages.roster.units_panel import UnitsPanel
from app.ui.prompts import Prompts


class RosterPage(QWidget):
    summary_changed = Signal(str)

    def __init__(
        self,
        services: Services,
        operations: Operations,
        prompts: Prompts,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rosterPage")
        self.context = PageContext(
            services, operations, prompts, FormHost(operations, prompts, self)
        )
        self.summary = ""  # what the status bar shows: people and units on file
        self._tree_counted: RosterFilter | None = None  # what the tree's counts count
        self._totals: tuple[int, int] | None = None  # people on file, 在册 (the status bar)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(10)
        title = QLabel(self.tr("人员名册"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)

        self.units_panel = UnitsPanel(self.context)
        self.people_panel = PeoplePanel(self.context)
        self.people_panel.known_total = self._known_total
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.units_panel)
        splitter.addWidget(self.people_panel)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 900])
        layout.addWidget(splitter, 1)

        self.units_panel.selection_changed.connect(self._show_chosen_units)
        self.people_panel.status_filters_changed.connect(self._count_in_tree)
        self.people_panel.person_saved.connect(self._person_saved)
        for panel in (self.units_panel, self.people_panel):
            panel.refresh_requested.connect(self.refresh)
        operations.changed.connect(self.on_changed)
        self.refresh()

    @property
    def services(self) -> Services:
        return self.context.services

    @services.setter
    def services(self, services: Services) -> None:
        # what the main window assigns after a restore (it announces the change itself)
        self.context.services = services

    def set_services(self, services: Services) -> None:
        """Show another open database (after a restore): both panels read it from now on."""
        self.context.services = services
        self.refresh()

    @property
    def current_form(self) -> PersonForm | UnitForm | None:
        return self.context.forms.current

    # ----- refreshing -----------------------------------------------------------

    def on_changed(self, changes: Iterable[str]) -> None:
        changed = set(changes)
        if self.people_panel.in_place and changed <= {PEOPLE}:
            return  # a person action of this page: the panel shows it in place
        if {PEOPLE, UNITS} & changed:
            self.refresh()

    def refresh(self) -> None:
        """Read units, counts and the first rows of the list anew, keeping the
        selections. Nothing reads every person: the list pages its rows in, the
        counts are counted by the database."""
        people = self.context.services.people
        self.context.units = people.list_units()
        self.units_panel.show_units()
        counted = self.people_panel.counted_filter()
        counts, totals = people.roster_counts(counted)  # one reading of the people
        self.units_panel.show_counts(counts)
        self._tree_counted = counted
        unit = self.units_panel.selected_unit()
        self.people_panel.scope_units(
            self.units_panel.selected_unit_ids(), unit.id if unit is not None else None
        )
        self.people_panel.reload()
        self._show_summary(*totals)

    def _show_chosen_units(self) -> None:
        unit = self.units_panel.selected_unit()
        self.people_panel.set_unit_scope(
            self.units_panel.selected_unit_ids(), unit.id if unit is not None else None
        )

    def _count_in_tree(self) -> None:
        people = self.context.services.people
        counted = self.people_panel.counted_filter()
        self.units_panel.show_counts(people.roster_unit_counts(counted))
        self._tree_counted = counted

    def _known_total(self, f: RosterFilter) -> int | None:
        """How many people ``f`` lets through, added up from the unit tree's
        counts when they count the same people (no search text; the same
        状态 and 政治面貌): one query less per read of the list. None: ask."""
        if self._tree_counted is None or f.text.strip() or f.counted() != self._tree_counted:
            return None
        direct = self.units_panel.direct_counts()
        if f.unit_ids is None:
            return sum(direct.values())
        return sum(direct.get(unit, 0) for unit in f.unit_ids)

    def _person_saved(self, before: PersonRow | None, after: PersonRow | None) -> None:
        """Count again what a person saved in place may have changed: the units
        he or she left and joined, and the totals of the status bar."""
        rows = [r for r in (before, after) if r is not None]
        units = {r.unit_id for r in rows}
        counts = self.context.services.people.roster_unit_counts(
            self.people_panel.shown_filter.counted(), units
        )
        self.units_panel.update_counts({unit: counts.get(unit, 0) for unit in units})
        if self._totals is not None and (
            before is None or after is None or before.status != after.status
        ):
            # The totals as counted, moved by this one person (not a count of everyone again).
            total, active = self._totals
            for row, sign in ((before, -1), (after, 1)):
                if row is not None:
                    total += sign
                    active += sign if row.status is PersonStatus.ACTIVE else 0
            self._show_summary(total, active)

    def _show_summary(self, total: int, active: int) -> None:
        self._totals = (total, active)
        self.summary = self.tr("人员 {total} 人（在册 {active} 人）　单位 {units} 个").format(
            total=total, active=active, units=len(self.context.units)
        )
        self.summary_changed.emit(self.summary)
