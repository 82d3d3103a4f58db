"""Every person and 结对 picker searches as you type: part of a name, a 工号 or
pinyin initials narrow the list at once; arrows and Enter (or a click) choose;
a text that finds no one says so in the list, and a form refuses to save while
a picker holds typed text that chose no one, with a Chinese message under it
and nothing saved.

The pickers are of three kinds, all built on the same widgets: several people
(PersonPicker: 参与人员, 帮扶方, 受帮扶方), one person (MemberPicker and the
stage form's picker: 导师, 学员, 党员, 人员, 入党介绍人) and a 结对
(PairingPicker: the session form's 结对 and the 帮扶台账 filter)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sample_pairing import QUARTER
from sample_pairing import seed as seed_pairings
from sample_roster import seed as seed_roster
from typing_helpers import type_text

from app.domain.enums import ServiceType
from app.domain.mentoring_models import Stage
from app.services.mentoring import MentorshipFilter
from app.services.pairing import SessionFilter
from app.ui.forms.stage_form import StageForm
from app.ui.operations import Operations
from app.ui.pages.mentoring.page import MentoringPage
from app.ui.table_models.session_table_model import Column

TODAY = dt.date(2025, 12, 15)


def active(qtbot, form):
    assert form is not None and form.isVisible()
    form.activateWindow()  # offscreen does not always activate a new dialog by itself
    qtbot.waitUntil(form.isActiveWindow)
    return form


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def clear(qtbot, edit) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)


def sessions(services) -> list:
    return services.pairing.list_sessions(SessionFilter(), 0, 100)


@pytest.fixture
def pairing_page(window, services):
    window.navigation.setCurrentRow(1)
    page = window.page("pairing")
    ids = seed_pairings(services)
    page.refresh()
    page.ids = ids
    return page


@pytest.fixture
def session_form(qtbot, pairing_page):
    return active(qtbot, pairing_page.ledger_tab.add_session())


def fill_session(qtbot, form) -> None:
    """Everything a session needs but its 结对 and participants."""
    type_text(qtbot, form.topic, "机房线路复查")
    form.service_type.set_member(ServiceType.GUIDANCE)


# ----- several people: the session form's 参与人员 ----------------------------


def test_participants_by_name_fragment_number_and_initials_chosen_with_the_keyboard(
    qtbot, session_form, services, pairing_page
):
    form, ids = session_form, pairing_page.ids
    picker = form.participants
    assert picker.ids() == []  # several pairings: none chosen, no one filled in

    type_text(qtbot, picker.line_edit, "婷")  # part of 郭婷's name
    assert picker.suggestion_texts() == ["郭婷　滨江二网格 · BQ0106"]
    assert picker.completer.popup().isVisible()
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Return)
    assert picker.names() == ["郭婷"]
    assert picker.line_edit.text() == ""  # ready for the next one
    assert form.isVisible()  # Enter chose someone; it did not save the form

    qtbot.keyClicks(picker.line_edit, "bq0203")  # a 工号, typed in lower case
    assert picker.suggestion_texts() == ["高敏　江湾街镇分公司 · BQ0203"]
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Return)

    qtbot.keyClicks(picker.line_edit, "l")  # initials: 李明, 刘洋, 林峰, 罗杰, 梁宇 ...
    texts = picker.suggestion_texts()
    assert len(texts) > 2
    names = [text.split("　")[0] for text in texts]
    assert {"李明", "刘洋", "林峰", "罗杰", "梁宇"} <= set(names)
    qtbot.keyClicks(picker.line_edit, "f")  # "lf": only 林峰 is left
    assert picker.suggestion_texts() == ["林峰　江湾街镇分公司 · BQ0202"]
    clear(qtbot, picker.line_edit)
    qtbot.keyClicks(picker.line_edit, "l")
    popup = picker.completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # the second suggestion
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.names() == ["郭婷", "高敏", names[1]]

    # and what is saved is who was chosen
    type_text(qtbot, form.pairing, "江湾")
    qtbot.keyClick(form.pairing.lineEdit(), Qt.Key.Key_Return)
    assert picker.names() == ["郭婷", "高敏", names[1]]  # the user's choice stays
    fill_session(qtbot, form)
    before = len(sessions(services))
    click(qtbot, form.save_button)
    qtbot.waitUntil(lambda: not form.isVisible())
    saved = [row for row in sessions(services) if row.topic == "机房线路复查"]
    assert len(sessions(services)) == before + 1 and len(saved) == 1
    assert saved[0].participant_names == f"郭婷、高敏、{names[1]}"
    assert ids["郭婷"] in services.pairing.get_session(saved[0].id).participant_ids


def test_a_participant_text_that_finds_no_one_is_refused_on_save(
    qtbot, session_form, services, pairing_page
):
    form = session_form
    type_text(qtbot, form.pairing, "江湾")
    qtbot.keyClick(form.pairing.lineEdit(), Qt.Key.Key_Return)
    fill_session(qtbot, form)
    picker = form.participants
    chosen = picker.names()
    type_text(qtbot, picker.line_edit, "xyz")
    # the list says so instead of vanishing
    assert picker.suggestion_texts() == []
    assert picker.popup_texts() == ["没有找到相符的人员"]
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Return)  # nothing to choose: nothing happens
    assert form.isVisible() and picker.line_edit.text() == "xyz"
    before = len(sessions(services))

    click(qtbot, form.save_button)
    assert form.isVisible()
    assert form.error_text("participant_ids") == "没有找到「xyz」：请输入姓名、工号或拼音首字母"
    assert len(sessions(services)) == before  # nothing saved
    assert picker.names() == chosen  # and nothing lost

    # a name typed but not chosen is not dropped silently either
    clear(qtbot, picker.line_edit)
    type_text(qtbot, picker.line_edit, "郭")
    click(qtbot, form.save_button)
    assert form.isVisible()
    assert form.error_text("participant_ids") == "「郭」还没有选定：请按回车或在列表中点选"
    assert len(sessions(services)) == before

    # choosing clears the message, and the session saves
    picker.line_edit.setFocus()
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Return)
    assert picker.names() == [*chosen, "郭婷"]
    assert form.error_text("participant_ids") == ""
    click(qtbot, form.save_button)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert len(sessions(services)) == before + 1


# ----- a 结对: the session form's field and the ledger's filter ---------------


def test_a_pairing_found_by_a_members_number_and_a_text_matching_none_refused(
    qtbot, session_form, services, pairing_page
):
    form = session_form
    type_text(qtbot, form.pairing, "BQ0204")  # 罗杰's 工号: he is in one pairing
    assert form.pairing.suggestion_texts() == ["网络运维部×江湾·机房线路优化（本支部结对）"]
    qtbot.keyClick(form.pairing.lineEdit(), Qt.Key.Key_Return)
    assert form.pairing.currentData() == pairing_page.ids["网络运维部×江湾·机房线路优化"]

    fill_session(qtbot, form)
    form.pairing.lineEdit().selectAll()
    type_text(qtbot, form.pairing, "不存在的结对")
    assert form.pairing.popup_texts() == ["没有找到相符的结对"]
    before = len(sessions(services))
    click(qtbot, form.save_button)
    assert form.isVisible()
    assert form.pairing.lineEdit().text() == "不存在的结对"  # not quietly swapped back
    assert (
        form.error_text("pairing_id")
        == "没有找到「不存在的结对」：请输入结对名称、成员姓名或拼音首字母"
    )
    assert len(sessions(services)) == before


def test_the_ledger_filter_searches_as_you_type(qtbot, pairing_page):
    tab = pairing_page.ledger_tab
    tab.period.set_custom(*QUARTER)
    everything = tab.session_count_label.text()
    picker = tab.pairing_filter
    assert picker.currentText() == "" and picker.currentData() is None  # 全部结对
    type_text(qtbot, picker, "dp")  # 董鹏's initials: 老有智慧社区行
    assert picker.suggestion_texts() == ["老有智慧社区行·大宁社区（共建结对）"]
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    assert picker.currentData() == pairing_page.ids["老有智慧社区行·大宁社区"]
    assert tab.session_count_label.text() != everything
    model = tab.session_model
    model.fetch_all()
    shown = {model.index(r, Column.PAIRING).data() for r in range(model.rowCount())}
    assert shown == {"老有智慧社区行·大宁社区"}
    # a filter has nothing to refuse: leaving a search that found none puts the choice back
    picker.lineEdit().selectAll()
    type_text(qtbot, picker, "xyz")
    assert picker.popup_texts() == ["没有找到相符的结对"]
    tab.unit_filter.setFocus()
    qtbot.waitUntil(lambda: picker.currentText() == "老有智慧社区行·大宁社区（共建结对）")
    assert picker.currentData() == pairing_page.ids["老有智慧社区行·大宁社区"]


def test_a_pairing_the_drop_down_does_not_list_is_found_by_typing_and_saved(
    qtbot, pairing_page, services, monkeypatch
):
    """With more pairings on file than the drop-down lists (200), typing still
    finds any of them, in a form and in the ledger's filter."""
    monkeypatch.setattr("app.services.pairing_choices.OFFERED", 1)
    pairing_page.context.reload()
    pairing_page.refresh()
    tab = pairing_page.ledger_tab
    form = active(qtbot, tab.add_session())
    wanted = pairing_page.ids["网络运维部×江湾·机房线路优化"]
    listed = [form.pairing.itemData(i) for i in range(form.pairing.count())]
    assert len(listed) == 2 and wanted not in listed  # （请选择结对） and the first by name
    type_text(qtbot, form.pairing, "BQ0204")  # 罗杰's 工号
    assert form.pairing.suggestion_texts() == ["网络运维部×江湾·机房线路优化（本支部结对）"]
    qtbot.keyClick(form.pairing.lineEdit(), Qt.Key.Key_Return)
    assert form.pairing.currentData() == wanted
    assert form.pairing.currentText() == "网络运维部×江湾·机房线路优化（本支部结对）"
    assert "罗杰" in form.participants.names()  # its members filled in
    fill_session(qtbot, form)
    click(qtbot, form.save_button)
    qtbot.waitUntil(lambda: not form.isVisible())
    saved = [row for row in sessions(services) if row.topic == "机房线路复查"]
    assert [row.pairing_name for row in saved] == ["网络运维部×江湾·机房线路优化"]

    # the ledger's filter finds it the same way, and the new session is listed under it
    picker = tab.pairing_filter
    type_text(qtbot, picker, "BQ0204")
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    assert picker.currentData() == wanted
    tab.period.set_custom(dt.date(2000, 1, 1), dt.date.today())
    model = tab.session_model
    model.fetch_all()
    topics = {model.index(r, Column.TOPIC).data() for r in range(model.rowCount())}
    assert "机房线路复查" in topics
    shown = {model.index(r, Column.PAIRING).data() for r in range(model.rowCount())}
    assert shown == {"网络运维部×江湾·机房线路优化"}


