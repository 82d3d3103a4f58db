"""The 工作汇总 of a year over 100,000 结对帮扶 sessions against the same summary
over 10 sessions (issue 11).

    .venv/bin/python bench/bench_summary.py [--people 10000] [--sessions 100000] [--repeat 5]

Two databases with the same roster (``--people``), the same 党员承诺 (20,000
pledges) and 老带新 (1,000 pairs, 10,000 check-ins); one holds 10 sessions in
the year, the other ``--sessions``. Timed: app.reports.summary_pdf.
write_summary_pdf for that year, the whole path a user waits for (every
area's queries, the chart, the font check and runs, the PDF written to disk),
in this process after one warm-up each (fonts registered once, as in the app).
The two alternate; medians are reported.
Goal: large <= 1.5x small.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from _common import load_average, median, private_home, report, result, timed, verdict

GOAL = 1.5
YEAR = 2025


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    load_before = load_average()
    home = private_home("summary")
    from app.area import ReportRequest
    from app.bootstrap import open_services
    from app.reports.summary_pdf import write_summary_pdf
    from generate_data import (
        generate,
        write_database,
        write_mentoring_data,
        write_pairing_data,
        write_pledge_data,
    )

    units, people = generate(args.people)
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    opened = {}
    for name, sessions in (("small", 10), ("large", args.sessions)):
        db_file = home / f"{name}.sqlite3"
        write_database(db_file, units, people)
        write_pairing_data(db_file, units, people, sessions, start=start, end=end)
        write_pledge_data(db_file, people, 20_000, last_year=YEAR)
        write_mentoring_data(db_file, people, 1_000, 10_000, today=end)
        services = open_services(str(db_file), auto_backup=False)
        services.settings.save({"branch.name": "北区分公司党支部", "branch.secretary": "王建国"})
        opened[name] = services
    request = ReportRequest(date_from=start, date_to=end)
    times: dict[str, list[float]] = {"small": [], "large": []}
    pages = {}
    for name, services in opened.items():  # warm-up: fonts, statement caches
        write_summary_pdf(services, request, home / f"{name}.pdf")
    for _ in range(args.repeat):
        for name, services in opened.items():
            out = home / f"{name}.pdf"
            times[name].append(timed(lambda s=services, o=out: write_summary_pdf(s, request, o)))
            pages[name] = out.stat().st_size
    small, large = median(times["small"]), median(times["large"])
    ratio = large / small
    totals = opened["large"].pairing_stats
    from app.services.pairing_rows import SessionFilter

    figures = totals.totals(SessionFilter(start, end))
    report(
        f"工作汇总 of {YEAR}: {args.sessions:,} sessions against 10 ({args.people:,} people)",
        [
            f"small (10 sessions):        {small:.3f} s (median of {args.repeat})",
            f"large ({figures.sessions:,} sessions):  {large:.3f} s (median of {args.repeat})",
            f"ratio large/small:          {ratio:.2f}  goal <= {GOAL}  {verdict(ratio, GOAL)}",
            f"PDF sizes: small {pages['small']:,} B, large {pages['large']:,} B",
        ],
        load_before,
    )
    result(
        "summary",
        f"ratio {ratio:.2f} (large {large:.2f} s / small {small:.2f} s)",
        f"<= {GOAL}x",
        ratio <= GOAL,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
