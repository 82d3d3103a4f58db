"""The 文件 menu's long work runs off the GUI thread: with a real 10,000-row
workbook the window keeps painting and the progress dialog keeps answering
while the import is mid-way, 取消 leaves the database as it was, a bad cell
imports nothing, and export and backup write their files.

"Mid-way" is made certain, not timed: an ImportGate holds the real import on
its worker thread at a given share of its progress until the test releases it.
"""

from __future__ import annotations

import os

import pytest
from background_helpers import WAIT_MS, ImportGate, people_workbook, wait_for_background
from openpyxl import load_workbook
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from sample_roster import seed

from app.domain.validation import PersonInput

ROWS = 10_000

SQLITE_FILE_ONLY = pytest.mark.skipif(
    bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL")),
    reason="backups are SQLite files; a database server keeps its own",
)


@pytest.fixture(scope="module")
def big_workbook(tmp_path_factory):
    return people_workbook(tmp_path_factory.mktemp("books") / "一万人.xlsx", ROWS)


class PaintCounter(QObject):
    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_the_window_paints_and_answers_while_a_10000_row_import_runs(
    qtbot, window, services, prompts, big_workbook, monkeypatch
):
    ticks = []
    timer = QTimer(window)
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    paints = PaintCounter(window.page("roster"))

    # The import counts reading, checking and writing each row once: at 80 %
    # it is inside its write transaction, half of the rows written.
    with ImportGate(monkeypatch, at=0.8) as gate:
        task = window.import_workbook(big_workbook)
        gate.wait_reached(qtbot)
        dialog = task.dialog
        assert not task.done
        assert dialog.isVisible() and dialog.windowTitle() == "导入工作簿"
        assert dialog.label.text() == "正在导入 一万人.xlsx…"
        # the dialog shows the worker's own figures
        done, total = gate.position
        qtbot.waitUntil(lambda: (dialog.bar.value(), dialog.bar.maximum()) == (done, total))
        assert dialog.cancel_button is not None and dialog.cancel_button.isEnabled()

        # the GUI thread's event loop runs: timers fire, the window repaints
        before = len(ticks)
        qtbot.waitUntil(lambda: len(ticks) >= before + 5)
        painted = paints.count
        window.page("roster").update()
        qtbot.waitUntil(lambda: paints.count > painted)
        image = window.grab()
        assert not image.isNull() and image.size() == window.size()

        # and it reads the database while the worker holds the write
        # transaction: no "database is locked", the uncommitted rows unseen
        assert services.people.count_people() == 0
        window.page("roster").refresh()
        assert window.counts_label.text().startswith("人员 0 人")
        assert prompts.texts("error") == []
        assert not task.done

        with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
            gate.release()

    assert task.error is None and not task.cancelled
    assert not dialog.isVisible()
    assert prompts.texts("info")[-1].startswith("导入完成：人员 新增 10000")
    assert services.people.count_people() == ROWS
    # the pages heard of the change and show it
    assert window.counts_label.text().startswith(f"人员 {ROWS} 人")


def test_cancel_mid_import_leaves_the_database_as_it_was(
    qtbot, window, services, prompts, big_workbook, monkeypatch
):
    for name in ("张茜", "李明"):
        services.people.add_person(PersonInput(name=name))
    people_before = services.people.count_people()

    with ImportGate(monkeypatch, at=0.8) as gate:
        task = window.import_workbook(big_workbook)
        gate.wait_reached(qtbot)
        dialog = task.dialog
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        # the dialog stays, and keeps the window blocked, until the worker stopped
        assert dialog.label.text() == "正在取消…"
        assert not dialog.cancel_button.isEnabled()
        assert dialog.isVisible() and task.cancelled and not task.done
        with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
            gate.release()

    assert not dialog.isVisible()
    assert prompts.texts("error") == []
    [notice] = prompts.texts("info")
    assert "取消" in notice and "未写入" in notice
    assert services.people.count_people() == people_before
    assert sorted(p.name for p in services.people.list_people()) == ["张茜", "李明"]


def test_a_bad_cell_in_10000_rows_shows_the_problem_list_and_writes_nothing(
    qtbot, window, services, prompts, tmp_path
):
    services.people.add_person(PersonInput(name="张茜"))
    window.page("roster").refresh()
    path = people_workbook(tmp_path / "坏的.xlsx", ROWS, bad_row=7321)
    task = window.import_workbook(path)
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    assert isinstance(task.error, Exception)
    [(kind, title, message)] = prompts.shown
    assert (kind, title) == ("error", "导入失败")
    # sheet, the row as Excel numbers it (the header is row 1), and the column
    assert "人员" in message and "7322" in message and "出生日期" in message
    assert services.people.count_people() == 1
    assert window.counts_label.text().startswith("人员 1 人")


def test_export_writes_the_workbook_in_the_background(qtbot, window, services, prompts, tmp_path):
    seed(services)
    target = tmp_path / "台账.xlsx"
    task = window.export_workbook(target)
    assert task.dialog.cancel_button is None  # nothing to cancel: the file appears whole
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    assert task.error is None
    assert prompts.texts("info")[-1].startswith("导出完成")
    sheet = load_workbook(target, read_only=True)["人员"]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(names) == services.people.count_people()


def test_a_failed_export_is_explained_and_leaves_no_file(qtbot, window, prompts, tmp_path):
    target = tmp_path / "没有这个文件夹" / "台账.xlsx"
    wait_for = window.export_workbook(target)
    with qtbot.waitSignal(wait_for.finished, timeout=WAIT_MS):
        pass
    [(kind, title, message)] = prompts.shown
    assert (kind, title) == ("error", "导出失败") and "保存位置不存在" in message
    assert not target.exists()


@SQLITE_FILE_ONLY
def test_backup_writes_a_copy_in_the_background(qtbot, window, services, prompts, app_paths):
    services.people.add_person(PersonInput(name="张茜"))
    task = window.backup_database()
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    [message] = prompts.texts("info")
    assert message.startswith("已备份到：")
    path = task.result
    assert path.parent == window.services.backups.backups_dir and path.exists()
    assert str(path) in message


def test_closing_the_window_while_an_import_runs_offers_to_cancel_it(
    qtbot, window, services, prompts, big_workbook, monkeypatch, app_paths
):
    with ImportGate(monkeypatch, at=0.8) as gate:
        task = window.import_workbook(big_workbook)
        gate.wait_reached(qtbot)
        prompts.confirm_answers.append(False)  # 不: keep importing, keep the window
        window.close()
        assert window.isVisible() and not task.cancelled
        assert "导入工作簿" in prompts.texts("confirm")[-1]
        prompts.confirm_answers.append(True)  # 是: cancel, then close
        window.close()
        assert window.isVisible() and task.cancelled
        gate.release()
        wait_for_background(qtbot, window)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert services.people.count_people() == 0
    # nothing changed, so the close made no backup (and ran after the worker)
    assert [p for p in window.services.backups.backups_dir.glob("*") if p.is_file()] == []
