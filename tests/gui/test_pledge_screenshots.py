"""Screenshots of 党员承诺: the list with overdue pledges and the totals line,
the member form with a refusal showing, the 践诺 and 评诺 dialogs.

Runs in the suite (pictures go to a temporary folder and the layout checks
run); to refresh docs/screenshots/ run:

    BRANCH_LEDGER_SCREENSHOT_DIR=docs/screenshots .venv/bin/pytest -q tests/gui/test_pledge_screenshots.py
"""

from __future__ import annotations

from sample_pledges import TODAY, TOTALS_2025
from sample_pledges import seed as seed_pledges
from test_ui_screenshots import clipped_texts, save, shots  # noqa: F401 - fixture
from typing_helpers import type_text

from app.domain.pledge_models import PledgeCategory, PledgeRating
from app.ui.operations import EVERYTHING


def test_pledge_screenshots(window, services, qtbot, shots):  # noqa: F811
    ids = seed_pledges(services)
    window.resize(1280, 760)
    page = window.page("pledges")
    page.context.today = lambda: TODAY  # the sample's day: two pledges are overdue
    page.pledges_tab.model.today = page.context.today
    window.operations.changed.emit(EVERYTHING)
    window.show_page("pledges")
    tab = page.pledges_tab
    tab.filters.set_year(2025)
    tab.select_pledge(ids["组织“老有智慧社区行”活动 4 场"])
    qtbot.wait(50)
    assert tab.totals_label.text() == TOTALS_2025
    save(window, shots, "50-pledges-list")
    assert clipped_texts(window) == []

    window.resize(window.minimumSize())
    qtbot.wait(20)
    assert clipped_texts(window) == []
    window.resize(1280, 760)
    qtbot.wait(20)

    tab.table.clearSelection()
    form = tab.record_pledges()
    qtbot.waitExposed(form)
    type_text(qtbot, form.member.line_edit, "黄伟")  # 入党积极分子: refused
    form.member.choose_first_match()
    type_text(qtbot, form.editor.rows[0].text, "牵头完成园区机房光缆整治")
    form.editor.rows[0].category.set_member(PledgeCategory.MAIN_DUTY)
    type_text(qtbot, form.editor.rows[0].due_date.line_edit, "2025-11-30")
    type_text(qtbot, form.editor.rows[1].text, "每月学习一次网络安全新规")
    form.editor.add_row()
    type_text(qtbot, form.editor.rows[2].text, "带教新员工")
    type_text(qtbot, form.editor.rows[2].due_date.line_edit, "2026-03-01")
    form.try_save()
    qtbot.wait(20)
    assert form.error_text("person").startswith("「黄伟」的政治面貌是「入党积极分子」")
    save(form, shots, "51-pledge-form-errors")
    assert clipped_texts(form) == []
    form.confirm_discard = None
    form.reject()

    tab.select_pledge(ids["组织“老有智慧社区行”活动 4 场"])
    dialog = tab.show_progress()
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.text, "12 月营业厅适老服务专窗开放日")
    qtbot.wait(20)
    save(dialog, shots, "52-pledge-progress")
    assert clipped_texts(dialog) == []
    dialog.reject()

    tab.select_pledge(ids["每季度讲一次专题党课"])
    form = tab.rate_pledge()
    qtbot.waitExposed(form)
    form.rating.set_member(PledgeRating.EXCELLENT)
    type_text(qtbot, form.comment, "四个季度党课全部完成，支部党员反响好")
    qtbot.wait(20)
    save(form, shots, "53-pledge-rating")
    assert clipped_texts(form) == []
    form.confirm_discard = None
    form.reject()
