"""The 结对 and 帮扶活动 sheets of the exchange workbook.

People in 帮扶方, 受帮扶方 and 参与人员 are written by name, or as 姓名(工号) /
姓名（工号） where a name is not unique (姓名(单位) for a namesake without a 工号);
a name shared by several people is an error naming the row and column. They are resolved against the people as they
will be once the 人员 sheet of the same workbook is written.

Merging (product.md): a pairing with the same name, and a session with the same
date, pairing and topic, are updated in place; a column missing from the sheet
leaves that field as it is. 发现问题 and 已解决问题 hold one problem per line: a
line in both is a problem found and solved in that session; a line only in
已解决问题 solves the open problem of that text found earlier in the same
pairing, or else is a problem found and solved there. A solved line may end in
（2026-03-05 解决） when it was solved on another day than the session's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from app.domain.enums import MemberSide, PairingKind, ServiceType
from app.domain.models import (
    AssistanceSession,
    Pairing,
    PairingMember,
    Person,
    Problem,
    SessionParticipant,
    Unit,
)
from app.domain.pairing_validation import (
    MAX_CAMPAIGN,
    MAX_OUTSIDE,
    MAX_PAIRING_NAME,
    MAX_PLACE,
    MAX_PROBLEM,
    MAX_TOPIC,
    PairingInput,
    validate_pairing,
)
from app.domain.text import clean_name, clean_text
from app.domain.validation import MAX_TEXT, parse_date
from app.exchange.sheets import ImportContext, SheetCounts
from app.exchange.xlsx_reader import Column, Kind, SheetTable

PAIRINGS = "结对"
SESSIONS = "帮扶活动"

_WITH_NO = re.compile(r"^(.*?)\s*[(（]\s*([^()（）]*?)\s*[)）]$")
_SOLVED_ON = re.compile(r"^(.*?)\s*[(（]\s*([0-9０-９][^()（）]*?)\s*解决\s*[)）]$")

PersonKey = tuple[str, str, str]  # ("no", 工号, "") or ("name", name, unit)


def _choices(enum_cls) -> str:
    return "、".join(enum_cls.labels())


# ----- people -------------------------------------------------------------------------


class PeopleIndex:
    """The people as they will be after the 人员 sheet is written."""

    def __init__(self, connection: Connection, ctx: ImportContext) -> None:
        units = dict(connection.execute(select(Unit.id, Unit.name)).all())
        replaced = {target for target, *_ in ctx.people_after if target is not None}
        people: list[tuple[str, str, str]] = [
            (r.name, r.employee_no or "", units.get(r.unit_id, "") if r.unit_id else "")
            for r in connection.execute(
                select(Person.id, Person.name, Person.employee_no, Person.unit_id)
            )
            if r.id not in replaced
        ]
        people += [(name, no, unit) for _, name, no, unit in ctx.people_after]
        self.by_no = {no: (name, unit) for name, no, unit in people if no}
        self.by_name: dict[str, list[tuple[str, str]]] = {}
        for name, no, unit in people:
            self.by_name.setdefault(name, []).append((no, unit))

    def resolve(self, token: str) -> tuple[PersonKey | None, str | None]:
        """The person a cell item names, or the message saying why not."""
        match = _WITH_NO.match(token)
        if match and match.group(2):
            name, extra = clean_name(match.group(1)), clean_text(match.group(2))
            if extra in self.by_no:
                on_file = self.by_no[extra][0]
                if name and name != on_file:
                    return None, f"工号 {extra} 是「{on_file}」，不是「{name}」"
                return ("no", extra, ""), None
            # Namesakes without a 工号 are told apart by their unit: 姓名(单位).
            in_unit = [no for no, unit in self.by_name.get(name, []) if unit == clean_name(extra)]
            if len(in_unit) > 1:  # one with a 工号 is written 姓名(工号); this is the other
                in_unit = [no for no in in_unit if not no]
            if len(in_unit) == 1:
                no = in_unit[0]
                return (("no", no, "") if no else ("name", name, clean_name(extra))), None
            return (
                None,
                f"没有工号为 {extra} 的人员，「{extra}」也不是「{name}」所在的单位（{token}）",
            )
        name = clean_name(token)
        found = self.by_name.get(name, [])
        if not found:
            return None, f"人员「{name}」不存在：请先在「人员」工作表或名册中添加"
        if len(found) > 1:
            where = "、".join(
                f"{unit or '未分配单位'}{'·' + no if no else ''}" for no, unit in found
            )
            return None, (
                f"有 {len(found)} 名「{name}」（{where}），无法确定是哪一位；请写成 {name}(工号)"
            )
        no, unit = found[0]
        return (("no", no, "") if no else ("name", name, unit)), None


def _resolve_list(
    index: PeopleIndex, tokens: list[str], problem, key: str
) -> list[PersonKey] | None:
    keys: list[PersonKey] = []
    ok = True
    for token in tokens:
        person, message = index.resolve(token)
        if person is None:
            problem(key, message)
            ok = False
        elif person not in keys:
            keys.append(person)
    return keys if ok else None


def _person_ids(connection: Connection) -> dict[PersonKey, int]:
    units = dict(connection.execute(select(Unit.id, Unit.name)).all())
    ids: dict[PersonKey, int] = {}
    for r in connection.execute(select(Person.id, Person.name, Person.employee_no, Person.unit_id)):
        if r.employee_no:
            ids[("no", r.employee_no, "")] = r.id
        else:
            ids[("name", r.name, units.get(r.unit_id, "") if r.unit_id else "")] = r.id
    return ids


def person_labels(connection: Connection) -> dict[int, str]:
    """How the export writes each person: the name, or for namesakes 姓名(工号),
    or 姓名(单位) for one without a 工号."""
    units = dict(connection.execute(select(Unit.id, Unit.name)).all())
    rows = connection.execute(
        select(Person.id, Person.name, Person.employee_no, Person.unit_id)
    ).all()
    count: dict[str, int] = {}
    for r in rows:
        count[r.name] = count.get(r.name, 0) + 1
    labels = {}
    for r in rows:
        unit = units.get(r.unit_id, "") if r.unit_id else ""
        if count[r.name] == 1:
            labels[r.id] = r.name
        elif r.employee_no:
            labels[r.id] = f"{r.name}({r.employee_no})"
        else:
            labels[r.id] = f"{r.name}({unit})" if unit else r.name
    return labels


# ----- 结对 ---------------------------------------------------------------------------

PAIRING_COLUMNS = (
    Column(
        "name", "结对名称", Kind.TITLE, max_length=MAX_PAIRING_NAME, aliases=("结对",), required=True
    ),
    Column("kind", "类型", Kind.TEXT, max_length=30, aliases=("结对类型",)),
    Column("campaign", "所属活动", Kind.TEXT, max_length=MAX_CAMPAIGN, aliases=("活动",)),
    Column("helpers", "帮扶方", Kind.LIST, max_length=2000, aliases=("帮扶人",)),
    Column("helped", "受帮扶方", Kind.LIST, max_length=2000, aliases=("被帮扶方", "帮扶对象")),
    Column("unit", "帮扶对象单位", Kind.NAME, max_length=100, aliases=("受帮扶单位",)),
    Column("start_date", "开始日期", Kind.DATE),
    Column("end_date", "结束日期", Kind.DATE),
    Column("goal", "目标", Kind.TEXT, max_length=MAX_TEXT, aliases=("帮扶目标",)),
)

_PAIRING_FIELDS = ("kind", "campaign", "unit", "start_date", "end_date", "goal")
_PAIRING_ERROR_COLUMN = {
    "name": "name",
    "kind": "kind",
    "campaign": "campaign",
    "start_date": "start_date",
    "end_date": "end_date",
    "goal": "goal",
}


@dataclass
class _PairingPlan:
    excel_row: int
    name: str
    target_id: int | None
    values: dict[str, Any]  # kind, campaign, unit (name), start_date, end_date, goal
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
        key_of = {v: k for k, v in _person_ids(conn).items()}
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
                problem("name", "请填写结对名称")
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
                }
            )
            if v.get("kind"):
                kind = PairingKind.from_label(v["kind"])
                if kind is None:
                    problem(
                        "kind", f"类型「{v['kind']}」无法识别，应为 {_choices(PairingKind)} 之一"
                    )
                else:
                    final["kind"] = kind
            for key in ("campaign", "start_date", "end_date", "goal", "unit"):
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
                    resolved = _resolve_list(index, v[key], problem, key)
                    if resolved is not None:
                        sides[side] = resolved
            numbered = {
                k: i
                for i, k in enumerate(
                    dict.fromkeys(sides[MemberSide.HELPER] + sides[MemberSide.HELPED])
                )
            }
            errors = validate_pairing(
                PairingInput(
                    name=name,
                    kind=final["kind"],
                    campaign=final["campaign"],
                    helpers=[numbered[k] for k in sides[MemberSide.HELPER]],
                    helped=[numbered[k] for k in sides[MemberSide.HELPED]],
                    start_date=final["start_date"],
                    end_date=final["end_date"],
                    goal=final["goal"],
                )
            )
            for field_name, message in errors.items():
                key = _PAIRING_ERROR_COLUMN.get(field_name)
                if key is None:  # members: under the side the message is about
                    key = (
                        "helped"
                        if message.endswith("一名受帮扶方") or "既是" in message
                        else "helpers"
                    )
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
        person_ids = _person_ids(conn)
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
            }
            changed_fields: dict[str, Any] = {}
            if plan.target_id is None:
                pid = conn.execute(insert(table).values(**row, note="")).inserted_primary_key[0]
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
            )


# ----- 帮扶活动 -----------------------------------------------------------------------

SESSION_COLUMNS = (
    Column("date", "日期", Kind.DATE, aliases=("活动日期",), required=True),
    Column(
        "pairing",
        "结对名称",
        Kind.TITLE,
        max_length=MAX_PAIRING_NAME,
        aliases=("结对",),
        required=True,
    ),
    Column("topic", "主题", Kind.TEXT, max_length=MAX_TOPIC, aliases=("活动主题",)),
    Column("service_type", "服务类型", Kind.TEXT, max_length=30),
    Column("place", "地点", Kind.TEXT, max_length=MAX_PLACE, aliases=("活动地点",)),
    Column("participants", "参与人员", Kind.LIST, max_length=5000),
    Column("outside", "其他参与人数", Kind.TEXT, max_length=10, aliases=("其他人数",)),
    Column("found", "发现问题", Kind.TEXT, max_length=20000),
    Column("solved", "已解决问题", Kind.TEXT, max_length=20000),
    Column("follow_up", "后续跟进", Kind.TEXT, max_length=MAX_TEXT),
)


@dataclass
class _SessionPlan:
    excel_row: int
    date: dt.date
    pairing: str
    topic: str
    values: dict[str, Any]  # service_type, place, outside_count, follow_up (given ones)
    participants: list[PersonKey] | None
    found: list[str] | None  # None: the column is missing, keep the problems
    solved: dict[str, dt.date | None] = field(default_factory=dict)  # text -> solved on


def _lines(text: str) -> list[str]:
    return list(dict.fromkeys(clean_text(line) for line in text.splitlines() if clean_text(line)))


class SessionsSheet:
    sheet = SESSIONS
    columns = SESSION_COLUMNS

    def __init__(self) -> None:
        self._plans: list[_SessionPlan] = []

    def check(self, table: SheetTable | None, ctx: ImportContext) -> None:
        if table is None:
            return
        conn = ctx.connection
        index = PeopleIndex(conn, ctx)
        on_file = {
            (r[0], r[1], r[2])
            for r in conn.execute(
                select(AssistanceSession.date, Pairing.name, AssistanceSession.topic).join(
                    Pairing, Pairing.id == AssistanceSession.pairing_id
                )
            )
        }
        header = {c.key: table.header(c.key, SESSION_COLUMNS) for c in SESSION_COLUMNS}
        seen: dict[tuple[dt.date, str, str], int] = {}
        for row in table.rows:
            ctx.ticker.tick()
            at, v, bad = row.excel_row, row.values, set(row.invalid)

            def problem(key: str, message: str, at: int = at, bad: set[str] = bad) -> None:
                bad.add(key)
                ctx.problem(SESSIONS, at, header[key], message)

            day = v.get("date")
            if day is None and "date" not in bad:
                problem("date", "请填写日期")
            elif day is not None and day > ctx.today:
                problem("date", "日期不能晚于今天")
            pairing = v.get("pairing", "")
            if not pairing and "pairing" not in bad:
                problem("pairing", "请填写结对名称")
            elif pairing and pairing not in ctx.pairing_names:
                problem("pairing", f"结对「{pairing}」不存在：请先在「结对」工作表中添加")
            topic = v.get("topic", "")
            if not topic and "topic" not in bad:
                problem("topic", "请填写主题")
            values: dict[str, Any] = {}
            if "service_type" in v:
                kind = (
                    ServiceType.from_label(v["service_type"])
                    if v["service_type"]
                    else ServiceType.OTHER
                )
                if kind is None:
                    problem(
                        "service_type",
                        f"服务类型「{v['service_type']}」无法识别，应为 {_choices(ServiceType)} 之一",
                    )
                values["service_type"] = kind
            if "place" in v:
                values["place"] = v["place"]
            if "follow_up" in v:
                values["follow_up"] = v["follow_up"]
            if "outside" in v:
                text = v["outside"].replace("人", "").strip()
                if not text:
                    values["outside_count"] = 0
                elif not text.isdigit() or int(text) > MAX_OUTSIDE:
                    problem(
                        "outside",
                        f"其他参与人数应为 0 到 {MAX_OUTSIDE} 的整数（现为「{v['outside']}」）",
                    )
                else:
                    values["outside_count"] = int(text)
            participants = None
            if "participants" in v and "participants" not in bad:
                participants = _resolve_list(index, v["participants"], problem, "participants")
            found = _lines(v["found"]) if "found" in v else None
            solved: dict[str, dt.date | None] = {}
            for line in _lines(v.get("solved", "")):
                text, on = line, None
                match = _SOLVED_ON.match(line)
                if match:
                    on = parse_date(match.group(2))
                    if on is None:
                        problem("solved", f"「{line}」中的解决日期无法识别（例如 2026-03-05 解决）")
                        continue
                    text = clean_text(match.group(1))
                    if day is not None and on < day and found is not None and text in found:
                        problem("solved", f"「{text}」的解决日期早于活动日期")
                    if on > ctx.today:
                        problem("solved", f"「{text}」的解决日期晚于今天")
                solved[text] = on
            for key, lines in (("found", found or []), ("solved", list(solved))):
                for line in lines:
                    if len(line) > MAX_PROBLEM:
                        problem(key, f"问题「{line[:10]}…」过长（每个最多 {MAX_PROBLEM} 个字）")
            if day is not None and pairing and topic:
                key = (day, pairing, topic)
                if key in seen:
                    problem("topic", f"与第 {seen[key]} 行是同一次活动（日期、结对、主题都相同）")
                seen.setdefault(key, at)
            if bad:
                continue
            # A new session needs someone there; one on file keeps what a missing column leaves.
            nobody = not participants and not values.get("outside_count")
            if (day, pairing, topic) not in on_file:
                empty = nobody
            else:
                empty = nobody and participants is not None and "outside_count" in values
            if empty:
                problem("participants", "请填写参与人员，或填写其他参与人数")
                continue
            self._plans.append(
                _SessionPlan(at, day, pairing, topic, values, participants, found, solved)
            )

    def write(self, ctx: ImportContext) -> SheetCounts:
        conn = ctx.connection
        counts = SheetCounts()
        person_ids = _person_ids(conn)
        pairing_ids = {n: i for i, n in conn.execute(select(Pairing.id, Pairing.name))}
        s = AssistanceSession.__table__
        p = Problem.__table__
        # In date order, so a line solving an earlier session's problem finds it.
        for plan in sorted(self._plans, key=lambda x: (x.date, x.excel_row)):
            ctx.ticker.tick()
            pid = pairing_ids[plan.pairing]
            existing = (
                conn.execute(
                    select(s).where(
                        s.c.date == plan.date, s.c.pairing_id == pid, s.c.topic == plan.topic
                    )
                )
                .mappings()
                .first()
            )
            changes: dict[str, Any] = {}
            if existing is None:
                row = {
                    "date": plan.date,
                    "pairing_id": pid,
                    "topic": plan.topic,
                    "service_type": plan.values.get("service_type", ServiceType.OTHER),
                    "place": plan.values.get("place", ""),
                    "outside_count": plan.values.get("outside_count", 0),
                    "follow_up": plan.values.get("follow_up", ""),
                    "participant_count": 0,
                }
                sid = conn.execute(insert(s).values(**row)).inserted_primary_key[0]
                changes = dict(row)
            else:
                sid = existing["id"]
                changes = {k: val for k, val in plan.values.items() if existing[k] != val}
                if changes:
                    conn.execute(update(s).where(s.c.id == sid).values(**changes))
            if plan.participants is not None:
                wanted = [person_ids[k] for k in plan.participants]
                current = list(
                    conn.scalars(
                        select(SessionParticipant.person_id)
                        .where(SessionParticipant.session_id == sid)
                        .order_by(SessionParticipant.id)
                    )
                )
                if sorted(current) != sorted(wanted):
                    conn.execute(
                        delete(SessionParticipant).where(SessionParticipant.session_id == sid)
                    )
                    if wanted:
                        conn.execute(
                            insert(SessionParticipant.__table__),
                            [{"session_id": sid, "person_id": w} for w in wanted],
                        )
                    conn.execute(
                        update(s).where(s.c.id == sid).values(participant_count=len(wanted))
                    )
                    changes["participants"] = "、".join(k[1] for k in plan.participants)
            if self._write_problems(conn, p, plan, sid, pid):
                changes["problems"] = "；".join(plan.found or list(plan.solved))
            summary = f"{plan.date:%Y-%m-%d} {plan.pairing} {plan.topic}"
            if existing is None:
                counts.created += 1
                ctx.audit("create", "assistance_sessions", sid, summary, None, changes)
            elif changes:
                counts.updated += 1
                ctx.audit("update", "assistance_sessions", sid, summary, None, changes)
            else:
                counts.unchanged += 1
        return counts

    @staticmethod
    def _write_problems(conn: Connection, p, plan: _SessionPlan, sid: int, pid: int) -> bool:
        """Bring the session's problems in line with its two cells; True if anything changed."""
        changed = False
        mine = {
            r["text"]: r
            for r in conn.execute(
                select(p).where(p.c.session_id == sid).order_by(p.c.id)
            ).mappings()
        }
        found = plan.found if plan.found is not None else list(mine)
        texts = list(
            dict.fromkeys(found + [t for t in plan.solved if t not in found and t in mine])
        )
        # Lines only in 已解决问题: an earlier open problem of the pairing, else found here.
        earlier: dict[str, Any] = {}
        for text in plan.solved:
            if text in found or text in mine:
                continue
            hit = conn.execute(
                select(p.c.id, p.c.solved, p.c.solved_on, p.c.solved_session_id)
                .join(
                    AssistanceSession.__table__, AssistanceSession.__table__.c.id == p.c.session_id
                )
                .where(
                    p.c.text == text,
                    AssistanceSession.__table__.c.pairing_id == pid,
                    AssistanceSession.__table__.c.date < plan.date,
                    (p.c.solved.is_(False)) | (p.c.solved_session_id == sid),
                )
                .order_by(AssistanceSession.__table__.c.date)
            ).first()
            if hit is not None:
                earlier[text] = hit
            else:
                texts.append(text)
        if plan.found is not None:
            for text, r in mine.items():
                if text not in texts:
                    conn.execute(delete(p).where(p.c.id == r["id"]))
                    changed = True
        for text in texts:
            if text in plan.solved:
                want = (True, plan.solved[text] or plan.date, None)
            else:
                r = mine.get(text)
                if r is not None and r["solved_session_id"] not in (None, sid):
                    continue  # solved later by another session: that row says so
                want = (False, None, None)
            r = mine.get(text)
            if r is None:
                conn.execute(
                    insert(p).values(
                        session_id=sid, text=text, solved=want[0], solved_on=want[1],
                        solved_session_id=want[2],
                    )
                )  # fmt: skip
                changed = True
            elif (r["solved"], r["solved_on"], r["solved_session_id"]) != want:
                conn.execute(
                    update(p).where(p.c.id == r["id"]).values(
                        solved=want[0], solved_on=want[1], solved_session_id=want[2]
                    )
                )  # fmt: skip
                changed = True
        for text, hit in earlier.items():
            want = (True, plan.solved[text] or plan.date, sid)
            if (hit.solved, hit.solved_on, hit.solved_session_id) != want:
                conn.execute(
                    update(p).where(p.c.id == hit.id).values(
                        solved=want[0], solved_on=want[1], solved_session_id=want[2]
                    )
                )  # fmt: skip
                changed = True
        return changed

    def export_rows(self, connection: Connection) -> Iterable[Sequence[Any]]:
        labels = person_labels(connection)
        pairings = dict(connection.execute(select(Pairing.id, Pairing.name)).all())
        participants: dict[int, list[int]] = {}
        for sid, person_id in connection.execute(
            select(SessionParticipant.session_id, SessionParticipant.person_id).order_by(
                SessionParticipant.id
            )
        ):
            participants.setdefault(sid, []).append(person_id)
        found: dict[int, list[str]] = {}
        solved: dict[int, list[str]] = {}
        dates = dict(connection.execute(select(AssistanceSession.id, AssistanceSession.date)).all())
        for r in connection.execute(select(Problem).order_by(Problem.id)).mappings():
            found.setdefault(r["session_id"], []).append(r["text"])
            if not r["solved"]:
                continue
            where = r["solved_session_id"] or r["session_id"]
            line = r["text"]
            if r["solved_on"] is not None and r["solved_on"] != dates.get(where):
                line += f"（{r['solved_on']:%Y-%m-%d} 解决）"
            solved.setdefault(where, []).append(line)
        query = select(AssistanceSession).order_by(AssistanceSession.date, AssistanceSession.id)
        for r in connection.execute(query).mappings():
            yield (
                r["date"],
                pairings.get(r["pairing_id"], ""),
                r["topic"],
                r["service_type"].label,
                r["place"] or "",
                "、".join(labels[x] for x in participants.get(r["id"], [])),
                r["outside_count"],
                "\n".join(found.get(r["id"], [])),
                "\n".join(solved.get(r["id"], [])),
                r["follow_up"] or "",
            )
