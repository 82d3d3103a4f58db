"""Every area of the app, in the order of the navigation and of the workbook.

This list is the only place that names the areas: the service registry, the
workbook import and export, the command line's reports and the main window
read it. Adding an area is writing its modules and one line here (see
docs/adding-an-area.md).
"""

from __future__ import annotations

from app.area import Area, ReportKind
from app.areas import mentoring, pairing, pledges, reports, roster

AREAS: tuple[Area, ...] = (
    roster.AREA,
    pairing.AREA,
    pledges.AREA,
    mentoring.AREA,
    reports.AREA,  # last: its page lists the reports of every area above
)


def all_changes(areas: tuple[Area, ...] | None = None) -> frozenset[str]:
    """Every change key the areas announce: what "everything changed" means."""
    return frozenset().union(*(area.changes for area in (AREAS if areas is None else areas)))


def report_kinds() -> dict[str, ReportKind]:
    """Every report any area prints, by its command-line name, in area order."""
    return {kind.key: kind for area in AREAS for kind in area.reports}
