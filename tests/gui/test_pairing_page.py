"""结对帮扶 in the window: typing a pairing and a session as a secretary would,
and reading the ledger, its totals line and the open problems."""

from __future__ import annotations

import datetime as dt

import pytest
from preview_helpers import wait_for_preview
from PySide6.QtCore import Qt
from sample_pairing import CAMPAIGN, QUARTER, TOTALS
from sample_pairing import seed as seed_pairings
from sample_roster import seed as seed_roster
from typing_helpers import type_text

from app.domain.enums import Gender, PairingKind, PoliticalStatus, ServiceType
from app.domain.validation import PersonInput
from app.ui.pages.pairing.page import PairingPage
from app.ui.table_models.session_table_model import Column


@pytest.fixture
def page(window):
    window.navigation.setCurrentRow(1)
    assert window.pages.currentWidget() is window.page("pairing")
    return window.page("pairing")


def active(qtbot, form):
    assert form is not None and form.isVisible()
    form.activateWindow()  # offscreen does not always activate a new dialog by itself
    qtbot.waitUntil(form.isActiveWindow)
    return form


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def ledger_column(page, column: Column) -> list[str]:
    model = page.ledger_tab.session_model
    model.fetch_all()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def pick(qtbot, picker, text: str) -> None:
    """Type a search into a person picker and take the best match with Enter."""
    type_text(qtbot, picker.line_edit, text)
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Return)


def choose(combo, text: str) -> None:
    index = combo.findText(text, Qt.MatchFlag.MatchContains)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def type_pairing(qtbot, page) -> None:
    page.tabs.setCurrentIndex(1)
    click(qtbot, page.pairings_tab.add_pairing_button)
    form = active(qtbot, page.current_form)
    type_text(qtbot, form.name, "信安部×网络运维部·机房攻坚")
    choose(form.kind, "共建结对")
    type_text(qtbot, form.campaign.lineEdit(), CAMPAIGN)
    pick(qtbot, form.helpers, "hx")  # 韩雪, a co-building unit's member
    pick(qtbot, form.helpers, "XA0002")  # 唐亮 by 工号
    pick(qtbot, form.helped, "赵丽")
    choose(form.helped_unit, "网络运维部")
    type_text(qtbot, form.start_date.line_edit, "2025/10/15")
    type_text(qtbot, form.goal, "重要楼宇机房线路优化")
    assert form.helpers.names() == ["韩雪", "唐亮"]
    click(qtbot, form.save_button)
    assert page.current_form is None


def test_typed_pairing_is_listed(qtbot, page, services):
    seed_roster(services)
    page.refresh()
    type_pairing(qtbot, page)
    model = page.pairings_tab.pairing_model
    assert model.rowCount() == 1
    row = model.record(0)
    assert (row.name, row.kind, row.campaign) == (
        "信安部×网络运维部·机房攻坚",
        PairingKind.CO_BUILDING,
        CAMPAIGN,
    )
    assert (row.helper_names, row.helped_names, row.helped_unit_name) == (
        "韩雪、唐亮",
        "赵丽",
        "网络运维部",
    )
    assert page.pairings_tab.selected_pairing().id == row.id
    assert page.pairings_tab.pairing_count_label.text() == "共 1 个结对"


