"""The main window: navigation, status bar, the 文件 menu."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from background_helpers import ImportGate, wait_for_background
from openpyxl import Workbook
from PySide6.QtCore import Qt
from roster_helpers import visible_names
from sample_roster import PEOPLE, seed

from app.bootstrap import open_services
from app.ui.main_window import MainWindow

SQLITE_FILE_ONLY = pytest.mark.skipif(
    bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL")),
    reason="backups are SQLite files; a database server keeps its own",
)


def menu_action(window, menu_title: str, text: str):
    for menu_action in window.menuBar().actions():
        if menu_action.text().startswith(menu_title):
            for action in menu_action.menu().actions():
                if action.text() == text:
                    return action
    raise AssertionError(f"no {menu_title} → {text}")


def test_navigation_shows_only_working_areas(window):
    items = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert items == ["人员名册", "结对帮扶", "党员承诺", "老带新", "报表"]
    assert window.pages.currentWidget() is window.page("roster")


def test_status_bar_names_the_database(window, services):
    assert window.database_label.text() == f"数据库：{services.db.display_name}"
    assert window.counts_label.text().startswith("人员 0 人")


def test_file_menu_has_import_export_backup_and_quit(window):
    for text in ("导入工作簿…", "导出工作簿…", "备份数据库…", "退出"):
        assert menu_action(window, "文件", text).isEnabled()
    assert menu_action(window, "帮助", "关于")


def test_export_then_import_into_another_database_through_the_menu(
    qtbot, app, window, services, prompts, tmp_path, app_paths
):
    seed(services)
    window.page("roster").refresh()
    target = tmp_path / "台账.xlsx"
    prompts.save_answers.append(target)
    menu_action(window, "文件", "导出工作簿…").trigger()
    wait_for_background(qtbot, window)
    assert target.exists()
    assert "导出完成" in prompts.texts("info")[-1]

    other = open_services(str(tmp_path / "other.sqlite3"), app_paths)
    try:
        second = MainWindow(other, prompts)
        qtbot.addWidget(second)
        second.show()
        prompts.open_answers.append(target)
        menu_action(second, "文件", "导入工作簿…").trigger()
        wait_for_background(qtbot, second)
        assert "导入完成" in prompts.texts("info")[-1]
        # the roster refreshed by itself after the import
        assert len(visible_names(second.page("roster"))) == len(PEOPLE) - 1  # one is 已转出
        second.close()
    finally:
        other.db.close()


def test_a_bad_workbook_imports_nothing_and_names_sheet_row_and_column(
    qtbot, window, services, prompts, tmp_path
):
    book = Workbook()
    sheet = book.active
    sheet.title = "人员"
    sheet.append(["姓名", "工号", "出生日期", "联系电话"])
    sheet.append(["张伟", "A001", "1990-01-01", "13812345678"])
    sheet.append(["王芳", "A002", "1990-02-30", "13812345679"])
    path = tmp_path / "坏的.xlsx"
    book.save(path)
    prompts.open_answers.append(path)
    menu_action(window, "文件", "导入工作簿…").trigger()
    wait_for_background(qtbot, window)
    [message] = prompts.texts("error")
    assert "人员" in message and "3" in message and "出生日期" in message
    assert services.people.count_people() == 0
    assert visible_names(window.page("roster")) == []


def test_cancelled_file_dialog_does_nothing(window, prompts, services):
    menu_action(window, "文件", "导入工作簿…").trigger()
    menu_action(window, "文件", "导出工作簿…").trigger()
    assert prompts.texts("error") == [] and prompts.texts("info") == []


@SQLITE_FILE_ONLY
def test_backup_from_the_menu(qtbot, window, prompts, app_paths):
    menu_action(window, "文件", "备份数据库…").trigger()
    wait_for_background(qtbot, window)
    [message] = prompts.texts("info")
    assert message.startswith("已备份到：")
    path = Path(message.split("\n", 1)[1])
    assert path.exists() and path.parent == window.services.backups.backups_dir


def test_about_names_the_app_and_version(window):
    from app import __version__

    menu_action(window, "帮助", "关于").trigger()
    text = window.about_dialog.title_label.text()
    assert window.about_dialog.isVisible()
    assert "支部台账" in text and __version__ in text


def test_cancelling_an_import_writes_nothing(
    qtbot, window, services, prompts, tmp_path, monkeypatch
):
    book = Workbook()
    sheet = book.active
    sheet.title = "人员"
    sheet.append(["姓名", "工号"])
    for i in range(300):
        sheet.append([f"测试{i}", f"T{i:04d}"])
    path = tmp_path / "大.xlsx"
    book.save(path)

    prompts.open_answers.append(path)
    with ImportGate(monkeypatch, at=0.0) as gate:  # held at its first progress report
        menu_action(window, "文件", "导入工作簿…").trigger()
        gate.wait_reached(qtbot)
        window.operations.running[0].dialog.cancel_button.click()
    wait_for_background(qtbot, window)
    assert prompts.texts("error") == []
    [notice] = prompts.texts("info")
    assert "取消" in notice and "未写入" in notice
    assert services.people.count_people() == 0


@SQLITE_FILE_ONLY
def test_closing_after_changes_makes_a_backup(window, services, app_paths):
    from app.domain.validation import PersonInput

    services.people.add_person(PersonInput(name="张茜"))
    window.close()
    names = [p.name for p in window.services.backups.backups_dir.glob("*") if p.is_file()]
    assert len(names) == 1 and "close" in names[0]


def test_closing_without_changes_makes_no_backup(window, app_paths):
    window.close()
    assert [p for p in window.services.backups.backups_dir.glob("*") if p.is_file()] == []


@SQLITE_FILE_ONLY
def test_restore_a_backup_from_the_menu(qtbot, window, services, prompts, app_paths):
    from app.domain.validation import PersonInput

    services.people.add_person(PersonInput(name="张茜"))
    menu_action(window, "文件", "备份数据库…").trigger()
    wait_for_background(qtbot, window)
    services.people.add_person(PersonInput(name="误录入"))
    window.page("roster").refresh()
    assert sorted(visible_names(window.page("roster"))) == ["张茜", "误录入"]

    menu_action(window, "文件", "恢复备份…").trigger()
    dialog = window.restore_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 1).data() == "手动备份"
    assert dialog.model.index(0, 2).data() == "0 个单位，1 人"
    assert not dialog.restore_button.isEnabled()
    dialog.select_row(0)
    assert dialog.restore_button.text() == "恢复所选备份"
    prompts.confirm_answers.append(True)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot, window)

    assert "手动备份" in prompts.texts("confirm")[-1]
    assert prompts.texts("info")[-1].startswith("已恢复")
    assert visible_names(window.page("roster")) == ["张茜"]
    assert [p.name for p in window.services.people.list_people()] == ["张茜"]
    assert window.services is not services  # the file was opened anew
    window.services.db.close()


def test_restore_dialog_model_passes_qt_model_checks(qtmodeltester, app, services, app_paths):
    from app.persistence.backups import BackupService, list_backups
    from app.ui.table_models.backups_table_model import BackupsTableModel

    BackupService(services.db, app_paths.backups_dir).create(reason="manual")
    model = BackupsTableModel(list_backups(services.backups.backups_dir))
    qtmodeltester.check(model, force_py=True)
    model.set_backups([])


@SQLITE_FILE_ONLY
def test_restore_with_no_backups_says_so(window, prompts):
    menu_action(window, "文件", "恢复备份…").trigger()
    assert "还没有备份" in prompts.texts("info")[-1]


@SQLITE_FILE_ONLY
def test_restore_lists_only_this_databases_backups(
    qtbot, window, services, prompts, app_paths, tmp_path
):
    from app.domain.validation import PersonInput
    from app.persistence.backups import BackupService
    from app.persistence.database import Database
    from app.services.people import PeopleService

    other = Database.open(tmp_path / "另一个台账.sqlite3", backups_dir=app_paths.backups_dir)
    PeopleService(other).add_person(PersonInput(name="别的支部"))
    theirs = BackupService(other, app_paths.backups_dir).create("manual")
    other.close()
    services.people.add_person(PersonInput(name="张茜"))
    ours = services.backups.create("manual")
    assert theirs.parent.parent == ours.parent.parent == app_paths.backups_dir

    menu_action(window, "文件", "恢复备份…").trigger()
    dialog = window.restore_dialog
    assert dialog.model.rowCount() == 1  # not the other ledger's backup
    assert dialog.model.index(0, 2).data() == "0 个单位，1 人"
    dialog.reject()
