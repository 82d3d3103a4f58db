"""党员承诺 in the window: a secretary types a member's pledges, adds a 践诺
note, records a 评诺, and reads the list, its highlighting, filters and the
totals line."""

from __future__ import annotations

import datetime as dt

import pytest
from preview_helpers import tiny_pdf, wait_for_preview
from PySide6.QtCore import Qt
from sample_pledges import OVERDUE, TODAY, TOTALS_2025
from sample_pledges import seed as seed_pledges
from sample_roster import seed as seed_roster
from typing_helpers import type_text

from app.domain.pledge_models import PledgeCategory, PledgeRating, PledgeStatus
from app.services.pledges import PledgeFilter
from app.ui.operations import Operations
from app.ui.pages.pledges.page import PledgesPage
from app.ui.table_models.pledge_table_model import OVERDUE_BACKGROUND, Column


@pytest.fixture
def page(app, qtbot, services, prompts):
    """The page on 2025-12-15 (the sample's today), shown as in the window."""
    page = PledgesPage(services, Operations(prompts), prompts, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1060, 720)
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


def column(page, which: Column) -> list[str]:
    model = page.pledges_tab.model
    model.fetch_all()
    return [model.index(r, which).data() for r in range(model.rowCount())]


def select(page, pledge_id: int) -> None:
    assert page.pledges_tab.select_pledge(pledge_id)


def type_line(qtbot, row, text: str, category: PledgeCategory, due: str) -> None:
    type_text(qtbot, row.text, text)
    row.category.set_member(category)
    type_text(qtbot, row.due_date.line_edit, due)


def test_a_members_three_pledges_typed_in_one_form_are_listed_with_the_totals(
    qtbot, page, services
):
    ids = seed_roster(services)
    show(qtbot, page)
    tab = page.pledges_tab
    assert tab.filters.year.currentText() == "2025 年"
    assert tab.totals_label.text() == "2025 年度 暂无承诺"
    click(qtbot, tab.record_button)
    form = active(qtbot, page.current_form)
    pick(qtbot, form.member, "wf")  # 王芳 by her initials
    assert form.member.names() == ["王芳"]
    assert form.error_text("person") == ""
    assert len(form.editor.rows) == 2  # a member makes 2 to 5 pledges: two rows to start
    type_line(qtbot, form.editor.rows[0], "党建台账月清月结", PledgeCategory.CONDUCT, "2025/12/31")
    type_line(
        qtbot, form.editor.rows[1], "组织适老服务进社区 4 场", PledgeCategory.SERVING, "2025-12-30"
    )
    click(qtbot, form.editor.add_button)
    type_line(qtbot, form.editor.rows[2], "带教入党积极分子 1 名", PledgeCategory.LEARNING, "")
    click(qtbot, form.save_button)
    assert page.current_form is None

    assert column(page, Column.TEXT) == [
        "党建台账月清月结",
        "组织适老服务进社区 4 场",
        "带教入党积极分子 1 名",
    ]
    assert set(column(page, Column.NAME)) == {"王芳"}
    assert column(page, Column.CATEGORY) == ["作风建设", "服务群众", "学习提升"]
    assert column(page, Column.DUE) == ["2025-12-31", "2025-12-30", ""]
    assert set(column(page, Column.STATUS)) == {"践诺中"}
    assert tab.count_label.text() == "共 3 项"
    assert (
        tab.totals_label.text() == "2025 年度 共 1 名党员、3 项承诺，已完成 0 项（0.0%），优秀 0 项"
    )
    assert tab.selected_pledge().text == "党建台账月清月结"
    assert [line.text for line in services.pledges.member_pledges(ids["王芳"], 2025)] == column(
        page, Column.TEXT
    )


