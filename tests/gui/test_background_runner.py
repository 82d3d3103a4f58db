"""Operations.run_in_background: the work runs on another thread, its outcome
comes back on the GUI thread through the same messages as Operations.run, and
the progress dialog offers 取消 only where the caller says it is safe."""

from __future__ import annotations

import os
import threading

import pytest
from background_helpers import WAIT_MS, wait_for_background
from PySide6.QtCore import Qt

from app.domain.errors import UserError
from app.domain.validation import PersonInput
from app.ui.operations import PEOPLE

SQLITE_FILE_ONLY = pytest.mark.skipif(
    bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL")),
    reason="backups are SQLite files; a database server keeps its own",
)


class Gate:
    """Work that reports progress, then waits for the test to let it finish."""

    def __init__(self, result=None, error: Exception | None = None) -> None:
        self.started = threading.Event()
        self.go = threading.Event()
        self.thread: threading.Thread | None = None
        self.result = result
        self.error = error

    def __call__(self, progress, cancelled):
        self.thread = threading.current_thread()
        progress(3, 10)
        self.started.set()
        self.go.wait(WAIT_MS / 1000)
        if cancelled():
            raise UserError("已取消，什么也没有改")
        if self.error is not None:
            raise self.error
        return self.result


@pytest.fixture
def gates():
    made: list[Gate] = []

    def make(**kwargs) -> Gate:
        gate = Gate(**kwargs)
        made.append(gate)
        return gate

    yield make
    for gate in made:  # never leave a worker waiting after a failed test
        gate.go.set()


def test_the_outcome_comes_back_on_the_gui_thread_and_changes_are_announced(
    qtbot, window, prompts, gates
):
    gate = gates(result=42)
    seen = []
    announced = []
    window.operations.changed.connect(announced.append)
    task = window.operations.run_in_background(
        window,
        gate,
        title="测试",
        label="正在测试…",
        changes={PEOPLE},
        on_done=lambda result: seen.append((result, threading.current_thread())),
    )
    qtbot.waitUntil(gate.started.is_set, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: task.dialog.bar.value() == 3 and task.dialog.bar.maximum() == 10)
    assert window.operations.busy and announced == []
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        gate.go.set()
    assert gate.thread is not threading.main_thread()
    assert seen == [(42, threading.main_thread())]
    assert announced == [frozenset({PEOPLE})]
    assert task.result == 42 and task.error is None
    assert not window.operations.busy and prompts.shown == []


def test_a_user_error_is_shown_like_any_other_and_nothing_is_announced(
    qtbot, window, prompts, gates
):
    gate = gates(error=UserError("文件打不开"))
    failed, announced = [], []
    window.operations.changed.connect(announced.append)
    task = window.operations.run_in_background(
        window,
        gate,
        title="测试",
        label="正在测试…",
        changes={PEOPLE},
        error_title="测试失败",
        on_done=lambda _result: pytest.fail("on_done after an error"),
        on_failed=lambda: failed.append(True),
    )
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        gate.go.set()
    assert prompts.shown == [("error", "测试失败", "文件打不开")]
    assert failed == [True] and announced == []


def test_work_that_must_not_be_stopped_has_no_cancel_and_ignores_escape(
    qtbot, window, prompts, gates
):
    gate = gates(result="好")
    task = window.operations.run_in_background(window, gate, title="恢复", label="正在恢复…")
    qtbot.waitUntil(gate.started.is_set, timeout=WAIT_MS)
    dialog = task.dialog
    assert dialog.cancel_button is None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible() and not task.cancelled
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        gate.go.set()
    assert task.result == "好" and prompts.shown == []


def test_escape_in_a_cancellable_dialog_cancels_and_the_user_is_told(qtbot, window, prompts, gates):
    gate = gates(result="不该有")
    task = window.operations.run_in_background(
        window, gate, title="导入", label="正在导入…", cancellable=True
    )
    qtbot.waitUntil(gate.started.is_set, timeout=WAIT_MS)
    qtbot.keyClick(task.dialog, Qt.Key.Key_Escape)
    assert task.cancelled and task.dialog.isVisible()
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        gate.go.set()
    assert prompts.shown == [("info", "已取消", "已取消，什么也没有改")]


def test_wait_handles_the_outcome_without_the_event_loop(window, prompts, gates):
    gate = gates(result=7)
    done = []
    task = window.operations.run_in_background(
        window, gate, title="测试", label="正在测试…", on_done=done.append
    )
    gate.go.set()
    assert task.wait(WAIT_MS)
    assert done == [7] and task.done and not window.operations.busy


@SQLITE_FILE_ONLY
def test_closing_waits_for_work_that_cannot_be_cancelled_then_backs_up(
    qtbot, window, services, prompts, gates, app_paths
):
    services.people.add_person(PersonInput(name="张茜"))  # the close will back this up
    gate = gates(result=None)
    task = window.operations.run_in_background(window, gate, title="恢复", label="正在恢复…")
    qtbot.waitUntil(gate.started.is_set, timeout=WAIT_MS)
    window.close()
    # no question (nothing to cancel), no backup yet: the window waits for the work
    assert window.isVisible() and prompts.shown == []
    assert [p for p in window.services.backups.backups_dir.glob("*") if p.is_file()] == []
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        gate.go.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    names = [p.name for p in window.services.backups.backups_dir.glob("*") if p.is_file()]
    assert len(names) == 1 and "close" in names[0]


def test_the_pairing_ledger_can_be_written_in_the_background(qtbot, window, services, tmp_path):
    """The call LedgerTab.print_ledger makes (its print button is tested in test_pairing_page)."""
    from pypdf import PdfReader
    from sample_pairing import QUARTER
    from sample_pairing import seed as seed_pairing

    from app.reports.pairing_ledger import write_pairing_ledger
    from app.services.pairing import SessionFilter

    seed_pairing(services)
    services.settings.save({"branch.name": "北区分公司党支部"})
    page, f, path = window.page("pairing"), SessionFilter(*QUARTER), tmp_path / "台账.pdf"
    written = []
    task = window.operations.run_in_background(
        page,
        lambda progress, cancelled: write_pairing_ledger(page.services, f, path),
        title=page.tr("打印结对帮扶台账"),
        label=page.tr("正在生成 {name}…").format(name=path.name),
        error_title=page.tr("无法生成台账"),
        on_done=written.append,
    )
    wait_for_background(qtbot, window)
    assert task.error is None and written == [path]
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "结对帮扶台账" in text
