"""The 发展记录 sheet of the exchange workbook (双培养一输送): one row per stage.

姓名, 工号, 阶段 (业务骨干/递交入党申请书/入党积极分子/发展对象/预备党员/正式党员/
输送), 日期, 备注 (for 输送: the post), and what the regulations ask to be
recorded: 谈话日期, 入党介绍人 (two names), 培训天数, 培训学时, 审批日期,
预备期延长(月). The person is found by 工号 when given, else by 姓名, as in the
党员承诺 sheet.

Merging: a record with the same person, 阶段 and 日期 is updated in place; a
column missing from the sheet leaves that field as it is. The rules are the
form's (services.development.stage_errors); the regulations only warn, on the
page. Importing a stage with a 政治面貌 (预备党员, 正式党员 ...) moves the
person's 政治面貌 forward as recording it on the page does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.domain.mentoring_models import DevelopmentRecord, Stage
from app.domain.models import Person
from app.domain.text import clean_text
from app.exchange.sheets import ImportContext, SheetCounts, choices
from app.exchange.sheets_person_refs import (
    PeopleIndex,
    PersonKey,
    person_ids_by_key,
    person_labels,
    resolve_list,
)
from app.exchange.xlsx_reader import Column, Kind, SheetTable
from app.services.development import MAX_NOTE, StageInput, political_status_after, stage_errors

DEVELOPMENT = "发展记录"

DEVELOPMENT_COLUMNS = (
    Column("name", "姓名", Kind.PERSON, max_length=100),
    Column("employee_no", "工号", Kind.TEXT, max_length=30),
    Column("stage", "阶段", Kind.TEXT, max_length=30, aliases=("发展阶段",), required=True),
    Column("date", "日期", Kind.DATE, aliases=("时间",), required=True),
    Column("note", "备注", Kind.TEXT, max_length=4 * MAX_NOTE, aliases=("输送岗位", "去向")),
    Column("talk_date", "谈话日期", Kind.DATE),
    Column("introducers", "入党介绍人", Kind.LIST, max_length=300, aliases=("介绍人",)),
    Column("training_days", "培训天数", Kind.TEXT, max_length=10),
    Column("training_hours", "培训学时", Kind.TEXT, max_length=10),
    Column("approval_date", "审批日期", Kind.DATE, aliases=("上级党委审批日期",)),
    Column("extension_months", "预备期延长(月)", Kind.TEXT, max_length=10,
           aliases=("预备期延长（月）", "预备期延长")),
)  # fmt: skip

FIELDS = ("note", "talk_date", "introducers", "training_days", "training_hours",
          "approval_date", "extension_months")  # fmt: skip
_NUMBERS = ("training_days", "training_hours", "extension_months")
_ERROR_COLUMN = {"stage": "stage", "date": "date", **{f: f for f in FIELDS}}
_WHOLE = re.compile(r"\d+")


@dataclass
class _Plan:
    excel_row: int
    person: PersonKey
    stage: Stage
    date: dt.date
    target_id: int | None
    values: dict[str, Any]  # FIELDS; introducers as person keys
    before: dict[str, Any] | None


class DevelopmentSheet:
    sheet = DEVELOPMENT
    columns = DEVELOPMENT_COLUMNS

    def __init__(self) -> None:
        self._plans: list[_Plan] = []

    def check(self, table: SheetTable | None, ctx: ImportContext) -> None:
        if table is None:
            return
        conn = ctx.connection
        key_of = {v: k for k, v in person_ids_by_key(conn).items()}
        on_file: dict[tuple[PersonKey, Stage, dt.date], dict[str, Any]] = {}
        for r in conn.execute(select(DevelopmentRecord.__table__)).mappings():
            person = key_of.get(r["person_id"])
            if person is None:
                continue
            values = {f: r[f] for f in FIELDS if f != "introducers"}
            values["note"] = values["note"] or ""
            values["introducers"] = [
                key_of[i] for i in (r["introducer1_id"], r["introducer2_id"]) if i in key_of
            ]
            on_file[(person, r["stage"], r["date"])] = {"id": r["id"], **values}
        index = PeopleIndex(conn, ctx)
        header = {c.key: table.header(c.key, DEVELOPMENT_COLUMNS) for c in DEVELOPMENT_COLUMNS}
        seen: dict[tuple, int] = {}
        for row in table.rows:
            ctx.ticker.tick()
            at, v, bad = row.excel_row, row.values, set(row.invalid)

            def problem(key: str, message: str, at: int = at, bad: set[str] = bad) -> None:
                bad.add(key)
                ctx.problem(DEVELOPMENT, at, header[key], message)

            person = _person(v, bad, index, problem)
            stage = None
            if "stage" not in bad and v.get("stage"):
                stage = Stage.from_label(clean_text(v["stage"]))
                if stage is None:
                    problem("stage", f"阶段「{v['stage']}」无法识别，应为 {choices(Stage)} 之一")
            day = v.get("date") if isinstance(v.get("date"), dt.date) else None
            key = (person, stage, day) if person and stage and day else None
            old = on_file.get(key) if key else None  # type: ignore[arg-type]
            final: dict[str, Any] = (
                {f: old[f] for f in FIELDS} if old else {f: None for f in FIELDS}
            )
            if not old:
                final["note"], final["introducers"] = "", []
            if "note" in v:
                final["note"] = clean_text(v["note"] or "")
            for f in ("talk_date", "approval_date"):
                if f in v:
                    final[f] = v[f]
            for f in _NUMBERS:
                if f in v and f not in bad:
                    final[f] = _number(v[f], f, problem)
            if "introducers" in v and "introducers" not in bad:
                found = resolve_list(index, v["introducers"] or [], problem, "introducers")
                if found is not None:
                    if len(found) > 2:
                        problem("introducers", "入党介绍人最多两名")
                    elif person is not None and person in found:
                        problem("introducers", "本人不能作自己的入党介绍人")
                    final["introducers"] = found
            values = StageInput(
                stage=stage,
                date=day,
                note=final["note"],
                talk_date=final["talk_date"],
                introducer_ids=list(range(len(final["introducers"]))),
                training_days=final["training_days"],
                training_hours=final["training_hours"],
                approval_date=final["approval_date"],
                extension_months=final["extension_months"],
            )
            for field_name, message in stage_errors(values, ctx.today).items():
                column = _ERROR_COLUMN.get(field_name, "stage")
                if column not in bad and not (column == "date" and "date" in row.invalid):
                    problem(column, message)
            if key is not None:
                if key in seen:
                    problem(
                        "date", f"与第 {seen[key]} 行是同一条发展记录（人员、阶段、日期都相同）"
                    )
                seen.setdefault(key, at)
            if bad or key is None:
                continue
            self._plans.append(
                _Plan(at, person, stage, day, old["id"] if old else None, final, old)  # type: ignore[arg-type]
            )

    def write(self, ctx: ImportContext) -> SheetCounts:
        conn = ctx.connection
        counts = SheetCounts()
        ids = person_ids_by_key(conn)
        table = DevelopmentRecord.__table__
        for plan in self._plans:
            ctx.ticker.tick()
            introducers = [ids[k] for k in plan.values["introducers"]]
            row = {f: plan.values[f] for f in FIELDS if f != "introducers"}
            row["introducer1_id"] = introducers[0] if introducers else None
            row["introducer2_id"] = introducers[1] if len(introducers) > 1 else None
            summary = f"{plan.stage.label} {plan.date}"
            if plan.target_id is None:
                full = {
                    "person_id": ids[plan.person],
                    "stage": plan.stage,
                    "date": plan.date,
                    **row,
                }
                new_id = conn.execute(insert(table).values(**full)).inserted_primary_key[0]
                counts.created += 1
                shown = {**row, "person": plan.person[1], "stage": plan.stage}
                ctx.audit("create", "development_records", new_id, summary, None, shown)
            else:
                before = plan.before or {}
                changed = {f: plan.values[f] for f in FIELDS if before.get(f) != plan.values[f]}
                if changed:
                    conn.execute(update(table).where(table.c.id == plan.target_id).values(**row))
                    counts.updated += 1
                    if "introducers" in changed:
                        changed["introducers"] = "、".join(k[1] for k in changed["introducers"])
                    ctx.audit("update", "development_records", plan.target_id, summary, None,
                              changed)  # fmt: skip
                else:
                    counts.unchanged += 1
        self._move_statuses(ctx, ids)
        return counts

    def _move_statuses(self, ctx: ImportContext, ids: dict[PersonKey, int]) -> None:
        """Each person's 政治面貌 moved forward by the stages of the sheet, in order."""
        conn = ctx.connection
        wanted: dict[int, list[Stage]] = {}
        for plan in sorted(self._plans, key=lambda p: (p.date, p.stage.order)):
            wanted.setdefault(ids[plan.person], []).append(plan.stage)
        if not wanted:
            return
        table = Person.__table__
        for pid, name, status, political in conn.execute(
            select(Person.id, Person.name, Person.status, Person.political_status).where(
                Person.id.in_(list(wanted))
            )
        ):
            current = political
            for stage in wanted[pid]:
                current = political_status_after(current, status, stage) or current
            if current != political:
                conn.execute(
                    update(table).where(table.c.id == pid).values(political_status=current)
                )
                ctx.audit("update", "people", pid, name, {"political_status": political},
                          {"political_status": current})  # fmt: skip

    def export_rows(self, connection: Connection) -> Iterable[Sequence[Any]]:
        labels = person_labels(connection)
        query = (
            select(DevelopmentRecord.__table__, Person.name, Person.employee_no)
            .join(Person, Person.id == DevelopmentRecord.person_id)
            .order_by(Person.name_sort, Person.id, DevelopmentRecord.date, DevelopmentRecord.id)
        )
        for r in connection.execute(query).mappings():
            no = r["employee_no"] or ""
            introducers = [labels[i] for i in (r["introducer1_id"], r["introducer2_id"]) if i]
            yield (
                r["name"] if no else labels[r["person_id"]],
                no,
                r["stage"].label,
                r["date"],
                r["note"] or "",
                r["talk_date"],
                "、".join(introducers),
                r["training_days"],
                r["training_hours"],
                r["approval_date"],
                r["extension_months"],
            )


def _number(cell: Any, key: str, problem) -> int | None:
    text = clean_text(str(cell or "")).removesuffix("天").removesuffix("学时")
    text = text.removesuffix("个月").removesuffix("月").strip()
    if not text:
        return None
    if not _WHOLE.fullmatch(text):
        problem(key, f"应为整数（现为「{cell}」）")
        return None
    return int(text)


def _person(v: dict, bad: set, index: PeopleIndex, problem) -> PersonKey | None:
    """姓名 and 工号 as the 党员承诺 sheet reads them: by 工号 when given."""
    if "name" in bad or "employee_no" in bad:
        return None
    name, no = v.get("name") or "", clean_text(str(v.get("employee_no") or ""))
    if no:
        if no not in index.by_no:
            problem("employee_no", f"没有工号为 {no} 的人员：请先在「人员」工作表或名册中添加")
            return None
        on_file = index.by_no[no][0]
        if name and name != on_file:
            problem("name", f"工号 {no} 是「{on_file}」，不是「{name}」")
            return None
        return ("no", no, "")
    if not name:
        problem("name", "请填写姓名（同名时同时填写工号）")
        return None
    person, message = index.resolve(name)
    if person is None:
        problem("name", message or "")
    return person
