"""Issue 8, point 1: a date field shows its whole date. The period fields of
帮扶台账 showed "026-10-01 — 026-12-31": the line edit was narrower than the
date, so the year scrolled out of sight."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLineEdit
from sample_pairing import seed as seed_pairings
from typing_helpers import type_text

from app.domain.enums import PoliticalStatus
from app.ui.operations import EVERYTHING
from app.ui.prompt_dialogs import DateDialog
from app.ui.widgets.date_field import DateField


def first_visible_position(edit: QLineEdit) -> int:
    """The character at the left edge of the field, as the user sees it."""
    return edit.cursorPositionAt(QPoint(4, edit.height() // 2))


def assert_shows_in_full(field: DateField) -> None:
    edit = field.line_edit
    text = edit.text()
    assert text, "the field shows a date"
    edit.end(False)  # the cursor where typing leaves it
    assert edit.fontMetrics().horizontalAdvance(text) <= edit.contentsRect().width()
    assert first_visible_position(edit) == 0, (
        f"{field.label}: {text!r} starts at character {first_visible_position(edit)}"
        f" in a field {edit.width()} pixels wide"
    )


def test_the_ledger_period_shows_both_dates_in_full(window, services, qtbot):
    seed_pairings(services)
    window.resize(1280, 760)
    window.operations.changed.emit(EVERYTHING)
    window.navigation.setCurrentRow(1)
    period = window.page("pairing").ledger_tab.period
    period.choose("自定义")
    for field, text in ((period.date_from, "2026-10-01"), (period.date_to, "2026-12-31")):
        field.line_edit.clear()
        type_text(qtbot, field.line_edit, text)
    qtbot.wait(20)
    assert period.period() == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    for field in (period.date_from, period.date_to):
        assert_shows_in_full(field)

    # also at the smallest size the window allows
    window.resize(window.minimumSize())
    qtbot.wait(20)
    for field in (period.date_from, period.date_to):
        assert_shows_in_full(field)


def test_date_fields_of_the_forms_and_the_date_question_show_dates_in_full(window, services, qtbot):
    ids = seed_pairings(services)
    window.operations.changed.emit(EVERYTHING)
    roster = window.page("roster")
    form = roster.people_panel.add_person()
    qtbot.waitExposed(form)
    type_text(qtbot, form.birth_date.line_edit, "1996-05-28")
    form.political_status.set_member(PoliticalStatus.PROBATIONARY)  # 入党日期 is asked
    type_text(qtbot, form.party_join_date.line_edit, "2025-06-30")
    form.resize(form.minimumSizeHint())
    qtbot.wait(20)
    assert_shows_in_full(form.birth_date)
    assert_shows_in_full(form.party_join_date)
    form.reject()

    window.navigation.setCurrentRow(1)
    page = window.page("pairing")
    page.tabs.setCurrentIndex(1)
    page.pairings_tab.select_pairing(ids["老有智慧社区行·大宁社区"])
    form = page.pairings_tab.edit_pairing()
    qtbot.waitExposed(form)
    form.resize(form.minimumSizeHint())
    qtbot.wait(20)
    assert_shows_in_full(form.start_date)
    form.end_date.set_date(dt.date(2026, 12, 31))
    assert_shows_in_full(form.end_date)
    form.reject()

    page.tabs.setCurrentIndex(0)
    form = page.ledger_tab.add_session()
    qtbot.waitExposed(form)
    form.date.set_date(dt.date(2026, 10, 28))
    line = form.problems.lines[0]
    line.solved.setChecked(True)
    line.solved_on.set_date(dt.date(2026, 11, 30))
    form.resize(form.minimumSizeHint())
    qtbot.wait(20)
    assert_shows_in_full(form.date)
    assert_shows_in_full(line.solved_on)
    form.reject()

    ask = DateDialog(window, "标记已转出", "「高敏」转出的日期：", dt.date(2026, 10, 31))
    qtbot.addWidget(ask)
    ask.show()
    qtbot.waitExposed(ask)
    ask.resize(ask.minimumSizeHint())
    qtbot.wait(20)
    assert_shows_in_full(ask.field)
    ask.close()
