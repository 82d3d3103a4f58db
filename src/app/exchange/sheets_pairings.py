"""The 结对 sheet of the exchange workbook.

People in 帮扶方 and 受帮扶方 are written as sheets_person_refs describes.
Merging (product.md): a pairing with the same name is updated in place; a
column missing from the sheet leaves that field as it is. 备注 (the form's note)
is not in product.md's template: the export writes it so that export -> import
carries every field of the form, and older workbooks without it keep the note.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from app.domain.enums import MemberSide, PairingKind
from app.domain.models import Unit
from app.domain.pairing_models import Pairing, PairingMember
from app.domain.pairing_validation import (
    MAX_CAMPAIGN,
    MAX_PAIRING_NAME,
    PairingInput,
    members_problem,
    pairing_name_error,
    validate_pairing,
)
from app.domain.validation import MAX_TEXT
from app.exchange.sheets import ImportContext, SheetCounts, choices
from app.exchange.sheets_person_refs import (
    PeopleIndex,
    PersonKey,
    person_ids_by_key,
    person_labels,
    resolve_list,
)
from app.exchange.xlsx_reader import Column, Kind, SheetTable

PAIRINGS = "结对"

PAIRING_COLUMNS = (
    Column(
        "name",
        "结对名称",
        Kind.TITLE,
        max_length=MAX_PAIRING_NAME,
        aliases=("结对",),
        required=True,
    ),
    Column("kind", "类型", Kind.TEXT, max_length=30, aliases=("结对类型",)),
    Column("campaign", "所属活动", Kind.TEXT, max_length=MAX_CAMPAIGN, aliases=("活动",)),
    Column("helpers", "帮扶方", Kind.LIST, max_length=2000, aliases=("帮扶人",)),
    Column("helped", "受帮扶方", Kind.LIST, max_length=2000, aliases=("被帮扶方", "帮扶对象")),
    Column("unit", "帮扶对象单位", Kind.NAME, max_length=100, aliases=("受帮扶单位",)),
    Column("start_date", "开始日期", Kind.DATE),
    Column("end_date", "结束日期", Kind.DATE),
    Column("goal", "目标", Kind.TEXT, max_length=MAX_TEXT, aliases=("帮扶目标",)),
    Column("note", "备注", Kind.TEXT, max_length=MAX_TEXT, aliases=("结对备注",)),
)

_PAIRING_FIELDS = ("kind", "campaign", "unit", "start_date", "end_date", "goal", "note")
_PAIRING_ERROR_COLUMN = {
    "name": "name",
    "kind": "kind",
    "campaign": "campaign",
    "start_date": "start_date",
    "end_date": "end_date",
    "goal": "goal",
    "note": "note",
}


@dataclass
class _PairingPlan:
    excel_row: int
    name: str
    target_id: int | None
    values: dict[str, Any]  # _PAIRING_FIELDS; unit as its name
    members: list[tuple[PersonKey, MemberSide]] | None  # None: keep the members on file
    before: dict[str, Any] | None = None


class PairingsSheet:
    sheet = PAIRINGS
    columns = PAIRING_COLUMNS

    def __init__(self) -> None:
        self._plans: list[_PairingPlan] = []

    def check(self, table: SheetTable | None, ctx: ImportContext) -> None:
        conn = ctx.connection
        units = dict(conn.execute(select(Unit.id, Unit.name)).all())
        on_file: dict[str, dict[str, Any]] = {}
        for r in conn.execute(select(Pairing)).mappings():
            on_file[r["name"]] = {
                "id": r["id"],
                "kind": r["kind"],
                "campaign": r["campaign"] or "",
                "unit": units.get(r["helped_unit_id"], "") if r["helped_unit_id"] else "",
                "start_date": r["start_date"],
                "end_date": r["end_date"],
                "goal": r["goal"] or "",
                "note": r["note"] or "",
            }
        ctx.pairing_names = set(on_file)
        if table is None:
            return
        members_on_file: dict[int, list[tuple[int, MemberSide]]] = {}
        for pid, person_id, side in conn.execute(
            select(PairingMember.pairing_id, PairingMember.person_id, PairingMember.side).order_by(
                PairingMember.id
            )
        ):
            members_on_file.setdefault(pid, []).append((person_id, side))
        key_of = {v: k for k, v in person_ids_by_key(conn).items()}
        index = PeopleIndex(conn, ctx)
        header = {c.key: table.header(c.key, PAIRING_COLUMNS) for c in PAIRING_COLUMNS}
        seen: dict[str, int] = {}
        for row in table.rows:
            ctx.ticker.tick()
            at, v, bad = row.excel_row, row.values, set(row.invalid)

            def problem(key: str, message: str, at: int = at, bad: set[str] = bad) -> None:
                bad.add(key)
                ctx.problem(PAIRINGS, at, header[key], message)

            name = v.get("name", "")
            if "name" in bad:
                continue
            if not name:
                problem("name", pairing_name_error(name) or "")
                continue
            if name in seen:
                problem("name", f"结对「{name}」在第 {seen[name]} 行已经出现过")
                continue
            seen[name] = at
            old = on_file.get(name)
            final = (
                {k: old[k] for k in _PAIRING_FIELDS}
                if old
                else {
                    "kind": PairingKind.INTERNAL,
                    "campaign": "",
                    "unit": "",
                    "start_date": None,
                    "end_date": None,
                    "goal": "",
                    "note": "",
                }
            )
            if v.get("kind"):
                kind = PairingKind.from_label(v["kind"])
                if kind is None:
                    problem(
                        "kind", f"类型「{v['kind']}」无法识别，应为 {choices(PairingKind)} 之一"
                    )
                else:
                    final["kind"] = kind
            for key in ("campaign", "start_date", "end_date", "goal", "note", "unit"):
                if key in v:
                    final[key] = v[key]
            if final["unit"] and final["unit"] not in ctx.unit_names:
                problem(
                    "unit", f"帮扶对象单位「{final['unit']}」不存在：请先在「单位」工作表中添加"
                )

            # Members: each side given replaces that side; a missing column keeps it.
            old_members = (
                [(key_of.get(pid), side) for pid, side in members_on_file.get(old["id"], [])]
                if old
                else []
            )
            sides: dict[MemberSide, list[PersonKey]] = {
                side: [k for k, s in old_members if s == side and k is not None]
                for side in MemberSide
            }
            given = False
            for key, side in (("helpers", MemberSide.HELPER), ("helped", MemberSide.HELPED)):
                if key in v and key not in bad:
                    given = True
                    resolved = resolve_list(index, v[key], problem, key)
                    if resolved is not None:
                        sides[side] = resolved
            numbered = {
                k: i
                for i, k in enumerate(
                    dict.fromkeys(sides[MemberSide.HELPER] + sides[MemberSide.HELPED])
                )
            }
            values = PairingInput(
                name=name,
                kind=final["kind"],
                campaign=final["campaign"],
                helpers=[numbered[k] for k in sides[MemberSide.HELPER]],
                helped=[numbered[k] for k in sides[MemberSide.HELPED]],
                start_date=final["start_date"],
                end_date=final["end_date"],
                goal=final["goal"],
                note=final["note"],
            )
            errors = validate_pairing(values)
            for field_name, message in errors.items():
                key = _PAIRING_ERROR_COLUMN.get(field_name)
                if key is None:  # members: under the side the message is about
                    side = (members_problem(values.helpers, values.helped) or (None, ""))[0]
                    key = "helped" if side == MemberSide.HELPED else "helpers"
                if key not in bad:
                    problem(key, message)
            if bad:
                continue
            members = (
                [(k, MemberSide.HELPER) for k in sides[MemberSide.HELPER]]
                + [(k, MemberSide.HELPED) for k in sides[MemberSide.HELPED]]
                if given or old is None
                else None
            )
            self._plans.append(
                _PairingPlan(at, name, old["id"] if old else None, final, members, old)
            )
        ctx.pairing_names |= set(seen)

    def write(self, ctx: ImportContext) -> SheetCounts:
        conn = ctx.connection
        counts = SheetCounts()
        person_ids = person_ids_by_key(conn)
        unit_ids = dict((n, i) for i, n in conn.execute(select(Unit.id, Unit.name)))
        table = Pairing.__table__
        for plan in self._plans:
            ctx.ticker.tick()
            row = {
                "name": plan.name,
                "kind": plan.values["kind"],
                "campaign": plan.values["campaign"],
                "helped_unit_id": unit_ids.get(plan.values["unit"])
                if plan.values["unit"]
                else None,
                "start_date": plan.values["start_date"],
                "end_date": plan.values["end_date"],
                "goal": plan.values["goal"],
                "note": plan.values["note"],
            }
            changed_fields: dict[str, Any] = {}
            if plan.target_id is None:
                pid = conn.execute(insert(table).values(**row)).inserted_primary_key[0]
            else:
                pid = plan.target_id
                assert plan.before is not None
                changed_fields = {
                    k: plan.values[k] for k in _PAIRING_FIELDS if plan.values[k] != plan.before[k]
                }
                if changed_fields:
                    conn.execute(update(table).where(table.c.id == pid).values(**row))
            members_changed = False
            if plan.members is not None:
                wanted = [(person_ids[k], side) for k, side in plan.members]
                current = [
                    (r.person_id, r.side)
                    for r in conn.execute(
                        select(PairingMember.person_id, PairingMember.side)
                        .where(PairingMember.pairing_id == pid)
                        .order_by(PairingMember.id)
                    )
                ]
                if sorted(current) != sorted(wanted):
                    members_changed = True
                    conn.execute(delete(PairingMember).where(PairingMember.pairing_id == pid))
                    conn.execute(
                        insert(PairingMember.__table__),
                        [{"pairing_id": pid, "person_id": p, "side": s} for p, s in wanted],
                    )
            if plan.target_id is None:
                counts.created += 1
                ctx.audit("create", "pairings", pid, plan.name, None, plan.values)
            elif changed_fields or members_changed:
                counts.updated += 1
                if members_changed:
                    changed_fields["members"] = "、".join(k[1] for k, _ in plan.members or [])
                ctx.audit("update", "pairings", pid, plan.name, None, changed_fields)
            else:
                counts.unchanged += 1
        return counts

    def export_rows(self, connection: Connection) -> Iterable[Sequence[Any]]:
        labels = person_labels(connection)
        units = dict(connection.execute(select(Unit.id, Unit.name)).all())
        members: dict[int, list[tuple[int, MemberSide]]] = {}
        for pid, person_id, side in connection.execute(
            select(PairingMember.pairing_id, PairingMember.person_id, PairingMember.side).order_by(
                PairingMember.id
            )
        ):
            members.setdefault(pid, []).append((person_id, side))
        for r in connection.execute(select(Pairing).order_by(Pairing.id)).mappings():
            mine = members.get(r["id"], [])
            yield (
                r["name"],
                r["kind"].label,
                r["campaign"] or "",
                "、".join(labels[p] for p, s in mine if s == MemberSide.HELPER),
                "、".join(labels[p] for p, s in mine if s == MemberSide.HELPED),
                units.get(r["helped_unit_id"], "") if r["helped_unit_id"] else "",
                r["start_date"],
                r["end_date"],
                r["goal"] or "",
                r["note"] or "",
            )
