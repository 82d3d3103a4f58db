"""Run every benchmark in bench/ and print one table: figure, goal, met or not.

    .venv/bin/python bench/run_all.py [--quick] [--only NAME ...]

Each benchmark runs as its own process (one after the other, never two at once:
the figures compare against baselines measured in the same process, and the
machine may be shared). Every benchmark prints, besides its own report, one
``RESULT name=... figure=... goal=... met=yes|no`` line per goal
(bench/_common.py ``result``); this script collects those lines.

Without options each benchmark runs at its own default sizes, the sizes its
goal is stated for; this takes several minutes. ``--quick`` runs them at
smaller sizes and fewer repeats, to see that all of them work, not to judge a
goal. ``--only`` takes a benchmark's short name (startup, roster, import,
pairing_ledger, pairing_pdf, pledges, mentoring, summary, save, pickers,
frozen_start) and may be given more than once. bench_frozen_start runs only when a built .deb is in
dist/; otherwise its row says why it was skipped.

The exit status is 0 when every goal that was measured is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from dataclasses import dataclass, field

from _common import ROOT, load_average, machine, parse_results

BENCH = ROOT / "bench"

# Short name -> (arguments for a full run, arguments for --quick).
# A full run uses each script's own defaults.
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "startup": ([], ["--people", "2000", "--runs", "3"]),
    "roster": ([], ["--people", "10000", "--repeat", "1"]),
    "import": ([], ["--people", "2000", "--runs", "2"]),
    "pairing_ledger": ([], ["--sessions", "10000", "--people", "500", "--repeat", "3"]),
    "pairing_pdf": ([], ["--sessions", "200", "--repeat", "2"]),
    "pledges": (
        [],
        ["--people", "2000", "--pledges", "5000", "--sessions", "2000", "--repeat", "3"],
    ),
    "mentoring": (
        [],
        ["--people", "2000", "--mentorships", "500", "--check-ins", "5000", "--repeat", "3"],
    ),
    "summary": ([], ["--people", "2000", "--sessions", "10000", "--repeat", "2"]),
    "save": ([], ["--rows", "5000", "--people", "2000", "--repeat", "2"]),
    "frozen_start": ([], ["--people", "2000", "--runs", "3"]),
    "pickers": ([], ["--people", "2000", "--sessions", "4000", "--repeat", "1"]),
    "development": ([], ["--people", "2000", "--tracks", "200", "--repeat", "2"]),
}


@dataclass
class Outcome:
    """What one benchmark script gave: its RESULT lines, or why there are none."""

    bench: str
    results: list[dict[str, str]] = field(default_factory=list)
    problem: str = ""  # "skipped: ..." or "failed: ..."
    seconds: float = 0.0


def built_deb() -> str | None:
    from app import __version__  # the .deb bench_frozen_start looks for

    found = sorted((ROOT / "dist").glob(f"branch-ledger_{__version__}_*.deb"))
    return str(found[-1]) if found else None


def run_bench(name: str, quick: bool) -> Outcome:
    if name == "frozen_start" and built_deb() is None:
        return Outcome(
            name, problem="skipped: no built .deb in dist/ (run installer/build.py first)"
        )
    full_args, quick_args = BENCHMARKS[name]
    cmd = [sys.executable, str(BENCH / f"bench_{name}.py"), *(quick_args if quick else full_args)]
    print(f"-- running {' '.join(cmd[1:])}", flush=True)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    sys.stdout.write(proc.stdout)
    outcome = Outcome(name, parse_results(proc.stdout), seconds=seconds)
    if not outcome.results:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        outcome.problem = f"failed: exit {proc.returncode}, no RESULT line ({tail})"
    elif proc.returncode not in (0, 1):  # 1: some benches say "a goal not met" this way
        outcome.problem = f"failed: exit {proc.returncode}"
    return outcome


def table(outcomes: list[Outcome], when: str, load_before: str, load_after: str, mode: str) -> str:
    """The summary table as plain text (also the form kept in docs/benchmarks.md)."""
    rows = [("benchmark", "figure", "goal", "met")]
    for outcome in outcomes:
        if outcome.problem and not outcome.results:
            rows.append((outcome.bench, outcome.problem, "", "—"))
            continue
        for r in outcome.results:
            rows.append(
                (r["name"], r["figure"], r["goal"], "met" if r["met"] == "yes" else "NOT MET")
            )
        if outcome.problem:
            rows.append((outcome.bench, outcome.problem, "", "—"))
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    lines = [
        f"date: {when}; {machine()}; {mode}",
        f"load average (1/5/15 min) before: {load_before}; after: {load_after}",
        "",
    ]
    for i, row in enumerate(rows):
        lines.append("  ".join(_pad(cell, widths[j]) for j, cell in enumerate(row)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    measured = [r for o in outcomes for r in o.results]
    met = sum(r["met"] == "yes" for r in measured)
    lines += ["", f"{met} of {len(measured)} goals met"]
    return "\n".join(lines)


def all_met(outcomes: list[Outcome]) -> bool:
    return all(r["met"] == "yes" for o in outcomes for r in o.results) and not any(
        o.problem.startswith("failed") for o in outcomes
    )


def _width(text: str) -> int:
    """Display width: a Chinese character takes two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(BENCHMARKS),
        metavar="NAME",
        help=f"run only this benchmark (may repeat): {', '.join(BENCHMARKS)}",
    )
    args = parser.parse_args(argv)
    names = args.only or list(BENCHMARKS)

    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = load_average()
    outcomes = [run_bench(name, args.quick) for name in names]
    mode = "quick sizes (--quick): not a judgement of the goals" if args.quick else "default sizes"
    print()
    print(table(outcomes, when, load_before, load_average(), mode))
    return 0 if all_met(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
