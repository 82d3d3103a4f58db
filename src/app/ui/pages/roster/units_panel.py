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
# made once: an enum flag made per item cost more than the item itself
COUNT_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# up to this many units the tree is shown whole, every node open
WHOLE_TREE_UNITS = 300


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
        self._tree_items: dict[tuple, QTreeWidgetItem] = {}  # the items made so far
        self._filled: set[tuple] = set()  # the nodes whose children have items
        self._children: dict[tuple, list[UnitRow]] = {}  # the units right below each node
        self._parents: dict[tuple, tuple] = {}  # each unit's node above it, in tree order
        self._direct_counts: dict[int | None, int] = {}  # people per unit, below not included
        self._totals: dict[tuple, int] = {}  # people per node, below included

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
        self.unit_tree.itemExpanded.connect(self._item_expanded)
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
    #
    # A party committee's tree holds thousands of units; an item is only made
    # when the user can see it: the children of a node are made when it is
    # first expanded (a collapsed node with units below shows its arrow all
    # the same). The counts of every node are kept in Python (``_totals``), so
    # an item made later shows its count at once.

    def show_units(self) -> None:
        """Rebuild the tree from the context's units, keeping the chosen item
        (全部人员 when its unit is gone) and the nodes the user opened."""
        tree = self.unit_tree
        opened = [key for key, item in self._tree_items.items() if item.isExpanded()]
        tree.blockSignals(True)
        tree.clear()
        self._tree_items = {}
        self._filled = set()
        units = self.context.units
        own, co = (OWN_UNITS,), (CO_UNITS,)
        children: dict[tuple, list[UnitRow]] = {own: [], co: []}
        parents: dict[tuple, tuple] = {}
        for unit, _depth in tree_order(units):
            key = ("unit", unit.id)
            if unit.parent_id is not None and ("unit", unit.parent_id) in parents:
                parent = ("unit", unit.parent_id)
            else:
                parent = co if unit.kind == UnitKind.CO_BUILDING else own
            parents[key] = parent
            children.setdefault(parent, []).append(unit)
        self._children, self._parents = children, parents
        self._totals = self._count_totals()

        self._all_item = QTreeWidgetItem([self.tr("全部人员"), ""])
        own_item = QTreeWidgetItem([self.tr("本支部单位"), ""])
        co_item = QTreeWidgetItem([self.tr("共建单位"), ""])
        bold = self._all_item.font(0)
        bold.setBold(True)
        for item, key in ((self._all_item, (ALL_PEOPLE,)), (own_item, own), (co_item, co)):
            self._dress(item, key)
            item.setFont(0, bold)
        tree.addTopLevelItems([self._all_item, own_item, co_item])

        if len(units) <= WHOLE_TREE_UNITS:  # a branch's tree fits: show it whole
            for key in list(children):
                self._fill(key)
            tree.expandAll()
        else:  # the two groups and the units right below them
            for key in (own, co, *(("unit", u.id) for u in children[own] + children[co])):
                self._expand(key)
        for key in opened:  # as the user left them
            self._expand(key)
        current = self._item(self._selection_key) or self._all_item
        self._selection_key = current.data(0, ITEM_ROLE)
        self._reveal(current)
        tree.setCurrentItem(current)
        tree.blockSignals(False)
        self._update_unit_buttons()

    def _dress(self, item: QTreeWidgetItem, key: tuple) -> QTreeWidgetItem:
        item.setData(0, ITEM_ROLE, key)
        item.setTextAlignment(1, COUNT_ALIGNMENT)
        self._tree_items[key] = item
        return item

    def _fill(self, key: tuple) -> None:
        """Make the items of the units right below ``key`` (once)."""
        if key in self._filled or key not in self._tree_items:
            return
        self._filled.add(key)
        below = self._children.get(key)
        if not below:
            return
        totals, children = self._totals, self._children
        items = []
        for unit in below:
            unit_key = ("unit", unit.id)
            item = self._dress(QTreeWidgetItem([unit.name, str(totals.get(unit_key, 0))]), unit_key)
            item.setToolTip(0, f"{unit.name}（{unit.kind.label}）")
            if children.get(unit_key):  # its arrow, before its children are made
                item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            items.append(item)
        self._tree_items[key].addChildren(items)

    def _expand(self, key: tuple) -> None:
        item = self._item(key)
        if item is not None:
            self._fill(key)
            item.setExpanded(True)

    def _item(self, key: tuple) -> QTreeWidgetItem | None:
        """The item of ``key``, made (with its siblings) if not yet; None: no such unit."""
        item = self._tree_items.get(key)
        if item is None and key in self._parents and self._item(self._parents[key]) is not None:
            self._fill(self._parents[key])
            item = self._tree_items.get(key)
        return item

    def _reveal(self, item: QTreeWidgetItem) -> None:
        """Open the nodes above ``item`` so that it can be seen."""
        parent = item.parent()
        while parent is not None:
            parent.setExpanded(True)
            parent = parent.parent()

    def _item_expanded(self, item: QTreeWidgetItem) -> None:
        self._fill(item.data(0, ITEM_ROLE))

    def show_counts(self, direct: Mapping[int | None, int]) -> None:
        """Beside each unit, how many people it and the units below it hold,
        from how many each unit holds itself (the key None: people of no unit,
        counted towards 全部人员 only)."""
        self._direct_counts = dict(direct)
        self._totals = self._count_totals()
        for key, item in self._tree_items.items():
            self._show_count(key, item)

    def direct_counts(self) -> dict[int | None, int]:
        """How many people each unit holds itself, as the tree counts them now."""
        return dict(self._direct_counts)

    def update_counts(self, direct: Mapping[int | None, int]) -> None:
        """New counts for some units (after a save); the others stay. Only
        those units and the nodes above them change."""
        totals = self._totals
        for unit, count in direct.items():
            delta = count - self._direct_counts.get(unit, 0)
            self._direct_counts[unit] = count
            if not delta:
                continue
            key: tuple | None = ("unit", unit) if ("unit", unit) in self._parents else None
            for node in (*self._ancestry(key), (ALL_PEOPLE,)):
                totals[node] = totals.get(node, 0) + delta
                item = self._tree_items.get(node)
                if item is not None:
                    self._show_count(node, item)

    def _ancestry(self, key: tuple | None) -> list[tuple]:
        """``key`` and the nodes above it, up to 本支部单位 or 共建单位."""
        found = []
        while key is not None:
            found.append(key)
            key = self._parents.get(key)
        return found

    def _count_totals(self) -> dict[tuple, int]:
        """People per node, the units below it included."""
        direct, parents = self._direct_counts, self._parents
        totals = {(OWN_UNITS,): 0, (CO_UNITS,): 0, (ALL_PEOPLE,): sum(direct.values())}
        # parents come before their children in ``_parents``: backwards, every
        # unit's total is complete before it is added to its parent's
        for key in reversed(parents):
            total = totals.get(key, 0) + direct.get(key[1], 0)
            totals[key] = total
            parent = parents[key]
            totals[parent] = totals.get(parent, 0) + total
        return totals

    def _show_count(self, key: tuple, item: QTreeWidgetItem) -> None:
        text = str(self._totals.get(key, 0))
        if item.text(1) != text:
            item.setText(1, text)

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
        item = self._item(key)
        if item is None:
            raise KeyError(f"no unit {unit_id} in the tree")
        self._reveal(item)
        self.unit_tree.setCurrentItem(item)

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
