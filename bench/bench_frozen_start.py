"""The installed (frozen) program against the program from source, in the same run:
start to painted main window with 10,000 people on file (goal: ratio <= 1.2),
plus the .deb's size and its installed size (goal <= 150 MB).

    .venv/bin/python installer/build.py               # first: dist/branch-ledger_<v>_<arch>.deb
    .venv/bin/python bench/bench_frozen_start.py [--deb FILE] [--people 10000] [--runs 7]

The .deb is unpacked with dpkg-deb -x into a temporary root (as dpkg would install
it, without installing it). Each measurement is the wall time of a fresh process,
offscreen:
  frozen: <root>/opt/branch-ledger/branch-ledger --db FILE --smoke
  source: python main.py --db FILE --smoke
run alternately after one warm-up each; the figures are medians.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, load_average, median, private_home, report, result, verdict

GOAL = 1.2
SIZE_GOAL_MB = 150


def run_once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def default_deb() -> Path:
    from app import __version__

    found = sorted((ROOT / "dist").glob(f"branch-ledger_{__version__}_*.deb"))
    if not found:
        sys.exit("no .deb in dist/: run .venv/bin/python installer/build.py first")
    return found[-1]


def tree_size(root: Path) -> int:
    return sum(p.lstat().st_size for p in root.rglob("*") if not p.is_dir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deb", type=Path, default=None)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    deb = args.deb or default_deb()

    load_before = load_average()
    home = private_home("frozen-start")
    root = Path(tempfile.mkdtemp(prefix="deb-root-", dir=home))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    frozen = root / "opt" / "branch-ledger" / "branch-ledger"

    from generate_data import generate, write_database

    db_file = home / "bench.sqlite3"
    units, people = generate(args.people)
    write_database(db_file, units, people)

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRANCH_LEDGER_HOME=str(home))
    frozen_cmd = [str(frozen), "--db", str(db_file), "--smoke"]
    source_cmd = [sys.executable, str(ROOT / "main.py"), "--db", str(db_file), "--smoke"]
    for cmd in (frozen_cmd, source_cmd):  # warm-up; the first start makes a backup
        run_once(cmd, env)
    frozen_times: list[float] = []
    source_times: list[float] = []
    for _ in range(args.runs):
        frozen_times.append(run_once(frozen_cmd, env))
        source_times.append(run_once(source_cmd, env))

    frozen_median, source_median = median(frozen_times), median(source_times)
    ratio = frozen_median / source_median
    installed_mb = tree_size(root) / 1024 / 1024
    report(
        f"frozen start vs start from source, {args.people:,} people",
        [
            f"package: {deb.name}, {deb.stat().st_size / 1024 / 1024:.1f} MiB; installed "
            f"{installed_mb:.1f} MiB (goal <= {SIZE_GOAL_MB} MiB): "
            f"{'MET' if installed_mb <= SIZE_GOAL_MB else 'NOT MET'}",
            f"frozen median {frozen_median:.3f} s  (runs: {', '.join(f'{t:.3f}' for t in frozen_times)})",
            f"source median {source_median:.3f} s  (runs: {', '.join(f'{t:.3f}' for t in source_times)})",
            f"ratio frozen/source {ratio:.2f}  (goal <= {GOAL}): {verdict(ratio, GOAL)}",
            f"built {time.strftime('%H:%M', time.gmtime(deb.stat().st_mtime))} UTC",
        ],
        load_before,
    )
    result(
        "frozen_start",
        f"ratio {ratio:.2f} (frozen {frozen_median:.2f} s / source {source_median:.2f} s)",
        f"<= {GOAL}x",
        ratio <= GOAL,
    )
    result(
        "frozen_size",
        f"installed {installed_mb:.1f} MiB",
        f"<= {SIZE_GOAL_MB} MiB",
        installed_mb <= SIZE_GOAL_MB,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
