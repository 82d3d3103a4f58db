"""结对帮扶: pairings, assistance sessions, their figures and their ledger."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from app.area import Area, DependentCheck, ReportKind, ReportRequest

# What the pairing page's actions announce as changed.
PAIRINGS = "pairings"


def _services(services) -> Mapping[str, object]:
    from app.services.pairing import PairingService
    from app.services.pairing_choices import PairingChoiceService
    from app.services.pairing_stats import PairingStatsService

    pairing = PairingService(services.db)
    return {
        "pairing": pairing,
        "pairing_choices": PairingChoiceService(services.db, pairing),
        "pairing_stats": PairingStatsService(services.db),
    }


def _sheets() -> tuple[type, ...]:
    from app.exchange.sheets_pairings import PairingsSheet
    from app.exchange.sheets_sessions import SessionsSheet

    return (PairingsSheet, SessionsSheet)


def _dependents() -> Mapping[str, DependentCheck]:
    from app.services.dependents import PERSON, UNIT
    from app.services.pairing_writes import person_dependents, unit_dependents

    return {PERSON: person_dependents, UNIT: unit_dependents}


def _write_ledger(services, request: ReportRequest, out: Path) -> Path:
    from app.reports.pairing_ledger import write_pairing_ledger
    from app.services.pairing import SessionFilter

    period = SessionFilter(date_from=request.date_from, date_to=request.date_to)
    return write_pairing_ledger(services, period, out)


def _summary(services, period):
    from app.services.pairing_summary import pairing_sections

    return pairing_sections(services, period)


AREA = Area(
    key="pairing",
    title="结对帮扶",
    services=_services,
    sheets=_sheets,
    reports=(ReportKind("pairing", "结对帮扶台账", "range", _write_ledger),),
    page="app.ui.pages.pairing_page:PairingPage",
    changes=frozenset({PAIRINGS}),
    dependents=_dependents,
    summary=_summary,
)
