"""The pieces the tabs of 结对帮扶 are built of: a tab's layout, its buttons
over a table with the count beside them, the table, a compact combo."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout

from app.ui.view_state import remember_table
from app.ui.widgets.record_table import add_row_shortcuts, record_table


def new_tab(tab) -> QVBoxLayout:
    box = QVBoxLayout(tab)
    box.setContentsMargins(10, 12, 10, 10)
    box.setSpacing(8)
    return box


def button(text: str, slot, object_name: str = "") -> QPushButton:
    widget = QPushButton(text)
    if object_name:
        widget.setObjectName(object_name)
    widget.clicked.connect(slot)
    return widget


def record_buttons(
    tab, add_text: str, add, edit, delete
) -> tuple[QPushButton, QPushButton, QPushButton]:
    """The add / 编辑 / 删除 buttons over a table."""
    return (
        button(add_text, add, "primaryButton"),
        button(tab.tr("编辑"), edit),
        button(tab.tr("删除"), delete, "dangerButton"),
    )


def count_label() -> QLabel:
    label = QLabel()
    label.setObjectName("countLabel")
    return label


def actions_row(buttons: Iterable[QPushButton], count: QLabel | None = None) -> QHBoxLayout:
    """Buttons on the left; the count, if any, on the right."""
    actions = QHBoxLayout()
    actions.setSpacing(8)
    for widget in buttons:
        actions.addWidget(widget)
    actions.addStretch(1)
    if count is not None:
        actions.addWidget(count)
    return actions


def add_table(
    box: QVBoxLayout, name: str, model, config_dir: Path, activate, on_selection, *, delete=None
) -> QTableView:
    """A table of ``model`` in ``box``: double-click (and Enter, when the rows
    can be deleted with Delete) runs ``activate``; ``on_selection`` runs when
    the selection or the rows change. Its columns fit their content and keep
    the widths the user gives them (remembered in ``config_dir``)."""
    table = record_table(name)
    table.setModel(model)
    remember_table(table, config_dir, capped=model.capped_columns())
    table.doubleClicked.connect(lambda _index: activate())
    table.selectionModel().selectionChanged.connect(on_selection)
    model.modelReset.connect(on_selection)
    # a save updates the selected row in place: what its buttons say may change
    model.dataChanged.connect(on_selection)
    model.rowsRemoved.connect(on_selection)
    if delete is not None:
        add_row_shortcuts(table, activate, delete)
    box.addWidget(table, 1)
    return table


def compact(combo: QComboBox, characters: int, popup_width: int) -> None:
    """A combo as wide as ``characters`` when space is short; its list shows
    long names in full."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    combo.view().setMinimumWidth(popup_width)
