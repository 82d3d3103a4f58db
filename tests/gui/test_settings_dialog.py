"""工具 → 设置… (issue 8.9): the branch's details typed in a form built from the
declarations, checked inline, saved with Enter; 打印台账 prints them in the
header and asks for 支部名称 first while it is not set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from preview_helpers import wait_for_preview
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sample_pairing import QUARTER
from sample_pairing import seed as seed_pairings
from typing_helpers import type_text

from app.domain.settings import BRANCH_NAME, BRANCH_SECRETARY, OPERATOR, SETTINGS
from app.ui.forms.settings_dialog import SettingsDialog

SCREENSHOT_DIR_ENV = "BRANCH_LEDGER_SCREENSHOT_DIR"


def menu_action(window, menu_text: str, action_text: str):
    [menu] = [a.menu() for a in window.menuBar().actions() if a.text() == menu_text]
    [action] = [a for a in menu.actions() if a.text() == action_text]
    return action


def open_from_menu(qtbot, window) -> SettingsDialog:
    menu_action(window, "工具(&T)", "设置…").trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def save_from_preview(qtbot, page, prompts, target: Path) -> None:
    """Wait for the preview the print button opens; 另存为 ``target``; close it."""
    preview = wait_for_preview(qtbot, page)
    prompts.save_answers.append(target)
    qtbot.mouseClick(preview.preview.save_button, Qt.MouseButton.LeftButton)
    preview.reject()


def printed(path: Path) -> tuple[str, str]:
    """The first page's text without spaces, and the PDF's Author."""
    reader = PdfReader(path)
    return "".join(reader.pages[0].extract_text().split()), reader.metadata.author


def wait_until_closed(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_the_dialog_has_a_field_per_setting_grouped(qtbot, window):
    dialog = open_from_menu(qtbot, window)
    assert dialog.windowTitle() == "设置"
    assert list(dialog.group_labels) == ["支部信息", "经办信息", "积分规则"]
    shown = [dialog.field_labels[s.key].text().split("<")[0] for s in SETTINGS]
    assert shown == [s.label for s in SETTINGS]
    assert shown[:5] == ["支部名称", "书记", "组织委员", "上级党组织", "经办人"]
    assert "年度基础分" in shown and "不合格线（低于）" in shown
    assert dialog.focusWidget() is dialog.field(BRANCH_NAME)
    dialog.reject()


def test_typed_branch_name_is_saved_and_printed_in_the_header(
    qtbot, window, services, prompts, tmp_path
):
    seed_pairings(services)  # the roster's first top unit is 北区分公司
    dialog = open_from_menu(qtbot, window)
    type_text(qtbot, dialog.field(BRANCH_NAME), "城东街道党支部")
    type_text(qtbot, dialog.field(BRANCH_SECRETARY), "王芳")
    qtbot.keyClick(dialog.field(BRANCH_SECRETARY), Qt.Key.Key_Return)  # Enter saves
    wait_until_closed(qtbot, dialog)
    assert services.settings.get(BRANCH_NAME) == "城东街道党支部"
    assert services.settings.get(BRANCH_SECRETARY) == "王芳"

    reopened = open_from_menu(qtbot, window)  # shows what is stored
    assert reopened.field(BRANCH_NAME).text() == "城东街道党支部"
    reopened.reject()
    wait_until_closed(qtbot, reopened)

    page = window.show_page("pairing")
    page.refresh()
    page.ledger_tab.period.set_custom(*QUARTER)
    qtbot.mouseClick(page.ledger_tab.print_button, Qt.MouseButton.LeftButton)
    save_from_preview(qtbot, page, prompts, tmp_path / "台账.pdf")
    assert [kind for kind, _t, _x in prompts.shown] == ["save_file"], prompts.shown
    text, author = printed(tmp_path / "台账.pdf")
    assert author == "城东街道党支部"
    assert "城东街道党支部结对帮扶台账·打印日期" in text  # the header line
    assert "北区分公司" not in text


def test_mistakes_show_under_the_field_and_nothing_is_saved(qtbot, window, services, prompts):
    dialog = open_from_menu(qtbot, window)
    type_text(qtbot, dialog.field(BRANCH_SECRETARY), "王芳")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_text(BRANCH_NAME) == "请填写支部名称"
    assert dialog.focusWidget() is dialog.field(BRANCH_NAME)
    assert services.settings.get(BRANCH_SECRETARY) == ""
    type_text(qtbot, dialog.field(BRANCH_NAME), "城东")
    assert dialog.error_text(BRANCH_NAME) == ""  # clears as the user types

    # 取消 with typing in the form asks first; 否 keeps the form open
    prompts.confirm_answers.append(False)
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert prompts.texts("confirm") == ["表单中有尚未保存的内容，确定放弃吗？"]
    assert dialog.isVisible()
    prompts.confirm_answers.append(True)
    qtbot.keyClick(dialog.field(BRANCH_NAME), Qt.Key.Key_Escape)
    wait_until_closed(qtbot, dialog)
    assert services.settings.get_all() == {s.key: s.default for s in SETTINGS}


def test_the_operator_typed_signs_the_changes(qtbot, window, services):
    from sqlalchemy import select

    from app.domain.models import AuditEntry
    from app.domain.validation import UnitInput

    dialog = open_from_menu(qtbot, window)
    type_text(qtbot, dialog.field(BRANCH_NAME), "城东街道党支部")
    type_text(qtbot, dialog.field(OPERATOR), "李经办")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_until_closed(qtbot, dialog)
    services.people.add_unit(UnitInput("综合部"))
    with services.db.reading() as session:
        actor = session.execute(
            select(AuditEntry.actor).where(AuditEntry.summary == "综合部")
        ).scalar_one()
    assert actor == "李经办"


def test_printing_without_a_branch_name_asks_for_it_first(
    qtbot, window, services, prompts, tmp_path
):
    seed_pairings(services)
    page = window.show_page("pairing")
    page.refresh()
    page.ledger_tab.period.set_custom(*QUARTER)
    qtbot.mouseClick(page.ledger_tab.print_button, Qt.MouseButton.LeftButton)
    dialog = page.current_form
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    assert "请先填写支部名称" in dialog.note.text() and dialog.note.isVisible()
    assert prompts.shown == []  # no file asked for, nothing printed yet

    # closing it untouched prints nothing
    dialog.reject()
    wait_until_closed(qtbot, dialog)
    assert prompts.shown == [] and not page.context.operations.busy

    qtbot.mouseClick(page.ledger_tab.print_button, Qt.MouseButton.LeftButton)
    dialog = page.current_form
    type_text(qtbot, dialog.field(BRANCH_NAME), "城东街道党支部")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_until_closed(qtbot, dialog)
    # the sidebar shows the name saved from the report's prompt at once
    assert window.branch_label.text() == "城东街道党支部" and window.branch_label.isVisible()
    # once saved, printing goes on: the ledger is written and previewed
    save_from_preview(qtbot, page, prompts, tmp_path / "台账.pdf")
    assert [kind for kind, _t, _x in prompts.shown] == ["save_file"], prompts.shown
    text, author = printed(tmp_path / "台账.pdf")
    assert author == "城东街道党支部" and "城东街道党支部" in text


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get(SCREENSHOT_DIR_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_screenshot_of_the_dialog(qtbot, window, services, shots):
    services.settings.save({BRANCH_NAME: "城东街道党支部", BRANCH_SECRETARY: "王芳"})
    dialog = open_from_menu(qtbot, window)
    dialog.field(BRANCH_NAME).clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # shows the message
    qtbot.wait(50)
    path = shots / "settings-dialog.png"
    assert dialog.grab().save(str(path)) and path.stat().st_size > 1000
    clipped = [
        w.text()
        for w in dialog.findChildren(QLabel)
        if w.isVisible() and not w.wordWrap() and w.width() + 1 < w.minimumSizeHint().width()
    ]
    assert clipped == []
    texts = [s for s in SETTINGS if s.kind is str]
    for setting in texts:  # names side by side, longer texts the whole width
        wanted = 200 if setting.max_length <= 50 else 300
        assert dialog.field(setting.key).width() >= wanted, setting.label
    dialog.reject()


def test_a_number_setting_gets_a_checked_field(qtbot, app):
    """What later issues declare (the points rules): a number with a range."""
    from app.domain.settings import SettingSpec

    base = SettingSpec("pledge.base", "年度基础分", int, 100, "积分规则", minimum=0, maximum=1000)
    dialog = SettingsDialog(None, (*SETTINGS, base))
    qtbot.addWidget(dialog)
    dialog.load({base.key: 100, BRANCH_NAME: "城东街道党支部"})
    dialog.show()
    assert list(dialog.group_labels) == ["支部信息", "经办信息", "积分规则"]
    field = dialog.field(base.key)
    assert field.text() == "100" and field.placeholderText() == "0–1000"
    field.clear()
    type_text(qtbot, field, "12a")
    qtbot.keyClick(field, Qt.Key.Key_Return)  # Enter tries to save: refused, says why
    assert dialog.isVisible()
    assert dialog.error_text(base.key) == "年度基础分须为整数"
    field.clear()
    type_text(qtbot, field, "2000")
    assert dialog.error_text(base.key) == "年度基础分须在 0 到 1000 之间"
    assert not dialog.try_save()
    field.clear()
    type_text(qtbot, field, "120")
    assert dialog.error_text(base.key) == ""
    assert dialog.values()[base.key] == "120"


def test_the_dialog_fits_a_laptop_screen_with_every_label_whole(qtbot, app):
    """A 1366×768 laptop with a taskbar leaves about 700 pixels: the dialog with
    its note, and every field's label shown whole (nothing cut off)."""
    dialog = SettingsDialog(
        None, note="打印工作汇总前，请先填写支部名称：它印在工作汇总每一页的页眉上。"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.height() <= 700 and dialog.width() <= 1366
    for key, label in dialog.field_labels.items():
        assert label.width() >= label.sizeHint().width(), key
    bottom = dialog.save_button.mapTo(dialog, dialog.save_button.rect().bottomLeft()).y()
    assert bottom <= dialog.height()
