"""The unit tree of 人员名册 when a party committee keeps hundreds of units:
the towns show collapsed with their counts, opening one shows its grids with
theirs, clicking a grid shows its people, and a refresh keeps the grid chosen
and in sight."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from roster_helpers import click_unit, visible_names
from sqlalchemy import insert
from typing_helpers import type_text

from app.domain.enums import UnitKind
from app.domain.models import Unit
from app.domain.validation import PersonInput
from app.ui.pages.roster.units_panel import WHOLE_TREE_UNITS

TOWNS = 40
GRIDS = 8  # per town: with the towns and the company, more units than a tree shown whole


def town(i: int) -> str:
    return f"第{i:02d}街镇分公司"


def grid(i: int, g: int) -> str:
    return f"第{i:02d}街镇{g}网格"


@pytest.fixture
def committee(roster, services):
    """A company with 40 towns of 8 grids each (written at once, as an import
    would), people in two grids of 第07街镇 and one of 第08街镇."""
    rows = [{"id": 1, "name": "北区分公司", "kind": UnitKind.BRANCH_COMPANY, "parent_id": None}]
    for i in range(TOWNS):
        town_id = len(rows) + 1
        rows.append({"id": town_id, "name": town(i), "kind": UnitKind.TOWN_COMPANY, "parent_id": 1})
        rows += [
            {"id": town_id + g, "name": grid(i, g), "kind": UnitKind.GRID, "parent_id": town_id}
            for g in range(1, GRIDS + 1)
        ]
    assert len(rows) > WHOLE_TREE_UNITS
    with services.db.engine.begin() as conn:
        conn.execute(insert(Unit), [{**row, "note": ""} for row in rows])
    ids = {row["name"]: row["id"] for row in rows}
    people = services.people
    for name, unit in [
        ("张伟", grid(7, 1)),
        ("李娜", grid(7, 1)),
        ("王强", grid(7, 2)),
        ("赵敏", town(7)),
        ("刘洋", grid(8, 3)),
    ]:
        people.add_person(PersonInput(name=name, unit_id=ids[unit]))
    roster.refresh()
    return ids


def item(roster, text: str):
    tree = roster.units_panel.unit_tree
    found = tree.findItems(text, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 0)
    return found[0] if found else None


def open_with_keyboard(qtbot, roster, text: str) -> None:
    """Click a unit and press → to open it, as a user does."""
    click_unit(qtbot, roster, text)
    qtbot.keyClick(roster.units_panel.unit_tree, Qt.Key.Key_Right)


def test_towns_show_collapsed_with_their_counts(roster, committee):
    company = item(roster, "北区分公司")
    assert company.isExpanded() and company.text(1) == "5"
    town7 = item(roster, town(7))
    assert town7.text(1) == "4"  # 赵敏 and the three in its grids
    assert not town7.isExpanded()
    # the arrow says there is more below, though the grids are not shown yet
    assert town7.childIndicatorPolicy() == town7.ChildIndicatorPolicy.ShowIndicator
    assert item(roster, town(8)).text(1) == "1"
    assert item(roster, town(9)).text(1) == "0"
    assert item(roster, "全部人员").text(1) == "5"
    assert not roster.units_panel.unit_tree.visualItemRect(town7).isEmpty()


def test_opening_a_town_shows_its_grids_and_a_grid_filters_the_list(qtbot, roster, committee):
    open_with_keyboard(qtbot, roster, town(7))
    assert set(visible_names(roster)) == {"张伟", "李娜", "王强", "赵敏"}
    town7 = item(roster, town(7))
    assert town7.isExpanded()
    grids = [(town7.child(i).text(0), town7.child(i).text(1)) for i in range(town7.childCount())]
    assert grids == [(grid(7, g), {1: "2", 2: "1"}.get(g, "0")) for g in range(1, GRIDS + 1)]

    click_unit(qtbot, roster, grid(7, 1))
    assert sorted(visible_names(roster)) == sorted(["张伟", "李娜"])
    assert roster.people_panel.count_label.text() == "共 2 人"
    assert roster.units_panel.selected_unit().name == grid(7, 1)


def test_a_refresh_keeps_the_grid_chosen_in_sight_and_the_towns_opened(
    qtbot, roster, services, committee
):
    open_with_keyboard(qtbot, roster, town(8))
    open_with_keyboard(qtbot, roster, town(7))
    click_unit(qtbot, roster, grid(7, 2))
    services.people.add_person(PersonInput(name="陈静", unit_id=committee[grid(7, 2)]))
    roster.refresh()  # as after a change made elsewhere
    tree = roster.units_panel.unit_tree
    assert tree.currentItem().text(0) == grid(7, 2)
    assert not tree.visualItemRect(tree.currentItem()).isEmpty()
    assert sorted(visible_names(roster)) == sorted(["王强", "陈静"])
    assert item(roster, grid(7, 2)).text(1) == "2"
    assert item(roster, town(7)).text(1) == "5"
    assert item(roster, town(8)).isExpanded()  # opened by the user, still open
    assert item(roster, grid(8, 3)).text(1) == "1"


def test_saving_a_person_into_a_grid_not_yet_shown_counts_it(qtbot, roster, services, committee):
    """The count of a town follows a save into one of its grids before it is opened."""
    click_unit(qtbot, roster, "全部人员")
    before = item(roster, town(9)).text(1)
    panel = roster.people_panel
    form = panel.add_person()
    type_text(qtbot, form.name, "孙悦")
    form.unit.set_unit_id(committee[grid(9, 4)])
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert roster.current_form is None
    assert (before, item(roster, town(9)).text(1)) == ("0", "1")
    open_with_keyboard(qtbot, roster, town(9))
    assert item(roster, grid(9, 4)).text(1) == "1"
