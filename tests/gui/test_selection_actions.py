"""Actions that need a selected row are off, and look off, until a row is
selected, on every page; they follow the selection through refreshes and
filter changes (issue 8, point 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from roster_helpers import click_row_of, click_unit
from sample_pairing import QUARTER
from sample_pairing import seed as seed_pairings
from typing_helpers import type_text

from app.ui.style import ACCENT


@pytest.fixture
def pairing(window, services):
    seed_pairings(services)
    window.page("roster").refresh()
    page = window.show_page("pairing")
    page.refresh()
    return page


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_table_row(qtbot, table, row: int) -> None:
    index = table.model().index(row, 1)
    table.scrollTo(index)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
    )


def background(button) -> QColor:
    """The colour of the button's face, left of its text, as painted on screen."""
    image = button.grab().toImage()
    return image.pixelColor(5, image.height() // 2)


def looks_red(colour: QColor) -> bool:
    return colour.red() - max(colour.green(), colour.blue()) > 60


def test_mark_solved_is_off_and_looks_off_until_a_problem_is_chosen(qtbot, pairing, prompts):
    tab = pairing.problems_tab
    pairing.tabs.setCurrentWidget(tab)
    qtbot.waitExposed(tab)
    assert tab.problem_model.rowCount() == 3
    assert not tab.solve_button.isEnabled()
    assert not tab.open_session_button.isEnabled()
    # the issue: the red 标记已解决… looked clickable although it was off
    assert not looks_red(background(tab.solve_button)), background(tab.solve_button).name()
    click(qtbot, tab.solve_button)
    assert prompts.shown == []  # nothing happens, as its look says

    click_table_row(qtbot, tab.problem_table, 0)
    assert tab.solve_button.isEnabled() and tab.open_session_button.isEnabled()
    assert looks_red(background(tab.solve_button))
    assert QColor(ACCENT) == background(tab.solve_button)

    prompts.date_answers.append(dt.date(2025, 12, 30))
    click(qtbot, tab.solve_button)
    assert [kind for kind, _t, _x in prompts.shown] == ["ask_date"]
    # solved: gone from the list after the refresh, and nothing is selected any more
    assert tab.problem_model.rowCount() == 2
    assert not tab.solve_button.isEnabled()


def test_pairing_and_ledger_actions_follow_the_selection_and_the_filters(qtbot, pairing):
    pairings = pairing.pairings_tab
    pairing.tabs.setCurrentWidget(pairings)
    assert not pairings.edit_pairing_button.isEnabled()
    assert not pairings.delete_pairing_button.isEnabled()
    click_table_row(qtbot, pairings.pairing_table, 0)
    assert pairings.edit_pairing_button.isEnabled()
    assert pairings.delete_pairing_button.isEnabled()

    ledger = pairing.ledger_tab
    pairing.tabs.setCurrentWidget(ledger)
    ledger.period.set_custom(*QUARTER)
    assert ledger.session_model.rowCount() > 0
    assert not ledger.edit_session_button.isEnabled()
    assert not ledger.delete_session_button.isEnabled()
    assert ledger.print_button.isEnabled()  # prints the filter: no row needed
    click_table_row(qtbot, ledger.session_table, 0)
    assert ledger.edit_session_button.isEnabled() and ledger.delete_session_button.isEnabled()
    # a period without that session: it is no longer shown, nor selected
    ledger.period.set_custom(dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert ledger.session_model.rowCount() == 0
    assert not ledger.edit_session_button.isEnabled()
    assert not ledger.delete_session_button.isEnabled()


def test_roster_actions_follow_the_selection_and_the_search(qtbot, window, services):
    from sample_roster import seed

    seed(services)
    roster = window.page("roster")
    roster.refresh()
    panel = roster.people_panel
    buttons = (panel.edit_button, panel.transfer_button, panel.delete_button)
    assert not any(b.isEnabled() for b in buttons)
    click_row_of(qtbot, roster, "张茜")
    assert all(b.isEnabled() for b in buttons)
    type_text(qtbot, panel.search, "罗杰")  # hides 张茜
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert not any(b.isEnabled() for b in buttons)
    roster.refresh()
    assert not any(b.isEnabled() for b in buttons)

    units = roster.units_panel
    assert not units.edit_unit_button.isEnabled()  # 全部人员 is no unit
    assert not units.delete_unit_button.isEnabled()
    click_unit(qtbot, roster, "综合部")
    assert units.edit_unit_button.isEnabled() and units.delete_unit_button.isEnabled()
    click_unit(qtbot, roster, "共建单位")
    assert not units.edit_unit_button.isEnabled()