def test_typed_session_shows_in_the_ledger_and_the_totals_line(qtbot, page, services):
    seed_roster(services)
    page.refresh()
    type_pairing(qtbot, page)
    assert (
        page.ledger_tab.totals_label.text()
        == "共计 0+0 场，参与 0+0 人次，发现问题 0 个，已解决 0 个"
    )

    page.tabs.setCurrentIndex(0)
    click(qtbot, page.ledger_tab.add_session_button)
    form = active(qtbot, page.current_form)
    assert form.date.date() == dt.date.today()
    # the only pairing is chosen; its three members fill in the participants, by name
    assert form.pairing.currentText() == "信安部×网络运维部·机房攻坚（共建结对）"
    assert form.participants.names() == ["韩雪", "唐亮", "赵丽"]
    assert form.person_times_label.text() == "本次 3 人次"
    type_text(qtbot, form.topic, "园区机房线路优化")
    choose(form.service_type, "机房线路优化")
    type_text(qtbot, form.place, "大宁商务园区")
    pick(qtbot, form.participants, "hw")  # 黄伟 (and not the namesake-free 胡斌)
    assert form.person_times_label.text() == "本次 4 人次"
    form.outside_count.setFocus()
    form.outside_count.selectAll()
    qtbot.keyClicks(form.outside_count, "2")
    assert form.person_times_label.text() == "本次 6 人次"
    first = form.problems.lines[0]
    type_text(qtbot, first.text, "光缆走线与强电未分隔")
    click(qtbot, form.problems.add_button)
    second = form.problems.lines[1]
    type_text(qtbot, second.text, "机房门禁记录未留存")
    click(qtbot, second.solved)
    assert second.solved_on.date() == dt.date.today()  # solved the same day
    click(qtbot, form.save_button)
    assert page.current_form is None

    assert ledger_column(page, Column.TOPIC) == ["园区机房线路优化"]
    assert ledger_column(page, Column.KIND) == ["共建结对"]
    assert ledger_column(page, Column.PERSON_TIMES) == ["6"]
    assert ledger_column(page, Column.PROBLEMS_FOUND) == ["2"]
    assert ledger_column(page, Column.PROBLEMS_SOLVED) == ["1"]
    assert ledger_column(page, Column.PARTICIPANTS) == ["韩雪、唐亮、赵丽、黄伟"]
    assert (
        page.ledger_tab.totals_label.text()
        == "共计 0+1 场，参与 0+6 人次，发现问题 2 个，已解决 1 个"
    )
    assert page.ledger_tab.selected_session().topic == "园区机房线路优化"
    # the open one waits in the problems view (read when the tab is shown)
    assert page.tabs.tabText(2) == "未解决问题（1）"
    page.tabs.setCurrentWidget(page.problems_tab)
    assert [r.text for r in page.problems_tab.problem_model.rows()] == ["光缆走线与强电未分隔"]
    assert page.tabs.tabText(2) == "未解决问题（1）"


def test_enter_saves_a_valid_session_and_errors_show_inline(qtbot, page, services, prompts):
    ids = seed_pairings(services)
    page.refresh()
    click(qtbot, page.ledger_tab.add_session_button)
    form = active(qtbot, page.current_form)
    qtbot.keyClick(form.topic, Qt.Key.Key_Return)  # nothing chosen yet: nothing saved
    assert form.isVisible()
    assert form.error_text("pairing_id") == "请选择结对"
    assert form.error_text("topic") == "请填写主题"
    form.choose_pairing(ids["领导班子一对一帮扶·大场"])
    assert form.participants.names() == ["梁宇", "张茜"]
    type_text(qtbot, form.topic, "一对一帮扶：周例会")
    assert form.error_text("topic") == ""
    choose(form.service_type, "业务指导")
    form.date.line_edit.clear()
    type_text(qtbot, form.date.line_edit, "2025-12-01")
    qtbot.keyClick(form.topic, Qt.Key.Key_Return)
    assert page.current_form is None
    assert services.pairing.count_sessions(page.ledger_tab.current_filter().__class__()) == 12
    assert prompts.shown == []


