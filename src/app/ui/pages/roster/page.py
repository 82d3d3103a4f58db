"""人员名册: the unit tree on the left, the people table on the right."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from app.domain.enums import PersonStatus
from app.services.people import PersonRow
from app.services.registry import Services
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

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(10)
        title = QLabel(self.tr("人员名册"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)

        self.units_panel = UnitsPanel(self.context)
        self.people_panel = PeoplePanel(self.context)
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
        if {PEOPLE, UNITS} & set(changes):
            self.refresh()

    def refresh(self) -> None:
        """Reload units and people from the database, keeping the selections."""
        people = self.people_panel
        selected = people.selected_person()
        services = self.context.services
        self.context.units = services.people.list_units()
        rows = services.people.list_people()
        people.set_rows(rows)
        self.units_panel.show_units()
        self._count_in_tree()
        self._show_chosen_units()
        if selected is not None:
            people.select_person(selected.id)
        self._emit_summary(rows)

    def _show_chosen_units(self) -> None:
        unit = self.units_panel.selected_unit()
        self.people_panel.set_unit_scope(
            self.units_panel.selected_unit_ids(), unit.id if unit is not None else None
        )

    def _count_in_tree(self) -> None:
        self.units_panel.show_counts(self.people_panel.counted_rows())

    def _emit_summary(self, rows: list[PersonRow]) -> None:
        active = sum(1 for r in rows if r.status is PersonStatus.ACTIVE)
        self.summary = self.tr("人员 {total} 人（在册 {active} 人）　单位 {units} 个").format(
            total=len(rows), active=active, units=len(self.context.units)
        )
        self.summary_changed.emit(self.summary)
