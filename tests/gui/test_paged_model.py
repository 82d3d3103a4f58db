"""PagedTableModel.update_rows: after a save the rows shown are still the
first ones of the service's order, so paging on gives every row once."""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

from PySide6.QtCore import QModelIndex

from app.ui.table_models.base import PagedTableModel


class Row(NamedTuple):
    id: int
    rank: int  # what the "service" orders by (then id)
    text: str = ""


class Column(IntEnum):
    TEXT = 0


class Model(PagedTableModel):
    COLUMNS = Column
    HEADERS = {Column.TEXT: "内容"}

    def order_key(self, row):
        return (row.rank, row.id)

    def display(self, row, column):
        return row.text


class Table:
    """The 'database': rows kept, listed in the model's order."""

    def __init__(self, n: int) -> None:
        self.rows = {i: Row(i, i * 10, f"第 {i} 行") for i in range(1, n + 1)}

    def ordered(self) -> list[Row]:
        return sorted(self.rows.values(), key=lambda r: (r.rank, r.id))

    def page(self, offset: int, limit: int) -> list[Row]:
        return self.ordered()[offset : offset + limit]


def shown(table: Table, page_size: int = 10) -> Model:
    model = Model(page_size=page_size)
    model.set_source(len(table.rows), table.page)
    return model


def save(model: Model, table: Table, *ids: int) -> None:
    model.update_rows(ids, [table.rows[i] for i in ids if i in table.rows], len(table.rows))


def rows(model: Model) -> list[Row]:
    return [model.record(i) for i in range(model.rowCount())]


def test_a_row_changed_in_place_or_moved_keeps_the_rows_in_order(app, qtmodeltester):
    table = Table(30)
    model = shown(table)
    qtmodeltester.check(model, force_py=True)
    model.fetchMore(QModelIndex())  # 20 rows shown
    table.rows[5] = table.rows[5]._replace(text="改过")  # same place
    save(model, table, 5)
    assert model.index(4, 0).data() == "改过"
    table.rows[3] = table.rows[3]._replace(rank=155)  # moves down, still among the shown
    save(model, table, 3)
    table.rows[7] = table.rows[7]._replace(rank=1000)  # moves below the rows shown
    save(model, table, 7)
    table.rows[25] = table.rows[25]._replace(rank=0)  # not shown yet: comes in at the top
    save(model, table, 25)
    assert rows(model) == table.ordered()[: model.rowCount()]
    model.fetch_all()
    assert rows(model) == table.ordered()  # every row once, in order


def test_rows_added_and_deleted_move_the_count(app):
    table = Table(30)
    model = shown(table)
    del table.rows[4]
    save(model, table, 4)
    table.rows[31] = Row(31, 45, "新增")  # among the shown
    table.rows[32] = Row(32, 999, "新增在后")  # below them: with a later page
    save(model, table, 31, 32)
    assert model.total() == 31
    assert model.row_of(31) == 3 and model.row_of(32) is None
    assert rows(model) == table.ordered()[: model.rowCount()]
    model.fetch_all()
    assert rows(model) == table.ordered()
