"""The 老带新 sheet of the exchange workbook (带教记录 and 发展记录 are in
sheets_mentoring_check_ins.py and sheets_mentoring_development.py).

One row per mentorship: 导师, 学员, 开始日期, 计划结束日期, 培养方向 (several,
、-separated: 业务知识、工作技能、思想作风), 目标, 状态 (带教中/已出师/已中止), and
the form's other fields 结束日期 and 出师评价, so that export -> import keeps
every field. People are written as sheets_person_refs describes.

Merging (product.md): a mentorship with the same 导师, 学员 and 开始日期 is
updated in place; a column missing from the sheet leaves that field as it is.
The rules are the form's (services.mentoring.validate_mentorship).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.domain.mentoring_models import Mentorship, MentorshipFocus, MentorshipStatus
from app.domain.text import clean_text
from app.exchange.sheets import ImportContext, SheetCounts, choices
from app.exchange.sheets_person_refs import (
    PeopleIndex,
    PersonKey,
    person_ids_by_key,
    person_labels,
)
from app.exchange.xlsx_reader import Column, Kind, SheetTable
from app.services.mentoring import (
    MAX_TEXT,
    MentorshipInput,
    focus_codes,
    focus_from_codes,
    validate_mentorship,
)

MENTORSHIPS = "老带新"

MENTORSHIP_COLUMNS = (
    Column("mentor", "导师", Kind.PERSON, max_length=100, aliases=("师傅",), required=True),
    Column(
        "mentee", "学员", Kind.PERSON, max_length=100, aliases=("徒弟", "新员工"), required=True
    ),
    Column("start_date", "开始日期", Kind.DATE, aliases=("开始时间",), required=True),
    Column("planned_end", "计划结束日期", Kind.DATE, aliases=("计划结束", "计划结束时间")),
    Column("focus", "培养方向", Kind.LIST, max_length=200, aliases=("带教方向",)),
    # Longer than the rule's limit, so that validate_mentorship gives the form's message.
    Column("goals", "目标", Kind.TEXT, max_length=4 * MAX_TEXT, aliases=("带教目标",)),
    Column("status", "状态", Kind.TEXT, max_length=30, aliases=("带教状态",)),
    Column("ended_on", "结束日期", Kind.DATE, aliases=("出师日期",)),
    Column("evaluation", "出师评价", Kind.TEXT, max_length=4 * MAX_TEXT, aliases=("评价",)),
)

FIELDS = ("planned_end", "focus", "goals", "status", "ended_on", "evaluation")
# validate_mentorship's fields -> the sheet's columns
_ERROR_COLUMN = {
    "mentor_id": "mentor",
    "mentee_id": "mentee",
    "start_date": "start_date",
    "planned_end": "planned_end",
    "focus": "focus",
    "goals": "goals",
    "status": "status",
    "ended_on": "ended_on",
    "evaluation": "evaluation",
}

# A mentorship as the sheets name it: (导师, 学员, 开始日期).
MentorshipKey = tuple[PersonKey, PersonKey, dt.date]
# What the 带教记录 sheet reads from the ImportContext: every mentorship as it
# will be once the 老带新 sheet is written.
AFTER = "mentorships_after"


@dataclass
class _Plan:
    excel_row: int
    key: MentorshipKey
    target_id: int | None
    values: dict[str, Any]  # FIELDS, focus as codes
    before: dict[str, Any] | None


def mentorships_on_file(conn: Connection) -> dict[MentorshipKey, dict[str, Any]]:
    """Every mentorship on file by (导师, 学员, 开始日期), with its fields."""
    key_of = {v: k for k, v in person_ids_by_key(conn).items()}
    found: dict[MentorshipKey, dict[str, Any]] = {}
    for r in conn.execute(select(Mentorship.__table__)).mappings():
        mentor, mentee = key_of.get(r["mentor_id"]), key_of.get(r["mentee_id"])
        if mentor is None or mentee is None:
            continue
        found[(mentor, mentee, r["start_date"])] = {
            "id": r["id"],
            "planned_end": r["planned_end"],
            "focus": r["focus"] or "",
            "goals": r["goals"] or "",
            "status": r["status"],
            "ended_on": r["ended_on"],
            "evaluation": r["evaluation"] or "",
        }
    return found


def resolve_person(index: PeopleIndex, v: dict, bad: set, key: str, problem) -> PersonKey | None:
    """The person a single-name cell names (姓名, or 姓名(工号) for namesakes)."""
    if key in bad:
        return None
    text = v.get(key) or ""
    if not text:
        problem(key, "请填写" + {"mentor": "导师", "mentee": "学员"}.get(key, "姓名"))
        return None
    person, message = index.resolve(text)
    if person is None:
        problem(key, message or "")
    return person


class MentorshipsSheet:
    sheet = MENTORSHIPS
    columns = MENTORSHIP_COLUMNS

    def __init__(self) -> None:
        self._plans: list[_Plan] = []

    def check(self, table: SheetTable | None, ctx: ImportContext) -> None:
        conn = ctx.connection
        on_file = mentorships_on_file(conn)
        after: set[MentorshipKey] = set(on_file)
        setattr(ctx, AFTER, after)
        if table is None:
            return
        index = PeopleIndex(conn, ctx)
        header = {c.key: table.header(c.key, MENTORSHIP_COLUMNS) for c in MENTORSHIP_COLUMNS}
        seen: dict[MentorshipKey, int] = {}
        for row in table.rows:
            ctx.ticker.tick()
            at, v, bad = row.excel_row, row.values, set(row.invalid)

            def problem(key: str, message: str, at: int = at, bad: set[str] = bad) -> None:
                bad.add(key)
                ctx.problem(MENTORSHIPS, at, header[key], message)

            mentor = resolve_person(index, v, bad, "mentor", problem)
            mentee = resolve_person(index, v, bad, "mentee", problem)
            start = v.get("start_date")
            if "start_date" not in bad and not isinstance(start, dt.date):
                problem("start_date", "请填写开始日期")
            key = (mentor, mentee, start) if mentor and mentee and start else None
            old = on_file.get(key) if key else None  # type: ignore[arg-type]
            final = (
                {k: old[k] for k in FIELDS}
                if old
                else {
                    "planned_end": None,
                    "focus": "",
                    "goals": "",
                    "status": MentorshipStatus.ACTIVE,
                    "ended_on": None,
                    "evaluation": "",
                }
            )
            for k in ("planned_end", "ended_on"):
                if k in v:
                    final[k] = v[k]
            for k in ("goals", "evaluation"):
                if k in v:
                    final[k] = clean_text(v[k] or "")
            if "focus" in v and "focus" not in bad:
                focus = []
                for item in v["focus"] or []:
                    found = MentorshipFocus.from_label(clean_text(item))
                    if found is None:
                        problem(
                            "focus", f"培养方向「{item}」无法识别，应为 {choices(MentorshipFocus)}"
                        )
                    elif found not in focus:
                        focus.append(found)
                final["focus"] = focus_codes(focus)
            if v.get("status"):
                status = MentorshipStatus.from_label(clean_text(v["status"]))
                if status is None:
                    problem(
                        "status",
                        f"状态「{v['status']}」无法识别，应为 {choices(MentorshipStatus)} 之一",
                    )
                else:
                    final["status"] = status
            # Stand-in ids: the rules only compare the two sides.
            values = MentorshipInput(
                mentor_id=1,
                mentee_id=1 if mentor is not None and mentor == mentee else 2,
                start_date=start if isinstance(start, dt.date) else None,
                planned_end=final["planned_end"],
                focus=focus_from_codes(final["focus"]),
                goals=final["goals"],
                status=final["status"],
                ended_on=final["ended_on"],
                evaluation=final["evaluation"],
            )
            for field_name, message in validate_mentorship(values, ctx.today).items():
                column = _ERROR_COLUMN.get(field_name, "mentee")
                if column not in bad and not (column == "focus" and "focus" in bad):
                    problem(column, message)
            if key is not None:
                if key in seen:
                    problem(
                        "start_date",
                        f"与第 {seen[key]} 行是同一对带教（导师、学员、开始日期都相同）",
                    )
                seen.setdefault(key, at)
            if bad or key is None:
                continue
            after.add(key)
            self._plans.append(_Plan(at, key, old["id"] if old else None, final, old))

    def write(self, ctx: ImportContext) -> SheetCounts:
        conn = ctx.connection
        counts = SheetCounts()
        person_ids = person_ids_by_key(conn)
        table = Mentorship.__table__
        for plan in self._plans:
            ctx.ticker.tick()
            values = dict(plan.values)
            if values["status"] == MentorshipStatus.ACTIVE:
                values["ended_on"] = None
            else:  # as the form saves it: the day it ended, else today
                values["ended_on"] = values["ended_on"] or ctx.today
            mentor, mentee, start = plan.key
            summary = f"带教 {mentor[1]}→{mentee[1]} {start}"
            if plan.target_id is None:
                row = {
                    "mentor_id": person_ids[mentor],
                    "mentee_id": person_ids[mentee],
                    "start_date": start,
                    **values,
                }
                new_id = conn.execute(insert(table).values(**row)).inserted_primary_key[0]
                counts.created += 1
                ctx.audit("create", "mentorships", new_id, summary, None, values)
                continue
            before = plan.before or {}
            changed = {k: val for k, val in values.items() if before.get(k) != val}
            if changed:
                conn.execute(update(table).where(table.c.id == plan.target_id).values(**changed))
                counts.updated += 1
                ctx.audit("update", "mentorships", plan.target_id, summary, None, changed)
            else:
                counts.unchanged += 1
        return counts

    def export_rows(self, connection: Connection) -> Iterable[Sequence[Any]]:
        labels = person_labels(connection)
        query = select(Mentorship.__table__).order_by(Mentorship.start_date, Mentorship.id)
        for r in connection.execute(query).mappings():
            yield (
                labels[r["mentor_id"]],
                labels[r["mentee_id"]],
                r["start_date"],
                r["planned_end"],
                "、".join(f.label for f in focus_from_codes(r["focus"] or "")),
                r["goals"] or "",
                r["status"].label,
                r["ended_on"],
                r["evaluation"] or "",
            )
