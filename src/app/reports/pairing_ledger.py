"""结对帮扶台账: the sessions of a period with the report's totals line.

The figures come from PairingStatsService (the same numbers as the page); the
rows from PairingService.ledger_entries. No phone numbers or other personal
details are printed: people appear by name only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from app.domain.settings import BranchDetails
from app.reports.layout import (
    branch_details,
    branch_texts,
    build_pdf,
    cell,
    check_printable,
    end_with_signature,
    ledger_table,
    markup,
    printed_on,
    styles,
)
from app.services.pairing import LedgerEntry, SessionFilter

TITLE = "结对帮扶台账"
HEADER = ["日期", "结对", "主题", "服务类型", "参与人员", "人次", "发现问题", "已解决"]
# Landscape A4 less the margins (about 269 mm).
WIDTHS = [x * mm for x in (22, 30, 42, 27, 50, 12, 43, 42)]
NUMBER_COLUMNS = (5,)


def period_text(f: SessionFilter) -> str:
    if f.date_from and f.date_to:
        return f"{f.date_from:%Y-%m-%d} 至 {f.date_to:%Y-%m-%d}"
    if f.date_from:
        return f"{f.date_from:%Y-%m-%d} 起"
    if f.date_to:
        return f"截至 {f.date_to:%Y-%m-%d}"
    return "全部日期"


def _lines(items: list[str]) -> str:
    return "\n".join(items)


def entry_cells(entry: LedgerEntry, style) -> list:
    """One table row; dates and numbers as plain strings (ASCII, one font)."""
    return [
        f"{entry.date:%Y-%m-%d}",
        cell(entry.pairing_name, style),
        cell(entry.topic, style),
        cell(entry.service_type.label, style),
        cell("、".join(entry.participant_names), style),
        str(entry.person_times),
        cell(_lines(entry.problems_found), style),
        cell(_lines(entry.problems_solved), style),
    ]


def _texts_to_check(entries: list[LedgerEntry], branch: BranchDetails) -> list[tuple[str, str]]:
    texts = branch_texts(branch)
    for e in entries:
        where = f"{e.date:%Y-%m-%d}「{e.topic[:20]}」"
        texts.append((f"结对「{e.pairing_name[:20]}」", e.pairing_name))
        texts.append((f"{where}的主题", e.topic))
        texts.append((f"{where}的参与人员", "".join(e.participant_names)))
        texts.append((f"{where}的问题", "".join(e.problems_found + e.problems_solved)))
    return texts


def write_pairing_ledger(
    services, f: SessionFilter, path: Path, today: dt.date | None = None
) -> Path:
    """Write the ledger of the sessions ``f`` selects to ``path`` (.pdf); refuses
    while 支部名称 is not set (the header and the PDF's Author carry it)."""
    branch = branch_details(services)
    entries = services.pairing.ledger_entries(f)
    totals = services.pairing_stats.totals(f)
    check_printable(_texts_to_check(entries, branch))
    st = styles()
    story: list = [
        Paragraph(markup(TITLE), st["title"]),
        Paragraph(markup(f"统计期间：{period_text(f)}"), st["subtitle"]),
        Paragraph(markup(f"本期结对帮扶活动{totals.sentence()}。"), st["body"]),
    ]
    if entries:
        rows = [entry_cells(e, st["cell"]) for e in entries]
        story.append(ledger_table(HEADER, rows, WIDTHS, NUMBER_COLUMNS))
    else:
        story.append(Spacer(1, 4 * mm))
        story.append(Paragraph(markup("本期没有帮扶活动记录。"), st["body"]))
    story = end_with_signature(story, branch, today)
    return build_pdf(
        Path(path),
        story,
        title=f"{TITLE}（{period_text(f)}）",
        header_left=branch.header,
        header_right=f"{TITLE} · {printed_on(today)}",
        author=branch.name,
    )
