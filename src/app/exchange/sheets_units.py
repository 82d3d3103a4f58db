"""The 单位 sheet of the exchange workbook.

Merging rules (product.md, "Exchange workbook"):
- a unit is the unit of the same name;
- a column missing from the sheet leaves that field as it is; an empty cell in
  a column that is there empties the field, except that 类型 then keeps what is
  on file (a new unit gets 部门).
Rows are written with Core statements (one executemany per kind); per-record
audit rows are queued on the context and written in one executemany too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from app.domain.enums import UnitKind
from app.domain.models import Unit
from app.domain.validation import (
    MAX_TEXT,
    UnitInput,
    unit_name_error,
    unit_parent_kind_error,
    validate_unit,
)
from app.exchange.sheets import ImportContext, SheetCounts, choices
from app.exchange.xlsx_reader import Column, Kind, SheetTable

UNITS = "单位"


UNIT_COLUMNS = (
    Column("name", "单位名称", Kind.NAME, max_length=100, aliases=("单位",), required=True),
    Column("parent", "上级单位", Kind.NAME, max_length=100),
    Column("kind", "类型", Kind.TEXT, max_length=30, aliases=("单位类型",)),
    Column("note", "备注", Kind.TEXT, max_length=MAX_TEXT),
)


@dataclass
class _UnitRow:
    excel_row: int
    name: str
    kind: UnitKind | None  # None: not given
    parent: str | None  # None: column missing (keep); "": top level
    note: str | None


@dataclass
class _DbUnit:
    id: int
    name: str
    kind: UnitKind
    parent_id: int | None
    note: str


class UnitsSheet:
    sheet = UNITS
    columns = UNIT_COLUMNS

    def __init__(self) -> None:
        self._rows: list[_UnitRow] = []
        self._db: dict[str, _DbUnit] = {}
        self._final_kind: dict[str, UnitKind] = {}
        self._final_parent: dict[str, str | None] = {}

    # check ---------------------------------------------------------------------

    def check(self, table: SheetTable | None, ctx: ImportContext) -> None:
        conn = ctx.connection
        self._db = {
            r.name: _DbUnit(r.id, r.name, r.kind, r.parent_id, r.note or "")
            for r in conn.execute(select(Unit.id, Unit.name, Unit.kind, Unit.parent_id, Unit.note))
        }
        by_id = {u.id: u.name for u in self._db.values()}
        ctx.unit_names = set(self._db)
        ctx.unit_ids = {u.name: u.id for u in self._db.values()}
        if table is None:
            return
        header = {c.key: table.header(c.key, UNIT_COLUMNS) for c in UNIT_COLUMNS}

        def problem(row: int, key: str, message: str) -> None:
            ctx.problem(UNITS, row, header[key], message)

        seen: dict[str, int] = {}
        for row in table.rows:
            ctx.ticker.tick()
            v = row.values
            if "name" in row.invalid:
                continue
            name = v.get("name", "")
            if not name:
                problem(row.excel_row, "name", unit_name_error(name) or "")
                continue
            if name in seen:
                problem(row.excel_row, "name", f"单位「{name}」在第 {seen[name]} 行已经出现过")
                continue
            seen[name] = row.excel_row
            kind: UnitKind | None = None
            if v.get("kind"):
                kind = UnitKind.from_label(v["kind"])  # type: ignore[assignment]
                if kind is None:
                    problem(
                        row.excel_row,
                        "kind",
                        f"类型「{v['kind']}」无法识别，应为 {choices(UnitKind)} 之一",
                    )
            errors = validate_unit(
                UnitInput(name, kind or UnitKind.DEPARTMENT, None, v.get("note") or "")
            )
            for key, message in errors.items():
                problem(row.excel_row, key if key in header else "name", message)
            parent = (
                v.get("parent")
                if table.has_column("parent") and "parent" not in row.invalid
                else None
            )
            note = v.get("note") if table.has_column("note") and "note" not in row.invalid else None
            self._rows.append(_UnitRow(row.excel_row, name, kind, parent, note))

        ctx.unit_names |= set(seen)
        # The tree once the workbook is applied: on-file parents, overridden by the sheet.
        parents: dict[str, str | None] = {
            u.name: by_id.get(u.parent_id) if u.parent_id else None for u in self._db.values()
        }
        for r in self._rows:
            if r.parent is None:
                parents.setdefault(r.name, None)
                continue
            if r.parent == r.name:
                problem(r.excel_row, "parent", "上级单位不能是它自己")
                parents[r.name] = None
            elif r.parent and r.parent not in ctx.unit_names:
                problem(
                    r.excel_row,
                    "parent",
                    f"上级单位「{r.parent}」不存在：数据库和本表中都没有这个单位",
                )
                parents[r.name] = None
            else:
                parents[r.name] = r.parent or None
        self._final_parent = parents
        in_cycle = self._report_cycles(parents, header, ctx)

        kinds = {name: u.kind for name, u in self._db.items()}
        given = {r.name: r.kind for r in self._rows if r.kind is not None}
        kinds.update(given)

        def kind_of(name: str, depth: int = 0) -> UnitKind:
            if name in kinds:
                return kinds[name]
            parent = parents.get(name)
            if parent and depth < 100 and name not in in_cycle:
                kind = (
                    UnitKind.CO_BUILDING
                    if kind_of(parent, depth + 1) == UnitKind.CO_BUILDING
                    else UnitKind.DEPARTMENT
                )
            else:
                kind = UnitKind.DEPARTMENT
            kinds[name] = kind
            return kind

        for r in self._rows:
            self._final_kind[r.name] = kind_of(r.name)
        for r in self._rows:
            parent = parents.get(r.name)
            if not parent or r.name in in_cycle or parent not in ctx.unit_names:
                continue
            if message := unit_parent_kind_error(kind_of(parent), self._final_kind[r.name]):
                problem(r.excel_row, "parent" if r.parent else "kind", message)

    def _report_cycles(
        self, parents: dict[str, str | None], header: dict[str, str], ctx: ImportContext
    ) -> set[str]:
        rows = {r.name: r.excel_row for r in self._rows}
        in_cycle: set[str] = set()
        for r in self._rows:
            path: list[str] = []
            current: str | None = r.name
            while current is not None and current not in path and current not in in_cycle:
                path.append(current)
                current = parents.get(current)
            if current is None or current in in_cycle or current not in path:
                continue
            cycle = path[path.index(current) :]
            in_cycle |= set(cycle)
            where = "、".join(f"第 {rows[n]} 行" for n in cycle if n in rows)
            chain = " → ".join([*cycle, cycle[0]])
            ctx.problem(
                UNITS,
                rows.get(cycle[0], r.excel_row),
                header["parent"],
                f"上级单位形成了循环：{chain}（{where}），请改正其中一个上级单位",
            )
        return in_cycle

    # write ---------------------------------------------------------------------

    def write(self, ctx: ImportContext) -> SheetCounts:
        conn = ctx.connection
        table = Unit.__table__
        counts = SheetCounts()
        new = [r for r in self._rows if r.name not in self._db]
        if new:
            conn.execute(
                insert(table),
                [
                    {
                        "name": r.name,
                        "kind": self._final_kind[r.name],
                        "parent_id": None,
                        "note": r.note or "",
                    }
                    for r in new
                ],
            )
        ids = {n: i for n, i in conn.execute(select(Unit.name, Unit.id))}
        ctx.unit_ids = ids
        changes: list[dict[str, Any]] = []
        for r in self._rows:
            parent = self._final_parent.get(r.name)
            after = {
                "name": r.name,
                "kind": self._final_kind[r.name],
                "parent_id": ids[parent] if parent else None,
            }
            old = self._db.get(r.name)
            if old is None:
                after["note"] = r.note or ""
                counts.created += 1
                if after["parent_id"] is not None:
                    changes.append({"_id": ids[r.name], **after})
                ctx.audit("create", "units", ids[r.name], r.name, None, after)
                continue
            after["note"] = old.note if r.note is None else r.note
            before = {
                "name": old.name,
                "kind": old.kind,
                "parent_id": old.parent_id,
                "note": old.note,
            }
            diff = {k: v for k, v in after.items() if before[k] != v}
            if not diff:
                counts.unchanged += 1
                continue
            counts.updated += 1
            changes.append({"_id": old.id, **after})
            ctx.audit("update", "units", old.id, r.name, {k: before[k] for k in diff}, diff)
            ctx.ticker.tick()
        if changes:
            conn.execute(
                update(table)
                .where(table.c.id == bindparam("_id"))
                .values(
                    kind=bindparam("kind"),
                    parent_id=bindparam("parent_id"),
                    note=bindparam("note"),
                ),
                [{k: v for k, v in c.items() if k != "name"} for c in changes],
            )
        return counts

    # export --------------------------------------------------------------------

    def export_rows(self, connection: Connection) -> Iterable[Sequence[Any]]:
        units = connection.execute(
            select(Unit.id, Unit.name, Unit.kind, Unit.parent_id, Unit.note)
        ).all()
        names = {u.id: u.name for u in units}
        children: dict[int | None, list] = {}
        for u in units:
            children.setdefault(u.parent_id if u.parent_id in names else None, []).append(u)
        ordered: list = []
        stack = sorted(children.get(None, []), key=lambda u: u.name, reverse=True)
        visited: set[int] = set()
        while stack:  # parents before children, so the sheet reads top-down
            unit = stack.pop()
            if unit.id in visited:
                continue
            visited.add(unit.id)
            ordered.append(unit)
            stack.extend(sorted(children.get(unit.id, []), key=lambda u: u.name, reverse=True))
        ordered.extend(u for u in units if u.id not in visited)
        for u in ordered:
            yield (
                u.name,
                names.get(u.parent_id, "") if u.parent_id else "",
                u.kind.label,
                u.note or "",
            )
