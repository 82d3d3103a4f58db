"""Adding and editing people through the form, as a secretary would."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from roster_helpers import click_row_of, column_texts, visible_names
from typing_helpers import type_text

from app.domain.enums import PoliticalStatus
from app.domain.validation import PersonInput
from app.ui.table_models.people_table_model import Column


def open_add_form(qtbot, roster):
    qtbot.mouseClick(roster.people_panel.add_button, Qt.MouseButton.LeftButton)
    form = roster.current_form
    assert form is not None and form.isVisible()
    form.activateWindow()  # offscreen does not always activate a new dialog by itself
    qtbot.waitUntil(form.isActiveWindow)
    return form


def leave(qtbot, widget):
    """Tab out of a field, as a person moves on to the next one."""
    assert widget.hasFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert not widget.hasFocus()


def click_save(qtbot, form):
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)


def test_typed_person_is_saved_and_shown_in_the_table(qtbot, roster, services):
    form = open_add_form(qtbot, roster)
    type_text(qtbot, form.name, "张伟")
    type_text(qtbot, form.employee_no, "A001")
    type_text(qtbot, form.birth_date.line_edit, "1990/3/5")
    form.political_status.set_member(PoliticalStatus.MEMBER)
    type_text(qtbot, form.party_join_date.line_edit, "2015年7月1日")
    type_text(qtbot, form.phone, "13812345678")
    click_save(qtbot, form)

    assert roster.current_form is None
    assert visible_names(roster) == ["张伟"]
    assert column_texts(roster, Column.BIRTH_DATE) == ["1990-03-05"]
    assert column_texts(roster, Column.PARTY_JOIN_DATE) == ["2015-07-01"]
    assert column_texts(roster, Column.POLITICAL_STATUS) == ["中共党员"]
    assert roster.people_panel.count_label.text() == "共 1 人"
    assert roster.people_panel.selected_person().name == "张伟"


def test_missing_name_bad_phone_and_bad_date_show_inline_and_save_nothing(qtbot, roster, services):
    form = open_add_form(qtbot, roster)
    type_text(qtbot, form.phone, "1234")
    leave(qtbot, form.phone)  # leaving the phone field checks it
    assert "联系电话格式不对" in form.error_text("phone")
    assert form.error_text("name") == ""  # not touched yet: no scolding

    type_text(qtbot, form.birth_date.line_edit, "2021-02-30")
    leave(qtbot, form.birth_date.line_edit)
    assert form.error_text("birth_date") == "出生日期不是有效日期（例如 2021-03-05）"

    click_save(qtbot, form)
    assert form.error_text("name") == "请填写姓名"
    assert form.isVisible()
    assert services.people.count_people() == 0

    # fixing the fields clears their messages as the user types
    type_text(qtbot, form.name, "王芳")
    assert form.error_text("name") == ""
    form.phone.clear()
    type_text(qtbot, form.phone, "13912345678")
    assert form.error_text("phone") == ""
    form.birth_date.line_edit.clear()
    type_text(qtbot, form.birth_date.line_edit, "1991.2.3")
    click_save(qtbot, form)
    assert visible_names(roster) == ["王芳"]
    assert services.people.count_people() == 1


def test_party_join_date_rules(qtbot, roster, services):
    form = open_add_form(qtbot, roster)
    type_text(qtbot, form.name, "李明")
    assert not form.party_join_date.isEnabled()  # 群众 by default
    form.political_status.set_member(PoliticalStatus.PROBATIONARY)
    assert form.party_join_date.isEnabled()
    type_text(qtbot, form.birth_date.line_edit, "2000-01-01")
    type_text(qtbot, form.party_join_date.line_edit, "1999-01-01")
    click_save(qtbot, form)
    assert form.error_text("party_join_date") == "入党日期必须晚于出生日期"
    assert services.people.count_people() == 0
    future = dt.date.today() + dt.timedelta(days=3)
    form.party_join_date.set_text(future.isoformat())
    click_save(qtbot, form)
    assert form.error_text("party_join_date") == "入党日期不能晚于今天"
    form.political_status.set_member(PoliticalStatus.MASSES)
    assert not form.party_join_date.isEnabled()
    click_save(qtbot, form)  # the greyed-out date is not saved
    details = services.people.get_person(services.people.list_people()[0].id)
    assert details.values.party_join_date is None


def test_duplicate_employee_number_is_shown_next_to_the_field(qtbot, roster, services):
    services.people.add_person(PersonInput(name="周晶", employee_no="BQ0002"))
    roster.refresh()
    form = open_add_form(qtbot, roster)
    type_text(qtbot, form.name, "周静")
    type_text(qtbot, form.employee_no, "BQ0002")
    click_save(qtbot, form)
    assert form.isVisible()
    assert form.error_text("employee_no") == "工号 BQ0002 已被「周晶」使用"
    assert services.people.count_people() == 1
    # the message goes once the user changes the number
    type_text(qtbot, form.employee_no, "1")
    assert form.error_text("employee_no") == ""
    click_save(qtbot, form)
    assert sorted(visible_names(roster)) == sorted(["周晶", "周静"])


def test_double_click_edits_the_person(qtbot, roster, services):
    services.people.add_person(PersonInput(name="陈磊", position="客户经理"))
    roster.refresh()
    click_row_of(qtbot, roster, "陈磊", double=True)
    form = roster.current_form
    assert form is not None
    assert form.name.text() == "陈磊"
    assert form.position.text() == "客户经理"
    form.position.clear()
    type_text(qtbot, form.position, "政企客户经理")
    click_save(qtbot, form)
    assert column_texts(roster, Column.POSITION) == ["政企客户经理"]
    assert services.people.count_people() == 1


def test_dates_accept_the_usual_ways_of_writing_them(qtbot, roster):
    form = open_add_form(qtbot, roster)
    for text in ("2021-03-05", "2021/3/5", "2021.3.5", "2021年3月5日"):
        form.birth_date.line_edit.clear()
        type_text(qtbot, form.birth_date.line_edit, text)
        assert form.birth_date.date() == dt.date(2021, 3, 5), text
        assert form.birth_date.error() is None
    leave(qtbot, form.birth_date.line_edit)  # leaving tidies the text
    assert form.birth_date.text() == "2021-03-05"
    form.birth_date.line_edit.clear()
    assert form.birth_date.error() is None  # optional dates may be empty


def test_calendar_button_picks_a_date(qtbot, roster):
    form = open_add_form(qtbot, roster)
    form.birth_date.set_date(dt.date(1990, 5, 1))
    qtbot.mouseClick(form.birth_date.button, Qt.MouseButton.LeftButton)
    popup = form.birth_date._popup
    assert popup is not None and popup.isVisible()
    popup.calendar.setSelectedDate(popup.calendar.selectedDate().addDays(9))
    popup.calendar.activated.emit(popup.calendar.selectedDate())
    assert form.birth_date.text() == "1990-05-10"
    assert not popup.isVisible()


def test_common_tags_are_one_click_away(qtbot, roster, services):
    form = open_add_form(qtbot, roster)
    type_text(qtbot, form.name, "孙悦")
    type_text(qtbot, form.tags.line_edit, "网格长")
    form.tags.menu.aboutToShow.emit()
    form.tags.actions_by_tag["小CEO"].trigger()
    form.tags.actions_by_tag["党员示范岗"].trigger()
    assert form.tags.tags() == ["网格长", "小CEO", "党员示范岗"]
    form.tags.menu.aboutToShow.emit()
    form.tags.actions_by_tag["小CEO"].trigger()  # unticking removes it
    assert form.tags.tags() == ["网格长", "党员示范岗"]
    click_save(qtbot, form)
    assert column_texts(roster, Column.TAGS) == ["网格长、党员示范岗"]


def test_cancel_asks_before_throwing_typed_work_away_and_saves_nothing(
    qtbot, roster, services, prompts
):
    form = open_add_form(qtbot, roster)
    type_text(qtbot, form.name, "赵丽")
    cancel = form.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text() == "取消"
    prompts.confirm_answers.append(False)  # keep editing
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.name.text() == "赵丽"
    assert "尚未保存" in prompts.texts("confirm")[-1]
    prompts.confirm_answers.append(True)  # throw it away
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert services.people.count_people() == 0
    assert visible_names(roster) == []


def test_untouched_form_closes_without_asking(qtbot, roster, prompts):
    form = open_add_form(qtbot, roster)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()
    assert prompts.texts("confirm") == []


def test_transfer_date_dialog_refuses_bad_and_future_dates(qtbot, app):
    from app.ui.prompt_dialogs import DateDialog

    dialog = DateDialog(None, "标记已转出", "「高敏」转出的日期：", dt.date(2025, 10, 31))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.field.text() == "2025-10-31"  # the default is filled in
    dialog.field.line_edit.clear()
    type_text(qtbot, dialog.field.line_edit, "2025-13-01")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "确定"
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "日期不是有效日期（例如 2021-03-05）"
    dialog.field.set_date(dt.date.today() + dt.timedelta(days=1))
    dialog.accept()
    assert dialog.isVisible() and dialog.error_label.text() == "日期不能晚于今天"
    dialog.field.set_date(dt.date(2025, 10, 30))
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_enter_still_saves_after_a_refused_save(qtbot, roster, services):
    """A click on 保存 that is refused (no name) must not leave Enter dead."""
    form = open_add_form(qtbot, roster)
    click_save(qtbot, form)  # refused: 姓名 is required
    assert form.isVisible() and form.error_labels["name"].text()
    type_text(qtbot, form.name, "王芳")
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    assert roster.current_form is None
    assert visible_names(roster) == ["王芳"]
