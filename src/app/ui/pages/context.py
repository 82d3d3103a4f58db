"""What the tabs and panels of one page share."""

from __future__ import annotations

from pathlib import Path

from app.services.people import UnitRow
from app.services.registry import Services
from app.ui.forms.form_host import FormHost
from app.ui.operations import Operations
from app.ui.prompts import Prompts


class PageContext:
    """The services (the page's ``set_services`` replaces them after a restore),
    the operations runner, the prompts, the page's one form host (the main
    window asks it for the open form at close) and the units, loaded by the
    page's refresh."""

    def __init__(
        self, services: Services, operations: Operations, prompts: Prompts, forms: FormHost
    ) -> None:
        self.services = services
        self.operations = operations
        self.prompts = prompts
        self.forms = forms
        self.units: list[UnitRow] = []

    @property
    def config_dir(self) -> Path:
        """Where the pages remember their tables' column widths and sort."""
        return self.services.paths.config_dir
