"""Import of an exchange workbook with 10,000 people, against reading the same
workbook with openpyxl in the same run (goal: ratio <= 3).

    .venv/bin/python bench/bench_import.py [--people 10000] [--runs 5]

app:      app.exchange.workbook_import.import_workbook(services, FILE) into a
          new, empty database each run (opening the database is not timed)
baseline: openpyxl.load_workbook(FILE, read_only=True) and iterating every row
          of every sheet (values only)
Runs alternate after one warm-up each; the figure is the median.
"""

from __future__ import annotations

import argparse
import sys
import time

from _common import load_average, median, private_home, report, result, verdict

GOAL = 3.0


def read_with_openpyxl(path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    rows = 0
    try:
        for ws in wb.worksheets:
            for _row in ws.iter_rows(values_only=True):
                rows += 1
    finally:
        wb.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    load_before = load_average()
    home = private_home("import")
    from app.bootstrap import open_services
    from app.exchange.workbook_import import import_workbook
    from generate_data import generate, write_workbook

    workbook = home / f"roster-{args.people}.xlsx"
    units, people = generate(args.people)
    write_workbook(workbook, units, people)

    counter = iter(range(10_000))

    def import_once() -> float:
        services = open_services(str(home / f"import-{next(counter)}.sqlite3"), auto_backup=False)
        try:
            start = time.perf_counter()
            result = import_workbook(services, workbook)
            elapsed = time.perf_counter() - start
            imported = services.people.count_people()
        finally:
            services.db.close()
        if imported != len(people):
            sys.exit(f"import gave {imported} people, expected {len(people)}: {result.summary()}")
        return elapsed

    def read_once() -> float:
        start = time.perf_counter()
        rows = read_with_openpyxl(workbook)
        elapsed = time.perf_counter() - start
        if rows < len(people):
            sys.exit(f"openpyxl read {rows} rows, expected at least {len(people)}")
        return elapsed

    first_import = import_once()  # warm-up: module imports, the pinyin dictionary
    first_read = read_once()
    app_times: list[float] = []
    base_times: list[float] = []
    for _ in range(args.runs):
        app_times.append(import_once())
        base_times.append(read_once())

    app_median, base_median = median(app_times), median(base_times)
    ratio = app_median / base_median
    report(
        f"import {args.people:,} people from an exchange workbook",
        [
            f"workbook: {len(units)} units, {len(people)} people, "
            f"{workbook.stat().st_size / 1e6:.1f} MB",
            f"import   median {app_median:.3f} s  (runs: {', '.join(f'{t:.3f}' for t in app_times)})",
            f"openpyxl median {base_median:.3f} s  (runs: {', '.join(f'{t:.3f}' for t in base_times)})",
            f"ratio {ratio:.2f}  (goal <= {GOAL}): {verdict(ratio, GOAL)}",
            f"first (cold) run in the process: import {first_import:.3f} s, "
            f"openpyxl {first_read:.3f} s",
        ],
        load_before,
    )
    result(
        "import",
        f"ratio {ratio:.2f} (import {app_median:.2f} s / openpyxl {base_median:.2f} s)",
        f"<= {GOAL}x",
        ratio <= GOAL,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
