"""The 人员 sheet of the exchange workbook.

Merging rules (product.md, "Exchange workbook"):
- a person is the person with the same 工号, else (no 工号, or a 工号 not yet on
  file) the one person of the same name in the same unit who has no 工号 yet;
- a column missing from the sheet leaves that field as it is; an empty cell in
  a column that is there empties the field, except that 政治面貌 then keeps
  what is on file (a new person gets 群众), and a person matched by name keeps
  the 工号 on file when the cell is empty.
Rows are written with Core statements (one executemany per kind), which is what
makes 10,000 people import quickly; per-record audit rows are queued on the
context and written in one executemany too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from app.domain.enums import Gender, PersonStatus, PoliticalStatus
from app.domain.models import Person, Unit
from app.domain.person_fields import PERSON_LABELS
from app.domain.search_keys import name_sort_key, pinyin_initials, search_key
from app.domain.validation import (
    MAX_NAME,
    MAX_TEXT,
    PersonInput,
    transferred_out_error,
    validate_person,
)
from app.exchange.sheets import ImportContext, SheetCounts, choices
from app.exchange.xlsx_reader import Column, Kind, SheetTable

PEOPLE = "人员"


_LABEL = PERSON_LABELS  # the headers are the person's field labels (domain.person_fields)
PEOPLE_COLUMNS = (
    Column("name", _LABEL["name"], Kind.PERSON, max_length=MAX_NAME, required=True),
    Column(
        "employee_no",
        _LABEL["employee_no"],
        Kind.TEXT,
        max_length=30,
        aliases=("员工编号", "人员编号"),
    ),
    Column("gender", _LABEL["gender"], Kind.TEXT, max_length=10),
    Column("birth_date", _LABEL["birth_date"], Kind.DATE, aliases=("出生年月日",)),
    Column(
        "unit",
        _LABEL["unit_id"],
        Kind.NAME,
        max_length=100,
        aliases=("单位", "单位名称", "所属单位"),
    ),
    Column(
        "position", _LABEL["position"], Kind.TEXT, max_length=100, aliases=("职务", "岗位/职务")
    ),
    Column("political_status", _LABEL["political_status"], Kind.TEXT, max_length=30),
    Column("party_join_date", _LABEL["party_join_date"], Kind.DATE, aliases=("入党时间",)),
    Column(
        "phone",
        _LABEL["phone"],
        Kind.TEXT,
        max_length=30,
        aliases=("电话", "手机", "手机号", "手机号码"),
    ),
    Column("tags", _LABEL["tags"], Kind.LIST, max_length=500),
    Column("note", _LABEL["note"], Kind.TEXT, max_length=MAX_TEXT),
    # Not in the template of product.md, but written by the export so that
    # export -> import reproduces who has left; other workbooks simply lack them.
    Column("status", _LABEL["status"], Kind.TEXT, max_length=10, aliases=("在册状态",)),
    Column("transferred_out_on", _LABEL["transferred_out_on"], Kind.DATE),
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

_PERSON_FIELDS = tuple(PERSON_LABELS)  # every column of people the sheet carries


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
        sort_keys: dict[int, str] = {}
        by_no: dict[str, int] = {}
        by_name_unit: dict[tuple[str, str], list[int]] = {}
        by_name: dict[str, list[int]] = {}
        for r in conn.execute(
            select(Person.id, Person.unit_id, Person.name_initials, Person.name_sort, *columns)
        ):
            values = {f: getattr(r, f) for f in _PERSON_FIELDS if f != "unit_id"}
            values["unit"] = unit_names.get(r.unit_id, "") if r.unit_id else ""
            values["employee_no"] = values["employee_no"] or ""
            on_file[r.id] = values
            initials[r.id] = r.name_initials or ""
            sort_keys[r.id] = r.name_sort or ""
            if values["employee_no"]:
                by_no[values["employee_no"]] = r.id
            by_name_unit.setdefault((values["name"], values["unit"]), []).append(r.id)
            by_name.setdefault(values["name"], []).append(r.id)
        self._initials = initials
        self._sort_keys = sort_keys

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
                lambda text: f"政治面貌「{text}」无法识别，应为 {choices(PoliticalStatus)} 之一",
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
            elif message := transferred_out_error(final["transferred_out_on"], ctx.today):
                problem("transferred_out_on", message)

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
            after = (final["name"], final["employee_no"], final["unit"])
            ctx.political_after[after] = final["political_status"]
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
            keys: dict[str, tuple[str, str]] = {}  # namesakes are common; the lookup is not free
            for row in rows:
                name = row["name"]
                if name not in keys:
                    keys[name] = (pinyin_initials(name), name_sort_key(name))
                row["name_initials"], row["name_sort"] = keys[name]
                row["search_key"] = search_key(name, row["employee_no"], row["name_initials"])
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
                if "name" in plan.changed:
                    row["name_initials"] = pinyin_initials(row["name"])
                    row["name_sort"] = name_sort_key(row["name"])
                else:
                    row["name_initials"] = self._initials.get(plan.target_id, "")
                    row["name_sort"] = self._sort_keys.get(plan.target_id, "")
                row["search_key"] = search_key(
                    row["name"], row["employee_no"], row["name_initials"]
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
