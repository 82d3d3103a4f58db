"""Saving without reading the list again: with enough rows to scroll, the user
scrolls down, clicks a row, edits it in its form and saves; the row shows the
new value, it is still the row selected, the list has not moved and the count
and the totals line are right (the service's own figures for the filter). The
list is never reset: only the touched row changes."""

from __future__ import annotations

import datetime as dt

import pytest
from bulk_rows import add_mentorships, add_pairings, add_pledges, add_sessions
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from sample_mentoring import TODAY as MENTORING_TODAY
from sample_mentoring import seed as seed_mentoring
from sample_pairing import QUARTER
from sample_pairing import seed as seed_pairings
from sample_pledges import PLEDGES
from sample_pledges import TODAY as PLEDGES_TODAY
from sample_pledges import seed as seed_pledges
from typing_helpers import type_text

from app.domain.mentoring_models import MentorshipStatus
from app.domain.pledge_models import PledgeRating
from app.ui.operations import Operations
from app.ui.pages.mentoring.page import MentoringPage
from app.ui.pages.pledges.page import PledgesPage
from app.ui.table_models.mentorship_table_model import Column as MentorshipColumn
from app.ui.table_models.pairing_table_model import PairingColumn
from app.ui.table_models.pledge_table_model import Column as PledgeColumn
from app.ui.table_models.session_table_model import Column as SessionColumn


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def active(qtbot, form):
    assert form is not None and form.isVisible()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def retype(qtbot, field, text: str) -> None:
    edit = getattr(field, "line_edit", field)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(qtbot, edit, text)


