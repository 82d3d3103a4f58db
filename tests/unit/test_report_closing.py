"""The signature lines never stand alone on a report's last page: whatever the
number of rows, the last page also holds the table's last rows (under the
repeated header)."""

from __future__ import annotations

import datetime as dt

from pairing_data import build_ledger
from pypdf import PdfReader

from app.domain.pairing_validation import SessionInput
from app.domain.settings import BRANCH_NAME
from app.reports.pairing_ledger import write_pairing_ledger
from app.services.pairing import SessionFilter

YEAR = SessionFilter(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_the_signature_shares_its_page_with_the_last_rows(services, tmp_path):
    services.settings.save({BRANCH_NAME: "城东街道党支部", "branch.secretary": "王建国"})
    ledger = build_ledger(services)
    endings: dict[int, str] = {}
    for count in range(1, 41):
        services.pairing.add_session(
            SessionInput(
                date=dt.date(2026, 5, 1) + dt.timedelta(days=count),
                pairing_id=ledger.pairings["信安共建"],
                topic=f"第{count}期 安全讲座",
                participant_ids=[ledger.people["韩雪"]],
            )
        )
        path = write_pairing_ledger(services, YEAR, tmp_path / f"{count}.pdf")
        pages = PdfReader(path).pages
        last = "".join(pages[-1].extract_text().split())
        assert "支部书记：王建国" in last
        endings[len(pages)] = last
        # the last page has rows of the table, under its header
        assert "日期结对主题" in last and "2026-" in last.split("日期结对主题", 1)[1], last
    assert len(endings) >= 2, "the ledger never reached a second page: the test proves nothing"