# ----- several people in the pairing form -----------------------------------


def test_pairing_form_sides_by_number_and_initials_and_a_stray_text_refused(
    qtbot, pairing_page, services
):
    pairing_page.tabs.setCurrentIndex(1)
    form = active(qtbot, pairing_page.pairings_tab.add_pairing())
    type_text(qtbot, form.name, "测试结对")
    qtbot.keyClicks(form.helpers.line_edit, "BQ0012")
    assert form.helpers.suggestion_texts() == ["王芳　综合部 · BQ0012"]
    qtbot.keyClick(form.helpers.line_edit, Qt.Key.Key_Return)
    form.helped.line_edit.setFocus()
    qtbot.keyClicks(form.helped.line_edit, "sj")  # 宋佳
    assert [t.split("　")[0] for t in form.helped.suggestion_texts()] == ["宋佳"]
    qtbot.keyClick(form.helped.line_edit, Qt.Key.Key_Return)
    type_text(qtbot, form.helped.line_edit, "无此人")
    before = len(services.pairing.list_pairings())
    click(qtbot, form.save_button)
    assert form.isVisible()
    assert form.error_text("members") == "没有找到「无此人」：请输入姓名、工号或拼音首字母"
    assert len(services.pairing.list_pairings()) == before
    clear(qtbot, form.helped.line_edit)
    click(qtbot, form.save_button)
    qtbot.waitUntil(lambda: not form.isVisible())
    saved = next(row for row in services.pairing.list_pairings() if row.name == "测试结对")
    assert (saved.helper_names, saved.helped_names) == ("王芳", "宋佳")