def scroll_down_and_click_a_row(qtbot, table, column: int) -> int:
    """Drag the scroll bar to the bottom (more rows page in) and back to the
    middle, then click the row in the middle of the view; gives its row."""
    bar = table.verticalScrollBar()
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    bar.setValue(bar.maximum() // 2)
    QApplication.processEvents()
    assert bar.value() > 0  # scrolled down
    row = table.rowAt(table.viewport().height() // 2)
    assert row > 0
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.selectionModel().selectedRows()[0].row() == row
    return row


class Resets:
    """Counts the times a model is reset (read again whole)."""

    def __init__(self, model) -> None:
        self.count = 0
        model.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self.count += 1


def selected_row(table) -> int:
    rows = table.selectionModel().selectedRows()
    assert len(rows) == 1
    return rows[0].row()


# ----- 结对帮扶 --------------------------------------------------------------------------


@pytest.fixture
def pairing_page(window):
    window.navigation.setCurrentRow(1)
    return window.page("pairing")


def test_a_session_edited_far_down_the_ledger_is_updated_where_it_stands(
    qtbot, pairing_page, services, prompts
):
    page = pairing_page
    seed_pairings(services)
    add_sessions(services, 300, *QUARTER)
    page.refresh()
    ledger = page.ledger_tab
    ledger.period.set_custom(*QUARTER)
    assert ledger.session_count_label.text() == "共 311 场"
    table, model = ledger.session_table, ledger.session_model
    row = scroll_down_and_click_a_row(qtbot, table, SessionColumn.TOPIC)
    chosen = ledger.selected_session()
    position = table.verticalScrollBar().value()
    resets = Resets(model)
    before = services.pairing_stats.totals(ledger.current_filter())

    click(qtbot, ledger.edit_session_button)
    assert prompts.shown == []  # the button edits the selected session
    form = active(qtbot, page.current_form)
    retype(qtbot, form.topic, "批量活动改名")
    form.outside_count.setFocus()
    form.outside_count.selectAll()
    qtbot.keyClicks(form.outside_count, "4")  # 1 → 4 others: three more 人次
    click(qtbot, form.save_button)
    assert page.current_form is None

    assert model.index(row, SessionColumn.TOPIC).data() == "批量活动改名"
    assert model.index(row, SessionColumn.PERSON_TIMES).data() == str(chosen.person_times + 3)
    assert selected_row(table) == row and ledger.selected_session().id == chosen.id
    assert table.verticalScrollBar().value() == position
    assert resets.count == 0  # the ledger was not read again
    assert ledger.session_count_label.text() == "共 311 场"
    figures = services.pairing_stats.totals(ledger.current_filter())
    assert ledger.totals_label.text() == figures.sentence()
    assert figures.person_times == before.person_times + 3


def test_a_session_added_shows_at_its_place_and_the_count_and_totals_follow(
    qtbot, pairing_page, services
):
    page = pairing_page
    seed_pairings(services)
    add_sessions(services, 300, *QUARTER)
    page.refresh()
    ledger = page.ledger_tab
    ledger.period.set_custom(*QUARTER)
    before = services.pairing_stats.totals(ledger.current_filter())
    resets = Resets(ledger.session_model)

    click(qtbot, ledger.add_session_button)
    form = active(qtbot, page.current_form)
    index = form.pairing.findText("信安部", Qt.MatchFlag.MatchContains)
    form.pairing.setCurrentIndex(index)
    retype(qtbot, form.date, "2025-12-31")  # the newest of the quarter: the top row
    type_text(qtbot, form.topic, "年终走访")
    form.service_type.setCurrentIndex(1)
    click(qtbot, form.save_button)
    assert page.current_form is None

    assert ledger.session_model.index(0, SessionColumn.TOPIC).data() == "年终走访"
    assert ledger.selected_session().topic == "年终走访"
    assert ledger.session_count_label.text() == "共 312 场"
    after = services.pairing_stats.totals(ledger.current_filter())
    assert after.sessions == before.sessions + 1
    assert ledger.totals_label.text() == after.sentence()
    assert resets.count == 0


def test_a_pairing_edited_far_down_the_list_is_updated_where_it_stands(
    qtbot, pairing_page, services
):
    page = pairing_page
    seed_pairings(services)
    add_pairings(services, 300)
    page.refresh()
    page.tabs.setCurrentWidget(page.pairings_tab)
    tab = page.pairings_tab
    assert tab.pairing_count_label.text() == "共 306 个结对"
    table, model = tab.pairing_table, tab.pairing_model
    row = scroll_down_and_click_a_row(qtbot, table, PairingColumn.NAME)
    chosen = tab.selected_pairing()
    position = table.verticalScrollBar().value()
    resets = Resets(model)

    click(qtbot, tab.edit_pairing_button)
    form = active(qtbot, page.current_form)
    retype(qtbot, form.end_date, "2026-06-30")
    click(qtbot, form.save_button)
    assert page.current_form is None

    assert model.index(row, PairingColumn.END).data() == "2026-06-30"
    assert model.index(row, PairingColumn.NAME).data() == chosen.name
    assert selected_row(table) == row and tab.selected_pairing().id == chosen.id
    assert table.verticalScrollBar().value() == position
    assert resets.count == 0
    assert tab.pairing_count_label.text() == "共 306 个结对"


# ----- 党员承诺 ------------------------------------------------------------------------


def test_a_pledge_rated_far_down_the_list_is_updated_where_it_stands(qtbot, services, prompts):
    ids = seed_pledges(services)
    members = [ids[name] for name, year in PLEDGES if year == 2025][:3]
    add_pledges(services, members, 2025, 100)
    page = PledgesPage(services, Operations(prompts), prompts, today=lambda: PLEDGES_TODAY)
    qtbot.addWidget(page)
    page.resize(1060, 720)
    page.show()
    qtbot.waitExposed(page)
    tab = page.pledges_tab
    total = services.pledges.count_pledges(tab.current_filter())
    assert tab.count_label.text() == f"共 {total} 项"
    table, model = tab.table, tab.model
    row = scroll_down_and_click_a_row(qtbot, table, PledgeColumn.TEXT)
    chosen = tab.selected_pledge()
    position = table.verticalScrollBar().value()
    resets = Resets(model)

    click(qtbot, tab.rate_button)
    form = active(qtbot, page.current_form)
    form.rating.set_member(PledgeRating.EXCELLENT)
    type_text(qtbot, form.comment, "提前完成")
    click(qtbot, form.save_button)
    assert page.current_form is None

    assert model.index(row, PledgeColumn.RATING).data() == "优秀"
    assert model.index(row, PledgeColumn.STATUS).data() == "已完成"
    assert selected_row(table) == row and tab.selected_pledge().id == chosen.id
    assert table.verticalScrollBar().value() == position
    assert resets.count == 0
    assert tab.count_label.text() == f"共 {total} 项"
    figures = services.pledges.totals(tab.current_filter())
    assert tab.totals_label.text() == figures.text()
    assert "优秀 2 项" in tab.totals_label.text()  # the sample's one, and this one


# ----- 老带新 --------------------------------------------------------------------------


def test_a_mentorship_edited_far_down_the_list_is_updated_where_it_stands(qtbot, services, prompts):
    seed_mentoring(services)
    add_mentorships(services, 300, MENTORING_TODAY)
    page = MentoringPage(services, Operations(prompts), prompts, today=lambda: MENTORING_TODAY)
    qtbot.addWidget(page)
    page.resize(1180, 720)
    page.show()
    qtbot.waitExposed(page)
    tab = page.mentorships_tab
    total = services.mentoring.count_mentorships(tab.current_filter())
    assert tab.count_label.text() == f"共 {total} 对"
    table, model = tab.table, tab.model
    row = scroll_down_and_click_a_row(qtbot, table, MentorshipColumn.MENTOR)
    chosen = tab.selected_mentorship()
    assert chosen.status == MentorshipStatus.GRADUATED  # one of the 300
    position = table.verticalScrollBar().value()
    resets = Resets(model)
    graduated = services.mentoring.totals(tab.filters.totals_filter()).graduated

    click(qtbot, tab.edit_button)
    form = active(qtbot, page.current_form)
    form.status.set_member(MentorshipStatus.STOPPED)
    planned = f"{MENTORING_TODAY + dt.timedelta(days=30):%Y-%m-%d}"
    retype(qtbot, form.planned_end, planned)
    click(qtbot, form.save_button)
    assert page.current_form is None, form.findChild(QLabel, "fieldError")

    assert model.index(row, MentorshipColumn.STATUS).data() == "已中止"
    assert model.index(row, MentorshipColumn.PLANNED_END).data() == planned
    assert selected_row(table) == row and tab.selected_mentorship().id == chosen.id
    assert table.verticalScrollBar().value() == position
    assert resets.count == 0
    assert tab.count_label.text() == f"共 {total} 对"
    figures = services.mentoring.totals(tab.filters.totals_filter())
    assert figures.graduated == graduated - 1 and figures.stopped >= 1
    assert tab.totals_label.text() == figures.text()


def test_deleting_far_down_the_list_takes_only_that_row_out(qtbot, services, prompts):
    seed_mentoring(services)
    add_mentorships(services, 300, MENTORING_TODAY)
    page = MentoringPage(services, Operations(prompts), prompts, today=lambda: MENTORING_TODAY)
    qtbot.addWidget(page)
    page.resize(1180, 720)
    page.show()
    qtbot.waitExposed(page)
    tab = page.mentorships_tab
    total = tab.model.total()
    table, model = tab.table, tab.model
    row = scroll_down_and_click_a_row(qtbot, table, MentorshipColumn.MENTOR)
    chosen = tab.selected_mentorship()
    below = model.record(row + 1)
    position = table.verticalScrollBar().value()
    resets = Resets(model)

    prompts.confirm_answers.append(True)
    click(qtbot, tab.delete_button)

    assert model.row_of(chosen.id) is None
    assert model.record(row).id == below.id  # the next one moved up
    assert tab.selected_mentorship() is None and not tab.delete_button.isEnabled()
    assert table.verticalScrollBar().value() == position
    assert resets.count == 0
    assert tab.count_label.text() == f"共 {total - 1} 对"
    assert tab.totals_label.text() == (
        services.mentoring.totals(tab.filters.totals_filter()).text()
    )


def test_the_freshness_of_a_hidden_tab_waits_until_it_is_shown(qtbot, pairing_page, services):
    """A session saved on the ledger leaves the other tabs to read when shown."""
    page = pairing_page
    seed_pairings(services)
    page.refresh()
    page.ledger_tab.period.set_custom(*QUARTER)
    resets = Resets(page.pairings_tab.pairing_model)
    click(qtbot, page.ledger_tab.add_session_button)
    form = active(qtbot, page.current_form)
    form.pairing.setCurrentIndex(form.pairing.findText("信安部", Qt.MatchFlag.MatchContains))
    retype(qtbot, form.date, "2025-12-30")
    type_text(qtbot, form.topic, "回访")
    form.service_type.setCurrentIndex(1)
    click(qtbot, form.save_button)
    assert page.current_form is None
    assert resets.count == 0 and page.pairings_tab.freshness.stale  # not read while hidden
    page.tabs.setCurrentWidget(page.pairings_tab)
    assert resets.count == 1 and not page.pairings_tab.freshness.stale
    counts = {
        r.name: r.session_count
        for r in (page.pairings_tab.pairing_model.record(i) for i in range(6))
    }
    assert sum(counts.values()) == 12  # the sample's 11 sessions and this one
    assert dt.date(2025, 12, 30) in {QUARTER[1], dt.date(2025, 12, 30)}
