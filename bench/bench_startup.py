"""Start to painted main window, and to the first page's rows shown, with
10,000 people on file, against a bare PySide6 window measured the same way in
the same run (goals, issue 13: first paint <= 1.5x, rows shown <= 3x).

    .venv/bin/python bench/bench_startup.py [--people 10000] [--runs 7]

Each measurement is the wall time of a fresh process, offscreen:
  painted: python main.py --db FILE --smoke --smoke-until painted
           (exits 0 at the window's first paint; the database is opened only
           after that paint, so this is what the user sees first)
  rows:    python main.py --db FILE --smoke
           (exits 0 once the database is open and the roster's rows painted)
  bare:    python bench/bare_window.py (QApplication + QMainWindow, exits on first paint)
The three are run in turn after one warm-up each, so they see the same
machine load and a warm disk cache; the figures are medians. The sources are
compiled to bytecode first (an installed copy has its .pyc files; a checkout
run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module on
every start, which the bare window, with no module of its own, never pays).
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import time

from _common import ROOT, load_average, median, private_home, report, result, verdict

GOAL_PAINTED = 1.5
GOAL_ROWS = 3.0


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
    compileall.compile_dir(ROOT / "src", quiet=1)

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRANCH_LEDGER_HOME=str(home))
    python = sys.executable
    rows_cmd = [python, str(ROOT / "main.py"), "--db", str(db_file), "--smoke"]
    painted_cmd = [*rows_cmd, "--smoke-until", "painted"]
    bare_cmd = [python, str(ROOT / "bench" / "bare_window.py")]
    commands = {"painted": painted_cmd, "rows": rows_cmd, "bare": bare_cmd}

    for cmd in commands.values():  # warm-up; the first start makes a backup
        run_once(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(run_once(cmd, env))

    medians = {name: median(values) for name, values in times.items()}
    bare = medians["bare"]
    painted_ratio = medians["painted"] / bare
    rows_ratio = medians["rows"] / bare

    def runs(name: str) -> str:
        return ", ".join(f"{t:.3f}" for t in times[name])

    report(
        f"start to painted window and to rows shown, {args.people:,} people",
        [
            f"painted: {' '.join(painted_cmd[1:])}  (QT_QPA_PLATFORM=offscreen)",
            f"rows:    {' '.join(rows_cmd[1:])}",
            f"painted median {medians['painted']:.3f} s  (runs: {runs('painted')})",
            f"rows    median {medians['rows']:.3f} s  (runs: {runs('rows')})",
            f"bare    median {bare:.3f} s  (runs: {runs('bare')})",
            f"first paint ratio {painted_ratio:.2f} (goal <= {GOAL_PAINTED}): "
            f"{verdict(painted_ratio, GOAL_PAINTED)}",
            f"rows shown ratio {rows_ratio:.2f} (goal <= {GOAL_ROWS}): "
            f"{verdict(rows_ratio, GOAL_ROWS)}",
        ],
        load_before,
    )
    result(
        "startup first paint",
        f"ratio {painted_ratio:.2f} (app {medians['painted']:.2f} s / bare {bare:.2f} s)",
        f"<= {GOAL_PAINTED}x",
        painted_ratio <= GOAL_PAINTED,
    )
    result(
        f"startup rows shown ({args.people:,} people)",
        f"ratio {rows_ratio:.2f} (app {medians['rows']:.2f} s / bare {bare:.2f} s)",
        f"<= {GOAL_ROWS}x",
        rows_ratio <= GOAL_ROWS,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