# ----- one person: 导师 / 学员 (MemberPicker) and the stage form ------------------


@pytest.fixture
def mentoring_page(app, qtbot, services, prompts):
    if (focused := QApplication.focusWidget()) is not None:
        focused.clearFocus()  # see test_mentoring_page: a dying form's field
    page = MentoringPage(services, Operations(prompts), prompts, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1180, 720)
    page.ids = seed_roster(services)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_mentor_and_mentee_by_number_and_keyboard_and_a_stray_text_refused(
    qtbot, mentoring_page, services
):
    page, ids = mentoring_page, mentoring_page.ids
    click(qtbot, page.mentorships_tab.add_button)
    form = active(qtbot, page.current_form)
    qtbot.keyClicks(form.mentor.line_edit, "bq0031")
    assert form.mentor.suggestion_texts() == ["赵丽　网络运维部 · BQ0031"]
    qtbot.keyClick(form.mentor.line_edit, Qt.Key.Key_Return)
    assert form.mentor.names() == ["赵丽"]
    assert form.mentor.line_edit.isHidden()  # one person: the chip takes the field's place

    type_text(qtbot, form.mentee.line_edit, "w")  # 王芳, 吴静 ...
    names = [t.split("　")[0] for t in form.mentee.suggestion_texts()]
    assert len(names) >= 2
    popup = form.mentee.completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert form.mentee.names() == [names[1]]

    click(qtbot, form.mentee.chip_buttons[form.mentee.person_id()])  # choose again
    assert not form.mentee.line_edit.isHidden()
    type_text(qtbot, form.mentee.line_edit, "不认识")
    click(qtbot, form.save_button)
    assert form.isVisible()
    assert form.error_text("mentee_id") == "没有找到「不认识」：请输入姓名、工号或拼音首字母"
    assert services.mentoring.count_mentorships(MentorshipFilter()) == 0

    clear(qtbot, form.mentee.line_edit)
    type_text(qtbot, form.mentee.line_edit, "吴静")
    qtbot.keyClick(form.mentee.line_edit, Qt.Key.Key_Return)
    click(qtbot, form.save_button)
    assert page.current_form is None
    saved = services.mentoring.get_mentorship(page.mentorships_tab.selected_mentorship().id)
    assert (saved.mentor_id, saved.mentee_id) == (ids["赵丽"], ids["吴静"])


def test_stage_form_refuses_a_stray_introducer_but_not_one_the_stage_hides(qtbot, services):
    seed_roster(services)
    saved = []
    form = StageForm(
        services.people.list_people(),
        save=saved.append,
        today=lambda: TODAY,
        stage=Stage.PROBATIONARY,
    )
    qtbot.addWidget(form)
    form.show()
    active(qtbot, form)
    qtbot.keyClicks(form.person.line_edit, "gm")  # 高敏
    assert [t.split("　")[0] for t in form.person.suggestion_texts()] == ["高敏"]
    qtbot.keyClick(form.person.line_edit, Qt.Key.Key_Return)
    assert form.person.names() == ["高敏"]
    type_text(qtbot, form.introducer1.line_edit, "某某某")
    click(qtbot, form.save_button)
    assert form.isVisible() and saved == []
    assert form.error_text("introducer1") == "没有找到「某某某」：请输入姓名、工号或拼音首字母"
    # an earlier stage has no introducers: the stray text there is not saved, so not refused
    form.stage.set_member(Stage.ACTIVIST)
    click(qtbot, form.save_button)
    assert len(saved) == 1 and saved[0].introducer_ids == []