def test_presets_change_the_period_and_the_figures(qtbot, app, services, prompts):
    from app.ui.operations import Operations

    seed_pairings(services)
    page = PairingPage(services, Operations(prompts), prompts, today=lambda: dt.date(2025, 12, 15))
    qtbot.addWidget(page)
    page.show()  # a page loads its data when first shown
    assert page.ledger_tab.period.preset_labels() == ["本月", "本季度", "本年", "上一年", "自定义"]
    assert page.ledger_tab.period.label() == "本季度"  # what a secretary reports on
    assert page.ledger_tab.period.date_from.date() == QUARTER[0]
    assert page.ledger_tab.totals_label.text() == TOTALS
    assert page.ledger_tab.session_count_label.text() == "共 11 场"
    assert ledger_column(page, Column.DATE)[0] == "2025-12-02"  # newest first

    page.ledger_tab.period.choose("本月")
    assert page.ledger_tab.period.period() == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert ledger_column(page, Column.TOPIC) == ["一对一帮扶：年终冲刺"]
    assert (
        page.ledger_tab.totals_label.text()
        == "共计 1+0 场，参与 2+0 人次，发现问题 0 个，已解决 0 个"
    )

    page.ledger_tab.period.choose("上一年")
    assert page.ledger_tab.totals_label.text().startswith("共计 0+0 场")

    # typing a date makes the period 自定义
    page.ledger_tab.period.choose("本年")
    page.ledger_tab.period.date_from.line_edit.clear()
    type_text(qtbot, page.ledger_tab.period.date_from.line_edit, "2025-11-01")
    assert page.ledger_tab.period.combo.currentText() == "自定义"
    assert page.ledger_tab.period.period() == (dt.date(2025, 11, 1), dt.date(2025, 12, 31))
    assert page.ledger_tab.session_count_label.text() == "共 6 场"


def test_filters_by_kind_pairing_unit_and_service_type(qtbot, page, services):
    seed_pairings(services)
    page.refresh()
    page.ledger_tab.period.set_custom(*QUARTER)
    assert page.ledger_tab.totals_label.text() == TOTALS
    choose(page.ledger_tab.kind_filter, "共建结对")
    assert (
        page.ledger_tab.totals_label.text()
        == "共计 0+2 场，参与 0+23 人次，发现问题 2 个，已解决 2 个"
    )
    page.ledger_tab.kind_filter.setCurrentIndex(0)
    choose(page.ledger_tab.pairing_filter, "网络运维部×江湾")
    assert ledger_column(page, Column.TOPIC) == ["机房跳线整改验收", "江湾园区机房线路梳理"]
    page.ledger_tab.pairing_filter.setCurrentIndex(0)
    choose(page.ledger_tab.unit_filter, "滨江分公司")  # its grids below it count
    assert page.ledger_tab.session_count_label.text() == "共 5 场"
    page.ledger_tab.unit_filter.setCurrentIndex(0)
    choose(page.ledger_tab.service_filter, "适老服务")
    assert ledger_column(page, Column.TOPIC) == ["“老有智慧社区行”：智能手机与防诈骗讲座"]
    assert ledger_column(page, Column.PERSON_TIMES) == ["18"]


def test_open_problems_are_marked_solved(qtbot, page, services, prompts):
    seed_pairings(services)
    page.refresh()
    page.ledger_tab.period.set_custom(*QUARTER)
    page.tabs.setCurrentIndex(2)
    assert [r.text for r in page.problems_tab.problem_model.rows()] == [
        "客户画像权限未开通",
        "网格装维人手不足",
        "备用电源告警未接入网管",
    ]
    assert not page.problems_tab.solve_button.isEnabled()
    page.problems_tab.problem_table.selectRow(1)
    prompts.date_answers.append(dt.date(2025, 12, 20))
    click(qtbot, page.problems_tab.solve_button)
    assert [r.text for r in page.problems_tab.problem_model.rows()] == [
        "客户画像权限未开通",
        "备用电源告警未接入网管",
    ]
    assert page.tabs.tabText(2) == "未解决问题（2）"
    page.tabs.setCurrentWidget(page.ledger_tab)  # the ledger, hidden meanwhile, reads anew
    assert page.ledger_tab.totals_label.text().endswith("发现问题 7 个，已解决 5 个")


