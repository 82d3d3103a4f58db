"""GUI fixtures: a configured QApplication, scripted prompts, the main window."""

from __future__ import annotations

import datetime as dt
from collections import deque
from pathlib import Path

import pytest

from app.ui.application import configure_application
from app.ui.main_window import MainWindow
from app.ui.prompts import FileOpener
from app.ui.translation_files import compile_translations

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
        # ask_password(): the password typed, or None for 取消
        self.password_answers: deque[str | None] = deque()
        self.open_answers: deque[Path | None] = deque()
        self.save_answers: deque[Path | None] = deque()
        # choose(): the action clicked (its label), or None for 关闭
        self.choice_answers: deque[str | None] = deque()
        self.offered: list[list[str]] = []  # the actions each choose() offered
        # choose_backup(): a function picking one of the backups listed, or None for 取消
        self.backup_answers: deque = deque()
        self.backups_offered: list[list] = []  # the backups each choose_backup() listed
        # print_dialog(): a callable that sets up the QPrinter as the user would
        # (e.g. PdfFormat and a file), or None for 取消
        self.print_answers: deque = deque()
        # The real opener's logic with a scripted desktop: launch_answers say
        # whether the system could open each path (default: it could not).
        self.launch_answers: deque[bool] = deque()
        self.launched: list[Path] = []
        self.opener = FileOpener(self, self._launch)

    def _launch(self, path: Path) -> bool:
        self.launched.append(Path(path))
        return self.launch_answers.popleft() if self.launch_answers else False

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

    def choose(self, parent, title, text, actions, *, warning=True):
        self._record("choose", title, text)
        self.offered.append(list(actions))
        answer = self.choice_answers.popleft() if self.choice_answers else None
        assert answer is None or answer in actions, (answer, actions)
        return answer

    def choose_backup(self, parent, backups, note):
        self._record("choose_backup", "恢复备份", note)
        self.backups_offered.append(list(backups))
        pick = self.backup_answers.popleft() if self.backup_answers else None
        return pick(backups) if pick is not None else None

    def show_path(self, parent, title, text, path) -> None:
        self._record("show_path", title, f"{text}\n\n{path}")

    def ask_date(self, parent, title, label, default):
        self._record("ask_date", title, label)
        return self.date_answers.popleft() if self.date_answers else default

    def ask_password(self, parent, title, label):
        self._record("password", title, label)
        return self.password_answers.popleft() if self.password_answers else None

    def open_workbook(self, parent, title):
        self._record("open_workbook", title, "")
        return self.open_answers.popleft() if self.open_answers else None

    def save_workbook(self, parent, title, suggested):
        self._record("save_workbook", title, suggested)
        return self.save_answers.popleft() if self.save_answers else None

    def save_file(self, parent, title, suggested, file_filter):
        self._record("save_file", title, suggested)
        return self.save_answers.popleft() if self.save_answers else None

    def print_dialog(self, parent, printer, page_count, current_page) -> bool:
        self._record("print", "打印", f"{page_count} 页")
        answer = self.print_answers.popleft() if self.print_answers else None
        if answer is None:
            return False
        answer(printer)
        return True

    def texts(self, kind: str) -> list[str]:
        return [text for k, _title, text in self.shown if k == kind]


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """What scripts/setup.sh does: the .qm files Qt loads are built, not in git."""
    compile_translations()


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
    # The offscreen screen is 800x800, which the window's first size fits
    # itself to; the tests see it at its size on an office desktop.
    main.resize(1280, 780)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def roster(window):
    return window.page("roster")