def test_a_non_member_is_refused_with_the_reason_and_line_errors_show_inline(
    qtbot, page, services, prompts
):
    seed_roster(services)
    show(qtbot, page)
    click(qtbot, page.pledges_tab.record_button)
    form = active(qtbot, page.current_form)
    pick(qtbot, form.member, "郭婷")
    assert form.error_text("person") == (
        "「郭婷」的政治面貌是「群众」，只有中共党员和中共预备党员可以作出承诺"
    )
    type_text(qtbot, form.editor.rows[0].text, "做好客户回访")
    type_text(qtbot, form.editor.rows[1].due_date.line_edit, "2024-05-01")
    click(qtbot, form.save_button)
    assert form.isVisible()
    assert (
        form.line_error_text(0) == "请选择类别（主责主业、服务群众、创新创效、作风建设、学习提升）"
    )
    assert form.line_error_text(1).startswith("请填写承诺内容")
    assert "计划完成日期应在 2025 年内" in form.line_error_text(1)
    assert services.pledges.count_pledges(PledgeFilter()) == 0
    assert prompts.shown == []

    # another member: the refusal goes, the line messages stay until fixed
    form.member.remove(form.member.person_id())
    pick(qtbot, form.member, "孙悦")
    assert form.error_text("person") == ""
    form.editor.rows[0].category.set_member(PledgeCategory.SERVING)
    assert form.line_error_text(0) == ""
    click(qtbot, form.editor.rows[1].remove_button)
    qtbot.keyClick(form.editor.rows[0].text, Qt.Key.Key_Return)  # Enter saves
    assert page.current_form is None
    assert column(page, Column.TEXT) == ["做好客户回访"]


def test_copy_previous_year_starts_from_last_years_pledges(qtbot, page, services):
    ids = seed_pledges(services)
    show(qtbot, page)
    click(qtbot, page.pledges_tab.record_button)
    form = active(qtbot, page.current_form)
    assert not form.copy_button.isEnabled()  # no member yet
    pick(qtbot, form.member, "赵丽")
    # her 2025 pledges are shown to edit, not overwritten
    assert [row.text.text() for row in form.editor.rows] == [
        "重要楼宇机房线路隐患清零",
        "带教新员工 2 名",
    ]
    assert form.note.text() == "赵丽 在 2025 年度已有 2 项承诺，可在下面修改"
    click(qtbot, form.copy_button)
    assert [row.text.text() for row in form.editor.rows][2:] == ["机房巡检零遗漏"]
    assert form.editor.rows[2].due_date.date() == dt.date(2025, 6, 30)  # moved to this year
    assert form.note.text() == "已复制 2024 年度的 1 项承诺，计划完成日期已移到 2025 年"
    click(qtbot, form.copy_button)  # nothing twice
    assert len(form.editor.rows) == 3
    click(qtbot, form.save_button)
    assert page.current_form is None
    lines = services.pledges.member_pledges(ids["赵丽"], 2025)
    assert [line.text for line in lines] == [
        "重要楼宇机房线路隐患清零",
        "带教新员工 2 名",
        "机房巡检零遗漏",
    ]
    # the rated pledge kept its rating and the note its pledge
    assert services.pledges.get_pledge(ids["带教新员工 2 名"]).rating == PledgeRating.QUALIFIED
    assert len(services.pledges.get_pledge(ids["重要楼宇机房线路隐患清零"]).progress) == 1


def test_opening_the_form_on_a_selected_pledge_edits_that_members_year(
    qtbot, page, services, prompts
):
    ids = seed_pledges(services)
    show(qtbot, page)
    select(page, ids["推广装维派单 App"])
    form = page.pledges_tab.record_pledges()
    active(qtbot, form)
    assert form.windowTitle() == "编辑承诺：孙悦 · 2025 年度"
    assert [r.text.text() for r in form.editor.rows] == [
        "网格宽带新增 120 户",
        "上门服务独居老人 20 户次",
        "推广装维派单 App",
    ]
    # 取消 with typing asks first; 否 keeps the form
    type_text(qtbot, form.editor.rows[2].text, "（含老年客户）")
    prompts.confirm_answers.append(False)
    click(qtbot, form.buttons.button(form.buttons.StandardButton.Cancel))
    assert form.isVisible()
    assert prompts.texts("confirm") == ["表单中有尚未保存的内容，确定放弃吗？"]
    prompts.confirm_answers.append(True)
    click(qtbot, form.buttons.button(form.buttons.StandardButton.Cancel))
    assert page.current_form is None
    assert "推广装维派单 App" in column(page, Column.TEXT)