def test_a_pairing_with_sessions_is_not_deleted(qtbot, page, services, prompts):
    seed_pairings(services)
    page.refresh()
    page.tabs.setCurrentIndex(1)
    page.pairings_tab.pairing_table.selectRow(0)
    click(qtbot, page.pairings_tab.delete_pairing_button)
    # told at once, before any 确定删除 question, with 编辑结对 offered
    assert [kind for kind, _title, _text in prompts.shown] == ["choose"]
    assert "已有" in prompts.texts("choose")[0]
    assert page.pairings_tab.pairing_model.rowCount() == 6


def test_pairing_form_errors_show_next_to_the_fields(qtbot, page, services):
    seed_roster(services)
    page.refresh()
    form = page.pairings_tab.add_pairing()
    active(qtbot, form)
    pick(qtbot, form.helped, "zl")  # 赵丽 helped, no helper yet
    click(qtbot, form.save_button)
    assert form.error_text("name") == "请填写结对名称"
    assert form.error_text("helpers") == "请至少选择一名帮扶方"
    pick(qtbot, form.helpers, "赵丽")  # the same person on both sides
    assert form.error_text("members") == "同一个人不能既是帮扶方又是受帮扶方"
    type_text(qtbot, form.end_date.line_edit, "2025-01-01")
    type_text(qtbot, form.start_date.line_edit, "2025-06-01")
    click(qtbot, form.save_button)
    assert form.error_text("end_date") == "结束日期不能早于开始日期"
    assert services.pairing.list_pairings() == []
    form.reject()


def test_the_picker_tells_namesakes_apart_in_the_form(qtbot, page, services):
    ids = seed_roster(services)
    services.people.add_person(
        PersonInput(
            name="张伟",
            employee_no="BQ0412",
            gender=Gender.MALE,
            unit_id=ids["江湾街镇分公司"],
            political_status=PoliticalStatus.MEMBER,
            party_join_date=dt.date(2019, 7, 1),
        )
    )
    page.refresh()
    form = active(qtbot, page.pairings_tab.add_pairing())
    qtbot.keyClicks(form.helpers.line_edit, "zw")
    assert form.helpers.suggestion_texts() == [
        "张伟　滨江二网格 · BQ0305",
        "张伟　江湾街镇分公司 · BQ0412",
    ]
    qtbot.keyClick(form.helpers.line_edit, Qt.Key.Key_Return)
    assert form.helpers.names() == ["张伟（BQ0305）"]
    # 萧然 left: found by full name only
    form.helped.line_edit.setFocus()
    qtbot.keyClicks(form.helped.line_edit, "xr")
    assert form.helped.suggestion_texts() == []
    form.reject()


def test_session_form_keeps_participants_the_user_chose(qtbot, page, services):
    ids = seed_pairings(services)
    page.refresh()
    form = active(qtbot, page.ledger_tab.add_session())
    form.choose_pairing(ids["领导班子一对一帮扶·大场"])
    assert form.participants.names() == ["梁宇", "张茜"]
    form.choose_pairing(ids["领导班子一对一帮扶·滨江二网格"])  # untouched: follows the pairing
    assert form.participants.names() == ["胡斌", "周晶"]
    pick(qtbot, form.participants, "zq")
    form.choose_pairing(ids["领导班子一对一帮扶·大场"])  # edited: kept
    assert form.participants.names() == ["胡斌", "周晶", "张茜"]
    assert form.service_type.current_member() is None
    form.service_type.set_member(ServiceType.GUIDANCE)
    form.reject()


def test_tab_walks_the_session_form_in_reading_order(qtbot, page, services):
    seed_pairings(services)
    page.refresh()
    form = active(qtbot, page.ledger_tab.add_session())
    form.problems.add_line()
    order = []
    form.date.line_edit.setFocus()
    for _ in range(12):
        order.append(form.focusWidget())
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
    lines = form.problems.lines
    assert order == [
        form.date.line_edit,
        form.pairing,
        form.topic,
        form.service_type,
        form.place,
        form.participants.line_edit,
        form.outside_count,
        lines[0].text,
        lines[0].solved,  # the date is greyed out until 已解决 is ticked
        lines[1].text,
        lines[1].solved,
        form.problems.add_button,
    ]
    form.reject()


