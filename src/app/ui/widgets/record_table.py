"""The read-only record tables of the pages (roster, ledger, pairings,
problems): one row per record, single selection, fixed row height, and the
record under ``RECORD_ROLE``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.ui.table_models.base import RECORD_ROLE


def record_table(name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setCornerButtonEnabled(False)
    vertical = table.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(30)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


def set_widths(table: QTableView, widths: Mapping[int, int]) -> None:
    header = table.horizontalHeader()
    for column, width in widths.items():
        header.resizeSection(int(column), width)


def add_row_shortcuts(
    table: QTableView, edit: Callable[[], Any], delete: Callable[[], Any]
) -> None:
    """Enter edits the selected record, Delete deletes it (while the table has focus)."""
    for keys, slot in (
        (QKeySequence(Qt.Key.Key_Return), edit),
        (QKeySequence(Qt.Key.Key_Enter), edit),
        (QKeySequence(QKeySequence.StandardKey.Delete), delete),
    ):
        shortcut = QShortcut(keys, table)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(slot)


def selected_record(table: QTableView) -> Any | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].data(RECORD_ROLE) if rows else None


def select_row(table: QTableView, row: int | None) -> bool:
    """Select and show ``row``; None clears the selection (and gives False)."""
    if row is None:
        table.clearSelection()
        return False
    index = table.model().index(row, 0)
    table.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    table.scrollTo(index)
    return True
