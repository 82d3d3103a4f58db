"""What the tabs of 老带新 share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from app.areas.mentoring import DEVELOPMENT, MENTORING
from app.services.registry import Services
from app.ui.forms.form_host import FormHost
from app.ui.operations import Operations
from app.ui.pages.context import PageContext
from app.ui.prompts import Prompts

__all__ = ["DEVELOPMENT", "MENTORING", "MentoringContext"]


class MentoringContext(PageContext):
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
