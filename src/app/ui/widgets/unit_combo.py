"""A combo box of units, indented as in the unit tree."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.services.people import UnitRow
from app.ui.widgets.unit_choices import tree_order

DEPTH_ROLE = Qt.ItemDataRole.UserRole + 10
INDENT_PX = 18


class _IndentDelegate(QStyledItemDelegate):
    """Indents the popup's rows by depth; the closed combo shows the plain name."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        depth = index.data(DEPTH_ROLE) or 0
        shifted = QStyleOptionViewItem(option)
        shifted.rect.adjust(depth * INDENT_PX, 0, 0, 0)
        super().paint(painter, shifted, index)


class UnitCombo(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxVisibleItems(20)
        self._delegate = _IndentDelegate(self)
        self.setItemDelegate(self._delegate)

    def set_units(
        self,
        units: Sequence[UnitRow],
        none_label: str,
        exclude: Collection[int] = (),
    ) -> None:
        self.clear()
        self.addItem(none_label, None)
        for unit, depth in tree_order(units):
            if unit.id in exclude:
                continue
            self.addItem(unit.name, unit.id)
            self.setItemData(self.count() - 1, depth, DEPTH_ROLE)
            self.setItemData(
                self.count() - 1, f"{unit.name}（{unit.kind.label}）", Qt.ItemDataRole.ToolTipRole
            )

    def unit_id(self) -> int | None:
        return self.currentData()

    def set_unit_id(self, unit_id: int | None) -> None:
        index = self.findData(unit_id) if unit_id is not None else 0
        self.setCurrentIndex(max(0, index))