def test_a_session_is_edited_and_deleted_from_the_ledger(qtbot, page, services, prompts):
    seed_pairings(services)
    page.refresh()
    page.ledger_tab.period.set_custom(*QUARTER)
    topics = ledger_column(page, Column.TOPIC)
    row = topics.index("一对一帮扶：月度复盘")
    index = page.ledger_tab.session_model.index(row, Column.TOPIC)
    rect = page.ledger_tab.session_table.visualRect(index)
    qtbot.mouseClick(
        page.ledger_tab.session_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
    )
    qtbot.mouseDClick(
        page.ledger_tab.session_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
    )
    form = active(qtbot, page.current_form)
    assert form.topic.text() == "一对一帮扶：月度复盘"
    assert form.participants.names() == ["张茜", "梁宇"]
    form.outside_count.setValue(3)
    assert form.person_times_label.text() == "本次 5 人次"
    click(qtbot, form.save_button)
    assert page.current_form is None
    assert (
        page.ledger_tab.totals_label.text()
        == "共计 9+2 场，参与 25+23 人次，发现问题 7 个，已解决 4 个"
    )
    assert page.ledger_tab.selected_session().topic == "一对一帮扶：月度复盘"

    prompts.confirm_answers.append(True)
    click(qtbot, page.ledger_tab.delete_session_button)
    assert "一对一帮扶：月度复盘" not in ledger_column(page, Column.TOPIC)
    assert (
        page.ledger_tab.totals_label.text()
        == "共计 8+2 场，参与 20+23 人次，发现问题 7 个，已解决 4 个"
    )


def test_the_page_loads_when_shown_and_follows_changes_made_elsewhere(qtbot, window, services):
    page = window.page("pairing")
    assert not page.isVisible()
    seed_pairings(services)
    window.operations.changed.emit(frozenset({"pairings"}))  # hidden: only remembered
    window.navigation.setCurrentRow(1)
    assert page.tabs.tabText(2) == "未解决问题（3）"
    assert page.ledger_tab.totals_label.text().startswith("共计")  # the ledger was read
    # a tab not shown yet reads its list when it is shown
    assert page.pairings_tab.pairing_model.rowCount() == 0
    page.tabs.setCurrentWidget(page.pairings_tab)
    assert page.pairings_tab.pairing_model.rowCount() == 6


def test_a_wrong_custom_period_keeps_the_last_valid_one(qtbot, page, services):
    seed_pairings(services)
    page.refresh()
    page.ledger_tab.period.set_custom(*QUARTER)
    type_text(qtbot, page.ledger_tab.period.date_to.line_edit, "x")
    assert page.ledger_tab.period.period() == QUARTER
    assert page.ledger_tab.totals_label.text() == TOTALS
    assert page.ledger_tab.period.toolTip() == "结束日期不是有效日期（例如 2021-03-05）"
    page.ledger_tab.period.date_to.line_edit.clear()
    type_text(qtbot, page.ledger_tab.period.date_to.line_edit, "2025-09-30")
    assert page.ledger_tab.period.toolTip() == "结束日期不能早于开始日期"
    assert page.ledger_tab.period.period() == QUARTER
    page.ledger_tab.period.choose("本月")
    assert page.ledger_tab.period.toolTip() == ""


