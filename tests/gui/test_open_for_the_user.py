"""Opening a file for the user when the system cannot (no PDF viewer, no file
manager): said in Chinese, the folder offered instead, and at last the path to
copy (issue 8, point 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from preview_helpers import wait_for_preview
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sample_pairing import QUARTER
from sample_pairing import seed as seed_pairings

from app.ui.prompts import Prompts


@pytest.fixture
def preview(qtbot, window, services):
    """打印台账… on the campaign's quarter: the preview it opens."""
    seed_pairings(services)
    services.settings.save({"branch.name": "北区分公司党支部"})  # printing needs it
    page = window.show_page("pairing")
    page.refresh()
    page.ledger_tab.period.set_custom(*QUARTER)
    qtbot.mouseClick(page.ledger_tab.print_button, Qt.MouseButton.LeftButton)
    dialog = wait_for_preview(qtbot, window)
    yield dialog.preview
    if shiboken6.isValid(dialog):
        dialog.reject()


def open_it(qtbot, preview) -> Path:
    qtbot.mouseClick(preview.open_button, Qt.MouseButton.LeftButton)
    return preview.path


def test_no_pdf_viewer_is_said_and_the_folder_is_opened_instead(qtbot, preview, prompts):
    prompts.launch_answers.extend([False, True])  # no PDF viewer; a file manager
    prompts.choice_answers.append("打开所在文件夹")
    pdf = open_it(qtbot, preview)
    assert [kind for kind, _t, _x in prompts.shown] == ["choose"]
    _kind, title, text = prompts.shown[-1]
    assert title == "无法打开文件"
    assert f"没有找到可以打开“{pdf.name}”的程序" in text and str(pdf.parent) in text
    assert prompts.offered[-1] == ["打开所在文件夹"]
    assert prompts.launched == [pdf, pdf.parent]


def test_when_the_folder_cannot_be_opened_either_the_path_is_shown(qtbot, preview, prompts):
    prompts.choice_answers.append("打开所在文件夹")  # launch_answers empty: nothing opens
    pdf = open_it(qtbot, preview)
    kinds = [kind for kind, _t, _x in prompts.shown]
    assert kinds == ["choose", "show_path"]
    _kind, title, text = prompts.shown[-1]
    assert title == "无法打开文件夹"
    assert text.endswith(str(pdf))  # the file itself, to copy
    assert prompts.launched == [pdf, pdf.parent]


def test_a_pdf_viewer_opens_the_ledger_without_more_questions(qtbot, preview, prompts):
    prompts.launch_answers.append(True)
    pdf = open_it(qtbot, preview)
    assert prompts.shown == []
    assert prompts.launched == [pdf] and pdf.is_file()


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
