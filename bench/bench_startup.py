"""Start to painted main window with 10,000 people on file, against a bare
PySide6 window measured the same way in the same run (goal: ratio <= 1.5).

    .venv/bin/python bench/bench_startup.py [--people 10000] [--runs 7]

Each measurement is the wall time of a fresh process, offscreen:
  app:  python main.py --db FILE --smoke   (exits 0 once the main window has painted)
  bare: python bench/bare_window.py        (QApplication + QMainWindow, exits on first paint)
The two are run alternately after one warm-up each, so both see the same
machine load and a warm disk cache; the figure is the median.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from _common import ROOT, load_average, median, private_home, report, result, verdict

GOAL = 1.5


def run_once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    load_before = load_average()
    home = private_home("startup")
    from generate_data import generate, write_database

    db_file = home / "bench.sqlite3"
    units, people = generate(args.people)
    write_database(db_file, units, people)

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRANCH_LEDGER_HOME=str(home))
    python = sys.executable
    app_cmd = [python, str(ROOT / "main.py"), "--db", str(db_file), "--smoke"]
    bare_cmd = [python, str(ROOT / "bench" / "bare_window.py")]
    # Diagnostic only: the same start on an empty database separates the fixed
    # cost of starting from the cost of the 10,000 people.
    empty_cmd = [python, str(ROOT / "main.py"), "--db", str(home / "empty.sqlite3"), "--smoke"]

    for cmd in (app_cmd, bare_cmd, empty_cmd):  # warm-up; the first start makes a backup
        run_once(cmd, env)
    app_times: list[float] = []
    bare_times: list[float] = []
    empty_times: list[float] = []
    for _ in range(args.runs):
        app_times.append(run_once(app_cmd, env))
        bare_times.append(run_once(bare_cmd, env))
        empty_times.append(run_once(empty_cmd, env))

    app_median, bare_median = median(app_times), median(bare_times)
    ratio = app_median / bare_median
    report(
        f"start to painted window, {args.people:,} people",
        [
            f"command: {' '.join(app_cmd[1:])}  (QT_QPA_PLATFORM=offscreen)",
            f"app  median {app_median:.3f} s  (runs: {', '.join(f'{t:.3f}' for t in app_times)})",
            f"bare median {bare_median:.3f} s  (runs: {', '.join(f'{t:.3f}' for t in bare_times)})",
            f"ratio {ratio:.2f}  (goal <= {GOAL}): {verdict(ratio, GOAL)}",
            f"diagnostic: the app on an empty database, median {median(empty_times):.3f} s "
            f"(ratio {median(empty_times) / bare_median:.2f})",
        ],
        load_before,
    )
    result(
        "startup",
        f"ratio {ratio:.2f} (app {app_median:.2f} s / bare {bare_median:.2f} s)",
        f"<= {GOAL}x",
        ratio <= GOAL,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
