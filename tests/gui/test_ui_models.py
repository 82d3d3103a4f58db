"""Table models: Qt's model checks, paging, rows saved in place, native sort values."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt

from app.domain.enums import Gender, PersonStatus, PoliticalStatus
from app.services.people import PersonRow
from app.services.roster_filter import RosterSort
from app.ui.table_models.people_table_model import (
    RECORD_ROLE,
    SORT_ROLE,
    Column,
    PeopleTableModel,
)


def make_rows(n: int) -> list[PersonRow]:
    rows = []
    for i in range(n):
        birth = dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28) if i % 7 else None
        rows.append(
            PersonRow(
                id=i + 1,
                name=f"人员{i}",
                employee_no=f"E{i:05d}",
                gender=Gender.MALE if i % 2 else Gender.FEMALE,
                birth_date=birth,
                unit_id=i % 5 or None,
                unit_name=f"单位{i % 5}" if i % 5 else "",
                position="",
                political_status=list(PoliticalStatus)[i % 7],
                party_join_date=None,
                phone="",
                tags="",
                status=PersonStatus.ACTIVE if i % 10 else PersonStatus.TRANSFERRED_OUT,
                search_key=f"人员{i}\x1fe{i:05d}\x1fry",
                name_sort=f"ren yuan {i}\x1f人员{i}",
            )
        )
    return rows


class Source:
    """A paged source over a list, as PeopleService.list_roster pages the roster:
    after the last row shown when given, else from the offset."""

    def __init__(self, rows: list[PersonRow]) -> None:
        self.rows = rows
        self.calls: list[tuple[int, int, int | None]] = []

    def __call__(self, offset: int, limit: int, after_id: int | None) -> list[PersonRow]:
        self.calls.append((offset, limit, after_id))
        if after_id is not None:
            offset = next(i for i, r in enumerate(self.rows) if r.id == after_id) + 1
        return self.rows[offset : offset + limit]


def show(model: PeopleTableModel, rows: list[PersonRow]) -> Source:
    source = Source(rows)
    model.set_query(len(rows), source)
    return source


def test_people_model_passes_qt_model_checks(qtmodeltester):
    model = PeopleTableModel(page_size=50)
    rows = make_rows(180)
    show(model, rows)
    qtmodeltester.check(model, force_py=True)
    # the tester stays connected: every later change is checked too
    model.fetchMore(QModelIndex())
    model.place_row(rows[3].id, rows[3]._replace(phone="13800000000"), 3)  # in place
    model.place_row(rows[2].id, rows[2], 70)  # down
    model.place_row(rows[60].id, rows[60], 0)  # up
    model.place_row(rows[5].id, rows[5], 170)  # beyond the rows shown: leaves
    model.place_row(rows[6].id, None, None)  # deleted
    model.place_row(999, rows[0]._replace(id=999), 10)  # a new person
    model.fetch_through(150)
    show(model, make_rows(30))


def test_people_model_passes_qt_model_checks_when_empty(qtmodeltester):
    model = PeopleTableModel()
    qtmodeltester.check(model, force_py=True)


def test_rows_are_paged_in_after_the_last_row_shown():
    model = PeopleTableModel(page_size=500)
    rows = make_rows(100_000)
    source = show(model, rows)
    root = QModelIndex()
    assert model.rowCount() == 500
    assert model.total() == 100_000
    assert model.canFetchMore(root)
    model.fetchMore(root)
    assert model.rowCount() == 1000
    assert source.calls == [(0, 500, None), (500, 500, rows[499].id)]
    model.fetch_through(4_321)  # one read for the whole gap
    assert model.rowCount() == 4_322 and len(source.calls) == 3


def test_a_saved_row_moves_to_its_place_and_the_pages_still_follow():
    model = PeopleTableModel(page_size=10)
    rows = make_rows(40)
    show(model, rows)
    moved = rows[2]._replace(name="改名")
    model.place_row(moved.id, moved, 7)
    names = [model.index(r, Column.NAME).data() for r in range(model.rowCount())]
    assert names[7] == "改名" and names[:2] == ["人员0", "人员1"] and names[2] == "人员3"
    model.place_row(rows[0].id, rows[0], 25)  # beyond the ten shown
    assert model.rowCount() == 9 and model.row_of(rows[0].id) is None
    model.fetchMore(QModelIndex())  # the next page starts after the last row shown
    assert model.index(9, Column.NAME).data() == "人员10"


def test_sort_role_is_native_and_record_role_is_the_row():
    model = PeopleTableModel()
    show(model, make_rows(20))
    index = model.index(1, Column.BIRTH_DATE)
    assert isinstance(index.data(SORT_ROLE), dt.date)
    assert index.data(Qt.ItemDataRole.DisplayRole) == index.data(SORT_ROLE).isoformat()
    assert isinstance(model.index(0, 0).data(RECORD_ROLE), PersonRow)


def test_sorting_asks_for_the_list_in_the_new_order(qtbot):
    model = PeopleTableModel()
    show(model, make_rows(20))
    assert model.roster_sort == RosterSort("name")
    with qtbot.waitSignal(model.sort_requested):
        model.sort(Column.BIRTH_DATE, Qt.SortOrder.DescendingOrder)
    assert model.roster_sort == RosterSort("birth_date", descending=True)
    with qtbot.assertNotEmitted(model.sort_requested):
        model.sort(Column.BIRTH_DATE, Qt.SortOrder.DescendingOrder)  # the same order again
