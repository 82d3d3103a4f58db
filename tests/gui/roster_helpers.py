"""Reading what the roster page shows, as a user would see it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from app.ui.table_models.people_table_model import Column


def column_texts(roster, column: Column) -> list[str]:
    model = roster.people_panel.table.model()
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    return [model.index(r, column).data() for r in range(model.rowCount())]


def visible_names(roster) -> list[str]:
    return column_texts(roster, Column.NAME)


def click_row_of(qtbot, roster, name: str, *, double: bool = False) -> None:
    names = visible_names(roster)
    row = names.index(name)
    index = roster.people_panel.table.model().index(row, Column.NAME)
    roster.people_panel.table.scrollTo(index)
    rect = roster.people_panel.table.visualRect(index)
    click = qtbot.mouseDClick if double else qtbot.mouseClick
    if double:
        qtbot.mouseClick(
            roster.people_panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
        )
    click(roster.people_panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_header(qtbot, roster, column: Column) -> None:
    header = roster.people_panel.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def click_unit(qtbot, roster, text: str) -> None:
    tree = roster.units_panel.unit_tree
    [item] = tree.findItems(text, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 0)
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
