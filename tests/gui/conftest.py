"""GUI fixtures: a configured QApplication, scripted prompts, the main window."""

from __future__ import annotations

import datetime as dt
from collections import deque
from pathlib import Path

import pytest

from app.ui.application import configure_application
from app.ui.main_window import MainWindow

# The offscreen platform plugin warns whenever a window's size constraints
# change or a popup grabs the keyboard ("This plugin does not support
# propagateSizeHints()"): limits of the test platform, not of our code. Every
# other Qt warning still fails a test.
OFFSCREEN_NOISE = (
    r"This plugin does not support "
    r"(propagateSizeHints\(\)|raise\(\)|grabbing the keyboard|grabbing the mouse)"
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/gui/" in item.nodeid.replace("\\", "/") or item.nodeid.startswith("gui/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


class ScriptedPrompts:
    """Stands in for app.ui.prompts.Prompts: records every prompt and answers
    from queues, so no test blocks on a modal dialog."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []  # (kind, title, text)
        self.confirm_answers: deque[bool] = deque()
        self.date_answers: deque[dt.date | None] = deque()
        self.open_answers: deque[Path | None] = deque()
        self.save_answers: deque[Path | None] = deque()

    def _record(self, kind: str, title: str, text: str) -> None:
        self.shown.append((kind, title, text))

    def info(self, parent, title, text) -> None:
        self._record("info", title, text)

    def error(self, parent, title, text) -> None:
        self._record("error", title, text)

    def long_text(self, parent, title, text) -> None:
        self._record("long_text", title, text)

    def about(self, parent, title, text) -> None:
        self._record("about", title, text)

    def confirm(self, parent, title, text, *, destructive=False) -> bool:
        self._record("confirm", title, text)
        return self.confirm_answers.popleft() if self.confirm_answers else False

    def ask_date(self, parent, title, label, default):
        self._record("ask_date", title, label)
        return self.date_answers.popleft() if self.date_answers else default

    def open_workbook(self, parent, title):
        self._record("open_workbook", title, "")
        return self.open_answers.popleft() if self.open_answers else None

    def save_workbook(self, parent, title, suggested):
        self._record("save_workbook", title, suggested)
        return self.save_answers.popleft() if self.save_answers else None

    def save_file(self, parent, title, suggested, file_filter):
        self._record("save_file", title, suggested)
        return self.save_answers.popleft() if self.save_answers else None

    def texts(self, kind: str) -> list[str]:
        return [text for k, _title, text in self.shown if k == kind]


@pytest.fixture
def app(qapp):
    configure_application(qapp)
    return qapp


@pytest.fixture
def prompts() -> ScriptedPrompts:
    return ScriptedPrompts()


@pytest.fixture
def window(app, qtbot, services, prompts):
    main = MainWindow(services, prompts)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def roster(window):
    return window.page("roster")
