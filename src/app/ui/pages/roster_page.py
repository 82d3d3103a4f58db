"""人员名册: the unit tree on the left, the people table on the right."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import PersonStatus, PoliticalStatus, UnitKind
from app.services.people import PersonRow, UnitRow
from app.services.registry import Services
from app.services.roster_filter import RosterFilter, filter_rows, unit_and_descendants
from app.ui.forms.form_host import FormHost
from app.ui.forms.person_form import PersonForm
from app.ui.forms.unit_form import UnitForm
from app.ui.operations import PEOPLE, UNITS, Failed, Operations
from app.ui.prompts import Prompts
from app.ui.table_models.people_table_model import (
    COLUMN_WIDTHS,
    Column,
    PeopleTableModel,
)
from app.ui.widgets.enum_combo import EnumCombo
from app.ui.widgets.record_table import (
    add_row_shortcuts,
    record_table,
    select_row,
    selected_record,
    set_widths,
)
from app.ui.widgets.search_box import SearchBox
from app.ui.widgets.unit_choices import tree_order

# what a tree item stands for
ALL_PEOPLE = "all"
OWN_UNITS = "own"
CO_UNITS = "co"
ITEM_ROLE = Qt.ItemDataRole.UserRole


class RosterPage(QWidget):
    summary_changed = Signal(str)

    def __init__(
        self,
        services: Services,
        operations: Operations,
        prompts: Prompts,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rosterPage")
        self.services = services
        self.operations = operations
        self.prompts = prompts
        self.units: list[UnitRow] = []
        self.forms = FormHost(operations, prompts, self)
        self.summary = ""  # what the status bar shows: people and units on file
        self._selection_key: tuple = (ALL_PEOPLE,)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(10)
        title = QLabel(self.tr("人员名册"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_unit_panel())
        splitter.addWidget(self._build_people_panel())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 900])
        layout.addWidget(splitter, 1)

        operations.changed.connect(self.on_changed)
        self.refresh()

    # ----- building -------------------------------------------------------------

    def _build_unit_panel(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("unitPanel")
        box = QVBoxLayout(panel)
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
        return panel

    def _tool_button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(False)
        button.clicked.connect(slot)
        return button

    def _build_people_panel(self) -> QWidget:
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(8, 0, 0, 0)
        box.setSpacing(8)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.search = SearchBox(placeholder=self.tr("搜索姓名、工号或拼音首字母（如 zw）"))
        self.search.setMinimumWidth(260)
        self.search.search_changed.connect(self._apply_filter)
        filters.addWidget(self.search, 2)
        filters.addWidget(QLabel(self.tr("政治面貌")))
        self.political_filter = EnumCombo(PoliticalStatus, none_label=self.tr("全部"))
        self.political_filter.currentIndexChanged.connect(self._apply_filter)
        filters.addWidget(self.political_filter)
        filters.addWidget(QLabel(self.tr("状态")))
        self.status_filter = EnumCombo(
            PersonStatus, members=[PersonStatus.ACTIVE, PersonStatus.TRANSFERRED_OUT]
        )
        self.status_filter.addItem(self.tr("全部"), None)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        filters.addWidget(self.status_filter)
        filters.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        filters.addWidget(self.count_label)
        box.addLayout(filters)

        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.add_button = QPushButton(self.tr("新增人员"))
        self.add_button.setObjectName("primaryButton")
        self.add_button.clicked.connect(self.add_person)
        self.edit_button = QPushButton(self.tr("编辑"))
        self.edit_button.clicked.connect(self.edit_person)
        self.transfer_button = QPushButton(self.tr("标记已转出"))
        self.transfer_button.clicked.connect(self.toggle_transfer)
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.setObjectName("dangerButton")
        self.delete_button.clicked.connect(self.delete_person)
        for button in (self.add_button, self.edit_button, self.transfer_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        box.addLayout(actions)

        self.model = PeopleTableModel(self)
        self.model.on_filtered = self._show_count
        self.table = record_table("peopleTable")
        self.table.setModel(self.model)
        set_widths(self.table, COLUMN_WIDTHS)
        header = self.table.horizontalHeader()
        header.setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_person())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._people_menu)
        add_row_shortcuts(self.table, self.edit_person, self.delete_person)
        box.addWidget(self.table, 1)
        return panel

    # ----- refreshing -----------------------------------------------------------

    def on_changed(self, changes: Iterable[str]) -> None:
        if {PEOPLE, UNITS} & set(changes):
            self.refresh()

    def refresh(self) -> None:
        """Reload units and people from the database, keeping the selections."""
        selected = self.selected_person()
        self.units = self.services.people.list_units()
        rows = self.services.people.list_people()
        self._rows = rows
        self.model.set_rows(rows)
        self._rebuild_tree()
        self._apply_filter()
        if selected is not None:
            self.select_person(selected.id)
        self._emit_summary()

    def _emit_summary(self) -> None:
        total = len(self._rows)
        active = sum(1 for r in self._rows if r.status is PersonStatus.ACTIVE)
        self.summary = self.tr("人员 {total} 人（在册 {active} 人）　单位 {units} 个").format(
            total=total, active=active, units=len(self.units)
        )
        self.summary_changed.emit(self.summary)

    def _rebuild_tree(self) -> None:
        tree = self.unit_tree
        tree.blockSignals(True)
        tree.clear()
        self._tree_items: dict[tuple, QTreeWidgetItem] = {}
        self._all_item = self._tree_item(None, self.tr("全部人员"), (ALL_PEOPLE,))
        own = self._tree_item(None, self.tr("本支部单位"), (OWN_UNITS,))
        co = self._tree_item(None, self.tr("共建单位"), (CO_UNITS,))
        for item in (self._all_item, own, co):
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
        for unit, _depth in tree_order(self.units):
            if unit.parent_id is not None and ("unit", unit.parent_id) in self._tree_items:
                parent = self._tree_items[("unit", unit.parent_id)]
            else:
                parent = co if unit.kind == UnitKind.CO_BUILDING else own
            item = self._tree_item(parent, unit.name, ("unit", unit.id))
            item.setToolTip(0, f"{unit.name}（{unit.kind.label}）")
        if len(self.units) <= 300:  # a branch's tree fits: show it whole
            tree.expandAll()
        else:
            tree.expandToDepth(1)
        current = self._tree_items.get(self._selection_key) or self._all_item
        self._selection_key = current.data(0, ITEM_ROLE)
        tree.setCurrentItem(current)
        tree.blockSignals(False)
        self._update_tree_counts()
        self._update_unit_buttons()

    def _tree_item(self, parent: QTreeWidgetItem | None, text: str, key: tuple) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent if parent is not None else self.unit_tree, [text, ""])
        item.setData(0, ITEM_ROLE, key)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._tree_items[key] = item
        return item

    def _update_tree_counts(self) -> None:
        """People per unit (and below) under the current status and 政治面貌 filters."""
        base = RosterFilter(
            status=self.status_filter.current_member(),
            political_statuses=self._political_statuses(),
        )
        matching = [self._rows[i] for i in filter_rows(self._rows, base)]
        direct = Counter(r.unit_id for r in matching)

        def fill(item: QTreeWidgetItem) -> int:
            key = item.data(0, ITEM_ROLE)
            total = direct.get(key[1], 0) if key[0] == "unit" else 0
            for i in range(item.childCount()):
                total += fill(item.child(i))
            item.setText(1, str(total))
            return total

        for i in range(self.unit_tree.topLevelItemCount()):
            fill(self.unit_tree.topLevelItem(i))
        # people of no unit count towards 全部人员 only
        self._all_item.setText(1, str(len(matching)))

    # ----- filtering ------------------------------------------------------------

    def _political_statuses(self) -> frozenset[PoliticalStatus] | None:
        status = self.political_filter.current_member()
        return frozenset({status}) if status is not None else None

    def _selected_unit_ids(self) -> frozenset[int] | None:
        key = self._selection_key
        if key[0] == "unit":
            return unit_and_descendants(self.units, key[1])
        if key[0] == OWN_UNITS:
            return frozenset(u.id for u in self.units if u.kind != UnitKind.CO_BUILDING)
        if key[0] == CO_UNITS:
            return frozenset(u.id for u in self.units if u.kind == UnitKind.CO_BUILDING)
        return None

    def current_filter(self) -> RosterFilter:
        return RosterFilter(
            text=self.search.text(),
            unit_ids=self._selected_unit_ids(),
            political_statuses=self._political_statuses(),
            status=self.status_filter.current_member(),
        )

    def _apply_filter(self, *_args) -> None:
        if not hasattr(self, "_rows"):
            return
        previous = self.model.roster_filter
        new = self.current_filter()
        self.model.set_filter(new)
        if (previous.status, previous.political_statuses) != (new.status, new.political_statuses):
            self._update_tree_counts()
        self._show_count(self.model.matching_count())

    def _show_count(self, count: int) -> None:
        self.count_label.setText(self.tr("共 {n} 人").format(n=count))

    def _unit_selected(self, current: QTreeWidgetItem | None, _previous=None) -> None:
        if current is None:
            return
        self._selection_key = current.data(0, ITEM_ROLE)
        self._update_unit_buttons()
        self._apply_filter()

    def select_unit(self, unit_id: int | None) -> None:
        """Select a unit in the tree (None: 全部人员)."""
        key = ("unit", unit_id) if unit_id is not None else (ALL_PEOPLE,)
        self.unit_tree.setCurrentItem(self._tree_items[key])

    def selected_unit(self) -> UnitRow | None:
        key = self._selection_key
        if key[0] != "unit":
            return None
        return next((u for u in self.units if u.id == key[1]), None)

    # ----- selection ------------------------------------------------------------

    def selected_person(self) -> PersonRow | None:
        if not hasattr(self, "table"):
            return None
        return selected_record(self.table)

    def select_person(self, person_id: int) -> bool:
        return select_row(self.table, self.model.row_of(person_id))

    def _update_buttons(self, *_args) -> None:
        person = self.selected_person()
        has = person is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.transfer_button.setEnabled(has)
        if has and person.status is PersonStatus.TRANSFERRED_OUT:
            self.transfer_button.setText(self.tr("恢复在册"))
        else:
            self.transfer_button.setText(self.tr("标记已转出"))

    def _update_unit_buttons(self) -> None:
        has = self.selected_unit() is not None
        self.edit_unit_button.setEnabled(has)
        self.delete_unit_button.setEnabled(has)

    # ----- people actions -------------------------------------------------------

    @property
    def current_form(self) -> PersonForm | UnitForm | None:
        return self.forms.current

    def add_person(self) -> PersonForm:
        form = PersonForm(self.units, self, title=self.tr("新增人员"))
        selected = self.selected_unit()
        if selected is not None:
            form.unit.set_unit_id(selected.id)

        def save(values):
            person_id = self.forms.run_save(
                form,
                lambda: self.services.people.add_person(values),
                changes={PEOPLE},
            )
            self._reveal(person_id)
            return person_id

        self.forms.open(form, save)
        return form

    def edit_person(self) -> PersonForm | None:
        person = self.selected_person()
        if person is None:
            return None
        try:
            details = self.operations.run(self, lambda: self.services.people.get_person(person.id))
        except Failed:  # the user was told; the person may be gone
            self.refresh()
            return None
        form = PersonForm(
            self.units, self, title=self.tr("编辑人员：{name}").format(name=person.name)
        )
        form.load(details.values)

        def save(values):
            self.forms.run_save(
                form,
                lambda: self.services.people.update_person(person.id, values),
                changes={PEOPLE},
            )
            self._reveal(person.id)

        self.forms.open(form, save)
        return form

    def _reveal(self, person_id: int) -> None:
        """Select a saved person; widen the filters if they hide him or her."""
        if self.select_person(person_id):
            return
        self.search.clear()
        self.select_person(person_id)

    def toggle_transfer(self) -> None:
        person = self.selected_person()
        if person is None:
            return
        if person.status is PersonStatus.TRANSFERRED_OUT:
            on = None
        else:
            on = self.prompts.ask_date(
                self,
                self.tr("标记已转出"),
                self.tr("「{name}」转出的日期：").format(name=person.name),
                dt.date.today(),
            )
            if on is None:
                return
        self.operations.attempt(
            self,
            lambda: self.services.people.set_transferred_out(person.id, on),
            changes={PEOPLE},
        )

    def delete_person(self) -> None:
        person = self.selected_person()
        if person is None:
            return
        question = self.tr(
            "确定删除「{name}」吗？删除后无法恢复。\n如果此人只是调离或退休，请改用“标记已转出”。"
        ).format(name=person.name)
        self.operations.delete(
            self,
            self.tr("删除人员"),
            question,
            lambda: self.services.people.delete_person(person.id),
            changes={PEOPLE},
        )

    # ----- unit actions ---------------------------------------------------------

    def add_unit(self) -> UnitForm:
        form = UnitForm(self.units, self, title=self.tr("新增单位"))
        selected = self.selected_unit()
        if selected is not None:
            form.parent_unit.set_unit_id(selected.id)
        elif self._selection_key[0] == CO_UNITS:
            form.kind.set_member(UnitKind.CO_BUILDING)

        def save(values):
            unit_id = self.forms.run_save(
                form,
                lambda: self.services.people.add_unit(values),
                changes={UNITS},
            )
            self.select_unit(unit_id)
            return unit_id

        self.forms.open(form, save)
        return form

    def edit_unit(self) -> UnitForm | None:
        unit = self.selected_unit()
        if unit is None:
            return None
        form = UnitForm(
            self.units,
            self,
            title=self.tr("编辑单位：{name}").format(name=unit.name),
            unit_id=unit.id,
        )
        try:
            form.load(self.operations.run(self, lambda: self.services.people.get_unit(unit.id)))
        except Failed:
            form.deleteLater()
            self.refresh()
            return None

        def save(values):
            self.forms.run_save(
                form,
                lambda: self.services.people.update_unit(unit.id, values),
                changes={UNITS, PEOPLE},
            )

        self.forms.open(form, save)
        return form

    def delete_unit(self) -> None:
        unit = self.selected_unit()
        if unit is None:
            return
        question = self.tr("确定删除单位「{name}」吗？").format(name=unit.name)
        # on success the refresh finds the unit gone and selects 全部人员
        self.operations.delete(
            self,
            self.tr("删除单位"),
            question,
            lambda: self.services.people.delete_unit(unit.id),
            changes={UNITS},
        )

    # ----- menus ----------------------------------------------------------------

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

    def _people_menu(self, point: QPoint) -> None:
        index: QModelIndex = self.table.indexAt(point)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction(self.tr("新增人员…"), self.add_person)
        if self.selected_person() is not None:
            menu.addAction(self.tr("编辑…"), self.edit_person)
            menu.addAction(self.transfer_button.text(), self.toggle_transfer)
            menu.addAction(self.tr("删除"), self.delete_person)
        menu.exec(self.table.viewport().mapToGlobal(point))
