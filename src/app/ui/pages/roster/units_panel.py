"""The unit tree of 人员名册: 全部人员, 本支部单位 and 共建单位 with the units
below them, how many people each holds, and the unit actions."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import UnitKind
from app.services.people import UnitRow
from app.services.roster_filter import unit_and_descendants
from app.ui.forms.unit_form import UnitForm
from app.ui.operations import PEOPLE, UNITS, Failed
from app.ui.pages.context import PageContext
from app.ui.widgets.unit_choices import tree_order

# what a tree item stands for
ALL_PEOPLE = "all"
OWN_UNITS = "own"
CO_UNITS = "co"
ITEM_ROLE = Qt.ItemDataRole.UserRole


class UnitsPanel(QWidget):
    # another unit (or 全部人员, 本支部单位, 共建单位) was chosen
    selection_changed = Signal()
    # the unit to edit is gone: everything shown is to be read anew
    refresh_requested = Signal()

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitPanel")
        self.context = context
        self._selection_key: tuple = (ALL_PEOPLE,)
        self._tree_items: dict[tuple, QTreeWidgetItem] = {}
        self._direct_counts: dict[int | None, int] = {}  # people per unit, below not included

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 8, 0)
        box.setSpacing(6)
        header = QHBoxLayout()
        caption = QLabel(self.tr("单位"))
        caption.setObjectName("sectionTitle")
        header.addWidget(caption)
        header.addStretch(1)
        self.add_unit_button = self._tool_button(
            self.tr("新增"), self.tr("新增单位"), self.add_unit
        )
        self.edit_unit_button = self._tool_button(
            self.tr("编辑"), self.tr("编辑所选单位"), self.edit_unit
        )
        self.delete_unit_button = self._tool_button(
            self.tr("删除"), self.tr("删除所选单位"), self.delete_unit
        )
        for button in (self.add_unit_button, self.edit_unit_button, self.delete_unit_button):
            header.addWidget(button)
        box.addLayout(header)

        self.unit_tree = QTreeWidget()
        self.unit_tree.setObjectName("unitTree")
        self.unit_tree.setColumnCount(2)
        self.unit_tree.setHeaderHidden(True)
        self.unit_tree.setUniformRowHeights(True)
        self.unit_tree.setMinimumWidth(220)
        tree_header = self.unit_tree.header()
        tree_header.setStretchLastSection(False)
        tree_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tree_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        tree_header.resizeSection(1, 48)
        self.unit_tree.currentItemChanged.connect(self._unit_selected)
        self.unit_tree.itemDoubleClicked.connect(self._unit_double_clicked)
        self.unit_tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.unit_tree.customContextMenuRequested.connect(self._unit_menu)
        box.addWidget(self.unit_tree, 1)

    def _tool_button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(False)
        button.clicked.connect(slot)
        return button

    # ----- the tree -------------------------------------------------------------

    def show_units(self) -> None:
        """Rebuild the tree from the context's units, keeping the chosen item
        (全部人员 when its unit is gone)."""
        tree = self.unit_tree
        tree.blockSignals(True)
        tree.clear()
        self._tree_items = {}
        self._all_item = self._tree_item(None, self.tr("全部人员"), (ALL_PEOPLE,))
        own = self._tree_item(None, self.tr("本支部单位"), (OWN_UNITS,))
        co = self._tree_item(None, self.tr("共建单位"), (CO_UNITS,))
        for item in (self._all_item, own, co):
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
        units = self.context.units
        for unit, _depth in tree_order(units):
            if unit.parent_id is not None and ("unit", unit.parent_id) in self._tree_items:
                parent = self._tree_items[("unit", unit.parent_id)]
            else:
                parent = co if unit.kind == UnitKind.CO_BUILDING else own
            item = self._tree_item(parent, unit.name, ("unit", unit.id))
            item.setToolTip(0, f"{unit.name}（{unit.kind.label}）")
        if len(units) <= 300:  # a branch's tree fits: show it whole
            tree.expandAll()
        else:
            tree.expandToDepth(1)
        current = self._tree_items.get(self._selection_key) or self._all_item
        self._selection_key = current.data(0, ITEM_ROLE)
        tree.setCurrentItem(current)
        tree.blockSignals(False)
        self._update_unit_buttons()

    def _tree_item(self, parent: QTreeWidgetItem | None, text: str, key: tuple) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent if parent is not None else self.unit_tree, [text, ""])
        item.setData(0, ITEM_ROLE, key)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._tree_items[key] = item
        return item

    def show_counts(self, direct: Mapping[int | None, int]) -> None:
        """Beside each unit, how many people it and the units below it hold,
        from how many each unit holds itself (the key None: people of no unit,
        counted towards 全部人员 only)."""
        self._direct_counts = dict(direct)
        self._fill_counts()

    def direct_counts(self) -> dict[int | None, int]:
        """How many people each unit holds itself, as the tree counts them now."""
        return dict(self._direct_counts)

    def update_counts(self, direct: Mapping[int | None, int]) -> None:
        """New counts for some units (after a save); the others stay. Only
        those units and the items above them change."""
        for unit, count in direct.items():
            delta = count - self._direct_counts.get(unit, 0)
            self._direct_counts[unit] = count
            if not delta:
                continue
            item = self._tree_items.get(("unit", unit)) if unit is not None else None
            while item is not None:
                item.setText(1, str(int(item.text(1) or 0) + delta))
                item = item.parent()
            self._all_item.setText(1, str(int(self._all_item.text(1) or 0) + delta))

    def _fill_counts(self) -> None:
        direct = self._direct_counts

        def fill(item: QTreeWidgetItem) -> int:
            key = item.data(0, ITEM_ROLE)
            total = direct.get(key[1], 0) if key[0] == "unit" else 0
            for i in range(item.childCount()):
                total += fill(item.child(i))
            text = str(total)
            if item.text(1) != text:
                item.setText(1, text)
            return total

        for i in range(self.unit_tree.topLevelItemCount()):
            fill(self.unit_tree.topLevelItem(i))
        self._all_item.setText(1, str(sum(direct.values())))

    # ----- selection ------------------------------------------------------------

    def _unit_selected(self, current: QTreeWidgetItem | None, _previous=None) -> None:
        if current is None:
            return
        self._selection_key = current.data(0, ITEM_ROLE)
        self._update_unit_buttons()
        self.selection_changed.emit()

    def selected_unit_ids(self) -> frozenset[int] | None:
        """The units whose people are shown; None: everyone."""
        key, units = self._selection_key, self.context.units
        if key[0] == "unit":
            return unit_and_descendants(units, key[1])
        if key[0] == OWN_UNITS:
            return frozenset(u.id for u in units if u.kind != UnitKind.CO_BUILDING)
        if key[0] == CO_UNITS:
            return frozenset(u.id for u in units if u.kind == UnitKind.CO_BUILDING)
        return None

    def select_unit(self, unit_id: int | None) -> None:
        """Select a unit in the tree (None: 全部人员)."""
        key = ("unit", unit_id) if unit_id is not None else (ALL_PEOPLE,)
        self.unit_tree.setCurrentItem(self._tree_items[key])

    def selected_unit(self) -> UnitRow | None:
        key = self._selection_key
        if key[0] != "unit":
            return None
        return next((u for u in self.context.units if u.id == key[1]), None)

    def _update_unit_buttons(self) -> None:
        has = self.selected_unit() is not None
        self.edit_unit_button.setEnabled(has)
        self.delete_unit_button.setEnabled(has)

    # ----- unit actions ---------------------------------------------------------

    def add_unit(self) -> UnitForm:
        context = self.context
        form = UnitForm(context.units, self, title=self.tr("新增单位"))
        selected = self.selected_unit()
        if selected is not None:
            form.parent_unit.set_unit_id(selected.id)
        elif self._selection_key[0] == CO_UNITS:
            form.kind.set_member(UnitKind.CO_BUILDING)

        def save(values):
            unit_id = context.forms.run_save(
                form,
                lambda: context.services.people.add_unit(values),
                changes={UNITS},
            )
            self.select_unit(unit_id)
            return unit_id

        context.forms.open(form, save)
        return form

    def edit_unit(self) -> UnitForm | None:
        context = self.context
        unit = self.selected_unit()
        if unit is None:
            return None
        form = UnitForm(
            context.units,
            self,
            title=self.tr("编辑单位：{name}").format(name=unit.name),
            unit_id=unit.id,
        )
        try:
            form.load(
                context.operations.run(self, lambda: context.services.people.get_unit(unit.id))
            )
        except Failed:
            form.deleteLater()
            self.refresh_requested.emit()
            return None

        def save(values):
            context.forms.run_save(
                form,
                lambda: context.services.people.update_unit(unit.id, values),
                changes={UNITS, PEOPLE},
            )

        context.forms.open(form, save)
        return form

    def delete_unit(self) -> None:
        unit = self.selected_unit()
        if unit is None:
            return
        people = self.context.services.people
        question = self.tr("确定删除单位「{name}」吗？").format(name=unit.name)
        # on success the refresh finds the unit gone and selects 全部人员
        self.context.operations.delete(
            self,
            self.tr("删除单位"),
            question,
            lambda: people.delete_unit(unit.id),
            changes={UNITS},
            what=self.tr("单位「{name}」").format(name=unit.name),
            dependents=lambda: people.what_depends_on_unit(unit.id),
            advice=self.tr("请先把这些记录改到别的单位，再删除。"),
        )

    # ----- mouse ----------------------------------------------------------------

    def _unit_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, ITEM_ROLE)[0] == "unit":
            self.edit_unit()

    def _unit_menu(self, point: QPoint) -> None:
        item = self.unit_tree.itemAt(point)
        if item is not None:
            self.unit_tree.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(self.tr("新增单位…"), self.add_unit)
        if self.selected_unit() is not None:
            menu.addAction(self.tr("编辑单位…"), self.edit_unit)
            menu.addAction(self.tr("删除单位"), self.delete_unit)
        menu.exec(self.unit_tree.viewport().mapToGlobal(point))
