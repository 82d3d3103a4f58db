"""Shared helpers of the benchmark scripts: timing, a private data folder, output."""

from __future__ import annotations

import atexit
import os
import platform
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
if str(ROOT / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "bench"))


def private_home(prefix: str) -> Path:
    """A temporary BRANCH_LEDGER_HOME for this run: never the real user folder."""
    home = Path(tempfile.mkdtemp(prefix=f"branch-ledger-{prefix}-"))
    os.environ["BRANCH_LEDGER_HOME"] = str(home)
    if not os.environ.get("BENCH_KEEP_FILES"):
        atexit.register(shutil.rmtree, home, True)
    return home


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def report(title: str, lines: list[str], load_before: str) -> None:
    print(f"== {title}")
    print(f"   date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {machine()}")
    print(f"   load average (1/5/15 min) before: {load_before}; after: {load_average()}")
    for line in lines:
        print(f"   {line}")


def verdict(ratio: float, goal: float) -> str:
    return "MET" if ratio <= goal else "NOT MET"


def result(name: str, figure: str, goal: str, met: bool) -> None:
    """One machine-readable line per measured goal, read by bench/run_all.py.

    ``RESULT name=... figure=... goal=... met=yes|no``; values are shell-quoted
    (shlex) so they may hold spaces and Chinese.
    """
    print(format_result(name, figure, goal, met), flush=True)


def format_result(name: str, figure: str, goal: str, met: bool) -> str:
    fields = {"name": name, "figure": figure, "goal": goal, "met": "yes" if met else "no"}
    return "RESULT " + " ".join(f"{key}={shlex.quote(value)}" for key, value in fields.items())


def parse_results(output: str) -> list[dict[str, str]]:
    """The RESULT lines of a benchmark's output, as dicts of name/figure/goal/met."""
    found = []
    for line in output.splitlines():
        if not line.startswith("RESULT "):
            continue
        fields = dict(part.split("=", 1) for part in shlex.split(line[len("RESULT ") :]))
        if {"name", "figure", "goal", "met"} <= fields.keys():
            found.append(fields)
    return found
