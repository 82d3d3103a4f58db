"""Adding, editing and deleting units through the tree and the unit form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from roster_helpers import click_unit, column_texts, visible_names
from sample_roster import seed
from typing_helpers import type_text

from app.domain.enums import UnitKind
from app.domain.validation import UnitInput
from app.ui.table_models.people_table_model import Column


def tree_texts(roster) -> list[str]:
    found = []

    def walk(item):
        found.append(item.text(0))
        for i in range(item.childCount()):
            walk(item.child(i))

    for i in range(roster.units_panel.unit_tree.topLevelItemCount()):
        walk(roster.units_panel.unit_tree.topLevelItem(i))
    return found


def test_add_unit_under_the_selected_unit(qtbot, roster, services):
    north = services.people.add_unit(UnitInput("北区分公司", UnitKind.BRANCH_COMPANY))
    roster.refresh()
    click_unit(qtbot, roster, "北区分公司")
    qtbot.mouseClick(roster.units_panel.add_unit_button, Qt.MouseButton.LeftButton)
    form = roster.current_form
    assert form.parent_unit.unit_id() == north  # the selected unit is the default parent
    type_text(qtbot, form.name, "滨江分公司")
    form.kind.set_member(UnitKind.TOWN_COMPANY)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert roster.current_form is None
    [unit] = [u for u in services.people.list_units() if u.name == "滨江分公司"]
    assert unit.parent_id == north and unit.kind is UnitKind.TOWN_COMPANY
    assert tree_texts(roster) == ["全部人员", "本支部单位", "北区分公司", "滨江分公司", "共建单位"]
    assert roster.units_panel.selected_unit().name == "滨江分公司"


def test_unit_name_required_and_unique_inline(qtbot, roster, services):
    services.people.add_unit(UnitInput("综合部", UnitKind.DEPARTMENT))
    roster.refresh()
    qtbot.mouseClick(roster.units_panel.add_unit_button, Qt.MouseButton.LeftButton)
    form = roster.current_form
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.error_text("name") == "请填写单位名称"
    type_text(qtbot, form.name, "综合部")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.error_text("name") == "已有名为「综合部」的单位"
    assert len(services.people.list_units()) == 1


def test_co_building_units_stay_apart(qtbot, roster, services):
    services.people.add_unit(UnitInput("北区分公司", UnitKind.BRANCH_COMPANY))
    roster.refresh()
    click_unit(qtbot, roster, "北区分公司")
    qtbot.mouseClick(roster.units_panel.add_unit_button, Qt.MouseButton.LeftButton)
    form = roster.current_form
    type_text(qtbot, form.name, "信安部(共建)")
    form.kind.set_member(UnitKind.CO_BUILDING)
    assert form.error_text("parent_id") == "共建单位不能放在本支部的单位之下"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert len(services.people.list_units()) == 1
    form.parent_unit.set_unit_id(None)
    assert form.error_text("parent_id") == ""
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    co = roster.units_panel.unit_tree.topLevelItem(2)
    assert co.text(0) == "共建单位" and co.child(0).text(0) == "信安部(共建)"


def test_edit_unit_renames_it_in_the_table(qtbot, roster, services):
    seed(services)
    roster.refresh()
    click_unit(qtbot, roster, "综合部")
    qtbot.mouseClick(roster.units_panel.edit_unit_button, Qt.MouseButton.LeftButton)
    form = roster.current_form
    assert form.name.text() == "综合部"
    # a unit cannot be moved under itself
    assert form.parent_unit.findText("综合部") == -1
    form.name.clear()
    type_text(qtbot, form.name, "综合办公室")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "综合办公室" in tree_texts(roster)
    assert set(visible_names(roster)) == {"李明", "王芳"}  # the filter follows the unit
    assert set(column_texts(roster, Column.UNIT)) == {"综合办公室"}


def test_delete_empty_unit_after_asking(qtbot, roster, services, prompts):
    services.people.add_unit(UnitInput("临时专班", UnitKind.DEPARTMENT))
    roster.refresh()
    click_unit(qtbot, roster, "临时专班")
    prompts.confirm_answers.append(True)
    qtbot.mouseClick(roster.units_panel.delete_unit_button, Qt.MouseButton.LeftButton)
    assert "临时专班" in prompts.texts("confirm")[0]
    assert services.people.list_units() == []
    assert "临时专班" not in tree_texts(roster)
    assert roster.units_panel.unit_tree.currentItem().text(0) == "全部人员"


def test_unit_buttons_need_a_unit(qtbot, roster):
    click_unit(qtbot, roster, "全部人员")
    assert roster.units_panel.add_unit_button.isEnabled()
    assert not roster.units_panel.edit_unit_button.isEnabled()
    assert not roster.units_panel.delete_unit_button.isEnabled()


def test_set_services_shows_another_database_and_saves_into_it(
    qtbot, roster, services, app_paths, tmp_path
):
    from app.bootstrap import open_services

    seed(services)
    roster.refresh()
    click_unit(qtbot, roster, "滨江分公司")
    other = open_services(str(tmp_path / "other.sqlite3"), app_paths, auto_backup=False)
    try:
        other.people.add_unit(UnitInput("东区分公司", UnitKind.BRANCH_COMPANY))
        roster.set_services(other)
        assert tree_texts(roster) == ["全部人员", "本支部单位", "东区分公司", "共建单位"]
        assert visible_names(roster) == []
        assert roster.summary == "人员 0 人（在册 0 人）　单位 1 个"

        # the unit form offers the other database's units and saves into it
        click_unit(qtbot, roster, "东区分公司")
        qtbot.mouseClick(roster.units_panel.add_unit_button, Qt.MouseButton.LeftButton)
        form = roster.current_form
        type_text(qtbot, form.name, "滨江分公司")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert roster.current_form is None
        assert [u.name for u in other.people.list_units()] == ["东区分公司", "滨江分公司"]
        assert "东区分公司" not in [u.name for u in services.people.list_units()]
    finally:
        other.db.close()
