"""Saving on 人员名册 without reading the list anew: the saved row changes where
it is (or moves, appears, leaves), the counts follow, and the selection and the
scroll position stay as the user left them."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from roster_helpers import click_header, click_unit, visible_names
from typing_helpers import type_text

from app.domain.enums import UnitKind
from app.domain.validation import PersonInput, UnitInput
from app.ui.table_models.people_table_model import Column

PEOPLE = 260  # more than the first page (200 rows) and far more than a screen
TRANSFERRED = 10  # 队员250 … 队员259


@pytest.fixture
def crowd(roster, services):
    people = services.people
    grid = people.add_unit(UnitInput("一网格", UnitKind.GRID))
    dept = people.add_unit(UnitInput("综合部", UnitKind.DEPARTMENT))
    ids = {}
    for i in range(PEOPLE):
        name = f"队员{i:03d}"
        ids[name] = people.add_person(
            PersonInput(name=name, employee_no=f"D{i:04d}", unit_id=grid if i % 2 else dept)
        )
        if i >= PEOPLE - TRANSFERRED:
            people.set_transferred_out(ids[name], dt.date(2025, 1, 1))
    roster.refresh()
    return {"ids": ids, "grid": grid, "dept": dept}


def table(roster):
    return roster.people_panel.table


def scroll_down(qtbot, roster, rows: int) -> int:
    """Drag the scroll bar down ``rows`` rows, as the user does; the bar's value."""
    bar = table(roster).verticalScrollBar()
    bar.setValue(rows)
    qtbot.wait(10)
    assert bar.value() == rows
    return rows


def click_visible_row(qtbot, roster, name: str, *, double: bool = False) -> None:
    view = table(roster)
    model = view.model()
    [row] = [r for r in range(model.rowCount()) if model.index(r, Column.NAME).data() == name]
    rect = view.visualRect(model.index(row, Column.PHONE))
    assert view.viewport().rect().contains(rect.center()), f"{name} is not on screen"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def cell(roster, name: str, column: Column) -> str:
    model = table(roster).model()
    for r in range(model.rowCount()):
        if model.index(r, Column.NAME).data() == name:
            return model.index(r, column).data()
    raise AssertionError(f"{name} is not in the list")


def open_form(qtbot, roster):
    form = roster.current_form
    assert form is not None and form.isVisible()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def retype(qtbot, field, text: str) -> None:
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    type_text(qtbot, field, text)


def tree_count(roster, unit: str) -> str:
    tree = roster.units_panel.unit_tree
    [item] = tree.findItems(unit, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 0)
    return item.text(1)


@pytest.fixture
def reads(services, monkeypatch):
    """Every read of a page of the list, counted."""
    calls = []
    people = services.people
    original = people.list_roster

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(people, "list_roster", counted)
    return calls


ACTIVE = PEOPLE - TRANSFERRED


def test_editing_a_person_far_down_keeps_the_row_selected_and_the_scroll(
    qtbot, roster, window, crowd, reads
):
    assert roster.people_panel.count_label.text() == f"共 {ACTIVE} 人"
    top = scroll_down(qtbot, roster, 150)
    click_visible_row(qtbot, roster, "队员157", double=True)
    form = open_form(qtbot, roster)
    assert form.name.text() == "队员157"
    retype(qtbot, form.phone, "13912345678")
    reads.clear()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert roster.current_form is None
    assert cell(roster, "队员157", Column.PHONE) == "13912345678"
    assert roster.people_panel.selected_person().name == "队员157"
    assert table(roster).verticalScrollBar().value() == top
    assert roster.people_panel.count_label.text() == f"共 {ACTIVE} 人"
    assert window.counts_label.text().startswith(f"人员 {PEOPLE} 人（在册 {ACTIVE} 人）")
    assert reads == []  # the list was not read again
    assert table(roster).model().rowCount() >= 200  # the rows paged in stay


def test_moving_a_person_to_another_unit_counts_both_units_again(qtbot, roster, crowd):
    assert (tree_count(roster, "一网格"), tree_count(roster, "综合部")) == ("125", "125")
    scroll_down(qtbot, roster, 120)
    click_visible_row(qtbot, roster, "队员124", double=True)  # of 综合部
    form = open_form(qtbot, roster)
    form.unit.set_unit_id(crowd["grid"])
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert cell(roster, "队员124", Column.UNIT) == "一网格"
    assert (tree_count(roster, "一网格"), tree_count(roster, "综合部")) == ("126", "124")
    assert tree_count(roster, "全部人员") == str(ACTIVE)
    assert roster.people_panel.selected_person().name == "队员124"


def test_a_renamed_person_moves_to_the_new_place_and_stays_selected(qtbot, roster, crowd):
    scroll_down(qtbot, roster, 100)
    click_visible_row(qtbot, roster, "队员110", double=True)
    form = open_form(qtbot, roster)
    retype(qtbot, form.name, "队员005甲")  # dui yuan 005 jia: right after 队员005
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    names = visible_names(roster)
    assert names[5:8] == ["队员005", "队员005甲", "队员006"]
    assert "队员110" not in names and len(names) == ACTIVE
    assert roster.people_panel.selected_person().name == "队员005甲"
    assert roster.people_panel.count_label.text() == f"共 {ACTIVE} 人"


