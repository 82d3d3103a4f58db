"""A registered area's page appears in the navigation, after the others, and is
shown when its item is clicked; the window names no area."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.areas import AREAS
from app.services.registry import Services
from app.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
import toy_area  # noqa: E402


@pytest.fixture
def toy_window(app, qtbot, db, app_paths, prompts):
    services = Services.build(db, app_paths, (*AREAS, toy_area.AREA))
    services.toy.notes.append("周五交党费")
    window = MainWindow(services, prompts)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def nav_titles(window) -> list[str]:
    nav = window.navigation
    return [nav.item(i).text() for i in range(nav.count())]


def test_the_navigation_lists_the_areas_in_order(window):
    assert nav_titles(window)[:2] == ["人员名册", "结对帮扶"]
    assert nav_titles(window) == [area.title for area in AREAS if area.page]


def test_a_registered_areas_page_is_listed_and_shown_when_clicked(toy_window, qtbot):
    assert nav_titles(toy_window) == [a.title for a in AREAS if a.page] + ["备忘"]
    nav = toy_window.navigation
    item = nav.item(nav.count() - 1)
    qtbot.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center()
    )
    page = toy_window.pages.currentWidget()
    assert page is toy_window.page("toy")
    assert page.label.text() == "备忘 1 条"


def test_replacing_the_database_announces_every_registered_areas_changes(toy_window):
    page = toy_window.page("toy")
    toy_window.replace_services(toy_window.services)  # what a restore does
    assert {"people", "units", "pairings", "toy-notes"} <= page.refreshed_for[-1]
