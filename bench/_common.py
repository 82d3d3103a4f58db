"""Shared helpers of the benchmark scripts: timing, a private data folder, output."""

from __future__ import annotations

import atexit
import os
import platform
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
