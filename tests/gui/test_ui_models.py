"""Table models: Qt's model checks, lazy loading, native sorting."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt

from app.domain.enums import Gender, PersonStatus, PoliticalStatus
from app.services.people import PersonRow
from app.services.roster_filter import RosterFilter
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


def test_people_model_passes_qt_model_checks(qtmodeltester):
    model = PeopleTableModel(batch_size=50)
    model.set_rows(make_rows(180))
    qtmodeltester.check(model, force_py=True)
    # the tester stays connected: every later change is checked too
    model.fetchMore(QModelIndex())
    model.sort(Column.BIRTH_DATE, Qt.SortOrder.DescendingOrder)
    model.set_filter(RosterFilter(text="e0001", status=None))
    model.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    model.set_rows(make_rows(30))


def test_people_model_passes_qt_model_checks_when_empty(qtmodeltester):
    model = PeopleTableModel()
    qtmodeltester.check(model, force_py=True)


def test_rows_are_shown_lazily_in_batches():
    model = PeopleTableModel(batch_size=500)
    model.set_rows(make_rows(100_000))
    root = QModelIndex()
    assert model.rowCount() == 500
    assert model.matching_count() == 90_000  # 在册 by default
    assert model.canFetchMore(root)
    model.fetchMore(root)
    assert model.rowCount() == 1000


def test_sort_role_is_native_and_record_role_is_the_row():
    model = PeopleTableModel()
    model.set_rows(make_rows(20))
    index = model.index(1, Column.BIRTH_DATE)
    assert isinstance(index.data(SORT_ROLE), dt.date)
    assert index.data(Qt.ItemDataRole.DisplayRole) == index.data(SORT_ROLE).isoformat()
    assert isinstance(model.index(0, 0).data(RECORD_ROLE), PersonRow)


def test_sorting_dates_as_dates_with_blanks_last():
    model = PeopleTableModel(batch_size=10_000)
    model.set_rows(make_rows(300))
    model.set_filter(RosterFilter(status=None))
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(Column.BIRTH_DATE, order)
        dates = [model.index(r, Column.BIRTH_DATE).data(SORT_ROLE) for r in range(model.rowCount())]
        present = [d for d in dates if d is not None]
        assert dates[: len(present)] == present  # every blank after every date
        assert present == sorted(present, reverse=order == Qt.SortOrder.DescendingOrder)
