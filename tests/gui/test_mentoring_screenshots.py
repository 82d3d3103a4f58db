"""Screenshots of 老带新: the 带教 list with quiet pairings flagged and the
totals line, the mentorship form with its messages, the 带教记录 dialog.

Runs in the suite (pictures go to a temporary folder and the layout checks
run); to refresh docs/screenshots/ run:

    BRANCH_LEDGER_SCREENSHOT_DIR=docs/screenshots .venv/bin/pytest -q tests/gui/test_mentoring_screenshots.py
"""

from __future__ import annotations

from sample_mentoring import TODAY, TOTALS_ALL
from sample_mentoring import seed as seed_mentoring
from test_ui_screenshots import clipped_texts, save, shots  # noqa: F401 - fixture
from typing_helpers import type_text

from app.domain.mentoring_models import MentorshipFocus
from app.ui.operations import EVERYTHING


def test_mentoring_screenshots(window, services, qtbot, shots):  # noqa: F811
    ids = seed_mentoring(services)
    window.resize(1280, 760)
    window.operations.changed.emit(EVERYTHING)
    page = window.show_page("mentoring")
    tab = page.mentorships_tab
    tab.filters.period.date_from.set_text("2024-01-01")
    tab.filters.period.date_to.set_text(f"{TODAY:%Y-%m-%d}")
    tab.filters.period._typed()
    tab.select_mentorship(ids["赵丽→吴静"])
    qtbot.wait(50)
    assert tab.totals_label.text() == TOTALS_ALL
    save(window, shots, "70-mentoring-list")
    assert clipped_texts(window) == []

    window.resize(window.minimumSize())
    qtbot.wait(20)
    assert clipped_texts(window) == []
    window.resize(1280, 760)
    qtbot.wait(20)

    tab.table.clearSelection()
    form = tab.add_mentorship()
    qtbot.waitExposed(form)
    type_text(qtbot, form.mentor.line_edit, "陈磊")
    form.mentor.choose_first_match()
    type_text(qtbot, form.mentee.line_edit, "陈磊")
    form.mentee.choose_first_match()
    for box in form.focus.boxes.values():
        box.setChecked(False)
    type_text(qtbot, form.planned_end.line_edit, "2020-01-01")
    type_text(qtbot, form.goals, "一年内能独立承接政企客户专线开通")
    form.try_save()
    qtbot.wait(20)
    assert form.error_text("mentee_id") == "导师和学员不能是同一个人"
    save(form, shots, "71-mentorship-form-errors")
    assert clipped_texts(form) == []
    form.focus.boxes[MentorshipFocus.KNOWLEDGE].setChecked(True)
    form.status.setCurrentIndex(1)  # 已出师: the end and the evaluation show
    type_text(qtbot, form.evaluation, "考核合格")
    qtbot.wait(20)
    save(form, shots, "72-mentorship-form-graduated")
    assert clipped_texts(form) == []
    form.confirm_discard = None
    form.reject()

    tab.select_mentorship(ids["赵丽→吴静"])
    dialog = tab.show_check_ins()
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.content, "带学员完成江湾 3 号楼光缆割接")
    type_text(qtbot, dialog.comment, "准备充分，操作规范")
    qtbot.wait(20)
    save(dialog, shots, "73-check-ins")
    assert clipped_texts(dialog) == []
    dialog.reject()
