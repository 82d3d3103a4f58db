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

__all__ = ["PAIRINGS", "PairingContext"]


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
        self._pairings: list[Any] | None = None

    @property
    def pairings(self) -> list[Any]:
        if self._pairings is None:
            # names, kinds and members: the session counts are the 结对 tab's
            self._pairings = self.services.pairing.list_pairings(counts=False)
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
        return [row.campaign for row in self.pairings if row.campaign]

    def run_form_save(self, form, action):
        """Run a form's save; the service's field messages show under the fields."""
        return self.forms.run_save(
            form,
            action,
            changes={PAIRINGS},
            inline_fields=[*form.fields, "helped"],
            shown_errors=PairingForm.shown_errors,
        )
