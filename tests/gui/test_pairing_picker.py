"""The session form's 结对 field searches as you type: a pairing's name, or a
member's name or pinyin initials; arrows and Enter choose, and choosing fills in
the pairing's members as participants."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sample_pairing import seed as seed_pairings
from typing_helpers import type_text


@pytest.fixture
def form(qtbot, window, services):
    window.navigation.setCurrentRow(1)
    page = window.page("pairing")
    seed_pairings(services)
    page.refresh()
    form = page.ledger_tab.add_session()
    assert form is not None and form.isVisible()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def pairing_id(services, name: str) -> int:
    return next(row.id for row in services.pairing.list_pairings() if row.name == name)


def test_typing_part_of_a_name_and_enter_chooses_the_pairing_and_its_members(qtbot, form, services):
    assert form.pairing.currentData() is None  # several pairings: none chosen yet
    assert form.focusWidget() is form.pairing  # the date is today: typing starts here
    type_text(qtbot, form.pairing, "江湾")
    assert form.pairing.suggestion_texts() == ["网络运维部×江湾·机房线路优化（本支部结对）"]
    assert form.pairing.completer_.popup().isVisible()
    qtbot.keyClick(form.pairing.lineEdit(), Qt.Key.Key_Return)
    assert form.isVisible()  # Enter chose the pairing; it did not save the form
    assert form.pairing.currentData() == pairing_id(services, "网络运维部×江湾·机房线路优化")
    assert form.pairing.currentText() == "网络运维部×江湾·机房线路优化（本支部结对）"
    assert sorted(form.participants.names()) == sorted(["黄伟", "吴静", "林峰", "罗杰"])
    assert form.person_times_label.text() == "本次 4 人次"


def test_a_members_pinyin_initials_find_the_pairing(qtbot, form, services):
    type_text(qtbot, form.pairing, "zq")  # 张茜, the only helper of 大场
    assert form.pairing.suggestion_texts()[0] == "领导班子一对一帮扶·大场（领导帮扶）"
    qtbot.keyClick(form.pairing.lineEdit(), Qt.Key.Key_Return)
    assert form.pairing.currentData() == pairing_id(services, "领导班子一对一帮扶·大场")
    assert sorted(form.participants.names()) == sorted(["张茜", "梁宇"])


def test_arrow_down_and_enter_take_the_second_suggestion(qtbot, form, services):
    type_text(qtbot, form.pairing, "滨江")
    texts = form.pairing.suggestion_texts()
    assert len(texts) >= 2 and all("滨江" in text for text in texts[:2])
    popup = form.pairing.completer_.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    chosen = texts[1].rsplit("（", 1)[0]
    assert form.pairing.currentData() == pairing_id(services, chosen)
    qtbot.waitUntil(lambda: form.pairing.currentText() == texts[1])
    assert form.participants.ids()  # its members are filled in
    # the Enter that chose the pairing did not also try to save the form
    assert form.error_text("topic") == ""
    assert form.focusWidget() is form.pairing


def test_escape_puts_the_chosen_pairing_back(qtbot, form, services):
    form.choose_pairing(pairing_id(services, "领导班子一对一帮扶·大场"))
    form.pairing.lineEdit().selectAll()
    type_text(qtbot, form.pairing, "江湾")
    qtbot.keyClick(form.pairing.lineEdit(), Qt.Key.Key_Escape)
    assert form.isVisible()
    assert form.pairing.currentText() == "领导班子一对一帮扶·大场（领导帮扶）"
    assert sorted(form.participants.names()) == sorted(["张茜", "梁宇"])


def test_without_typing_the_arrow_keys_step_through_the_pairings(qtbot, form, services):
    form.pairing.setFocus()
    qtbot.keyClick(form.pairing, Qt.Key.Key_Down)
    first = services.pairing.list_pairings()[0]
    assert form.pairing.currentData() == first.id
    assert form.pairing.lineEdit().text() == form.pairing.itemText(1)
    assert set(form.participants.ids()) == set(first.member_ids)


def test_tabbing_away_from_a_half_typed_search_says_it_chose_nothing(qtbot, form, services):
    form.choose_pairing(pairing_id(services, "领导班子一对一帮扶·大场"))
    form.pairing.lineEdit().selectAll()
    type_text(qtbot, form.pairing, "江")
    qtbot.keyClick(form.pairing.lineEdit(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: form.focusWidget() is form.topic)
    # the typed text stays and the field says it chose nothing; the chosen pairing is kept
    assert form.pairing.lineEdit().text() == "江"
    assert form.error_text("pairing_id") == "「江」还没有选定：请按回车或在列表中点选，Esc 恢复"
    assert form.pairing.currentData() == pairing_id(services, "领导班子一对一帮扶·大场")
    # back in the field, Esc puts the chosen pairing back and the message goes
    form.pairing.lineEdit().setFocus()
    qtbot.keyClick(form.pairing.lineEdit(), Qt.Key.Key_Escape)
    assert form.pairing.currentText() == "领导班子一对一帮扶·大场（领导帮扶）"
    qtbot.keyClick(form.pairing.lineEdit(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: form.error_text("pairing_id") == "")
