"""What the tabs of 党员承诺 share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from app.areas.pledges import PLEDGES, POINTS
from app.services.people import PersonRow
from app.services.registry import Services
from app.ui.forms.form_host import FormHost
from app.ui.operations import Operations
from app.ui.pages.context import PageContext
from app.ui.prompts import Prompts

__all__ = ["PLEDGES", "POINTS", "PledgeContext"]

# Saving, rating or deleting a pledge changes the points derived from it.
PLEDGES_AND_POINTS = frozenset({PLEDGES, POINTS})


class PledgeContext(PageContext):
    """Besides the services and the form host: the day it is, and the people
    the pickers choose from (read when first needed)."""

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

    def members(self, year: int | None) -> list[PersonRow]:
        """The people a member filter offers: 党员 and 预备党员, and anyone
        with a pledge in ``year`` (in any year when None)."""
        pledged = self.services.pledges.pledged_people(year)
        return [r for r in self.people if r.political_status.is_party_member or r.id in pledged]
