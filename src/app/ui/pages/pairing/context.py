"""What the three tabs of 结对帮扶 share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

# PAIRINGS: announced when pairings, sessions or problems change (the area declares it)
from app.areas.pairing import PAIRINGS
from app.services.registry import Services
from app.ui.forms.form_host import FormHost
from app.ui.forms.pairing_form import PairingForm
from app.ui.operations import Operations
from app.ui.pages.context import PageContext
from app.ui.prompts import Prompts
from app.ui.widgets.people_search import needle_of

__all__ = ["PAIRINGS", "PairingContext"]


class StoredPairings:
    """The pairings a 结对 picker offers, asked of the database
    (app.services.pairing_choices): the drop-down's first ones, read once
    until the pairings change; what a typed text finds, asked per keystroke."""

    def __init__(self, services: Services) -> None:
        self._service = services.pairing_choices
        self._offered: list[Any] | None = None

    def offered(self) -> list[Any]:
        if self._offered is None:
            self._offered = self._service.offered()
        return self._offered

    def find(self, text: str, limit: int) -> list[Any]:
        return self._service.find(needle_of(text), limit)

    def row(self, pairing_id: int) -> Any | None:
        for row in self.offered():
            if row.id == pairing_id:
                return row
        return self._service.row(pairing_id)


class PairingContext(PageContext):
    """Besides the services and the form host: the day it is, and the pairings
    the ledger's filter and the session form choose from (read when first
    asked after they changed)."""

    def __init__(
        self,
        services: Services,
        operations: Operations,
        prompts: Prompts,
        forms: FormHost,
        today: Callable[[], dt.date],
    ) -> None:
        super().__init__(services, operations, prompts, forms)
        self.today = today
        self._pairings: StoredPairings | None = None

    @property
    def pairings(self) -> StoredPairings:
        """What the 结对 pickers offer (a new one after the pairings changed)."""
        if self._pairings is None:
            self._pairings = StoredPairings(self.services)
        return self._pairings

    def forget(self) -> None:
        super().forget()
        self._pairings = None

    def on_changed(self, changes: Iterable[str]) -> None:
        super().on_changed(changes)
        if PAIRINGS in set(changes):
            self._pairings = None

    def reload(self) -> None:
        """Read the units and the pairings anew."""
        super().reload()
        self._pairings = None

    def campaigns(self) -> list[str]:
        return self.services.pairing_choices.campaigns()

    def run_form_save(self, form, action):
        """Run a form's save; the service's field messages show under the fields."""
        return self.forms.run_save(
            form,
            action,
            changes={PAIRINGS},
            inline_fields=[*form.fields, "helped"],
            shown_errors=PairingForm.shown_errors,
        )