def test_a_progress_note_is_added_and_deleted(qtbot, page, services, prompts):
    ids = seed_pledges(services)
    show(qtbot, page)
    tab = page.pledges_tab
    assert not tab.progress_button.isEnabled()  # nothing selected yet
    select(page, ids["重要楼宇机房线路隐患清零"])
    click(qtbot, tab.progress_button)
    dialog = active(qtbot, tab.progress_dialog)
    assert [n.text for n in dialog.notes()] == ["完成江湾 3 号楼跳线梳理"]
    assert dialog.date.date() == TODAY
    click(qtbot, dialog.add_button)  # nothing typed
    assert dialog.error.text() == "请填写践诺情况"
    type_text(qtbot, dialog.text, "滨江 2 号楼机房隐患整改完毕")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)  # Enter adds
    assert [(n.date, n.text) for n in dialog.notes()] == [
        (dt.date(2025, 9, 10), "完成江湾 3 号楼跳线梳理"),
        (TODAY, "滨江 2 号楼机房隐患整改完毕"),
    ]
    assert dialog.text.text() == ""
    row = tab.model.row_of(ids["重要楼宇机房线路隐患清零"])
    assert tab.model.index(row, Column.PROGRESS).data() == "2"
    assert tab.model.index(row, Column.LAST_PROGRESS).data() == "2025-12-15"

    dialog.table.selectRow(0)
    prompts.confirm_answers.append(True)
    click(qtbot, dialog.delete_button)
    assert prompts.texts("confirm")[-1].startswith("确定删除 2025-09-10 的践诺记录")
    assert [n.text for n in dialog.notes()] == ["滨江 2 号楼机房隐患整改完毕"]
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Close))
    assert tab.progress_dialog is None


def test_rating_excellent_completes_the_pledge_and_changes_the_totals(
    qtbot, page, services, prompts
):
    ids = seed_pledges(services)
    show(qtbot, page)
    tab = page.pledges_tab
    assert tab.totals_label.text() == TOTALS_2025
    select(page, ids["每季度讲一次专题党课"])
    click(qtbot, tab.rate_button)
    form = active(qtbot, page.current_form)
    assert form.status.current_member() == PledgeStatus.IN_PROGRESS
    assert not form.clear_button.isVisible()  # not rated yet
    click(qtbot, form.save_button)
    assert form.error_text("rating").startswith("请选择评议结果")
    form.rating.set_member(PledgeRating.EXCELLENT)
    assert form.status.currentText() == "已完成"  # the status follows the rating
    type_text(qtbot, form.comment, "四个季度党课全部完成")
    click(qtbot, form.save_button)
    assert page.current_form is None
    row = tab.model.row_of(ids["每季度讲一次专题党课"])
    assert tab.model.index(row, Column.STATUS).data() == "已完成"
    assert tab.model.index(row, Column.RATING).data() == "优秀"
    assert tab.totals_label.text() == (
        "2025 年度 共 4 名党员、9 项承诺，已完成 3 项（33.3%），优秀 2 项"
    )

    # the status can differ from what the rating usually means
    click(qtbot, tab.rate_button)
    form = active(qtbot, page.current_form)
    assert form.rating.current_member() == PledgeRating.EXCELLENT
    assert form.comment.toPlainText() == "四个季度党课全部完成"
    form.rating.set_member(PledgeRating.BASIC)
    form.status.set_member(PledgeStatus.IN_PROGRESS)
    click(qtbot, form.save_button)
    assert tab.model.index(row, Column.STATUS).data() == "践诺中"
    assert tab.model.index(row, Column.RATING).data() == "基本合格"

    # 清除评议 asks, then takes the rating back
    click(qtbot, tab.rate_button)
    form = active(qtbot, page.current_form)
    assert form.clear_button.isVisible()
    prompts.confirm_answers.append(True)
    click(qtbot, form.clear_button)
    assert page.current_form is None
    assert tab.model.index(row, Column.RATING).data() == ""
    assert tab.totals_label.text() == TOTALS_2025


