"""The 单位 and 人员 sheets of the exchange workbook.

Merging rules (product.md, "Exchange workbook"):
- a unit is the unit of the same name; a person is the person with the same
  工号, else (no 工号, or a 工号 not yet on file) the one person of the same
  name in the same unit who has no 工号 yet;
- a column missing from the sheet leaves that field as it is; an empty cell in
  a column that is there empties the field, except that 政治面貌 and 类型 then
  keep what is on file (a new record gets 群众 / 部门), and a person matched by
  name keeps the 工号 on file when the cell is empty.
Rows are written with Core statements (one executemany per kind), which is what
makes 10,000 people import quickly; per-record audit rows are queued on the
context and written in one executemany too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from app.domain.enums import Gender, PersonStatus, PoliticalStatus, UnitKind
from app.domain.models import Person, Unit
from app.domain.search_keys import pinyin_initials
from app.domain.validation import (
    MAX_NAME,
    MAX_TEXT,
    PersonInput,
    UnitInput,
    validate_person,
    validate_unit,
)
from app.exchange.sheets import ImportContext, SheetCounts
from app.exchange.xlsx_reader import Column, Kind, SheetTable

UNITS = "单位"
PEOPLE = "人员"


def _choices(enum_cls) -> str:
    return "、".join(enum_cls.labels())


# ----- 单位 ------------------------------------------------------------------------

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
                problem(row.excel_row, "name", "请填写单位名称")
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
                        f"类型「{v['kind']}」无法识别，应为 {_choices(UnitKind)} 之一",
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
            mine, theirs = self._final_kind[r.name], kind_of(parent)
            if (theirs == UnitKind.CO_BUILDING) != (mine == UnitKind.CO_BUILDING):
                problem(
                    r.excel_row,
                    "parent" if r.parent else "kind",
                    "共建单位只能放在共建单位之下"
                    if theirs == UnitKind.CO_BUILDING
                    else f"共建单位不能放在本支部的单位「{parent}」之下",
                )

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


# ----- 人员 ------------------------------------------------------------------------

PEOPLE_COLUMNS = (
    Column("name", "姓名", Kind.NAME, max_length=MAX_NAME, required=True),
    Column("employee_no", "工号", Kind.TEXT, max_length=30, aliases=("员工编号", "人员编号")),
    Column("gender", "性别", Kind.TEXT, max_length=10),
    Column("birth_date", "出生日期", Kind.DATE, aliases=("出生年月日",)),
    Column("unit", "所在单位", Kind.NAME, max_length=100, aliases=("单位", "单位名称", "所属单位")),
    Column("position", "岗位", Kind.TEXT, max_length=100, aliases=("职务", "岗位/职务")),
    Column("political_status", "政治面貌", Kind.TEXT, max_length=30),
    Column("party_join_date", "入党日期", Kind.DATE, aliases=("入党时间",)),
    Column(
        "phone",
        "联系电话",
        Kind.TEXT,
        max_length=30,
        aliases=("电话", "手机", "手机号", "手机号码"),
    ),
    Column("tags", "标签", Kind.LIST, max_length=500),
    Column("note", "备注", Kind.TEXT, max_length=MAX_TEXT),
    # Not in the template of product.md, but written by the export so that
    # export -> import reproduces who has left; other workbooks simply lack them.
    Column("status", "状态", Kind.TEXT, max_length=10, aliases=("在册状态",)),
    Column("transferred_out_on", "转出日期", Kind.DATE),
)

# validate_person's field -> the column its message belongs to
_FIELD_COLUMN = {
    "name": "name",
    "employee_no": "employee_no",
    "gender": "gender",
    "birth_date": "birth_date",
    "unit_id": "unit",
    "position": "position",
    "political_status": "political_status",
    "party_join_date": "party_join_date",
    "phone": "phone",
    "tags": "tags",
    "note": "note",
}

_PERSON_FIELDS = (
    "name",
    "employee_no",
    "gender",
    "birth_date",
    "unit_id",
    "position",
    "political_status",
    "party_join_date",
    "phone",
    "tags",
    "note",
    "status",
    "transferred_out_on",
)


@dataclass
class _PersonPlan:
    excel_row: int
    target_id: int | None
    values: dict[str, Any]  # final values; unit as its name under "unit"
    before: dict[str, Any] | None = None
    changed: dict[str, Any] = field(default_factory=dict)


class PeopleSheet:
    sheet = PEOPLE
    columns = PEOPLE_COLUMNS

    def __init__(self) -> None:
        self._plans: list[_PersonPlan] = []
        self._unchanged = 0
        self._initials: dict[int, str] = {}

    # check ---------------------------------------------------------------------

    def check(self, table: SheetTable | None, ctx: ImportContext) -> None:
        if table is None:
            return
        conn = ctx.connection
        unit_names = {i: n for i, n in conn.execute(select(Unit.id, Unit.name))}
        columns = [getattr(Person, f) for f in _PERSON_FIELDS if f != "unit_id"]
        on_file: dict[int, dict[str, Any]] = {}
        initials: dict[int, str] = {}
        by_no: dict[str, int] = {}
        by_name_unit: dict[tuple[str, str], list[int]] = {}
        by_name: dict[str, list[int]] = {}
        for r in conn.execute(select(Person.id, Person.unit_id, Person.name_initials, *columns)):
            values = {f: getattr(r, f) for f in _PERSON_FIELDS if f != "unit_id"}
            values["unit"] = unit_names.get(r.unit_id, "") if r.unit_id else ""
            values["employee_no"] = values["employee_no"] or ""
            on_file[r.id] = values
            initials[r.id] = r.name_initials or ""
            if values["employee_no"]:
                by_no[values["employee_no"]] = r.id
            by_name_unit.setdefault((values["name"], values["unit"]), []).append(r.id)
            by_name.setdefault(values["name"], []).append(r.id)
        self._initials = initials

        header = {c.key: table.header(c.key, PEOPLE_COLUMNS) for c in PEOPLE_COLUMNS}
        has_unit = table.has_column("unit")
        rows_of_no: dict[str, int] = {}
        rows_of_target: dict[int, int] = {}
        rows_of_new_key: dict[tuple[str, str], int] = {}

        for row in table.rows:
            ctx.ticker.tick()
            at = row.excel_row
            v = row.values
            bad = set(row.invalid)

            def problem(key: str, message: str, at: int = at, bad: set[str] = bad) -> None:
                bad.add(key)
                ctx.problem(PEOPLE, at, header[key], message)

            name = v.get("name", "")
            no = v.get("employee_no", "")
            unit = v.get("unit", "") if has_unit else None
            if unit and unit not in ctx.unit_names:
                problem(
                    "unit",
                    f"所在单位「{unit}」不存在：请先在「单位」工作表中添加这个单位，或检查名称是否写错",
                )
            gender = _label(v, "gender", Gender, problem, "性别只能填写 男 或 女")
            status = _label(
                v,
                "political_status",
                PoliticalStatus,
                problem,
                lambda text: f"政治面貌「{text}」无法识别，应为 {_choices(PoliticalStatus)} 之一",
            )
            person_status = _label(
                v, "status", PersonStatus, problem, "状态只能填写 在册 或 已转出"
            )

            # Which person on file this row is.
            target: int | None = None
            if "name" not in bad and "employee_no" not in bad and name:
                if no:
                    if no in rows_of_no:
                        problem(
                            "employee_no",
                            f"工号 {no} 与第 {rows_of_no[no]} 行重复（同一个工号只能出现一次）",
                        )
                    rows_of_no[no] = rows_of_no.get(no, at)
                    target = by_no.get(no)
                if target is None and "employee_no" not in bad:
                    if unit is not None:
                        candidates = by_name_unit.get((name, unit), [])
                        place = f"「{unit}」中" if unit else "未分配单位的人员中"
                    else:
                        candidates = by_name.get(name, [])
                        place = "数据库中"
                    if no or len(candidates) > 1:
                        # A row with a new 工号 may only be someone on file without
                        # one; a row without 工号 among namesakes is the one without.
                        without_no = [c for c in candidates if not on_file[c]["employee_no"]]
                        if no or without_no:
                            candidates = without_no
                    if len(candidates) == 1:
                        target = candidates[0]
                    elif len(candidates) > 1:
                        problem(
                            "name",
                            f"{place}有 {len(candidates)} 名「{name}」，无法确定是哪一位；"
                            "请填写工号以区分",
                        )
                if target is not None:
                    if target in rows_of_target:
                        problem(
                            "name",
                            f"与第 {rows_of_target[target]} 行是同一个人（{name}），"
                            "同一人只能出现一次",
                        )
                    rows_of_target[target] = rows_of_target.get(target, at)
                elif not no and "name" not in bad:
                    key = (name, unit or "")
                    if key in rows_of_new_key:
                        problem(
                            "name",
                            f"与第 {rows_of_new_key[key]} 行同名同单位（{name}）且都没有工号，"
                            "会被当作同一人；如果是两个人，请填写工号",
                        )
                    rows_of_new_key.setdefault(key, at)

            # The person as it will be: on file, overlaid with the columns present.
            old = on_file.get(target) if target is not None else None
            final: dict[str, Any] = (
                dict(old)
                if old
                else {
                    "name": "",
                    "employee_no": "",
                    "gender": None,
                    "birth_date": None,
                    "unit": "",
                    "position": "",
                    "political_status": PoliticalStatus.MASSES,
                    "party_join_date": None,
                    "phone": "",
                    "tags": "",
                    "note": "",
                    "status": PersonStatus.ACTIVE,
                    "transferred_out_on": None,
                }
            )
            for key in (
                "name",
                "birth_date",
                "position",
                "party_join_date",
                "phone",
                "note",
                "transferred_out_on",
            ):
                if key in v:
                    final[key] = v[key]
            if unit is not None:
                final["unit"] = unit
            if no or (old is None and "employee_no" in v):
                # An empty 工号 cell keeps the 工号 of a person matched by name.
                final["employee_no"] = no
            if "gender" in v:
                final["gender"] = gender
            if status is not None:
                final["political_status"] = status
            if person_status is not None:
                final["status"] = person_status
            if "tags" in v:
                final["tags"] = "、".join(dict.fromkeys(v["tags"]))
            if final["status"] != PersonStatus.TRANSFERRED_OUT:
                final["transferred_out_on"] = None
            elif final["transferred_out_on"] and final["transferred_out_on"] > ctx.today:
                problem("transferred_out_on", "转出日期不能晚于今天")

            errors = validate_person(
                PersonInput(
                    name=final["name"],
                    employee_no=final["employee_no"],
                    gender=final["gender"],
                    birth_date=final["birth_date"],
                    position=final["position"],
                    political_status=final["political_status"],
                    party_join_date=final["party_join_date"],
                    phone=final["phone"],
                    tags=final["tags"].split("、") if final["tags"] else [],
                    note=final["note"],
                ),
                today=ctx.today,
            )
            for field_name, message in errors.items():
                key = _FIELD_COLUMN.get(field_name, "name")
                if key not in bad:
                    problem(key, message)
            final["phone"] = "".join(final["phone"].split())
            if bad:
                continue
            ctx.people_after.append((target, final["name"], final["employee_no"], final["unit"]))
            if old is None:
                self._plans.append(_PersonPlan(at, None, final))
                continue
            changed = {k: final[k] for k in final if final[k] != old[k]}
            if changed:
                self._plans.append(_PersonPlan(at, target, final, old, changed))
            else:
                self._unchanged += 1

    # write ---------------------------------------------------------------------

    def write(self, ctx: ImportContext) -> SheetCounts:
        conn = ctx.connection
        table = Person.__table__
        counts = SheetCounts(unchanged=self._unchanged)
        new = [p for p in self._plans if p.target_id is None]
        changed = [p for p in self._plans if p.target_id is not None]
        if new:
            rows = [_db_row(p.values, ctx.unit_ids) for p in new]
            initials: dict[str, str] = {}  # namesakes are common; the lookup is not free
            for row in rows:
                name = row["name"]
                if name not in initials:
                    initials[name] = pinyin_initials(name)
                row["name_initials"] = initials[name]
                ctx.ticker.tick()
            ids = (
                conn.execute(
                    insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
                )
                .scalars()
                .all()
            )
            for person_id, plan in zip(ids, new, strict=True):
                ctx.audit("create", "people", person_id, plan.values["name"], None, plan.values)
            counts.created = len(new)
        if changed:
            params = []
            for plan in changed:
                row = _db_row(plan.values, ctx.unit_ids)
                row["_id"] = plan.target_id
                row["name_initials"] = (
                    pinyin_initials(row["name"])
                    if "name" in plan.changed
                    else self._initials.get(plan.target_id, "")
                )
                params.append(row)
                before = {k: plan.before[k] for k in plan.changed} if plan.before else None
                ctx.audit(
                    "update", "people", plan.target_id, plan.values["name"], before, plan.changed
                )
                ctx.ticker.tick()
            conn.execute(
                update(table)
                .where(table.c.id == bindparam("_id"))
                .values({k: bindparam(k) for k in params[0] if k != "_id"}),
                params,
            )
            counts.updated = len(changed)
        return counts

    # export --------------------------------------------------------------------

    def export_rows(self, connection: Connection) -> Iterable[Sequence[Any]]:
        units = {i: n for i, n in connection.execute(select(Unit.id, Unit.name))}
        query = select(
            Person.name,
            Person.employee_no,
            Person.gender,
            Person.birth_date,
            Person.unit_id,
            Person.position,
            Person.political_status,
            Person.party_join_date,
            Person.phone,
            Person.tags,
            Person.note,
            Person.status,
            Person.transferred_out_on,
        ).order_by(Person.id)
        for r in connection.execute(query):
            yield (
                r.name,
                r.employee_no or "",
                r.gender.label if r.gender else "",
                r.birth_date,
                units.get(r.unit_id, "") if r.unit_id else "",
                r.position or "",
                r.political_status.label if r.political_status else "",
                r.party_join_date,
                r.phone or "",
                r.tags or "",
                r.note or "",
                r.status.label if r.status else "",
                r.transferred_out_on,
            )


def _label(values: dict[str, Any], key: str, enum_cls, problem, message):
    """The enum member a cell names; None (and a problem if unknown) otherwise."""
    text = values.get(key)
    if not text:
        return None
    member = enum_cls.from_label(text)
    if member is None:
        problem(key, message(text) if callable(message) else message)
    return member


def _db_row(values: dict[str, Any], unit_ids: dict[str, int]) -> dict[str, Any]:
    return {
        "name": values["name"],
        "employee_no": values["employee_no"] or None,
        "gender": values["gender"],
        "birth_date": values["birth_date"],
        "unit_id": unit_ids[values["unit"]] if values["unit"] else None,
        "position": values["position"],
        "political_status": values["political_status"],
        "party_join_date": values["party_join_date"],
        "phone": values["phone"],
        "tags": values["tags"],
        "note": values["note"],
        "status": values["status"],
        "transferred_out_on": values["transferred_out_on"],
    }
