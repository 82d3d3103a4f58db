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
atexit.register(_report)
"""


def loaded_modules(code: str, env: dict[str, str] | None = None) -> set[str]:
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
    assert lines, done.stderr
    return set(json.loads(lines[-1].removeprefix("MODULES=")))


def matching(modules: set[str], prefixes: tuple[str, ...]) -> set[str]:
    return {m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)}


def test_importing_the_main_window_loads_no_database_layer_and_no_on_demand_library():
    modules = loaded_modules("import app.ui.main_window, app.ui.application")
    assert "app.ui.main_window" in modules
    assert matching(modules, DATABASE) == set()
    assert matching(modules, ON_DEMAND) == set()


def run_window(tmp_path: Path, *args: str) -> set[str]:
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['main.py', {', '.join(repr(a) for a in args)}]\n"
        f"runpy.run_path({str(ROOT / 'main.py')!r}, run_name='__main__')\n"
    )
    return loaded_modules(code, {"BRANCH_LEDGER_HOME": str(tmp_path / "home")})


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


def test_the_window_is_painted_before_the_database_layer_is_loaded(tmp_path, database):
    # --smoke-until painted quits at the first paint: what it loaded, the paint needed.
    modules = run_window(tmp_path, "--db", str(database), "--smoke", "--smoke-until", "painted")
    assert "app.ui.main_window" in modules
    assert matching(modules, DATABASE) == set()
    assert matching(modules, ON_DEMAND) == set()


def test_a_whole_start_with_the_rows_shown_loads_no_on_demand_library(tmp_path, database):
    modules = run_window(tmp_path, "--db", str(database), "--smoke")
    assert "sqlalchemy" in modules  # the database was opened and its rows shown
    assert matching(modules, ON_DEMAND) == set()