def test_overdue_pledges_stand_out(qtbot, page, services):
    ids = seed_pledges(services)
    show(qtbot, page)
    model = page.pledges_tab.model
    for text, days in OVERDUE.items():
        row = model.row_of(ids[text])
        assert model.index(row, Column.STATUS).data() == "践诺中（逾期）"
        assert model.index(row, Column.TEXT).data(Qt.ItemDataRole.BackgroundRole) == (
            OVERDUE_BACKGROUND
        )
        assert model.index(row, Column.DUE).data(Qt.ItemDataRole.ForegroundRole) is not None
        assert model.index(row, Column.NAME).data(Qt.ItemDataRole.ToolTipRole) == (
            f"已逾期 {days} 天"
        )
    # due later, done, or not done: not overdue
    for text in ("带领班子完成全年经营目标", "网格宽带新增 120 户", "带教新员工 2 名"):
        row = model.row_of(ids[text])
        assert model.index(row, Column.TEXT).data(Qt.ItemDataRole.BackgroundRole) is None
        assert model.index(row, Column.NAME).data(Qt.ItemDataRole.ToolTipRole) is None
    click(qtbot, page.pledges_tab.filters.overdue)
    assert sorted(column(page, Column.TEXT)) == sorted(OVERDUE)


def test_each_filter_and_the_search(qtbot, page, services):
    ids = seed_pledges(services)
    show(qtbot, page)
    tab = page.pledges_tab
    filters = tab.filters
    assert [filters.year.itemText(i) for i in range(filters.year.count())] == [
        "2025 年",
        "2024 年",
        "全部年度",
    ]
    assert tab.count_label.text() == "共 10 项"
    filters.year.setCurrentIndex(1)
    assert sorted(column(page, Column.TEXT)) == sorted(
        ["党建台账月清月结", "开展适老服务进社区 2 场", "机房巡检零遗漏"]
    )
    assert tab.totals_label.text().startswith("2024 年度 共 2 名党员、3 项承诺")
    filters.year.setCurrentIndex(2)
    assert tab.count_label.text() == "共 13 项"
    assert tab.totals_label.text().startswith("共 4 名党员、12 项承诺")
    filters.year.setCurrentIndex(0)

    pick(qtbot, filters.member, "zl")  # 赵丽 by her initials
    assert set(column(page, Column.NAME)) == {"赵丽"}
    assert tab.count_label.text() == "共 2 项"
    # the member picker offers members only: 郭婷 (群众) is not found
    assert filters.member.matches("郭婷") == []
    click(qtbot, filters.member.chip_buttons[ids["赵丽"]])  # clears the member
    assert tab.count_label.text() == "共 10 项"

    filters.unit.setCurrentIndex(filters.unit.findData(ids["滨江分公司"]))  # with its grids
    assert set(column(page, Column.NAME)) == {"孙悦"}
    filters.unit.setCurrentIndex(0)
    filters.category.set_member(PledgeCategory.LEARNING)
    assert sorted(column(page, Column.TEXT)) == ["带教新员工 2 名", "每季度讲一次专题党课"]
    filters.category.setCurrentIndex(0)
    filters.status.set_member(PledgeStatus.DONE)
    assert sorted(column(page, Column.RATING)) == ["优秀", "合格"]
    filters.status.set_member(PledgeStatus.WITHDRAWN)
    assert column(page, Column.NAME) == ["谢涛"]
    filters.status.setCurrentIndex(0)

    for typed, names in (
        ("机房", {"赵丽"}),  # the pledge text
        ("BQ0102", {"孙悦"}),  # 工号
        ("wf", {"王芳"}),  # pinyin initials
        ("张茜", {"张茜"}),  # the name
    ):
        filters.search.clear()
        type_text(qtbot, filters.search, typed)
        assert set(column(page, Column.NAME)) == names, typed
    type_text(qtbot, filters.search, "没有这个")
    assert tab.count_label.text() == "共 0 项"
    assert tab.totals_label.text() == "2025 年度 暂无承诺"


def test_withdraw_restore_and_delete_a_pledge(qtbot, page, services, prompts):
    ids = seed_pledges(services)
    show(qtbot, page)
    tab = page.pledges_tab
    for widget in (tab.rate_button, tab.withdraw_button, tab.delete_button):
        assert not widget.isEnabled()
    select(page, ids["带领班子完成全年经营目标"])
    assert tab.withdraw_button.text() == "撤销承诺"
    click(qtbot, tab.withdraw_button)
    row = tab.model.row_of(ids["带领班子完成全年经营目标"])
    assert tab.model.index(row, Column.STATUS).data() == "已撤销"
    assert tab.totals_label.text().startswith("2025 年度 共 4 名党员、8 项承诺")
    assert tab.withdraw_button.text() == "恢复承诺"
    click(qtbot, tab.withdraw_button)
    assert tab.model.index(row, Column.STATUS).data() == "践诺中"

    click(qtbot, tab.delete_button)  # asked; the answer is no
    assert prompts.texts("confirm")[-1] == (
        "确定删除 张茜 的承诺「带领班子完成全年经营目标」吗？它的践诺记录会一并删除，删除后无法恢复。"
    )
    assert "带领班子完成全年经营目标" in column(page, Column.TEXT)
    prompts.confirm_answers.append(True)
    click(qtbot, tab.delete_button)
    assert "带领班子完成全年经营目标" not in column(page, Column.TEXT)
    assert tab.selected_pledge() is None
    assert not tab.delete_button.isEnabled()


