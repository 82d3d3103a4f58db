"""Paint first (issue 13): the window is shown before the database is open,
says 正在打开… where the rows will be, lets nothing that needs the data be
clicked, and shows the branch name remembered from the last start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.areas import AREAS
from app.domain.settings import BRANCH_NAME
from app.services.people import PersonInput
from app.ui.main_window import MainWindow
from app.ui.remembered import RememberedBranch

ROOT = Path(__file__).resolve().parents[2]
PAGE_TITLES = [area.title for area in AREAS if area.page is not None]


def navigation_titles(window: MainWindow) -> list[str]:
    return [window.navigation.item(i).text() for i in range(window.navigation.count())]


def opening_note(window: MainWindow) -> str:
    note = window.pages.currentWidget().findChild(QLabel, "openingNote")
    return note.text() if note is not None else ""


def click_navigation(qtbot, window: MainWindow, row: int) -> None:
    item = window.navigation.item(row)
    rect = window.navigation.visualItemRect(item)
    qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def shell(qtbot, prompts, tmp_path, name: str = "") -> MainWindow:
    remembered = RememberedBranch(tmp_path, "ledger-key")
    if name:
        remembered.keep(name)
    window = MainWindow(None, prompts, title="ledger.sqlite3", remembered=remembered)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_before_the_database_opens_the_window_shows_its_frame_and_nothing_to_click(
    app, qtbot, prompts, tmp_path
):
    window = shell(qtbot, prompts, tmp_path, name="第一党支部")
    assert navigation_titles(window) == PAGE_TITLES
    assert opening_note(window) == "正在打开…"
    assert window.counts_label.text() == "正在打开…"
    assert window.branch_label.text() == "第一党支部" and window.branch_label.isVisible()
    assert not window.is_open
    disabled = [
        window.settings_action,
        window.audit_log_action,
        window.password_action,
        window.about_action,
        window.file_actions.import_action,
        window.file_actions.export_action,
        window.file_actions.backup_action,
        window.file_actions.restore_action,
    ]
    assert [action.isEnabled() for action in disabled] == [False] * len(disabled)
    # The other pages are frames too: clicking one shows its 正在打开….
    click_navigation(qtbot, window, 1)
    assert window.pages.currentIndex() == 1
    assert opening_note(window) == "正在打开…"
    assert prompts.shown == []


def test_once_open_the_page_chosen_meanwhile_shows_its_rows_and_the_menus_answer(
    app, qtbot, prompts, tmp_path, services
):
    for name in ("张伟", "李娜"):
        services.people.add_person(PersonInput(name=name))
    window = shell(qtbot, prompts, tmp_path)
    click_navigation(qtbot, window, 0)
    window.attach(services)
    assert window.is_open
    assert navigation_titles(window) == PAGE_TITLES
    roster = window.pages.currentWidget()
    assert roster is window.page("roster")
    table = roster.people_panel.table
    shown = {
        table.model().index(r, c).data()
        for r in range(table.model().rowCount())
        for c in range(table.model().columnCount())
    }
    assert {"张伟", "李娜"} <= shown
    assert opening_note(window) == ""
    assert window.settings_action.isEnabled() and window.file_actions.export_action.isEnabled()
    assert "2" in window.counts_label.text()
    # A page not built at opening is built, with its contents, when clicked.
    click_navigation(qtbot, window, 1)
    assert opening_note(window) == ""
    assert window.pages.currentWidget() is window.page(
        [area.key for area in AREAS if area.page is not None][1]
    )


def test_the_branch_name_from_settings_is_shown_and_remembered_for_the_next_start(
    app, qtbot, prompts, tmp_path, services
):
    services.settings.save({BRANCH_NAME: "机关第二党支部"})
    window = shell(qtbot, prompts, tmp_path)
    assert not window.branch_label.isVisible()  # nothing remembered yet
    window.attach(services)
    assert window.branch_label.text() == "机关第二党支部"
    again = shell(qtbot, prompts, tmp_path)  # the next start, before its database opens
    assert again.branch_label.text() == "机关第二党支部"


SPY = """
import runpy, sys
import app.bootstrap as bootstrap
from PySide6.QtWidgets import QApplication, QLabel
real = bootstrap.open_services
def spy(*args, **kwargs):
    from app.ui.main_window import MainWindow
    [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    note = window.pages.currentWidget().findChild(QLabel, "openingNote")
    print("AT-OPEN", window.isVisible(), note.text() if note else None,
          window.settings_action.isEnabled(), "sqlalchemy" in sys.modules, file=sys.stderr)
    return real(*args, **kwargs)
bootstrap.open_services = spy
sys.argv = ["main.py", "--db", sys.argv[1], "--smoke"]
runpy.run_path(%r, run_name="__main__")
"""


def test_a_start_opens_the_database_only_once_the_window_is_shown(tmp_path):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        BRANCH_LEDGER_HOME=str(tmp_path / "home"),
        PYTHONPATH=str(ROOT / "src"),
    )
    done = subprocess.run(
        [sys.executable, "-c", SPY % str(ROOT / "main.py"), str(tmp_path / "new.sqlite3")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stderr.splitlines() if line.startswith("AT-OPEN")]
    assert line == "AT-OPEN True 正在打开… False False"


def test_the_window_fits_a_small_screen(app, qtbot, prompts, tmp_path):
    window = shell(qtbot, prompts, tmp_path)
    room = window.screen().availableGeometry()
    # Never taller than the screen's free area (a 1366x768 laptop cut off the status bar).
    assert window.height() <= max(room.height() - 40, window.minimumHeight())
    assert window.width() <= max(room.width(), window.minimumWidth())
