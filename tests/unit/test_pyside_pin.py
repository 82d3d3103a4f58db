"""The PySide6 pin: 6.12.0 on Python 3.11 corrupts the refcount of None on every
void Qt call and aborts after a few thousand calls. The loop runs in a child
process so a crash fails this test instead of killing the test run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from importlib.metadata import PackageNotFoundError, version

import pytest

CALLS = 20_000
MARKER = "VOID-CALLS-DONE"

CHILD = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])
    widget = QWidget()
    obj = QObject()
    for i in range({CALLS} // 2):
        widget.setToolTip("提示")   # void C++ calls: each returns None to Python
        obj.setObjectName("对象")
    del widget, obj
    print("{MARKER}", {CALLS})
    """
)


def test_twenty_thousand_void_qt_calls_do_not_crash():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"{MARKER} {CALLS}" in result.stdout


def _installed_pyside_version() -> str:
    for dist in ("PySide6-Essentials", "PySide6"):
        try:
            return version(dist)
        except PackageNotFoundError:
            continue
    pytest.skip("PySide6 is not installed")


def test_pyside_is_not_the_broken_release_on_python_before_3_12():
    installed = _installed_pyside_version()
    if sys.version_info < (3, 12):
        assert installed != "6.12.0", "PySide6 6.12.0 crashes on Python 3.11: see pyproject.toml"
    import PySide6

    assert PySide6.__version__ == installed
