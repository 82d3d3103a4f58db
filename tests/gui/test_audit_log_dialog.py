"""工具 → 操作记录… (issue 12, point 6), clicked and typed as a secretary would:
a person added through the form shows up with who did it and what was typed;
the date, 范围 and 经办人 filters narrow the list; an import is one line whose
records open with 查看导入明细; 导出 Excel… writes the filtered lines."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from background_helpers import wait_for_background
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from sample_roster import seed
from typing_helpers import type_text

from app.domain.settings import OPERATOR
from app.exchange.workbook_import import import_workbook
from app.services.audit_log import PAGE_SIZE
from app.ui.audit_log_dialog import AuditColumn

SCREENSHOT_DIR_ENV = "BRANCH_LEDGER_SCREENSHOT_DIR"


def open_log(window, qtbot):
    tools = [a for a in window.menuBar().actions() if a.text().startswith("工具")][0].menu()
    [action] = [a for a in tools.actions() if a.text() == "操作记录…"]
    action.trigger()
    dialog = window.audit_log_dialog
    qtbot.waitExposed(dialog)
    return dialog


def cell(dialog, row: int, column: AuditColumn) -> str:
    return dialog.model.index(row, column).data()


def click_row(qtbot, table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def many_people_workbook(path: Path, count: int) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "人员"
    sheet.append(["姓名", "工号"])
    for i in range(count):
        sheet.append([f"导入人员{i:04d}", f"IM{i:04d}"])
    book.save(path)
    return path


def test_the_log_shows_filters_opens_an_import_and_exports(
    qtbot, window, services, prompts, tmp_path, qtmodeltester
):
    services.settings.save({OPERATOR: "王书记"})
    seed(services)
    roster = window.page("roster")
    roster.refresh()

    # a person added through the form, by typing
    qtbot.mouseClick(roster.people_panel.add_button, Qt.MouseButton.LeftButton)
    form = roster.current_form
    type_text(qtbot, form.name, "新来的")
    type_text(qtbot, form.phone, "13912345678")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert roster.current_form is None

    import_workbook(services, many_people_workbook(tmp_path / "新员工.xlsx", 450))

    dialog = open_log(window, qtbot)
    qtmodeltester.check(dialog.model)
    model = dialog.model
    # newest first: the import (one line), then the person typed in the form
    assert cell(dialog, 0, AuditColumn.ACTION) == "导入"
    assert cell(dialog, 0, AuditColumn.RECORD) == "「新员工.xlsx」（450 条记录）"
    assert "人员 新增 450" in cell(dialog, 0, AuditColumn.CHANGES)
    assert [cell(dialog, 1, c) for c in (AuditColumn.ACTOR, AuditColumn.ACTION)] == [
        "王书记",
        "新增",
    ]
    assert cell(dialog, 1, AuditColumn.AREA) == "人员名册"
    assert cell(dialog, 1, AuditColumn.RECORD) == "人员「新来的」"
    assert "联系电话：13912345678" in cell(dialog, 1, AuditColumn.CHANGES)
    total = services.audit_log.count()
    assert dialog.count_label.text() == f"共 {total} 条"
    assert model.rowCount() == min(total, PAGE_SIZE)  # lazily loaded

    # the detail pane shows the selected line's values, one per line
    click_row(qtbot, dialog.table, 1)
    assert "姓名：新来的\n" in dialog.detail.toPlainText()
    assert not dialog.details_button.isEnabled()  # not an import

    # an import's records
    click_row(qtbot, dialog.table, 0)
    assert dialog.details_button.isEnabled()
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert dialog.count_label.text() == "导入「新员工.xlsx」的明细：共 450 条"
    assert model.rowCount() == PAGE_SIZE
    dialog.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > PAGE_SIZE)
    assert {cell(dialog, r, AuditColumn.ACTION) for r in range(model.rowCount())} == {"新增"}
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialog.count_label.text() == f"共 {total} 条"

    # filters: 范围, 经办人, dates typed
    dialog.area.setCurrentText("导入工作簿")
    assert dialog.count_label.text() == "共 1 条"
    dialog.area.setCurrentIndex(0)
    dialog.actor.setCurrentText("王书记")
    # all but the saving of 经办人 itself, which the system's user did
    assert dialog.count_label.text() == f"共 {total - 1} 条"
    dialog.actor.setCurrentIndex(0)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    type_text(qtbot, dialog.date_to.line_edit, yesterday.isoformat())
    qtbot.keyClick(dialog.date_to.line_edit, Qt.Key.Key_Return)
    assert dialog.count_label.text() == "共 0 条"
    dialog.date_to.line_edit.clear()
    type_text(qtbot, dialog.date_from.line_edit, dt.date.today().isoformat())
    qtbot.keyClick(dialog.date_from.line_edit, Qt.Key.Key_Return)
    dialog.date_to.editingFinished.emit()
    assert dialog.count_label.text() == f"共 {total} 条"

    shots = Path(os.environ.get(SCREENSHOT_DIR_ENV) or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    click_row(qtbot, dialog.table, 1)
    qtbot.wait(20)
    assert dialog.grab().save(str(shots / "audit-log.png"))

    # 导出 Excel…: the lines of the filter, in the background
    dialog.area.setCurrentText("人员名册")
    shown = services.audit_log.count(dialog.current_filter())
    target = tmp_path / "操作记录.xlsx"
    prompts.save_answers.append(target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot, window)
    assert prompts.shown[-1][:2] == ("info", "导出完成")
    sheet = load_workbook(target)["操作记录"]
    assert sheet.max_row == shown + 1
    assert {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"人员名册"}