def test_print_ledger_writes_the_period_to_a_pdf(qtbot, page, services, prompts, tmp_path):
    from pypdf import PdfReader

    seed_pairings(services)
    services.settings.save({"branch.name": "北区分公司党支部"})
    page.refresh()
    page.ledger_tab.period.set_custom(*QUARTER)
    click(qtbot, page.ledger_tab.print_button)
    # the PDF is written in the background, then shown; 另存为 keeps a copy
    preview = wait_for_preview(qtbot, page)
    prompts.save_answers.append(tmp_path / "台账")
    click(qtbot, preview.preview.save_button)
    preview.reject()
    assert prompts.shown == [("save_file", "另存为", "结对帮扶台账-20251001-20251231.pdf")]
    written = tmp_path / "台账.pdf"
    text = "".join(p.extract_text() for p in PdfReader(written).pages)
    assert "9+2" in text and "22+23" in text
    assert "“老有智慧社区行”" in text


def test_ctrl_n_opens_the_session_form_and_the_models_pass_qt_checks(
    qtbot, page, services, qtmodeltester
):
    seed_pairings(services)
    page.refresh()
    page.ledger_tab.period.set_custom(*QUARTER)
    qtmodeltester.check(page.ledger_tab.session_model, force_py=True)
    qtmodeltester.check(page.pairings_tab.pairing_model, force_py=True)
    qtmodeltester.check(page.problems_tab.problem_model, force_py=True)
    page.ledger_tab.session_table.setFocus()
    qtbot.keyClick(page.ledger_tab.session_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = active(qtbot, page.current_form)
    assert form.windowTitle() == "登记帮扶活动"
    form.reject()


def test_a_person_in_a_pairing_is_not_deleted_from_the_roster(qtbot, window, services, prompts):
    from roster_helpers import click_row_of

    seed_pairings(services)
    roster = window.page("roster")
    roster.refresh()
    click_row_of(qtbot, roster, "韩雪")
    click(qtbot, roster.people_panel.delete_button)
    [message] = prompts.texts("choose")  # no 确定删除 question before it
    assert prompts.texts("confirm") == []
    assert "在 1 个结对中（信安部×网络运维部·重要楼宇机房攻坚）" in message
    assert "参加过 1 次帮扶活动" in message
    assert services.people.count_people() == 30


def test_renaming_a_person_shows_in_the_ledger(qtbot, window, services):
    ids = seed_pairings(services)
    page = window.page("pairing")
    window.navigation.setCurrentRow(1)
    page.ledger_tab.period.set_custom(*QUARTER)
    details = services.people.get_person(ids["董鹏"])
    details.values.name = "董鹏飞"
    window.operations.run(
        window,
        lambda: services.people.update_person(ids["董鹏"], details.values),
        changes={"people"},
    )
    choose(page.ledger_tab.service_filter, "适老服务")
    assert ledger_column(page, Column.PARTICIPANTS) == ["王芳、朱琳、宋佳、董鹏飞"]
    form = active(qtbot, page.ledger_tab.add_session())
    form.participants.line_edit.setFocus()
    qtbot.keyClicks(form.participants.line_edit, "dpf")
    assert form.participants.suggestion_texts() == ["董鹏飞　大宁社区"]
    form.reject()


def test_an_open_problem_opens_its_session(qtbot, page, services):
    seed_pairings(services)
    page.refresh()
    page.tabs.setCurrentIndex(2)
    page.problems_tab.problem_table.selectRow(1)  # 网格装维人手不足, found on 2025-10-22
    click(qtbot, page.problems_tab.open_session_button)
    form = active(qtbot, page.current_form)
    assert form.topic.text() == "一对一帮扶：网格例会督导"
    assert [line.text.text() for line in form.problems.lines] == ["网格装维人手不足"]
    lines = form.problems.lines
    click(qtbot, lines[0].solved)  # solved on the day of the session, as a start
    assert lines[0].solved_on.date() == dt.date(2025, 10, 22)
    lines[0].solved_on.set_date(dt.date(2025, 11, 30))
    click(qtbot, form.save_button)
    assert page.current_form is None
    assert [r.text for r in page.problems_tab.problem_model.rows()] == [
        "客户画像权限未开通",
        "备用电源告警未接入网管",
    ]


def test_typed_session_is_not_thrown_away_without_asking(qtbot, page, services, prompts):
    seed_pairings(services)
    page.refresh()
    form = active(qtbot, page.ledger_tab.add_session())
    qtbot.keyClick(form.topic, Qt.Key.Key_Escape)  # nothing typed: closes at once
    assert page.current_form is None and prompts.texts("confirm") == []

    form = active(qtbot, page.ledger_tab.add_session())
    choose(form.pairing, "大宁社区")
    pick(qtbot, form.participants, "zq")
    qtbot.keyClick(form.topic, Qt.Key.Key_Escape)
    assert prompts.texts("confirm") == ["表单中有尚未保存的内容，确定放弃吗？"]
    assert form.isVisible()  # the answer was 否
    prompts.confirm_answers.append(True)
    qtbot.keyClick(form.topic, Qt.Key.Key_Escape)
    assert page.current_form is None


def test_a_campaign_typed_in_the_pairing_form_counts_as_unsaved(qtbot, page, services, prompts):
    seed_pairings(services)
    page.refresh()
    form = active(qtbot, page.pairings_tab.add_pairing())
    assert form.campaign.itemText(1) == CAMPAIGN  # earlier campaigns to pick from
    type_text(qtbot, form.campaign.lineEdit(), "2026 年党员先锋攻坚")
    qtbot.keyClick(form.name, Qt.Key.Key_Escape)
    assert prompts.texts("confirm") == ["表单中有尚未保存的内容，确定放弃吗？"]
    prompts.confirm_answers.append(True)
    form.reject()
    assert page.current_form is None


def test_the_same_session_twice_is_refused_next_to_the_topic(qtbot, page, services, prompts):
    ids = seed_pairings(services)
    page.refresh()
    form = active(qtbot, page.ledger_tab.add_session())
    form.choose_pairing(ids["领导班子一对一帮扶·大场"])
    form.date.line_edit.clear()
    type_text(qtbot, form.date.line_edit, "2025-11-24")
    type_text(qtbot, form.topic, "一对一帮扶：月度复盘")
    choose(form.service_type, "业务指导")
    click(qtbot, form.save_button)
    assert form.isVisible()
    assert "同一主题" in form.error_text("topic")
    assert prompts.texts("error") == []  # shown in the form, not in a message box
    type_text(qtbot, form.topic, "（补充）")
    assert form.error_text("topic") == ""
    click(qtbot, form.save_button)
    assert page.current_form is None


def test_set_services_shows_another_database_in_every_tab(
    qtbot, page, services, prompts, app_paths, tmp_path
):
    from app.bootstrap import open_services

    seed_pairings(services)
    page.refresh()
    page.ledger_tab.period.set_custom(*QUARTER)
    assert page.pairings_tab.pairing_model.rowCount() == 6
    other = open_services(str(tmp_path / "other.sqlite3"), app_paths, auto_backup=False)
    try:
        page.set_services(other)
        assert page.ledger_tab.session_count_label.text() == "共 0 场"
        assert page.ledger_tab.totals_label.text().startswith("共计 0+0 场")
        assert page.tabs.tabText(2) == "未解决问题"
        page.tabs.setCurrentWidget(page.problems_tab)  # the other tabs read when shown
        assert page.problems_tab.problem_model.rowCount() == 0
        page.tabs.setCurrentWidget(page.pairings_tab)
        assert page.pairings_tab.pairing_model.rowCount() == 0
        assert page.pairings_tab.pairing_count_label.text() == "共 0 个结对"
        page.tabs.setCurrentWidget(page.ledger_tab)
        # 登记帮扶活动 asks the other database for pairings: there are none
        click(qtbot, page.ledger_tab.add_session_button)
        assert page.current_form is None
        assert prompts.texts("info") == ["还没有结对。请先在“结对”页新增结对，再登记帮扶活动。"]
        assert page.tabs.currentIndex() == 1
    finally:
        other.db.close()
