"""The 人员名册 page: searching, filtering, sorting, transfers, deleting."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from roster_helpers import click_header, click_row_of, click_unit, column_texts, visible_names
from sample_roster import PEOPLE, TRANSFERRED, seed
from typing_helpers import type_text

from app.domain.enums import PersonStatus, PoliticalStatus
from app.domain.validation import PersonInput
from app.ui.table_models.people_table_model import Column

ACTIVE_COUNT = len(PEOPLE) - len(TRANSFERRED)


@pytest.fixture
def seeded(roster, services):
    ids = seed(services)
    roster.refresh()
    return ids


def test_roster_lists_active_people_and_counts_them(roster, window, seeded):
    assert len(visible_names(roster)) == ACTIVE_COUNT
    assert roster.people_panel.count_label.text() == f"共 {ACTIVE_COUNT} 人"
    assert "萧然" not in visible_names(roster)  # 已转出 is hidden by default
    assert window.counts_label.text().startswith(f"人员 {len(PEOPLE)} 人（在册 {ACTIVE_COUNT} 人）")
    assert window.database_label.text().startswith("数据库：")


def test_search_by_pinyin_initials_name_and_employee_number(qtbot, roster, seeded):
    type_text(qtbot, roster.people_panel.search, "zw")
    assert visible_names(roster) == ["张伟"]
    assert roster.people_panel.count_label.text() == "共 1 人"
    roster.people_panel.search.clear()
    type_text(qtbot, roster.people_panel.search, "周")
    assert visible_names(roster) == ["周晶"]
    roster.people_panel.search.clear()
    type_text(qtbot, roster.people_panel.search, "bq010")
    assert sorted(visible_names(roster)) == sorted(["徐强", "孙悦", "马超", "朱琳", "胡斌", "郭婷"])
    roster.people_panel.search.clear()
    assert len(visible_names(roster)) == ACTIVE_COUNT


def test_unit_filter_includes_units_below(qtbot, roster, seeded):
    click_unit(qtbot, roster, "滨江分公司")
    expected = {p[0] for p in PEOPLE if p[4] in ("滨江分公司", "滨江一网格", "滨江二网格")}
    assert set(visible_names(roster)) == expected
    click_unit(qtbot, roster, "滨江一网格")
    assert set(visible_names(roster)) == {"孙悦", "马超", "朱琳"}
    click_unit(qtbot, roster, "共建单位")
    assert set(visible_names(roster)) == {"韩雪", "唐亮", "冯霞", "董鹏"}
    click_unit(qtbot, roster, "全部人员")
    assert len(visible_names(roster)) == ACTIVE_COUNT


def test_unit_tree_keeps_co_building_units_apart_with_counts(roster, seeded):
    tree = roster.units_panel.unit_tree
    roots = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert roots == ["全部人员", "本支部单位", "共建单位"]
    co = tree.topLevelItem(2)
    co_names = {co.child(i).text(0) for i in range(co.childCount())}
    assert co_names == {"信安部(共建)", "临汾路街道"}
    assert co.text(1) == "4"
    [street] = tree.findItems("临汾路街道", Qt.MatchFlag.MatchRecursive)
    assert street.text(1) == "2"  # its own person and the one in 大宁社区


def test_political_status_and_status_filters(roster, seeded):
    roster.people_panel.political_filter.set_member(PoliticalStatus.PROBATIONARY)
    assert sorted(visible_names(roster)) == sorted(["刘洋", "梁宇"])
    roster.people_panel.political_filter.setCurrentIndex(0)  # 全部
    roster.people_panel.status_filter.set_member(PersonStatus.TRANSFERRED_OUT)
    assert visible_names(roster) == ["萧然"]
    assert column_texts(roster, Column.STATUS) == ["已转出"]
    roster.people_panel.status_filter.setCurrentIndex(
        roster.people_panel.status_filter.findText("全部")
    )
    assert len(visible_names(roster)) == len(PEOPLE)


def test_sorting_by_birth_date_sorts_dates_and_puts_blanks_last(qtbot, roster, services, seeded):
    services.people.add_person(PersonInput(name="无生日"))
    roster.refresh()
    click_header(qtbot, roster, Column.BIRTH_DATE)
    dates = column_texts(roster, Column.BIRTH_DATE)
    assert dates[-1] == ""
    assert dates[:-1] == sorted(dates[:-1])
    assert dates[0] == "1975-03-08"
    click_header(qtbot, roster, Column.BIRTH_DATE)  # again: newest first, blanks still last
    dates = column_texts(roster, Column.BIRTH_DATE)
    assert dates[-1] == ""
    assert dates[:-1] == sorted(dates[:-1], reverse=True)


# Pinyin initials put 赵磊 (zl) before 张伟 (zw); the full pinyin, as Chinese
# office software sorts, has zhang wei before zhao lei, and zeng before zhang.
BY_FULL_PINYIN = ["安娜", "曾强", "张", "张伟", "赵磊", "周晶"]


def test_clicking_the_name_header_sorts_by_full_pinyin_both_ways(qtbot, roster, services):
    for name in ("赵磊", "周晶", "张伟", "安娜", "张", "曾强"):
        services.people.add_person(PersonInput(name=name))
    roster.refresh()
    header = roster.people_panel.table.horizontalHeader()
    click_header(qtbot, roster, Column.EMPLOYEE_NO)  # away from 姓名, then onto it
    click_header(qtbot, roster, Column.NAME)
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert visible_names(roster) == BY_FULL_PINYIN
    click_header(qtbot, roster, Column.NAME)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert visible_names(roster) == BY_FULL_PINYIN[::-1]


def test_sorting_keeps_the_selected_person_selected(qtbot, roster, seeded):
    click_row_of(qtbot, roster, "周晶")
    click_header(qtbot, roster, Column.PHONE)
    assert roster.people_panel.selected_person().name == "周晶"


def test_delete_asks_first_and_removes(qtbot, roster, services, prompts, seeded):
    click_row_of(qtbot, roster, "罗杰")
    prompts.confirm_answers.append(False)
    qtbot.mouseClick(roster.people_panel.delete_button, Qt.MouseButton.LeftButton)
    assert "罗杰" in prompts.texts("confirm")[-1]
    assert "罗杰" in visible_names(roster)

    prompts.confirm_answers.append(True)
    qtbot.mouseClick(roster.people_panel.delete_button, Qt.MouseButton.LeftButton)
    assert "罗杰" not in visible_names(roster)
    assert all(r.name != "罗杰" for r in services.people.list_people())


def test_delete_refused_when_records_depend_on_the_person(qtbot, roster, services, prompts, seeded):
    services.people.person_dependents.append(lambda session, pid: ["2 个结对（数字化转型专班）"])
    click_row_of(qtbot, roster, "张茜")
    qtbot.mouseClick(roster.people_panel.delete_button, Qt.MouseButton.LeftButton)
    # told at once (no 确定删除 question first), with 标记已转出 offered
    assert [kind for kind, _t, _x in prompts.shown] == ["choose"]
    [message] = prompts.texts("choose")
    assert "张茜" in message and "数字化转型专班" in message and "已转出" in message
    assert "张茜" in visible_names(roster)


def test_deleting_a_unit_with_people_is_refused_naming_them(
    qtbot, roster, services, prompts, seeded
):
    click_unit(qtbot, roster, "综合部")
    prompts.confirm_answers.append(True)
    qtbot.mouseClick(roster.units_panel.delete_unit_button, Qt.MouseButton.LeftButton)
    [message] = prompts.texts("error")
    assert "综合部" in message and "李明" in message and "王芳" in message
    assert any(u.name == "综合部" for u in services.people.list_units())


def test_transfer_out_hides_the_person_and_restore_brings_back(
    qtbot, roster, services, prompts, seeded
):
    click_row_of(qtbot, roster, "高敏")
    assert roster.people_panel.transfer_button.text() == "标记已转出"
    prompts.date_answers.append(dt.date(2025, 10, 31))
    qtbot.mouseClick(roster.people_panel.transfer_button, Qt.MouseButton.LeftButton)
    assert "高敏" not in visible_names(roster)
    roster.people_panel.status_filter.set_member(PersonStatus.TRANSFERRED_OUT)
    assert sorted(visible_names(roster)) == sorted(["高敏", "萧然"])
    details = services.people.get_person(seeded["高敏"])
    assert details.transferred_out_on == dt.date(2025, 10, 31)

    click_row_of(qtbot, roster, "高敏")
    assert roster.people_panel.transfer_button.text() == "恢复在册"
    qtbot.mouseClick(roster.people_panel.transfer_button, Qt.MouseButton.LeftButton)
    assert visible_names(roster) == ["萧然"]
    assert services.people.get_person(seeded["高敏"]).status is PersonStatus.ACTIVE


def test_transfer_cancelled_changes_nothing(qtbot, roster, services, prompts, seeded):
    click_row_of(qtbot, roster, "高敏")
    prompts.date_answers.append(None)
    qtbot.mouseClick(roster.people_panel.transfer_button, Qt.MouseButton.LeftButton)
    assert "高敏" in visible_names(roster)


def test_buttons_need_a_selected_person(roster, seeded):
    roster.people_panel.table.clearSelection()
    assert not roster.people_panel.edit_button.isEnabled()
    assert not roster.people_panel.delete_button.isEnabled()
    assert not roster.people_panel.transfer_button.isEnabled()
    assert roster.people_panel.add_button.isEnabled()


def test_keyboard_enter_edits_and_delete_asks(qtbot, roster, prompts, seeded):
    click_row_of(qtbot, roster, "宋佳")
    roster.people_panel.table.setFocus()
    qtbot.keyClick(roster.people_panel.table, Qt.Key.Key_Return)
    assert roster.current_form is not None and roster.current_form.name.text() == "宋佳"
    roster.current_form.reject()
    qtbot.waitUntil(lambda: roster.current_form is None)
    prompts.confirm_answers.append(False)
    roster.people_panel.table.setFocus()
    qtbot.keyClick(roster.people_panel.table, Qt.Key.Key_Delete)
    assert "宋佳" in prompts.texts("confirm")[-1]
