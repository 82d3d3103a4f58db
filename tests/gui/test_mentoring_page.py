"""老带新 in the window: a secretary registers a mentorship by typing, logs a
带教记录, marks a pairing 已出师 with its evaluation, and reads the list, the
30-day flag, the filters and the totals line."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from preview_helpers import tiny_pdf, wait_for_preview
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sample_mentoring import TODAY, TOTALS_ALL, ago
from sample_mentoring import seed as seed_mentoring
from sample_roster import seed as seed_roster
from typing_helpers import type_text

from app.domain.enums import PoliticalStatus
from app.domain.mentoring_models import MentorshipFocus, MentorshipStatus
from app.domain.validation import PersonInput
from app.services.mentoring import MentorshipFilter
from app.ui.operations import Operations
from app.ui.pages.mentoring.page import MentoringPage
from app.ui.table_models.mentorship_table_model import (
    LONG_QUIET_BACKGROUND,
    QUIET_BACKGROUND,
    Column,
)


@pytest.fixture
def page(app, qtbot, services, prompts):
    # A form an earlier test closed may still hold the keyboard focus while it
    # waits to be deleted; taken now, its field is left while the form is alive
    # (deleted with the focus in it, its editingFinished reaches a dead form).
    if (focused := QApplication.focusWidget()) is not None:
        focused.clearFocus()
    page = MentoringPage(services, Operations(prompts), prompts, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1180, 720)
    return page


def show(qtbot, page) -> None:
    page.show()  # a page loads its data when first shown
    qtbot.waitExposed(page)


def active(qtbot, form):
    assert form is not None and form.isVisible()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def pick(qtbot, picker, text: str) -> None:
    """Type a search into a person picker and take the best match with Enter."""
    type_text(qtbot, picker.line_edit, text)
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Return)


def retype(qtbot, field, text: str) -> None:
    edit = getattr(field, "line_edit", field)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(qtbot, edit, text)


def every_period(qtbot, tab) -> None:
    """The totals line counts every check-in: a 自定义 period over all the years."""
    retype(qtbot, tab.filters.period.date_from, "2000-01-01")
    retype(qtbot, tab.filters.period.date_to, f"{TODAY:%Y-%m-%d}")


def cells(page, row: int) -> list[str]:
    model = page.mentorships_tab.model
    return [model.index(row, c).data() for c in Column]


def column(page, which: Column) -> list[str]:
    model = page.mentorships_tab.model
    model.fetch_all()
    return [model.index(r, which).data() for r in range(model.rowCount())]


def pairs(page) -> list[str]:
    return [
        f"{a}→{b}"
        for a, b in zip(column(page, Column.MENTOR), column(page, Column.MENTEE), strict=True)
    ]


def row_of(page, key_id: int) -> int:
    tab = page.mentorships_tab
    assert tab.select_mentorship(key_id)
    return tab.model.row_of(key_id)


def d(day) -> str:
    return f"{day:%Y-%m-%d}"


def test_a_mentorship_typed_into_the_form_is_listed_with_the_totals(qtbot, page, services):
    ids = seed_roster(services)
    show(qtbot, page)
    tab = page.mentorships_tab
    assert tab.totals_label.text() == "带教中 0 对，已出师 0 对；本期带教记录 0 次"
    for widget in (tab.edit_button, tab.check_ins_button, tab.delete_button):
        assert not widget.isEnabled()  # nothing selected yet

    click(qtbot, tab.add_button)
    form = active(qtbot, page.current_form)
    assert form.windowTitle() == "新增带教"
    assert form.start_date.text() == d(TODAY)  # starts today unless changed
    assert form.ended_on.isHidden() and form.evaluation.isHidden()  # 带教中: not ended
    pick(qtbot, form.mentor, "赵丽")
    pick(qtbot, form.mentee, "wj")  # 吴静 by her initials
    assert (form.mentor.names(), form.mentee.names()) == (["赵丽"], ["吴静"])
    retype(qtbot, form.start_date, "2025/3/1")
    type_text(qtbot, form.planned_end.line_edit, "2025-09-01")
    click(qtbot, form.focus.boxes[MentorshipFocus.CONDUCT])  # untick 思想作风
    type_text(qtbot, form.goals, "半年内独立完成装维工单")
    qtbot.keyClick(form.planned_end.line_edit, Qt.Key.Key_Return)  # Enter saves
    assert page.current_form is None

    assert cells(page, 0) == [
        "赵丽",
        "吴静",
        "2025-03-01",
        "2025-09-01",
        "业务知识、工作技能",
        "带教中（未记录）",  # started long ago, never logged: flagged
        "0",
        "",
        str((TODAY - dt.date(2025, 3, 1)).days),
    ]
    assert tab.count_label.text() == "共 1 对"
    assert tab.selected_mentorship().mentee_name == "吴静"
    saved = services.mentoring.get_mentorship(tab.selected_mentorship().id)
    assert (saved.mentor_id, saved.mentee_id) == (ids["赵丽"], ids["吴静"])
    assert saved.goals == "半年内独立完成装维工单"
    for widget in (tab.edit_button, tab.check_ins_button, tab.delete_button):
        assert widget.isEnabled()


def test_the_form_shows_its_messages_under_the_fields_and_cancel_asks(
    qtbot, page, services, prompts
):
    seed_mentoring(services)
    show(qtbot, page)
    tab = page.mentorships_tab
    click(qtbot, tab.add_button)
    form = active(qtbot, page.current_form)
    for box in form.focus.boxes.values():
        click(qtbot, box)  # untick all three
    click(qtbot, form.save_button)
    assert form.isVisible()
    assert form.error_text("mentor_id") == "请选择导师"
    assert form.error_text("mentee_id") == "请选择学员"
    assert form.error_text("focus") == "请至少选择一个培养方向（业务知识、工作技能、思想作风）"

    pick(qtbot, form.mentor, "陈磊")
    pick(qtbot, form.mentee, "陈磊")
    assert form.error_text("mentor_id") == ""
    assert form.error_text("mentee_id") == "导师和学员不能是同一个人"
    form.mentee.set_person_id(None)
    pick(qtbot, form.mentee, "杨帆")
    click(qtbot, form.focus.boxes[MentorshipFocus.SKILLS])
    assert form.error_text("focus") == ""
    retype(qtbot, form.start_date, f"{ago(200):%Y-%m-%d}")  # the pair already started then
    retype(qtbot, form.planned_end, f"{ago(300):%Y-%m-%d}")
    assert form.error_text("planned_end") == "计划结束日期不能早于开始日期"
    retype(qtbot, form.planned_end, "")
    click(qtbot, form.save_button)
    # the service's refusal shows under its field, not in a message box
    assert form.error_text("start_date") == "这对导师和学员在这一天开始的带教已经登记过"
    assert prompts.shown == []

    prompts.confirm_answers.append(False)  # 取消: typed work is not thrown away unasked
    form.reject()
    assert form.isVisible()
    assert prompts.shown[-1][:2] == ("confirm", "放弃修改")
    prompts.confirm_answers.append(True)
    form.reject()
    assert page.current_form is None
    assert services.mentoring.count_mentorships(MentorshipFilter()) == 5


def test_a_quiet_mentorship_is_flagged_with_the_days_since_its_last_check_in(qtbot, page, services):
    ids = seed_mentoring(services)
    show(qtbot, page)
    model = page.mentorships_tab.model
    # the quiet ones come first among those 带教中
    assert pairs(page) == ["孙悦→朱琳", "陈磊→杨帆", "赵丽→吴静", "徐强→马超", "何军→罗杰"]

    row = row_of(page, ids["陈磊→杨帆"])
    assert cells(page, row)[Column.STATUS :] == ["带教中（未记录）", "2", d(ago(45)), "45"]
    index = model.index(row, Column.QUIET_DAYS)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "已 45 天未记录带教"
    assert index.data(Qt.ItemDataRole.BackgroundRole) == QUIET_BACKGROUND

    row = row_of(page, ids["孙悦→朱琳"])  # never logged: counted from the start
    assert cells(page, row)[Column.STATUS :] == ["带教中（未记录）", "0", "", "90"]
    index = model.index(row, Column.MENTEE)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "已 90 天未记录带教"
    assert index.data(Qt.ItemDataRole.BackgroundRole) == LONG_QUIET_BACKGROUND  # red

    row = row_of(page, ids["赵丽→吴静"])  # logged 10 days ago: not flagged
    assert cells(page, row)[Column.STATUS :] == ["带教中", "4", d(ago(10)), "10"]
    assert model.index(row, Column.STATUS).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(row, Column.STATUS).data(Qt.ItemDataRole.ToolTipRole) is None

    row = row_of(page, ids["何军→罗杰"])  # 已出师: no days counted
    assert cells(page, row)[Column.STATUS :] == ["已出师", "3", d(ago(200)), ""]


def test_a_check_in_logged_in_the_dialog_updates_the_count_last_date_and_totals(
    qtbot, page, services, prompts
):
    ids = seed_mentoring(services)
    show(qtbot, page)
    tab = page.mentorships_tab
    every_period(qtbot, tab)
    assert tab.totals_label.text() == TOTALS_ALL
    tab.select_mentorship(ids["孙悦→朱琳"])
    click(qtbot, tab.check_ins_button)
    dialog = active(qtbot, tab.check_in_dialog)
    assert dialog.heading.text() == "带教记录：孙悦 带 朱琳"
    assert dialog.check_ins() == []
    assert dialog.date.text() == d(TODAY)  # today unless changed
    assert not dialog.edit_button.isEnabled() and not dialog.delete_button.isEnabled()

    type_text(qtbot, dialog.content, "网格走访：带学员上门为独居老人调试宽带")
    type_text(qtbot, dialog.comment, "沟通耐心")
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Return)  # Enter adds
    assert [(c.date, c.content, c.comment) for c in dialog.check_ins()] == [
        (TODAY, "网格走访：带学员上门为独居老人调试宽带", "沟通耐心")
    ]
    assert dialog.content.text() == "" and dialog.error.isHidden()
    # the list behind follows at once: one more check-in, today, no flag
    row = tab.model.row_of(ids["孙悦→朱琳"])
    assert cells(page, row)[Column.STATUS :] == ["带教中", "1", d(TODAY), "0"]
    assert tab.totals_label.text() == (
        "带教中 3 对，已出师 1 对，已中止 1 对；本期带教记录 11 次；1 对超过 30 天未记录"
    )

    # an empty content is refused in the dialog; a future day too
    retype(qtbot, dialog.date, f"{TODAY.replace(year=TODAY.year + 1):%Y-%m-%d}")
    type_text(qtbot, dialog.content, "x")
    click(qtbot, dialog.add_button)
    assert dialog.error.text() == "带教日期不能晚于今天"
    retype(qtbot, dialog.date, d(ago(3)))
    dialog.content.clear()
    click(qtbot, dialog.add_button)
    assert dialog.error.text() == "请填写带教内容"
    assert len(dialog.check_ins()) == 1

    # 编辑: the selected one into the fields, 保存修改
    dialog.table.selectRow(0)
    click(qtbot, dialog.edit_button)
    assert dialog.add_button.text() == "保存修改"
    assert dialog.content.text() == "网格走访：带学员上门为独居老人调试宽带"
    retype(qtbot, dialog.date, d(ago(2)))
    type_text(qtbot, dialog.content, "（两户）")
    click(qtbot, dialog.add_button)
    assert [(c.date, c.content) for c in dialog.check_ins()] == [
        (ago(2), "网格走访：带学员上门为独居老人调试宽带（两户）")
    ]
    assert dialog.add_button.text() == "添加"
    assert cells(page, tab.model.row_of(ids["孙悦→朱琳"]))[Column.LAST_CHECK_IN] == d(ago(2))

    # 删除 asks first
    dialog.table.selectRow(0)
    prompts.confirm_answers.append(True)
    click(qtbot, dialog.delete_button)
    assert prompts.shown[-1][1] == "删除带教记录"
    assert dialog.check_ins() == []
    assert tab.totals_label.text() == TOTALS_ALL
    dialog.reject()
    assert tab.check_in_dialog is None


def test_marking_a_mentorship_graduated_with_its_evaluation(qtbot, page, services):
    ids = seed_mentoring(services)
    show(qtbot, page)
    tab = page.mentorships_tab
    every_period(qtbot, tab)
    tab.select_mentorship(ids["赵丽→吴静"])
    click(qtbot, tab.edit_button)
    form = active(qtbot, page.current_form)
    assert form.windowTitle() == "编辑带教：赵丽 带 吴静"
    assert form.mentor.names() == ["赵丽"] and form.start_date.text() == d(ago(120))
    assert form.ended_on.isHidden()
    form.status.set_member(MentorshipStatus.GRADUATED)
    assert form.ended_on.isVisible() and form.evaluation.isVisible()
    assert form.field_labels["evaluation"].text() == "出师评价"
    assert form.ended_on.text() == d(TODAY)  # ends today unless changed
    type_text(qtbot, form.evaluation, "能独立处理装维投诉，考核优秀")
    retype(qtbot, form.ended_on, d(ago(1)))
    qtbot.keyClick(form.ended_on.line_edit, Qt.Key.Key_Return)  # Enter saves
    assert page.current_form is None

    row = tab.model.row_of(ids["赵丽→吴静"])
    assert cells(page, row)[Column.STATUS :] == ["已出师", "4", d(ago(10)), ""]
    saved = services.mentoring.get_mentorship(ids["赵丽→吴静"])
    assert (saved.status, saved.ended_on) == (MentorshipStatus.GRADUATED, ago(1))
    assert saved.evaluation == "能独立处理装维投诉，考核优秀"
    assert tab.totals_label.text().startswith("带教中 2 对，已出师 2 对，已中止 1 对；")


def test_filters_and_search_choose_the_mentorships_and_the_totals(qtbot, page, services):
    seed_mentoring(services)
    show(qtbot, page)
    tab = page.mentorships_tab
    every_period(qtbot, tab)
    filters = tab.filters
    assert [filters.status.itemText(i) for i in range(filters.status.count())] == [
        "全部",
        "带教中",
        "已出师",
        "已中止",
    ]
    filters.status.set_member(MentorshipStatus.GRADUATED)
    assert pairs(page) == ["何军→罗杰"]
    assert tab.count_label.text() == "共 1 对"
    # the statuses are counted whatever status is chosen; the check-ins are the list's
    assert tab.totals_label.text() == (
        "带教中 3 对，已出师 1 对，已中止 1 对；本期带教记录 3 次；2 对超过 30 天未记录"
    )
    filters.status.set_member(None)

    click(qtbot, filters.quiet)
    assert pairs(page) == ["孙悦→朱琳", "陈磊→杨帆"]
    click(qtbot, filters.quiet)

    pick(qtbot, filters.mentor, "陈磊")
    assert pairs(page) == ["陈磊→杨帆"]
    assert tab.totals_label.text() == (
        "带教中 1 对，已出师 0 对；本期带教记录 2 次；1 对超过 30 天未记录"
    )
    filters.mentor.set_person_id(None)

    filters.unit.setCurrentIndex(filters.unit.findText("滨江分公司", Qt.MatchFlag.MatchContains))
    assert pairs(page) == ["孙悦→朱琳", "徐强→马超"]  # with its 网格 (sub-units)
    filters.unit.setCurrentIndex(0)
    assert len(pairs(page)) == 5

    type_text(qtbot, filters.search, "wj")  # 吴静 by her initials, as typed
    assert pairs(page) == ["赵丽→吴静"]
    retype(qtbot, filters.search, "罗")
    assert pairs(page) == ["何军→罗杰"]
    filters.search.clear()
    assert len(pairs(page)) == 5

    # the period counts the check-ins of the totals line only: the list stays whole
    retype(qtbot, filters.period.date_from, d(ago(50)))
    assert len(pairs(page)) == 5
    assert "本期带教记录 3 次" in tab.totals_label.text()  # 40, 10 and 45 days ago


def test_delete_asks_first(qtbot, page, services, prompts):
    ids = seed_mentoring(services)
    show(qtbot, page)
    tab = page.mentorships_tab
    tab.select_mentorship(ids["徐强→马超"])
    prompts.confirm_answers.append(False)
    click(qtbot, tab.delete_button)
    assert prompts.shown[-1][1] == "删除带教"
    assert "徐强 带 马超" in prompts.shown[-1][2] and "1 次带教记录" in prompts.shown[-1][2]
    assert "徐强→马超" in pairs(page)
    prompts.confirm_answers.append(True)
    click(qtbot, tab.delete_button)
    assert "徐强→马超" not in pairs(page)
    assert tab.selected_mentorship() is None and not tab.delete_button.isEnabled()


def test_the_print_button_is_hidden_without_the_report_and_prints_the_period(
    qtbot, app, services, prompts, monkeypatch, tmp_path
):
    from app.area import ReportKind
    from app.ui.pages.mentoring import actions

    seed_mentoring(services)
    monkeypatch.setattr(actions, "report_kinds", lambda: {})
    page = MentoringPage(services, Operations(prompts), prompts, today=lambda: TODAY)
    qtbot.addWidget(page)
    assert page.mentorships_tab.print_button.isHidden()

    asked = []

    def write(services_, request, out):
        asked.append((request.date_from, request.date_to))
        return tiny_pdf(out)

    kind = ReportKind("mentoring", "老带新带教记录表", "period", write)
    monkeypatch.setattr(actions, "report_kinds", lambda: {"mentoring": kind})
    page = MentoringPage(services, Operations(prompts), prompts, today=lambda: TODAY)
    qtbot.addWidget(page)
    show(qtbot, page)
    tab = page.mentorships_tab
    assert not tab.print_button.isHidden()
    retype(qtbot, tab.filters.period.date_from, d(ago(100)))
    retype(qtbot, tab.filters.period.date_to, d(ago(1)))

    # no 支部名称 yet: 设置 opens first, with a note saying why
    click(qtbot, tab.print_button)
    dialog = active(qtbot, page.current_form)
    assert dialog.windowTitle() == "设置"
    type_text(qtbot, dialog.field("branch.name"), "北区分公司党支部")
    qtbot.keyClick(dialog.field("branch.name"), Qt.Key.Key_Return)
    # once saved, the record is written and shown; 另存为 keeps a copy
    preview = wait_for_preview(qtbot, page)
    assert asked == [(ago(100), ago(1))]
    assert preview.windowTitle() == "打印老带新带教记录表"
    prompts.save_answers.append(tmp_path / "带教记录")
    click(qtbot, preview.preview.save_button)
    assert prompts.shown[-1][:2] == ("save_file", "另存为")
    assert prompts.shown[-1][2].startswith("老带新带教记录表-")
    assert (tmp_path / "带教记录.pdf").read_bytes().startswith(b"%PDF")
    preview.reject()


def test_the_page_is_in_the_window_and_ctrl_n_opens_the_form(qtbot, window, services):
    seed_roster(services)
    nav = window.navigation
    titles = [nav.item(i).text() for i in range(nav.count())]
    assert "老带新" in titles
    page = window.show_page("mentoring")
    assert window.pages.currentWidget() is page
    assert page.tabs.tabText(0) == "带教"
    page.mentorships_tab.table.setFocus()
    qtbot.keyClick(page.mentorships_tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = active(qtbot, page.current_form)
    assert form.windowTitle() == "新增带教"
    form.reject()


def test_the_table_models_are_proper_qt_models(qtbot, page, services, qtmodeltester):
    ids = seed_mentoring(services)
    show(qtbot, page)
    qtmodeltester.check(page.mentorships_tab.model, force_py=True)
    tab = page.mentorships_tab
    tab.select_mentorship(ids["赵丽→吴静"])
    dialog = tab.show_check_ins()
    assert len(dialog.check_ins()) == 4
    qtmodeltester.check(dialog.model, force_py=True)
    dialog.reject()


def test_the_mentor_filter_offers_everyone_as_they_are_when_it_is_used(qtbot, page, services):
    """The 导师 filter reads the roster when first typed into (not when the page
    is shown): someone added meanwhile is found; a chosen mentor renamed in the
    roster shows the new name once the page is read anew."""
    ids = seed_mentoring(services)
    show(qtbot, page)
    tab = page.mentorships_tab
    filters = tab.filters
    chen = ids["陈磊"]
    unit = services.people.get_person(chen).values.unit_id
    services.people.add_person(
        PersonInput(name="钱多多", unit_id=unit, political_status=PoliticalStatus.MEMBER)
    )
    page.refresh()
    pick(qtbot, filters.mentor, "钱多多")
    assert filters.mentor.names() == ["钱多多"]
    assert pairs(page) == [] and tab.count_label.text() == "共 0 对"
    filters.mentor.set_person_id(None)
    assert len(pairs(page)) == 5

    pick(qtbot, filters.mentor, "陈磊")
    assert pairs(page) == ["陈磊→杨帆"]
    values = services.people.get_person(chen).values
    services.people.update_person(chen, dataclasses.replace(values, name="陈磊磊"))
    page.refresh()
    assert filters.mentor.names() == ["陈磊磊"]
    assert pairs(page) == ["陈磊磊→杨帆"] and tab.count_label.text() == "共 1 对"
