"""报表: the 工作汇总 over every area, and the page where every report is chosen,
generated, previewed, printed and saved."""

from __future__ import annotations

from pathlib import Path

from app.area import Area, ReportKind, ReportRequest


def _write_summary_pdf(services, request: ReportRequest, out: Path) -> Path:
    from app.reports.summary_pdf import write_summary_pdf

    return write_summary_pdf(services, request, out)


def _write_summary_word(services, request: ReportRequest, out: Path) -> Path:
    from app.reports.summary_word import write_summary_word

    return write_summary_word(services, request, out)


AREA = Area(
    key="reports",
    title="报表",
    services=lambda services: {},  # the summary reads the other areas' services
    reports=(
        ReportKind("summary", "工作汇总", "range", _write_summary_pdf, word=_write_summary_word),
    ),
    page="app.ui.pages.reports_page:ReportsPage",
)
