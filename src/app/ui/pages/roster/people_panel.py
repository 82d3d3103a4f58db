"""The people table of 人员名册: search, the 政治面貌 and 状态 filters, and the
person actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from app.domain.enums import PersonStatus, PoliticalStatus
from app.services.people import PersonRow
from app.services.roster_filter import RosterFilter
from app.ui.forms.person_form import PersonForm
from app.ui.operations import PEOPLE, Failed, Remedy
from app.ui.pages.context import PageContext
from app.ui.table_models.people_table_model import Column, PeopleTableModel
from app.ui.view_state import remember_table
from app.ui.widgets.enum_combo import EnumCombo
from app.ui.widgets.record_table import (
    add_row_shortcuts,
    record_table,
    select_row,
    selected_record,
)
from app.ui.widgets.search_box import SearchBox

T = TypeVar("T")


# How far below the rows it holds the list still reads its way to a saved
# person (a few pages); further down the person is shown by name.
FAR_ROWS = 2_000


class PeoplePanel(QWidget):
    # the 状态 or 政治面貌 filter changed: the unit tree counts anew
    status_filters_changed = Signal()
    # the person to edit is gone: everything shown is to be read anew
    refresh_requested = Signal()
    # a person was saved in place (the rows before and after; None: new or deleted)
    person_saved = Signal(object, object)

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.loaded = False  # the page has read the database once
        # Gives the count of a filter when the page already knows it (the unit
        # tree's counts added up), else None; the page sets it.
        self.known_total: Callable[[RosterFilter], int | None] | None = None
        self.shown_filter = RosterFilter()  # the filter of the rows shown
        # a person action runs whose change this panel shows itself (show_saved)
        self.in_place = False
        self._unit_ids: frozenset[int] | None = None  # the units shown; None: all
        self._unit_id: int | None = None  # the one unit chosen in the tree, if any

        box = QVBoxLayout(self)
        box.setContentsMargins(8, 0, 0, 0)
        box.setSpacing(8)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.search = SearchBox(placeholder=self.tr("搜索姓名、工号或拼音首字母（如 zw）"))
        self.search.setMinimumWidth(260)
        self.search.search_changed.connect(self.apply_filter)
        filters.addWidget(self.search, 2)
        filters.addWidget(QLabel(self.tr("政治面貌")))
        self.political_filter = EnumCombo(PoliticalStatus, none_label=self.tr("全部"))
        self.political_filter.currentIndexChanged.connect(self.apply_filter)
        filters.addWidget(self.political_filter)
        filters.addWidget(QLabel(self.tr("状态")))
        self.status_filter = EnumCombo(
            PersonStatus, members=[PersonStatus.ACTIVE, PersonStatus.TRANSFERRED_OUT]
        )
        self.status_filter.addItem(self.tr("全部"), None)
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
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
        self.model.sort_requested.connect(self._resort)
        self.table = record_table("peopleTable")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        # columns fit their content; the user's widths and sort are kept between runs
        remember_table(self.table, context.config_dir, capped=self.model.capped_columns())
        self.table.doubleClicked.connect(lambda _index: self.edit_person())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._people_menu)
        add_row_shortcuts(self.table, self.edit_person, self.delete_person)
        box.addWidget(self.table, 1)
        self._update_buttons()  # nothing is selected yet

    # ----- the list and its filters -------------------------------------------------

    def set_unit_scope(self, unit_ids: frozenset[int] | None, unit_id: int | None) -> None:
        """Show the people of ``unit_ids`` (None: everyone); a new person goes
        to ``unit_id`` unless chosen otherwise."""
        self.scope_units(unit_ids, unit_id)
        self.apply_filter()

    def scope_units(self, unit_ids: frozenset[int] | None, unit_id: int | None) -> None:
        """``set_unit_scope`` for the next read of the list (``reload``)."""
        self._unit_ids = unit_ids
        self._unit_id = unit_id

    def _political_statuses(self) -> frozenset[PoliticalStatus] | None:
        status = self.political_filter.current_member()
        return frozenset({status}) if status is not None else None

    def counted_filter(self) -> RosterFilter:
        """The people the unit tree counts: those the 状态 and 政治面貌 filters let through."""
        return self.current_filter().counted()

    def current_filter(self) -> RosterFilter:
        return RosterFilter(
            text=self.search.text(),
            unit_ids=self._unit_ids,
            political_statuses=self._political_statuses(),
            status=self.status_filter.current_member(),
        )

    def apply_filter(self, *_args) -> None:
        """Show the first rows and the count of the filter as it stands now."""
        if not self.loaded:
            return
        previous, new = self.shown_filter, self.current_filter()
        self.shown_filter = new
        if (previous.status, previous.political_statuses) != (new.status, new.political_statuses):
            self.status_filters_changed.emit()  # the tree counts first: the list's count adds them up
        self._read_list()

    def reload(self) -> None:
        """Read the list anew (another database, data changed elsewhere),
        keeping the selected person selected."""
        self.loaded = True
        selected = self.selected_person()
        self.shown_filter = self.current_filter()
        self._read_list()
        self._keep_selected(selected)

    def _resort(self) -> None:
        """A header was clicked: the database sorts, the selected person stays selected."""
        if not self.loaded:
            return
        selected = self.selected_person()
        self._read_list()
        self._keep_selected(selected)

    def _keep_selected(self, selected: PersonRow | None) -> None:
        """Select again who was selected before the list was read anew, unless
        he or she now stands far below the rows it holds (reading its way
        there took seconds at 100,000 people): then the list starts unselected."""
        if selected is not None:
            self.select_person(selected.id, within=FAR_ROWS)

    def _read_list(self) -> None:
        people = self.context.services.people
        f, sort = self.shown_filter, self.model.roster_sort
        total = self.known_total(f) if self.known_total is not None else None
        self.model.set_query(
            people.count_people(f) if total is None else total,
            lambda offset, limit, after_id: people.list_roster(f, sort, offset, limit, after_id),
        )
        self._show_count()

    def _show_count(self) -> None:
        self.count_label.setText(self.tr("共 {n} 人").format(n=self.model.total()))

    # ----- selection ------------------------------------------------------------

    def selected_person(self) -> PersonRow | None:
        return selected_record(self.table)

    def select_person(self, person_id: int, *, within: int | None = None) -> bool | None:
        """Select and show a person, paging the list down to him or her; False
        when the filter does not show the person. With ``within``: None, and
        nothing selected, when the person stands more than that many rows
        below the rows the list holds (not paged down to)."""
        row = self.model.row_of(person_id)
        if row is None:
            people = self.context.services.people
            position = people.roster_position(person_id, self.shown_filter, self.model.roster_sort)
            if position is None:
                self.table.clearSelection()
                return False
            if within is not None and position > self.model.rowCount() + within:
                self.table.clearSelection()
                return None
            self.model.fetch_through(position)
            row = self.model.row_of(person_id)
        return select_row(self.table, row)

    # ----- saving in place -----------------------------------------------------------

    def _in_place(self, action: Callable[[], T]) -> T:
        """Run a person action whose change the panel shows itself: the page
        does not read everything anew when the change is announced."""
        outer, self.in_place = self.in_place, True
        try:
            return action()
        finally:
            self.in_place = outer

    def _shown_row(self, person: PersonRow) -> PersonRow:
        """The row the list shows for a person now (the one given if not shown)."""
        i = self.model.index_of(person.id)
        return self.model.record(i) if i is not None else person

    def show_saved(self, person_id: int, before: PersonRow | None) -> None:
        """Show a person as saved (added, edited, transferred out, deleted)
        without reading the list anew: the row where it now belongs (or gone),
        the counts, the selection and the scroll position as they were.

        ``before``: the row as the list showed it before the save (None for a
        new person). The list's count changes by the person entering or
        leaving the filter; the page counts the unit tree and the totals again
        for the units touched (``person_saved``)."""
        people = self.context.services.people
        model, f = self.model, self.shown_filter
        row = people.roster_row(person_id)  # None: deleted
        was_shown = before is not None and model.index_of(person_id) is not None
        shown = row is not None and people.roster_shows(person_id, f)
        if shown and was_shown and model.same_place(before, row):
            model.replace_row(row)
        else:
            position = self._place_among_shown(person_id) if shown else None
            model.place_row(person_id, row, position)
        if shown != was_shown:
            model.set_total(model.total() + (1 if shown else -1))
            self._show_count()
        self.person_saved.emit(before, row)

    def _place_among_shown(self, person_id: int) -> int | None:
        """Where a saved person goes among the rows the list holds (how many
        come before), or past them (the row then comes when scrolled to)."""
        model = self.model
        others = [i for i in model.ids() if i != person_id]
        position = self.context.services.people.roster_position_among(
            person_id, self.shown_filter, model.roster_sort, others
        )
        if position == len(others) and model.canFetchMore(QModelIndex()):
            return position + 1  # after every row held: maybe further down the list
        return position

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

    # ----- people actions -------------------------------------------------------

    def add_person(self) -> PersonForm:
        context = self.context
        form = PersonForm(context.units, self, title=self.tr("新增人员"))
        if self._unit_id is not None:
            form.unit.set_unit_id(self._unit_id)

        def save(values):
            person_id = self._in_place(
                lambda: context.forms.run_save(
                    form,
                    lambda: context.services.people.add_person(values),
                    changes={PEOPLE},
                )
            )
            self.show_saved(person_id, None)
            self._reveal(person_id)
            return person_id

        context.forms.open(form, save)
        return form

    def edit_person(self) -> PersonForm | None:
        context = self.context
        person = self.selected_person()
        if person is None:
            return None
        try:
            details = context.operations.run(
                self, lambda: context.services.people.get_person(person.id)
            )
        except Failed:  # the user was told; the person may be gone
            self.refresh_requested.emit()
            return None
        form = PersonForm(
            context.units, self, title=self.tr("编辑人员：{name}").format(name=person.name)
        )
        form.load(details.values)

        def save(values):
            before = self._shown_row(person)
            self._in_place(
                lambda: context.forms.run_save(
                    form,
                    lambda: context.services.people.update_person(person.id, values),
                    changes={PEOPLE},
                )
            )
            self.show_saved(person.id, before)
            self._reveal(person.id)

        context.forms.open(form, save)
        return form

    def _reveal(self, person_id: int) -> None:
        """Select a saved person; widen the filters if they hide him or her.
        One who stands far below the rows the list holds is shown by name
        (typed into the search box): reading every row up to a person who
        sorts 87,000th took 1.7 s at 100,000 people."""
        found = self.select_person(person_id, within=FAR_ROWS)
        if found:
            return
        if found is None:  # far down
            row = self.context.services.people.roster_row(person_id)
            if row is not None:
                self.search.setText(row.name)  # the list follows, as for typing
            if self.select_person(person_id):
                return
        self.search.clear()
        self.select_person(person_id)

    def toggle_transfer(self) -> None:
        context = self.context
        person = self.selected_person()
        if person is None:
            return
        if person.status is PersonStatus.TRANSFERRED_OUT:
            on = None
        else:
            on = context.prompts.ask_date(
                self,
                self.tr("标记已转出"),
                self.tr("「{name}」转出的日期：").format(name=person.name),
                dt.date.today(),
            )
            if on is None:
                return
        before = self._shown_row(person)
        if self._in_place(
            lambda: context.operations.attempt(
                self,
                lambda: context.services.people.set_transferred_out(person.id, on),
                changes={PEOPLE},
            )
        ):
            self.show_saved(person.id, before)

    def delete_person(self) -> None:
        person = self.selected_person()
        if person is None:
            return
        people = self.context.services.people
        question = self.tr(
            "确定删除「{name}」吗？删除后无法恢复。\n如果此人只是调离或退休，请改用“标记已转出”。"
        ).format(name=person.name)
        if person.status is PersonStatus.TRANSFERRED_OUT:
            advice, remedies = self.tr("此人已标记为「已转出」，记录会一直保留。"), []
        else:
            advice = self.tr("可改为标记「已转出」。")
            remedies = [Remedy(self.tr("标记已转出…"), self.toggle_transfer)]
        before = self._shown_row(person)
        if self._in_place(
            lambda: self.context.operations.delete(
                self,
                self.tr("删除人员"),
                question,
                lambda: people.delete_person(person.id),
                changes={PEOPLE},
                what=self.tr("「{name}」").format(name=person.name),
                dependents=lambda: people.what_depends_on_person(person.id),
                advice=advice,
                remedies=remedies,
            )
        ):
            self.show_saved(person.id, before)

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
