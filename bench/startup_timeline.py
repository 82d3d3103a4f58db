"""Diagnostic for bench_startup.py: where the time before the first paint goes.

    .venv/bin/python bench/startup_timeline.py [--runs 4]

Each run is a fresh process that goes through the steps ``run_application``
takes before its first paint, one at a time, and prints the time since the
interpreter reached this script after each (milliseconds; the step's own time
in brackets). Not a benchmark with a goal: bench_startup.py measures the whole.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

STEPS = r"""
import os, sys, time
T0 = time.perf_counter()
marks = []
def mark(name):
    marks.append((name, time.perf_counter() - T0))
sys.path.insert(0, os.path.join(sys.argv[1], "src"))
import app.bootstrap; mark("python and app.bootstrap")
from PySide6.QtWidgets import QApplication; mark("PySide6 QtWidgets")
import app.ui.application as application; mark("app.ui.application")
from app.ui.main_window import MainWindow; mark("app.ui.main_window")
from PySide6.QtCore import QTimer
application.apply_input_method_fallback()
qt = QApplication(["timeline"]); mark("QApplication")
application.configure_application(qt); mark("fonts, translations, style")
from app.ui.prompts import Prompts
guard, claim, key, config = application._claim_database(None); mark("one-instance claim")
window = MainWindow(None, Prompts(), title="t", remembered=application.RememberedBranch(config, key))
mark("window built")
def painted():
    mark("painted")
    QTimer.singleShot(0, qt.quit)
window.first_painted.connect(painted)
window.show(); mark("shown")
qt.exec()
guard.release()
parts, previous = [], 0.0
for name, t in marks:
    parts.append(f"{name} {t * 1000:.1f} (+{(t - previous) * 1000:.1f})")
    previous = t
print("  ".join(parts))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4)
    args = parser.parse_args(argv)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for _ in range(args.runs):
        done = subprocess.run(
            [sys.executable, "-c", STEPS, root], env=env, capture_output=True, text=True
        )
        print(done.stdout.strip() or done.stderr.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