def test_transfer_out_takes_the_row_away_and_the_counts_follow(
    qtbot, roster, window, prompts, crowd, reads
):
    top = scroll_down(qtbot, roster, 150)
    click_visible_row(qtbot, roster, "队员160")
    prompts.date_answers.append(dt.date(2025, 10, 31))
    reads.clear()
    qtbot.mouseClick(roster.people_panel.transfer_button, Qt.MouseButton.LeftButton)

    assert "队员160" not in visible_names(roster)
    assert table(roster).verticalScrollBar().value() == top
    assert roster.people_panel.count_label.text() == f"共 {ACTIVE - 1} 人"
    assert tree_count(roster, "综合部") == "124"
    assert tree_count(roster, "全部人员") == str(ACTIVE - 1)
    assert window.counts_label.text().startswith(f"人员 {PEOPLE} 人（在册 {ACTIVE - 1} 人）")
    assert reads == [] or all(args[-1] is not None for args in reads)  # only the next page


def test_a_new_person_appears_in_place_selected_and_counted(qtbot, roster, window, crowd):
    click_unit(qtbot, roster, "一网格")
    assert roster.people_panel.count_label.text() == "共 125 人"
    qtbot.mouseClick(roster.people_panel.add_button, Qt.MouseButton.LeftButton)
    form = open_form(qtbot, roster)
    type_text(qtbot, form.name, "队员003乙")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    names = visible_names(roster)
    assert names[:3] == ["队员001", "队员003", "队员003乙"]  # 一网格 holds the odd ones
    assert roster.people_panel.selected_person().name == "队员003乙"
    assert roster.people_panel.count_label.text() == "共 126 人"
    assert tree_count(roster, "一网格") == "126"
    assert window.counts_label.text().startswith(f"人员 {PEOPLE + 1} 人（在册 {ACTIVE + 1} 人）")


def test_a_new_person_far_below_the_rows_held_is_shown_by_name(
    qtbot, roster, window, crowd, monkeypatch
):
    """Far below the rows the list holds (2,000 rows; 10 here), a saved person
    is shown by name in the search box instead of reading every row up to him
    (1.7 s for someone 87,000th at 100,000 people)."""
    monkeypatch.setattr("app.ui.pages.roster.people_panel.FAR_ROWS", 10)
    panel = roster.people_panel
    assert panel.count_label.text() == f"共 {ACTIVE} 人" and table(roster).model().rowCount() == 200
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    form = open_form(qtbot, roster)
    type_text(qtbot, form.name, "队员999")  # sorts after every 队员 of the list: row 250
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert panel.search.text() == "队员999"
    assert visible_names(roster) == ["队员999"]
    assert panel.selected_person().name == "队员999"
    assert panel.count_label.text() == "共 1 人"
    assert window.counts_label.text().startswith(f"人员 {PEOPLE + 1} 人（在册 {ACTIVE + 1} 人）")
    # clearing the search shows everyone again, the new person among them
    panel.search.clear()
    assert panel.count_label.text() == f"共 {ACTIVE + 1} 人"


def test_sorting_leaves_a_selected_person_now_far_down_unselected(
    qtbot, roster, crowd, monkeypatch
):
    """Sorted so that the selected person stands far below the rows the list
    holds, the list starts at the top unselected rather than reading its way
    down (seconds at 100,000 people); one still near stays selected."""
    monkeypatch.setattr("app.ui.pages.roster.people_panel.FAR_ROWS", 10)
    panel = roster.people_panel
    scroll_down(qtbot, roster, 115)
    click_visible_row(qtbot, roster, "队员120")
    click_header(qtbot, roster, Column.NAME)  # 姓名 descending: 队员120 is row 129 of 200 held
    assert visible_names(roster)[0] == "队员249"
    assert panel.selected_person().name == "队员120"
    table(roster).verticalScrollBar().setValue(0)
    click_visible_row(qtbot, roster, "队员240")  # row 9
    click_header(qtbot, roster, Column.NAME)  # ascending again: 队员240 is row 240, past 200
    assert visible_names(roster)[0] == "队员000"
    assert panel.selected_person() is None and not table(roster).selectedIndexes()


def test_deleting_takes_the_row_away_and_the_counts_follow(qtbot, roster, window, prompts, crowd):
    top = scroll_down(qtbot, roster, 150)
    click_visible_row(qtbot, roster, "队员158")
    prompts.confirm_answers.append(True)
    qtbot.mouseClick(roster.people_panel.delete_button, Qt.MouseButton.LeftButton)

    assert "队员158" not in visible_names(roster)
    assert table(roster).verticalScrollBar().value() == top
    assert roster.people_panel.count_label.text() == f"共 {ACTIVE - 1} 人"
    assert tree_count(roster, "综合部") == "124"
    assert window.counts_label.text().startswith(f"人员 {PEOPLE - 1} 人（在册 {ACTIVE - 1} 人）")
