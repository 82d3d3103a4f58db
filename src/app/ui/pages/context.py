"""What the tabs and panels of one page share."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from app.areas.roster import PEOPLE, UNITS
from app.services.people import PersonRow, UnitRow
from app.services.registry import Services
from app.ui.forms.form_host import FormHost
from app.ui.operations import Operations
from app.ui.prompts import Prompts


class PageContext:
    """The services (the page's ``set_services`` replaces them after a restore),
    the operations runner, the prompts, the page's one form host (the main
    window asks it for the open form at close), and the units and people the
    filters and pickers offer: read when first asked, forgotten when they
    change (the context hears of it before the tabs, which were built after it)."""

    def __init__(
        self, services: Services, operations: Operations, prompts: Prompts, forms: FormHost
    ) -> None:
        self.services = services
        self.operations = operations
        self.prompts = prompts
        self.forms = forms
        self._units: list[UnitRow] | None = None
        self._people: list[PersonRow] | None = None
        operations.changed.connect(self.on_changed)

    @property
    def config_dir(self) -> Path:
        """Where the pages remember their tables' column widths and sort."""
        return self.services.paths.config_dir

    @property
    def units(self) -> list[UnitRow]:
        if self._units is None:
            self._units = self.services.people.list_units()
        return self._units

    @units.setter
    def units(self, units: list[UnitRow]) -> None:
        self._units = units

    @property
    def people(self) -> list[PersonRow]:
        """Everyone a picker offers (read when a form or a filter needs them)."""
        if self._people is None:
            self._people = self.services.people.list_people()
        return self._people

    def forget_people(self) -> None:
        self._people = None

    def forget(self) -> None:
        """Read everything anew when next asked (a refresh, another database)."""
        self._units = None
        self._people = None

    def on_changed(self, changes: Iterable[str]) -> None:
        changed = set(changes)
        if UNITS in changed:
            self._units = None
        if {PEOPLE, UNITS} & changed:
            self._people = None

    def reload(self) -> None:
        """Read the units anew (now)."""
        self._units = self.services.people.list_units()
