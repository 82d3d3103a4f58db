"""工具 → 数据库密码… and the password asked at start (issue 12, point 7):
typed as a user would; the prompts answered through ScriptedPrompts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.areas import AREAS
from app.bootstrap import open_services, recovery_for
from app.domain.validation import PersonInput
from app.persistence.database import Database
from app.persistence.encryption import SQLITE_MAGIC
from app.services.people import PeopleService
from app.services.registry import Services
from app.ui.application import open_or_recover
from app.ui.main_window import MainWindow
from damaged_files import set_aside_files, snapshot

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL")), reason="SQLite files only"
)

PASSWORD = "Branch-2026"  # a password field takes no input method: typed as keys


@pytest.fixture
def ledger(app_paths) -> Path:
    path = app_paths.data_dir / "台账.sqlite3"
    db = Database.open(path, backups_dir=app_paths.backups_dir)
    for name in ("张伟", "李娜"):
        PeopleService(db).add_person(PersonInput(name=name))
    db.close()
    return path


def encrypted(path: Path, app_paths) -> Path:
    services = Services.build(
        Database.open(path, backups_dir=app_paths.backups_dir), app_paths, AREAS
    )
    new, result = services.change_password(PASSWORD)
    assert result.problem is None
    new.close()
    return path


def show(qtbot, services, prompts) -> MainWindow:
    window = MainWindow(services, prompts)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def type_password(qtbot, dialog, first: str, second: str) -> None:
    qtbot.keyClicks(dialog.new_password, first)
    qtbot.keyClicks(dialog.repeated, second)


def test_setting_a_password_in_the_dialog_encrypts_the_file(app, qtbot, prompts, ledger, app_paths):
    services = open_services(str(ledger), app_paths, auto_backup=False)
    window = show(qtbot, services, prompts)
    assert window.password_action.isVisible()
    window.password_action.trigger()
    dialog = window.password_dialog
    assert dialog.save_button.text() == "设置密码" and not dialog.remove_button.isVisible()

    type_password(qtbot, dialog, "abc", "abc")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "至少需要 6 个字符" in dialog.error.text()
    dialog.new_password.clear()
    dialog.repeated.clear()
    type_password(qtbot, dialog, PASSWORD, PASSWORD + "x")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text() == "两次输入的密码不一致。"
    assert ledger.read_bytes()[:16] == SQLITE_MAGIC  # nothing changed yet

    dialog.repeated.clear()
    qtbot.keyClicks(dialog.repeated, PASSWORD)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert ledger.read_bytes()[:16] != SQLITE_MAGIC
    [done] = prompts.texts("info")
    assert "已设置数据库密码" in done and "加密前的备份没有加密" in done
    assert window.services.encrypted
    assert "2" in window.counts_label.text()  # the window shows the reopened ledger
    window.services.people.add_person(PersonInput(name="王芳"))  # and can save
    window.close()
    window.services.close()
    with Database.open(ledger, key=PASSWORD).reading():
        pass


def test_removing_the_password_in_the_dialog(app, qtbot, prompts, ledger, app_paths):
    encrypted(ledger, app_paths)
    services = open_services(str(ledger), app_paths, auto_backup=False, password=PASSWORD)
    window = show(qtbot, services, prompts)
    window.password_action.trigger()
    dialog = window.password_dialog
    assert dialog.save_button.text() == "修改密码" and dialog.remove_button.isVisible()
    prompts.confirm_answers.append(True)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)

    assert "任何人拿到文件都能读取" in prompts.texts("confirm")[0]
    assert ledger.read_bytes()[:16] == SQLITE_MAGIC
    assert not window.services.encrypted
    assert "已取消密码" in prompts.texts("info")[0]
    window.close()
    window.services.close()


def test_a_wrong_password_is_refused_three_times_and_nothing_changes(
    app, prompts, ledger, app_paths
):
    encrypted(ledger, app_paths)
    before = snapshot(ledger)
    prompts.password_answers.extend(["错误1", "错误2", "错误3"])

    assert open_or_recover(str(ledger), prompts, open_services, recovery_for=recovery_for) is None

    asked = [text for kind, _t, text in prompts.shown if kind == "password"]
    assert len(asked) == 3
    assert "加密的数据库" in asked[0]
    assert "密码不正确，还可以再试 2 次" in asked[1]
    assert "密码不正确，还可以再试 1 次" in asked[2]
    [error] = prompts.texts("error")
    assert "数据库密码不正确（已尝试 3 次）" in error and "没有被修改" in error
    assert "choose" not in [kind for kind, _t, _x in prompts.shown]  # not offered as damaged
    assert snapshot(ledger) == before and set_aside_files(ledger) == []


def test_the_right_password_at_the_second_try_opens_it(app, qtbot, prompts, ledger, app_paths):
    encrypted(ledger, app_paths)
    prompts.password_answers.extend(["错误1", PASSWORD])

    services = open_or_recover(str(ledger), prompts, open_services, recovery_for=recovery_for)

    assert services is not None and services.encrypted
    window = show(qtbot, services, prompts)
    assert services.people.count_people() == 2
    window.close()
    services.close()


def test_cancelling_the_password_offers_the_way_back_and_quit_leaves_it(
    app, prompts, ledger, app_paths
):
    encrypted(ledger, app_paths)
    before = snapshot(ledger)
    prompts.password_answers.append(None)  # 取消
    prompts.choice_answers.append(None)  # then 关闭 in the recovery dialog

    assert open_or_recover(str(ledger), prompts, open_services, recovery_for=recovery_for) is None

    assert [kind for kind, _t, _x in prompts.shown] == ["password", "choose"]
    assert snapshot(ledger) == before and set_aside_files(ledger) == []
