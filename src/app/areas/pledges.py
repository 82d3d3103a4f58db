"""党员承诺: members' yearly pledges (承诺→践诺→评诺) and their points (积分)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from app.area import Area, DependentCheck, ReportKind, ReportRequest

# What the pledge page's actions announce as changed.
PLEDGES = "pledges"
POINTS = "points"


def _services(services) -> Mapping[str, object]:
    from app.domain.pledge_rules import points_rules_from
    from app.services.pledges import PledgeService
    from app.services.points import PointsService

    # The points rules are settings (设置 → 积分规则), read afresh on every use.
    return {
        "pledges": PledgeService(services.db),
        "points": PointsService(
            services.db, rules=lambda: points_rules_from(services.settings.get_all())
        ),
    }


def _sheets() -> tuple[type, ...]:
    from app.exchange.sheets_pledges import PledgesSheet

    return (PledgesSheet,)


def _write_notice(services, request: ReportRequest, out: Path) -> Path:
    import datetime as dt

    from app.reports.pledge_notice import write_pledge_notice

    return write_pledge_notice(services, request.year or dt.date.today().year, out)


def _dependents() -> Mapping[str, DependentCheck]:
    from app.services.dependents import PERSON
    from app.services.pledges import pledge_dependents

    return {PERSON: pledge_dependents}


def _summary(services, period):
    from app.services.pledge_summary import pledge_sections

    return pledge_sections(services, period)


AREA = Area(
    key="pledges",
    title="党员承诺",
    services=_services,
    sheets=_sheets,
    reports=(
        ReportKind(
            "pledges",
            "党员承诺公示表",
            "year",
            _write_notice,
            years=lambda services: services.pledges.years(),
        ),
    ),
    page="app.ui.pages.pledges.page:PledgesPage",
    changes=frozenset({PLEDGES, POINTS}),
    dependents=_dependents,
    summary=_summary,
)
