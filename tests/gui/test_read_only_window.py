"""A read-only database in the window (issue 12, point 4): a visible 只读 notice,
and every change refused up front with a Chinese message, nothing typed in vain.

The file is made read-only with chmod a-w, which the app honours for root too
(app.persistence.file_access), so this runs as root in CI. SQLite files only.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sample_roster import seed

from app.areas import AREAS
from app.persistence.database import Database
from app.services.registry import Services
from app.ui.main_window import MainWindow

SCREENSHOT_DIR_ENV = "BRANCH_LEDGER_SCREENSHOT_DIR"


@pytest.fixture
def read_only_services(tmp_path, app_paths):
    path = tmp_path / "只读台账.sqlite3"
    writable = Services.build(Database.open(path), app_paths, AREAS)
    seed(writable)
    writable.close()
    path.chmod(0o444)
    services = Services.build(Database.open(path), app_paths, AREAS)
    yield services, path
    services.close()
    path.chmod(0o600)


@pytest.fixture
def ro_window(app, qtbot, read_only_services, prompts):
    services, _path = read_only_services
    main = MainWindow(services, prompts)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_the_window_shows_the_read_only_notice_and_refuses_every_change(
    ro_window, read_only_services, prompts, qtbot, tmp_path
):
    services, path = read_only_services
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    window = ro_window
    banner = window.read_only_banner
    assert banner.isVisible()
    assert banner.text().startswith("只读：") and "只读台账.sqlite3" in banner.text()
    assert "（只读）" in window.database_label.text()

    roster = window.page("roster")
    roster.refresh()
    people = roster.people_panel
    assert people.table.model().rowCount() > 0  # reading works

    # 新增人员: refused before a form opens, so nothing is typed in vain
    qtbot.mouseClick(people.add_button, Qt.MouseButton.LeftButton)
    assert roster.current_form is None
    kind, title, text = prompts.shown[-1]
    assert kind == "error" and title == "数据库为只读" and "不能保存任何修改" in text

    # 删除 of the selected person: refused, nothing asked
    people.table.selectRow(0)
    shown = len(prompts.shown)
    qtbot.mouseClick(people.delete_button, Qt.MouseButton.LeftButton)
    assert [k for k, _t, _x in prompts.shown[shown:]] == ["error"]

    # 标记已转出 (the date asked is answered with today): refused with the reason
    qtbot.mouseClick(people.transfer_button, Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][:2] == ("error", "数据库为只读")

    # 工具 → 设置…: refused, no dialog
    tools = [a for a in window.menuBar().actions() if a.text().startswith("工具")][0].menu()
    settings = [a for a in tools.actions() if a.text() == "设置…"][0]
    shown = len(prompts.shown)
    settings.trigger()
    assert prompts.shown[shown][1] == "数据库为只读"

    # 文件: 导入 and 恢复 are off; 导出 (reading) stays on
    file_actions = window.file_actions
    assert not file_actions.import_action.isEnabled()
    assert not file_actions.restore_action.isEnabled()
    assert file_actions.export_action.isEnabled()
    assert file_actions.import_workbook(tmp_path / "any.xlsx") is None

    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not [p for p in os.listdir(path.parent) if p.startswith(path.name + "-")]

    folder = Path(os.environ.get(SCREENSHOT_DIR_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(1280, 760)
    qtbot.wait(20)
    assert window.grab().save(str(folder / "read-only-window.png"))


def test_a_writable_database_shows_no_notice(window):
    assert not window.read_only_banner.isVisible()
    assert "只读" not in window.database_label.text()
    assert window.operations.read_only is None
