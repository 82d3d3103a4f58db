"""老带新 and 双培养一输送: mentor pairings with check-ins, and each person's
development track with the member-development regulations checked."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from app.area import Area, DependentCheck, ReportKind, ReportRequest

# What the mentoring page's actions announce as changed.
MENTORING = "mentoring"
DEVELOPMENT = "development"


def _services(services) -> Mapping[str, object]:
    from app.services.development import DevelopmentService
    from app.services.mentoring import MentoringService

    return {
        "mentoring": MentoringService(services.db),
        "development": DevelopmentService(services.db),
    }


def _dependents() -> Mapping[str, DependentCheck]:
    from app.services.dependents import PERSON
    from app.services.development import development_dependents
    from app.services.mentoring import mentoring_dependents

    def both(session, person_id: int) -> list[str]:
        return mentoring_dependents(session, person_id) + development_dependents(session, person_id)

    return {PERSON: both}


def _sheets() -> tuple[type, ...]:
    from app.exchange.sheets_mentoring import MentorshipsSheet
    from app.exchange.sheets_mentoring_check_ins import CheckInsSheet
    from app.exchange.sheets_mentoring_development import DevelopmentSheet

    return (MentorshipsSheet, CheckInsSheet, DevelopmentSheet)


def _write_record(services, request: ReportRequest, out: Path) -> Path:
    from app.reports.mentoring_record import write_mentoring_record
    from app.services.mentoring import MentorshipFilter

    return write_mentoring_record(
        services, MentorshipFilter(date_from=request.date_from, date_to=request.date_to), out
    )


def _summary(services, period):
    from app.services.mentoring_summary import mentoring_sections

    return mentoring_sections(services, period)


AREA = Area(
    key="mentoring",
    title="老带新",
    services=_services,
    sheets=_sheets,
    reports=(ReportKind("mentoring", "老带新带教记录表", "range", _write_record),),
    page="app.ui.pages.mentoring.page:MentoringPage",
    changes=frozenset({MENTORING, DEVELOPMENT}),
    dependents=_dependents,
    summary=_summary,
)
