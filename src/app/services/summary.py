"""The 工作汇总: every area's sections for a period, in the areas' order, with
the branch's details from 设置. The writers (PDF, Word) only lay it out."""

from __future__ import annotations

import datetime as dt

from app.domain.summary import Summary, SummaryPeriod


def collect_summary(
    services,
    date_from: dt.date | None,
    date_to: dt.date | None,
    today: dt.date | None = None,
) -> Summary:
    """Refuses (UserError) while 支部名称 is not set, as every report does."""
    branch = services.settings.require_branch()
    period = SummaryPeriod(date_from, date_to)
    sections = tuple(
        section
        for area in services.areas
        if area.summary is not None
        for section in area.summary(services, period)
    )
    return Summary(branch, period, today or dt.date.today(), sections)
