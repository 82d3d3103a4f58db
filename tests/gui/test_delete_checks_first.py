"""Deleting a record others refer to: the window says so BEFORE asking 确定删除,
names what refers to it in a sentence that reads properly, and offers what can
be done instead (issue 8, point 6)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from roster_helpers import click_row_of, click_unit, column_texts
from sample_pairing import QUARTER
from sample_pairing import seed as seed_pairings

from app.domain.enums import PersonStatus
from app.ui.table_models.people_table_model import Column

PAIRING = "信安部×网络运维部·重要楼宇机房攻坚"


@pytest.fixture
def roster(window, services):
    seed_pairings(services)
    page = window.page("roster")
    page.refresh()
    return page


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def kinds(prompts) -> list[str]:
    return [kind for kind, _t, _x in prompts.shown]


def test_a_person_in_a_pairing_is_told_at_once_and_offered_transfer(
    qtbot, roster, services, prompts
):
    click_row_of(qtbot, roster, "韩雪")
    prompts.choice_answers.append("标记已转出…")
    prompts.date_answers.append(dt.date(2026, 1, 5))
    click(qtbot, roster.people_panel.delete_button)

    assert kinds(prompts) == ["choose", "ask_date"]  # never 确定删除…无法恢复 first
    _kind, title, text = prompts.shown[0]
    assert title == "无法删除"
    assert text == (
        f"「韩雪」不能删除：在 1 个结对中（{PAIRING}）；参加过 1 次帮扶活动。可改为标记「已转出」。"
    )
    assert prompts.offered == [["标记已转出…"]]
    # the button did it: 韩雪 is on file, 已转出
    [row] = [r for r in services.people.list_people() if r.name == "韩雪"]
    assert row.status is PersonStatus.TRANSFERRED_OUT
    assert services.people.get_person(row.id).transferred_out_on == dt.date(2026, 1, 5)


def test_closing_the_refusal_changes_nothing(qtbot, roster, services, prompts):
    click_row_of(qtbot, roster, "韩雪")
    click(qtbot, roster.people_panel.delete_button)  # 关闭
    assert kinds(prompts) == ["choose"]
    assert "韩雪" in column_texts(roster, Column.NAME)
    [row] = [r for r in services.people.list_people() if r.name == "韩雪"]
    assert row.status is PersonStatus.ACTIVE


def test_a_person_nothing_refers_to_is_asked_about_then_deleted(qtbot, roster, services, prompts):
    click_row_of(qtbot, roster, "罗杰")  # helped in a pairing: refused
    click(qtbot, roster.people_panel.delete_button)
    assert kinds(prompts) == ["choose"]
    prompts.shown.clear()
    lonely = next(
        r.name
        for r in services.people.list_people()
        if not services.people.what_depends_on_person(r.id)
    )
    click_row_of(qtbot, roster, lonely)
    prompts.confirm_answers.append(True)
    click(qtbot, roster.people_panel.delete_button)
    assert kinds(prompts) == ["confirm"]
    assert "删除后无法恢复" in prompts.texts("confirm")[0]
    assert lonely not in column_texts(roster, Column.NAME)


def test_a_unit_with_people_is_refused_before_any_question(qtbot, roster, prompts):
    click_unit(qtbot, roster, "综合部")
    click(qtbot, roster.units_panel.delete_unit_button)
    assert kinds(prompts) == ["error"]
    _kind, title, text = prompts.shown[0]
    assert title == "无法删除"
    assert text.startswith("单位「综合部」不能删除：有 ")
    assert text.endswith("。请先把这些记录改到别的单位，再删除。")
    assert "、可" not in text and "。。" not in text


def test_a_pairing_with_sessions_is_refused_and_offered_editing(qtbot, window, roster, prompts):
    page = window.show_page("pairing")
    page.refresh()
    tab = page.pairings_tab
    page.tabs.setCurrentWidget(tab)
    row = tab.pairing_model.row_of(
        next(p.id for p in page.context.pairings.offered() if p.name == PAIRING)
    )
    tab.pairing_table.selectRow(row)
    prompts.choice_answers.append("编辑结对…")
    click(qtbot, tab.delete_pairing_button)
    assert kinds(prompts) == ["choose"]
    assert prompts.texts("choose")[0] == (
        f"结对「{PAIRING}」不能删除：已有 1 次帮扶活动记录。如果结对已结束，可以编辑它，填写结束日期。"
    )
    form = page.current_form
    assert form is not None and form.windowTitle() == f"编辑结对：{PAIRING}"
    form.reject()


def test_deleting_a_session_says_its_problems_go_with_it(qtbot, window, roster, prompts):
    page = window.show_page("pairing")
    page.refresh()
    ledger = page.ledger_tab
    ledger.period.set_custom(*QUARTER)
    model = ledger.session_model
    model.fetch_all()
    row = next(i for i in range(model.rowCount()) if model.record(i).problems_found)
    ledger.session_table.selectRow(row)
    click(qtbot, ledger.delete_session_button)  # 否
    [question] = prompts.texts("confirm")
    assert "这次活动记录的" in question and "个问题也会一并删除。删除后无法恢复。" in question
