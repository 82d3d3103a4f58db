"""Paint first (issue 13): the window's modules load none of the database
layer, and a start loads no library that only some commands need.

Each check runs in a fresh interpreter: this test process has long imported
everything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Loaded only by the commands that need them: the workbook, the reports,
# migrations, pinyin search, the PDF preview, the Word copy.
ON_DEMAND = ("openpyxl", "reportlab", "alembic", "pypinyin", "pypdfium2", "docx", "lxml")
# The database layer: never before the first paint.
DATABASE = ("sqlalchemy", "app.persistence", "app.services", "app.domain.models")

REPORT_MODULES = """
import atexit, json, sys
def _report():
    names = sorted(sys.modules)
    print("MODULES=" + json.dumps(names), file=sys.stderr)
    # PySide6 builds a class (and its enums) on first use: the ones built so far.
    built = []
    for module in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"):
        if module in sys.modules:
            built += [k for k, v in vars(sys.modules[module]).items() if isinstance(v, type)]
    print("PYSIDE=" + json.dumps(sorted(built)), file=sys.stderr)
atexit.register(_report)
"""


def loaded_modules(code: str, env: dict[str, str] | None = None) -> set[str]:
    return run_reporting(code, env)[0]


def run_reporting(code: str, env: dict[str, str] | None = None) -> tuple[set[str], set[str]]:
    """The modules loaded and the PySide6 classes built by ``code``, run anew."""
    done = subprocess.run(
        [sys.executable, "-c", REPORT_MODULES + code],
        cwd=ROOT,
        env=dict(
            os.environ, PYTHONPATH=str(ROOT / "src"), QT_QPA_PLATFORM="offscreen", **(env or {})
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in done.stderr.splitlines() if line.startswith("MODULES=")]
    built = [line for line in done.stderr.splitlines() if line.startswith("PYSIDE=")]
    assert lines and built, done.stderr
    return (
        set(json.loads(lines[-1].removeprefix("MODULES="))),
        set(json.loads(built[-1].removeprefix("PYSIDE="))),
    )


def matching(modules: set[str], prefixes: tuple[str, ...]) -> set[str]:
    return {m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)}


def test_importing_the_main_window_loads_no_database_layer_and_no_on_demand_library():
    modules = loaded_modules("import app.ui.main_window, app.ui.application")
    assert "app.ui.main_window" in modules
    assert matching(modules, DATABASE) == set()
    assert matching(modules, ON_DEMAND) == set()


def run_window(tmp_path: Path, *args: str) -> set[str]:
    return run_window_reporting(tmp_path, *args)[0]


def run_window_reporting(tmp_path: Path, *args: str) -> tuple[set[str], set[str]]:
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['main.py', {', '.join(repr(a) for a in args)}]\n"
        f"runpy.run_path({str(ROOT / 'main.py')!r}, run_name='__main__')\n"
    )
    return run_reporting(code, {"BRANCH_LEDGER_HOME": str(tmp_path / "home")})


@pytest.fixture
def database(tmp_path) -> Path:
    """A database at the newest schema (its first start made it)."""
    db = tmp_path / "ledger.sqlite3"
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), "settings"],
        env=dict(os.environ, BRANCH_LEDGER_HOME=str(tmp_path / "home")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return db


# Standard modules a bare window does not load and the first paint does not
# need: OpenSSL's hashing (3 ms; app.ui.start_digest) and datetime (2 ms).
NOT_BEFORE_PAINT = ("_hashlib", "datetime")


def test_the_window_is_painted_before_the_database_layer_is_loaded(tmp_path, database):
    # --smoke-until painted quits at the first paint: what it loaded, the paint needed.
    modules = run_window(tmp_path, "--db", str(database), "--smoke", "--smoke-until", "painted")
    assert "app.ui.main_window" in modules
    assert matching(modules, DATABASE) == set()
    assert matching(modules, ON_DEMAND) == set()
    assert matching(modules, NOT_BEFORE_PAINT) == set()


def test_a_whole_start_with_the_rows_shown_loads_no_on_demand_library(tmp_path, database):
    modules = run_window(tmp_path, "--db", str(database), "--smoke")
    assert "sqlalchemy" in modules  # the database was opened and its rows shown
    assert matching(modules, ON_DEMAND) == set()


# Building these takes PySide6 (on Python 3.11) 15-25 ms for the Qt namespace's
# ~90 enums, 5 ms for the style's, about 1 ms each for the others: a fifth of
# a bare window's start, before a first paint that needs none of them.
NOT_BEFORE_THE_FIRST_PAINT = {
    "Qt",  # e.g. action.setShortcut(StandardKey), or any Qt.AlignmentFlag
    "QStyle",  # app.setStyle("Fusion") wraps the style it returns
    "QCommonStyle",
    "QMessageBox",  # prompts' dialogs, built when first asked for
    "QFileDialog",
    "QIdentityProxyModel",
    "QProgressBar",  # the background work's progress dialog
    "QMouseEvent",  # an event filter on the window: every event type's class
    "QGraphicsSceneMouseEvent",
}


def test_the_first_paint_builds_none_of_the_pyside_classes_it_does_not_need(tmp_path, database):
    modules, built = run_window_reporting(
        tmp_path, "--db", str(database), "--smoke", "--smoke-until", "painted"
    )
    assert "QMainWindow" in built and "QListWidget" in built  # the window was built
    assert built & NOT_BEFORE_THE_FIRST_PAINT == set()
