"""人员名册: units and people."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from app.area import Area, ReportKind, ReportRequest

# What the roster's actions announce as changed.
PEOPLE = "people"
UNITS = "units"


def _services(services) -> Mapping[str, object]:
    from app.services.people import PeopleService

    return {"people": PeopleService(services.db, services.dependents)}


def _sheets() -> tuple[type, ...]:
    from app.exchange.sheets_people import PeopleSheet
    from app.exchange.sheets_units import UnitsSheet

    return (UnitsSheet, PeopleSheet)


def _write_signin(services, request: ReportRequest, out: Path) -> Path:
    from app.reports.signin_sheet import write_signin_sheet

    return write_signin_sheet(services, request, out)


def _summary(services, period):
    from app.services.roster_summary import roster_sections

    return roster_sections(services, period)


AREA = Area(
    key="roster",
    title="人员名册",
    services=_services,
    sheets=_sheets,
    reports=(ReportKind("signin", "签到表", "none", _write_signin, meeting=True),),
    page="app.ui.pages.roster_page:RosterPage",
    changes=frozenset({PEOPLE, UNITS}),
    summary=_summary,
)