def test_the_print_button_is_hidden_without_the_report_and_prints_with_it(
    qtbot, app, services, prompts, monkeypatch, tmp_path
):
    from app.area import ReportKind
    from app.ui.pages.pledges import actions

    seed_pledges(services)
    services.settings.save({"branch.name": "北区分公司党支部"})  # printing needs it
    monkeypatch.setattr(actions, "report_kinds", lambda: {})
    page = PledgesPage(services, Operations(prompts), prompts, today=lambda: TODAY)
    qtbot.addWidget(page)
    assert page.pledges_tab.print_button.isHidden()

    asked = []

    def write(services_, request, out):
        asked.append(request.year)
        return tiny_pdf(out)

    kind = ReportKind("pledges", "党员承诺公示表", "year", write)
    monkeypatch.setattr(actions, "report_kinds", lambda: {"pledges": kind})
    page = PledgesPage(services, Operations(prompts), prompts, today=lambda: TODAY)
    qtbot.addWidget(page)
    show(qtbot, page)
    assert not page.pledges_tab.print_button.isHidden()
    click(qtbot, page.pledges_tab.print_button)
    preview = wait_for_preview(qtbot, page)
    assert asked == [2025]
    assert prompts.shown == []  # the preview opens without asking for a file
    assert preview.windowTitle() == "打印党员承诺公示表"
    assert preview.preview.page_count() == 1
    prompts.save_answers.append(tmp_path / "公示表")
    click(qtbot, preview.preview.save_button)
    assert prompts.shown[0] == ("save_file", "另存为", "党员承诺公示表-2025.pdf")
    assert (tmp_path / "公示表.pdf").read_bytes().startswith(b"%PDF")
    preview.reject()


def test_the_page_is_in_the_window_and_ctrl_n_opens_the_form(qtbot, window, services):
    seed_roster(services)
    nav = window.navigation
    titles = [nav.item(i).text() for i in range(nav.count())]
    assert titles.index("党员承诺") == titles.index("结对帮扶") + 1
    page = window.show_page("pledges")
    assert window.pages.currentWidget() is page
    assert page.tabs.tabText(0) == "承诺"
    page.pledges_tab.table.setFocus()
    qtbot.keyClick(page.pledges_tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = active(qtbot, page.current_form)
    assert form.windowTitle() == "录入承诺"
    form.reject()


def test_the_table_model_is_a_proper_qt_model(qtbot, page, services, qtmodeltester):
    seed_pledges(services)
    show(qtbot, page)
    qtmodeltester.check(page.pledges_tab.model, force_py=True)


def test_print_notice_asks_for_the_branch_name_then_writes_the_years_notice(
    qtbot, page, services, prompts, tmp_path
):
    from pypdf import PdfReader

    seed_pledges(services)
    show(qtbot, page)
    tab = page.pledges_tab
    assert tab.print_button.isVisible()

    # no 支部名称 yet: 设置 opens first, with a note saying why
    click(qtbot, tab.print_button)
    dialog = active(qtbot, page.current_form)
    assert dialog.windowTitle() == "设置"
    type_text(qtbot, dialog.field("branch.name"), "北区分公司党支部")
    qtbot.keyClick(dialog.field("branch.name"), Qt.Key.Key_Return)
    # once saved, the notice is written and shown; 另存为 keeps a copy
    preview = wait_for_preview(qtbot, page)
    prompts.save_answers.append(tmp_path / "公示")
    click(qtbot, preview.preview.save_button)
    preview.reject()

    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "公示.pdf").pages)
    assert "北区分公司党支部" in text
    assert "2025 年度党员承诺公示表" in text.replace("\n", "")
