"""Opening a file for the user when the system cannot (no PDF viewer, no file
manager): said in Chinese, the folder offered instead, and at last the path to
copy (issue 8, point 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sample_pairing import QUARTER
from sample_pairing import seed as seed_pairings

from app.ui.prompts import Prompts


@pytest.fixture
def ledger(window, services):
    seed_pairings(services)
    services.settings.save({"branch.name": "北区分公司党支部"})  # printing needs it
    page = window.show_page("pairing")
    page.refresh()
    page.ledger_tab.period.set_custom(*QUARTER)
    return page.ledger_tab


def print_and_open(qtbot, ledger, prompts, target: Path) -> Path:
    prompts.save_answers.append(target)
    prompts.confirm_answers.append(True)  # 现在打开吗？ → 是
    qtbot.mouseClick(ledger.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ledger.context.operations.busy, timeout=30000)
    return target.with_suffix(".pdf")


def test_no_pdf_viewer_is_said_and_the_folder_is_opened_instead(qtbot, ledger, prompts, tmp_path):
    prompts.launch_answers.extend([False, True])  # no PDF viewer; a file manager
    prompts.choice_answers.append("打开所在文件夹")
    pdf = print_and_open(qtbot, ledger, prompts, tmp_path / "台账")
    assert [kind for kind, _t, _x in prompts.shown] == ["save_file", "confirm", "choose"]
    _kind, title, text = prompts.shown[-1]
    assert title == "无法打开文件"
    assert "没有找到可以打开“台账.pdf”的程序" in text and str(tmp_path) in text
    assert prompts.offered[-1] == ["打开所在文件夹"]
    assert prompts.launched == [pdf, tmp_path]


def test_when_the_folder_cannot_be_opened_either_the_path_is_shown(
    qtbot, ledger, prompts, tmp_path
):
    prompts.choice_answers.append("打开所在文件夹")  # launch_answers empty: nothing opens
    pdf = print_and_open(qtbot, ledger, prompts, tmp_path / "台账")
    kinds = [kind for kind, _t, _x in prompts.shown]
    assert kinds == ["save_file", "confirm", "choose", "show_path"]
    _kind, title, text = prompts.shown[-1]
    assert title == "无法打开文件夹"
    assert text.endswith(str(pdf))  # the file itself, to copy
    assert prompts.launched == [pdf, tmp_path]


def test_a_pdf_viewer_opens_the_ledger_without_more_questions(qtbot, ledger, prompts, tmp_path):
    prompts.launch_answers.append(True)
    pdf = print_and_open(qtbot, ledger, prompts, tmp_path / "台账")
    assert [kind for kind, _t, _x in prompts.shown] == ["save_file", "confirm"]
    assert prompts.launched == [pdf]


def test_the_real_messages_offer_the_folder_and_copy_the_path(app, qtbot, tmp_path):
    prompts = Prompts(launch=lambda path: False)
    box, buttons = prompts.build_choice(None, "无法打开文件", "说明", ["打开所在文件夹"])
    qtbot.addWidget(box)
    texts = [b.text() for b in box.buttons()]
    assert sorted(texts) == sorted(["打开所在文件夹", "关闭"])
    assert box.defaultButton().text() == "关闭"  # Enter opens nothing

    path = tmp_path / "台账.pdf"
    notice = prompts.build_path_notice(None, "无法打开文件夹", "请复制下面的路径：", path)
    qtbot.addWidget(notice)
    notice.show()
    qtbot.waitExposed(notice)
    assert str(path) in notice.text()
    [copy] = [b for b in notice.buttons() if b.text() == "复制路径"]
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == str(path)
    assert notice.isVisible()  # copying does not close it
    assert [
        b.text()
        for b in notice.buttons()
        if notice.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
    ] == ["确定"]
    notice.close()
