"""Screenshots of the main window, the roster page and each form.

Runs in the suite (pictures go to a temporary folder and the layout checks
run); to refresh docs/screenshots/ run:

    BRANCH_LEDGER_SCREENSHOT_DIR=docs/screenshots .venv/bin/pytest -q tests/gui/test_ui_screenshots.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from sample_roster import seed
from typing_helpers import type_text

from app.domain.enums import PoliticalStatus

SQLITE_FILE_ONLY = pytest.mark.skipif(
    bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL")),
    reason="backups are SQLite files; a database server keeps its own",
)

SCREENSHOT_DIR_ENV = "BRANCH_LEDGER_SCREENSHOT_DIR"


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get(SCREENSHOT_DIR_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(widget: QWidget, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path)), path
    assert path.stat().st_size > 1000
    return path


def clipped_texts(root: QWidget) -> list[str]:
    """Labels and buttons narrower than their text (cut-off words)."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or not isinstance(widget, QLabel | QAbstractButton):
            continue
        if isinstance(widget, QLabel) and widget.wordWrap() or not widget.text():
            continue
        if widget.width() + 1 < widget.minimumSizeHint().width():
            found.append(f"{type(widget).__name__} {widget.text()!r}")
    return found


def test_screenshots(window, roster, services, qtbot, shots):
    seed(services)
    window.resize(1280, 760)
    roster.refresh()
    qtbot.wait(50)
    save(window, shots, "01-main-window")
    assert clipped_texts(window) == []

    roster.units_panel.select_unit(services.people.list_units()[0].id)  # any unit
    for unit in services.people.list_units():
        if unit.name == "滨江分公司":
            roster.units_panel.select_unit(unit.id)
    roster.people_panel.political_filter.set_member(PoliticalStatus.MEMBER)
    qtbot.wait(20)
    save(window, shots, "02-roster-filtered-unit-and-members")
    roster.units_panel.select_unit(None)
    roster.people_panel.political_filter.setCurrentIndex(0)
    type_text(qtbot, roster.people_panel.search, "zw")
    save(window, shots, "03-roster-search-pinyin")
    roster.people_panel.search.clear()

    form = roster.people_panel.add_person()
    qtbot.waitExposed(form)
    save(form, shots, "10-person-form-empty")
    assert clipped_texts(form) == []

    type_text(qtbot, form.name, "林晓雯")
    type_text(qtbot, form.employee_no, "BQ0401")
    form.gender.setCurrentIndex(2)
    type_text(qtbot, form.birth_date.line_edit, "1996年5月8日")
    form.unit.setCurrentIndex(form.unit.findText("滨江一网格", flags=_contains()))
    type_text(qtbot, form.position, "营业厅值班经理")
    form.political_status.set_member(PoliticalStatus.PROBATIONARY)
    type_text(qtbot, form.party_join_date.line_edit, "2025/6/30")
    type_text(qtbot, form.phone, "13661290401")
    form.tags.set_tags(["业务骨干", "新员工"])
    type_text(qtbot, form.note, "2024 年校招入职，师傅：孙悦")
    form.name.setFocus()
    save(form, shots, "11-person-form-filled")

    form.name.clear()
    form.birth_date.set_text("2021-02-30")
    form.phone.setText("1234")
    form.employee_no.setText("BQ0001")
    form.try_save()
    qtbot.wait(20)
    save(form, shots, "12-person-form-inline-errors")
    assert form.error_text("name")
    form.reject()

    unit_form = roster.units_panel.add_unit()
    qtbot.waitExposed(unit_form)
    type_text(qtbot, unit_form.name, "共和新路街道")
    save(unit_form, shots, "20-unit-form")
    assert clipped_texts(unit_form) == []
    unit_form.reject()


def test_screenshots_of_prompts(window, roster, services, qtbot, shots):
    """Qt's own buttons in Chinese; long import errors scroll."""
    import datetime as dt

    from app.domain.errors import ImportFailed
    from app.ui.prompt_dialogs import DateDialog
    from app.ui.prompts import Prompts

    prompts = Prompts()
    box = prompts.build_confirm(
        window,
        "删除人员",
        "确定删除「罗杰」吗？删除后无法恢复。\n如果此人只是调离或退休，请改用“标记已转出”。",
        destructive=True,
    )
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    save(box, shots, "30-confirm-delete")
    assert clipped_texts(box) == []
    box.close()

    problems = [
        ("人员", row, "出生日期", "出生日期不是有效日期（例如 2021-03-05）") for row in range(3, 40)
    ]
    problems.insert(0, ("单位", 5, "上级单位", "上级单位「北区分公斯」不存在"))
    dialog = prompts.build_long_text(window, "导入失败", ImportFailed(problems).message)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    save(dialog, shots, "31-import-errors")
    dialog.close()

    ask = DateDialog(window, "标记已转出", "「高敏」转出的日期：", dt.date(2025, 10, 31))
    qtbot.addWidget(ask)
    ask.show()
    qtbot.waitExposed(ask)
    save(ask, shots, "32-transfer-date")
    assert clipped_texts(ask) == []
    ask.close()


def _contains():
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchContains


@SQLITE_FILE_ONLY
def test_screenshot_of_restore_dialog(window, services, qtbot, shots, app_paths):
    from app.persistence.backups import BackupService

    seed(services)
    backups = BackupService(services.db, app_paths.backups_dir)
    backups.create(reason="manual")
    backups.create(reason="close")
    dialog = window.restore_backup()
    qtbot.waitExposed(dialog)
    dialog.select_row(1)
    save(dialog, shots, "33-restore-backup")
    assert clipped_texts(dialog) == []
    dialog.reject()
