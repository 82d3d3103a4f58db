"""The 报表 page (issue 11, point 4): choose a report and its period, year or
meeting, generate it in the background, read it in the preview, export Word."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from preview_helpers import WAIT_MS, click, dark_pixels, tiny_pdf
from PySide6.QtCore import Qt
from sample_pairing import QUARTER
from sample_pairing import seed as seed_pairings
from sample_pledges import seed as seed_pledges
from sample_reports import seed_long_ledger
from typing_helpers import type_text

from app.area import Area, ReportKind, ReportRequest
from app.areas import AREAS
from app.domain.errors import UserError
from app.services.registry import Services
from app.ui.background import ProgressDialog
from app.ui.forms.settings_dialog import SettingsDialog
from app.ui.operations import Operations
from app.ui.pages.reports_page import ReportsPage

TODAY = dt.date(2025, 12, 15)

# Stand-ins for reports the page must handle besides the real ones: a meeting's
# 签到表 (no period, a name and a date), one with a Word form, one that refuses.
asked: list[ReportRequest] = []


def write_signin(services, request: ReportRequest, out: Path) -> Path:
    asked.append(request)
    return tiny_pdf(out, "sign-in")


def write_word(services, request: ReportRequest, out: Path) -> Path:
    asked.append(request)
    out.write_bytes(b"PK stand-in docx")
    return out


def refuse(services, request: ReportRequest, out: Path) -> Path:
    raise UserError("统计期间内没有任何记录，无法生成报表。")


EXTRA = Area(
    key="meetings",
    title="会议",
    services=lambda services: {},
    reports=(
        ReportKind("meeting", "会议记录", "none", write_signin, meeting=True),
        ReportKind("wordy", "带 Word 的报表", "range", write_signin, word=write_word),
        ReportKind("refusing", "拒绝的报表", "range", refuse),
    ),
)


@pytest.fixture
def page(qtbot, app, services, prompts):
    services.settings.save({"branch.name": "北区分公司党支部"})
    built = ReportsPage(services, Operations(prompts), prompts, today=lambda: TODAY)
    qtbot.addWidget(built)
    built.resize(1100, 760)
    built.show()
    qtbot.waitExposed(built)
    return built


@pytest.fixture
def extra_page(qtbot, app, db, app_paths, prompts):
    asked.clear()
    services = Services.build(db, app_paths, (*AREAS, EXTRA))
    services.settings.save({"branch.name": "北区分公司党支部"})
    built = ReportsPage(services, Operations(prompts), prompts, today=lambda: TODAY)
    qtbot.addWidget(built)
    built.resize(1100, 760)
    built.show()
    qtbot.waitExposed(built)
    return built


def kind_titles(page) -> list[str]:
    return [page.kind_combo.itemText(i) for i in range(page.kind_combo.count())]


def generate(qtbot, page):
    click(qtbot, page.generate_button)
    qtbot.waitUntil(lambda: not page.context.operations.busy, timeout=WAIT_MS)


def test_the_page_is_the_last_in_the_navigation_and_lists_every_report(window):
    nav = window.navigation
    assert nav.item(nav.count() - 1).text() == "报表"
    page = window.show_page("reports")
    titles = kind_titles(page)
    assert titles[0] == "工作汇总"  # this page's own report first
    assert {"签到表", "结对帮扶台账", "党员承诺公示表", "老带新带教记录表"} <= set(titles)
    assert page.stack.currentWidget() is page.placeholder


def test_each_kind_shows_the_choices_it_needs(extra_page):
    page = extra_page
    page.choose_kind("pairing")
    assert page.period.isVisible() and not page.year_combo.isVisible()
    assert not page.meeting_title.isVisible()
    page.choose_kind("pledges")
    assert page.year_combo.isVisible() and not page.period.isVisible()
    page.choose_kind("signin")
    assert not page.period.isVisible() and not page.year_combo.isVisible()
    assert page.meeting_title.isVisible() and page.meeting_day.isVisible()
    assert page.meeting_day.date() == TODAY  # the meeting is today unless said otherwise


def test_presets_set_the_dates_and_typing_makes_it_custom(qtbot, page):
    page.choose_kind("pairing")
    picker = page.period
    assert picker.preset_labels() == ["本月", "本季度", "本年", "上一年", "自定义"]
    picker.choose("本月")
    assert picker.period() == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    picker.choose("本季度")
    assert picker.period() == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    picker.choose("本年")
    assert picker.period() == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    picker.choose("上一年")
    assert (picker.date_from.text(), picker.date_to.text()) == ("2024-01-01", "2024-12-31")
    picker.choose("自定义")
    picker.date_from.line_edit.clear()
    type_text(qtbot, picker.date_from.line_edit, "2024-03-01")
    assert picker.period() == (dt.date(2024, 3, 1), dt.date(2024, 12, 31))
    assert page.request() == ReportRequest(
        date_from=dt.date(2024, 3, 1), date_to=dt.date(2024, 12, 31)
    )


def test_the_year_chooser_offers_years_with_pledges_first_and_this_year(page, services):
    seed_pledges(services)  # pledges of 2024 and 2025
    page.refresh()
    page.choose_kind("pledges")
    years = [page.year_combo.itemData(i) for i in range(page.year_combo.count())]
    assert years[:2] == [2025, 2024]
    assert page.year_combo.currentData() == 2025  # this year
    assert page.year_combo.currentText() == "2025 年"


def test_generate_runs_in_the_background_and_shows_the_pages(qtbot, page, services, prompts):
    seed_long_ledger(services)
    page.choose_kind("pairing")
    page.period.set_custom(*QUARTER)
    assert not page.preview.isVisible()
    click(qtbot, page.generate_button)
    # the report is written on a worker, behind a progress dialog
    assert page.context.operations.busy
    assert [d for d in page.findChildren(ProgressDialog) if d.isVisible()]
    assert page.findChildren(ProgressDialog)[0].windowTitle() == "生成结对帮扶台账"
    qtbot.waitUntil(lambda: page.preview.isVisible(), timeout=WAIT_MS)
    preview = page.preview
    assert prompts.shown == []
    assert preview.page_count() >= 3
    assert preview.page_label.text() == f"第 1 页 共 {preview.page_count()} 页"
    assert dark_pixels(preview.shown_image()) > 500
    assert preview.suggested_name == "结对帮扶台账-20251001-20251231.pdf"
    # the ledger has no Word form
    assert not preview.word_button.isVisible() and not preview.word_button.isEnabled()

    click(qtbot, preview.next_button)
    assert preview.page_label.text() == f"第 2 页 共 {preview.page_count()} 页"

    # choosing another report starts afresh
    page.choose_kind("pledges")
    assert page.stack.currentWidget() is page.placeholder and preview.page_count() == 0


def test_the_pledge_notice_of_the_chosen_year(qtbot, page, services, tmp_path, prompts):
    from pypdf import PdfReader

    seed_pledges(services)
    page.refresh()
    page.choose_kind("pledges")
    page.choose_year(2024)
    generate(qtbot, page)
    assert page.preview.isVisible()
    prompts.save_answers.append(tmp_path / "公示表.pdf")
    click(qtbot, page.preview.save_button)
    assert prompts.shown[-1] == ("save_file", "另存为", "党员承诺公示表-2024.pdf")
    text = PdfReader(tmp_path / "公示表.pdf").pages[0].extract_text().replace("\n", "")
    assert "2024 年度党员承诺公示表" in text


def test_word_export_is_offered_only_for_reports_that_have_it(qtbot, extra_page, prompts, tmp_path):
    page = extra_page
    page.choose_kind("wordy")
    page.period.choose("本年")
    generate(qtbot, page)
    word = page.preview.word_button
    assert word.isVisible() and word.isEnabled()
    prompts.save_answers.append(tmp_path / "汇总")
    prompts.confirm_answers.append(False)  # 现在打开吗？ 否
    click(qtbot, word)
    qtbot.waitUntil(lambda: not page.context.operations.busy, timeout=WAIT_MS)
    assert prompts.shown[0] == ("save_file", "导出 Word", "带 Word 的报表-20250101-20251231.docx")
    assert (tmp_path / "汇总.docx").read_bytes() == b"PK stand-in docx"
    assert asked[-1] == ReportRequest(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31))
    assert prompts.shown[-1][:2] == ("confirm", "已导出 Word")
    assert "汇总.docx" in page.preview.status_label.text()

    page.choose_kind("refusing")  # a report without Word: the button goes
    assert not word.isVisible()


def test_a_meetings_name_and_date_go_to_the_report(qtbot, extra_page, prompts):
    page = extra_page
    page.choose_kind("meeting")
    type_text(qtbot, page.meeting_title, "支部党员大会")
    page.meeting_day.set_date(dt.date(2025, 12, 20))
    generate(qtbot, page)
    assert asked == [ReportRequest(title="支部党员大会", day=dt.date(2025, 12, 20))]
    assert page.preview.suggested_name == "会议记录-支部党员大会-20251220.pdf"


def test_a_report_that_refuses_says_why(qtbot, extra_page, prompts):
    page = extra_page
    page.choose_kind("refusing")
    generate(qtbot, page)
    assert prompts.shown == [
        ("error", "无法生成拒绝的报表", "统计期间内没有任何记录，无法生成报表。")
    ]
    assert page.stack.currentWidget() is page.placeholder


def test_a_wrong_date_is_said_before_anything_is_written(qtbot, page, prompts):
    page.choose_kind("pairing")
    page.period.set_custom(dt.date(2025, 12, 1), dt.date(2025, 1, 1))
    click(qtbot, page.generate_button)
    assert prompts.shown == [("error", "无法生成报表", "结束日期不能早于开始日期")]
    assert not page.context.operations.busy


def test_without_a_branch_name_the_settings_open_first(qtbot, app, services, prompts):
    seed_pairings(services)  # no 支部名称
    page = ReportsPage(services, Operations(prompts), prompts, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.choose_kind("pairing")
    page.period.set_custom(*QUARTER)
    click(qtbot, page.generate_button)
    dialog = page.current_form
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    assert "打印结对帮扶台账前，请先填写支部名称" in dialog.note.text()
    type_text(qtbot, dialog.field("branch.name"), "城东街道党支部")
    qtbot.keyClick(dialog.field("branch.name"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.preview.isVisible(), timeout=WAIT_MS)
    # The quarter's table fills the first page; the signature lines go to the second.
    assert page.preview.page_count() == 2


def test_a_change_of_the_data_is_said_over_the_report_shown(qtbot, page, services):
    from app.areas.pairing import PAIRINGS

    seed_long_ledger(services, extra=0)
    page.choose_kind("pairing")
    generate(qtbot, page)
    page.context.operations.changed.emit(frozenset({PAIRINGS}))
    assert "数据已有变动" in page.preview.status_label.text()


def test_the_summary_of_the_quarter_is_previewed_printed_and_exported_to_word(
    qtbot, page, services, prompts, tmp_path
):
    """The secretary's way to a meeting: 工作汇总, 本季度, 生成, page through,
    打印 (to a PDF printer here), 导出 Word…; the figures are the pages'."""
    from docx import Document
    from preview_helpers import pdf_pages_as_images, print_to_pdf
    from pypdf import PdfReader

    seed_pairings(services)
    page.refresh()
    assert page.kind_combo.currentText() == "工作汇总"
    page.period.choose("本季度")
    generate(qtbot, page)
    preview = page.preview
    assert preview.isVisible() and dark_pixels(preview.shown_image()) > 500
    pages = preview.page_count()
    assert pages >= 1 and preview.page_label.text() == f"第 1 页 共 {pages} 页"
    assert preview.suggested_name == "工作汇总-20251001-20251231.pdf"

    printed = tmp_path / "打印.pdf"
    prompts.print_answers.append(print_to_pdf(printed))
    click(qtbot, preview.print_button)
    assert len(PdfReader(printed).pages) == pages
    assert all(dark_pixels(image) > 300 for image in pdf_pages_as_images(printed))

    word = preview.word_button
    assert word.isVisible() and word.isEnabled()
    prompts.save_answers.append(tmp_path / "季度汇总.docx")
    prompts.confirm_answers.append(False)
    click(qtbot, word)
    qtbot.waitUntil(lambda: not page.context.operations.busy, timeout=WAIT_MS)
    text = "".join(p.text for p in Document(tmp_path / "季度汇总.docx").paragraphs)
    assert "北区分公司党支部2025年第四季度工作汇总" in text
    assert "共计 9+2 场，参与 22+23 人次，发现问题 7 个，已解决 4 个" in text
