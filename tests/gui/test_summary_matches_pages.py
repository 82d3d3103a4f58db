"""What a secretary reads on a page's totals line is what the 工作汇总 prints
for the same period: the window and the report are compared as shown."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader
from sample_pairing import QUARTER, TOTALS
from sample_pairing import seed as seed_pairings
from sample_pledges import TODAY, TOTALS_2025
from sample_pledges import seed as seed_pledges

from app.area import ReportRequest
from app.reports.summary_pdf import write_summary_pdf
from app.ui.operations import Operations
from app.ui.pages.pairing.page import PairingPage
from app.ui.pages.pledges.page import PledgesPage


def flat(text: str) -> str:
    return "".join(text.split())


def summary_text(services, request: ReportRequest, out) -> str:
    services.settings.save({"branch.name": "北区分公司党支部"})
    path = write_summary_pdf(services, request, out)
    return flat("".join(page.extract_text() for page in PdfReader(path).pages))


def test_the_pairing_totals_line_is_printed_in_the_summary(qtbot, services, prompts, tmp_path):
    seed_pairings(services)
    page = PairingPage(services, Operations(prompts), prompts, today=lambda: dt.date(2025, 12, 15))
    qtbot.addWidget(page)
    page.show()
    assert page.ledger_tab.period.label() == "本季度"
    shown = page.ledger_tab.totals_label.text()
    assert shown == TOTALS
    text = summary_text(services, ReportRequest(*QUARTER), tmp_path / "汇总.pdf")
    assert flat(shown) in text


def test_the_pledges_totals_line_is_printed_in_the_summary(qtbot, services, prompts, tmp_path):
    seed_pledges(services)
    page = PledgesPage(services, Operations(prompts), prompts, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    shown = page.pledges_tab.totals_label.text()
    assert shown == TOTALS_2025
    year = ReportRequest(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert flat(shown) in summary_text(services, year, tmp_path / "汇总.pdf")
