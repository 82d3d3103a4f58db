"""A 1,000-row 结对帮扶台账 PDF against a bare reportlab table of the same rows.

    .venv/bin/python bench/bench_pairing_pdf.py [--sessions 1000] [--repeat 5]

  ledger:   app.reports.pairing_ledger.write_pairing_ledger for a period holding
            every session: the queries, the font check, font runs, escaping,
            header, footer with the page count, and the PDF written to disk
  baseline: the least reportlab needs for the same rows, built in the same run
            from rows already in memory: a SimpleDocTemplate (landscape A4, same
            margins) with one Table (same column widths, header repeated) whose
            non-empty text cells are Paragraphs in the same registered font, no page
            decoration, written to disk
Goal: ledger <= 1.5x baseline. The two alternate; medians are reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from xml.sax.saxutils import escape

from _common import load_average, median, private_home, report, result, timed, verdict

GOAL = 1.5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    load_before = load_average()
    home = private_home("pairing-pdf")
    from pypdf import PdfReader
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from app.bootstrap import open_services
    from app.reports.layout import (
        CJK_FONT,
        MARGIN,
        page_size,
        register_fonts,
        styles,
        table_style,
    )
    from app.reports.pairing_ledger import HEADER, WIDTHS, write_pairing_ledger
    from app.services.pairing import SessionFilter
    from generate_data import generate, write_database, write_pairing_data

    units, people = generate(2_000)
    db_file = home / "bench.sqlite3"
    write_database(db_file, units, people)
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    write_pairing_data(db_file, units, people, args.sessions, start=start, end=end)
    services = open_services(str(db_file), auto_backup=False)
    services.settings.save({"branch.name": "基准测试党支部"})  # the header's 支部名称
    period = SessionFilter(start, end)
    entries = services.pairing.ledger_entries(period)
    assert len(entries) == args.sessions
    register_fonts()
    cell_style = styles()["cell"]
    rows = [
        [
            f"{e.date:%Y-%m-%d}",
            e.pairing_name,
            e.topic,
            e.service_type.label,
            "、".join(e.participant_names),
            str(e.person_times),
            "\n".join(e.problems_found),
            "\n".join(e.problems_solved),
        ]
        for e in entries
    ]

    def baseline() -> None:
        text_columns = (1, 2, 3, 4, 6, 7)
        data = [[Paragraph(h, cell_style) for h in HEADER]]
        for row in rows:
            data.append(
                [
                    Paragraph(escape(v).replace("\n", "<br/>"), cell_style)
                    if i in text_columns and v
                    else v
                    for i, v in enumerate(row)
                ]
            )
        doc = SimpleDocTemplate(
            str(home / "bare.pdf"),
            pagesize=page_size(),
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
        )
        table = Table(data, colWidths=WIDTHS, repeatRows=1, style=table_style((5,)))
        doc.build([table])

    def ledger() -> None:
        write_pairing_ledger(services, period, home / "ledger.pdf")

    ledger()
    baseline()  # warm-up: fonts, imports, caches
    ledger_times, base_times = [], []
    for _ in range(args.repeat):
        base_times.append(timed(baseline))
        ledger_times.append(timed(ledger))
    pages = len(PdfReader(home / "ledger.pdf").pages)
    bare_pages = len(PdfReader(home / "bare.pdf").pages)
    m_ledger, m_base = median(ledger_times), median(base_times)
    ratio = m_ledger / m_base
    report(
        "结对帮扶台账 PDF",
        [
            f"{args.sessions:,} rows; ledger {pages} pages, bare table {bare_pages} pages "
            f"(font {CJK_FONT} + Latin runs vs one font)",
            f"ledger (write_pairing_ledger): {m_ledger:.3f} s",
            f"bare reportlab table, same rows: {m_base:.3f} s",
            f"ratio {ratio:.2f}; goal <= {GOAL}x: {verdict(ratio, GOAL)}",
        ],
        load_before,
    )
    result(
        "pairing_pdf",
        f"ratio {ratio:.2f} (ledger {m_ledger:.2f} s / bare {m_base:.2f} s)",
        f"<= {GOAL}x",
        ratio <= GOAL,
    )
    services.db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
