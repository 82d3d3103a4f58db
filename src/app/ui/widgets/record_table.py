"""The read-only record tables of the pages (roster, ledger, pairings,
problems): one row per record, single selection, fixed row height, and the
record under ``RECORD_ROLE``; columns as wide as their content needs
(measured on a sample of rows: ResizeToContents over 10,000 rows takes
seconds)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QFontMetricsF, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyleOptionViewItem,
    QTableView,
)

from app.ui.table_models.base import RECORD_ROLE

SAMPLE_ROWS = 60  # rows measured when the rows change (the first ones shown)
CAP_CHARACTERS = 10  # a long-text column is this wide (in 中), wider when there is room
MAX_CHARACTERS = 40  # no column grows wider than this many characters


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


class ColumnNeeds:
    """How wide each column of ``table`` needs to be: for its header and the
    widest text of the rows measured so far (it only grows, so columns do not
    jump as a filter changes), and the narrower width a ``capped`` long-text
    column makes do with when space is short (its tooltip shows the text)."""

    def __init__(self, table: QTableView, capped: Iterable[int] = ()) -> None:
        self.table = table
        self.capped = frozenset(int(column) for column in capped)
        self.full: dict[int, int] = {}

    def measure(self, sample: int = SAMPLE_ROWS) -> None:
        table = self.table
        model = table.model()
        header = table.horizontalHeader()
        metrics = QFontMetricsF(table.font())
        limit = MAX_CHARACTERS * metrics.horizontalAdvance("中")
        rows = min(model.rowCount(), sample)
        option = QStyleOptionViewItem()
        table.initViewItemOption(option)
        grid = 1 if table.showGrid() else 0
        # A model may hand its display texts directly (display_text(row, column),
        # the DisplayRole's text): a filter keystroke measures 60 rows x 11
        # columns, 25 ms through QModelIndex.data, a few ms this way.
        text_of = getattr(model, "display_text", None)
        for column in range(model.columnCount()):
            widest, widest_row = 0.0, None
            for row in range(rows):
                text = text_of(row, column) if text_of else model.index(row, column).data()
                if text:
                    width = metrics.horizontalAdvance(str(text))
                    if width > widest:
                        widest, widest_row = width, row
            widest_index = model.index(widest_row, column) if widest_row is not None else None
            need = header.sectionSizeHint(column)
            if widest_index is not None:
                # the widest text as the cell draws it: the style's margins and padding too
                delegate = table.itemDelegateForIndex(widest_index)
                cell = delegate.sizeHint(option, widest_index).width() + grid
                need = max(need, cell - max(0, math.ceil(widest - limit)))
            self.full[column] = max(self.full.get(column, 0), need)

    def base(self, column: int) -> int:
        """The width the column gets when space is short."""
        full = self.full.get(column, 0)
        if column not in self.capped:
            return full
        cap = CAP_CHARACTERS * self.table.fontMetrics().horizontalAdvance("中")
        header = self.table.horizontalHeader().sectionSizeHint(column)
        return min(full, max(header, cap))


def lay_out_columns(table: QTableView, needs: ColumnNeeds, fixed: Mapping[int, int]) -> None:
    """Size the columns: ``fixed`` ones (the user's) as given, the others as
    their content needs; spare width widens the capped long-text columns
    towards their full text, and the last column stretches to the edge."""
    header = table.horizontalHeader()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    widths = {c: fixed.get(c) or needs.base(c) for c in shown}
    spare = table.viewport().width() - sum(widths.values())
    wanting = {
        c: needs.full.get(c, 0) - widths[c]
        for c in shown
        if c in needs.capped and c not in fixed and needs.full.get(c, 0) > widths[c]
    }
    # an equal share each, the columns needing less first: as many shown in full as fit
    for done, (column, want) in enumerate(sorted(wanting.items(), key=lambda item: item[1])):
        if spare <= 0:
            break
        give = min(want, spare // (len(wanting) - done))
        widths[column] += give
        spare -= give
    for column, width in widths.items():
        if width > 0 and header.sectionSize(column) != width:
            header.resizeSection(column, width)


def set_widths(table: QTableView, widths: Mapping[int, int]) -> None:
    """Fixed starting widths, for the small tables of a dialog (the pages' tables
    fit their content and remember the user's widths: ui/view_state.py)."""
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
