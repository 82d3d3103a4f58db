"""The 带教记录 sheet of the exchange workbook: one row per check-in.

导师, 学员, 日期, 内容, 导师评价, and 开始日期 (the mentorship's start) to pick
the mentorship when a pair has several; without it, the pair's mentorship that
had started by the check-in's date (the latest such). The mentorships are
those on file and those the 老带新 sheet of the same workbook adds.

Merging: a check-in with the same mentorship, 日期 and 内容 is updated in place
(its 导师评价). The rules are the form's (services.mentoring.check_in_errors).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.domain.mentoring_models import CheckIn, Mentorship, last_check_in_update
from app.domain.text import clean_text
from app.exchange.sheets import ImportContext, SheetCounts
from app.exchange.sheets_mentoring import (
    AFTER,
    MENTORSHIPS,
    MentorshipKey,
    mentorships_on_file,
    resolve_person,
)
from app.exchange.sheets_person_refs import PeopleIndex, PersonKey, person_labels
from app.exchange.xlsx_reader import Column, Kind, SheetTable
from app.services.mentoring import MAX_TEXT, check_in_errors

CHECK_INS = "带教记录"

CHECK_IN_COLUMNS = (
    Column("mentor", "导师", Kind.PERSON, max_length=100, aliases=("师傅",), required=True),
    Column("mentee", "学员", Kind.PERSON, max_length=100, aliases=("徒弟", "新员工"), required=True),
    Column("date", "日期", Kind.DATE, aliases=("带教日期",), required=True),
    Column("content", "内容", Kind.TEXT, max_length=4 * MAX_TEXT, aliases=("带教内容",),
           required=True),
    Column("comment", "导师评价", Kind.TEXT, max_length=4 * MAX_TEXT, aliases=("评价",)),
    Column("start_date", "开始日期", Kind.DATE, aliases=("带教开始日期",)),
)  # fmt: skip

_ERROR_COLUMN = {"date": "date", "content": "content", "comment": "comment"}


@dataclass
class _Plan:
    excel_row: int
    mentorship: MentorshipKey
    date: dt.date
    content: str
    comment: str | None  # None: the column is missing, keep the comment
    target_id: int | None
    comment_before: str | None


def pick_mentorship(
    after: set[MentorshipKey],
    pair: tuple[PersonKey, PersonKey],
    names: tuple[str, str],
    start: dt.date | None,
    day: dt.date | None,
) -> tuple[MentorshipKey | None, str | None, str]:
    """The mentorship a row names, or (None, the column to blame, the message);
    ``names`` are the 导师 and 学员 as written."""
    mentor, mentee = pair
    starts = sorted(s for m, e, s in after if m == mentor and e == mentee)
    if not starts:
        return None, "mentee", (
            f"「{names[0]}」和「{names[1]}」之间没有带教关系：请先在「{MENTORSHIPS}」"
            "工作表或老带新页面中添加"
        )  # fmt: skip
    if start is not None:
        if start not in starts:
            shown = "、".join(f"{s:%Y-%m-%d}" for s in starts)
            return (
                None,
                "start_date",
                f"这对导师和学员没有在 {start:%Y-%m-%d} 开始的带教（有 {shown}）",
            )
        return (mentor, mentee, start), None, ""
    if len(starts) == 1:
        return (mentor, mentee, starts[0]), None, ""
    started = [s for s in starts if day is not None and s <= day]
    if not started:
        return None, "start_date", "这对导师和学员有多段带教，请填写开始日期以确定是哪一段"
    return (mentor, mentee, started[-1]), None, ""


class CheckInsSheet:
    sheet = CHECK_INS
    columns = CHECK_IN_COLUMNS

    def __init__(self) -> None:
        self._plans: list[_Plan] = []

    def check(self, table: SheetTable | None, ctx: ImportContext) -> None:
        if table is None:
            return
        conn = ctx.connection
        on_file = mentorships_on_file(conn)
        after: set[MentorshipKey] = getattr(ctx, AFTER, None) or set(on_file)
        id_of = {key: m["id"] for key, m in on_file.items()}
        existing: dict[tuple[int, dt.date, str], tuple[int, str]] = {
            (r.mentorship_id, r.date, r.content): (r.id, r.comment or "")
            for r in conn.execute(
                select(CheckIn.id, CheckIn.mentorship_id, CheckIn.date, CheckIn.content,
                       CheckIn.comment)
            )
        }  # fmt: skip
        index = PeopleIndex(conn, ctx)
        header = {c.key: table.header(c.key, CHECK_IN_COLUMNS) for c in CHECK_IN_COLUMNS}
        seen: dict[tuple, int] = {}
        for row in table.rows:
            ctx.ticker.tick()
            at, v, bad = row.excel_row, row.values, set(row.invalid)

            def problem(key: str, message: str, at: int = at, bad: set[str] = bad) -> None:
                bad.add(key)
                ctx.problem(CHECK_INS, at, header[key], message)

            mentor = resolve_person(index, v, bad, "mentor", problem)
            mentee = resolve_person(index, v, bad, "mentee", problem)
            day = v.get("date") if isinstance(v.get("date"), dt.date) else None
            content = clean_text(v.get("content") or "")
            comment = clean_text(v.get("comment") or "") if "comment" in v else None
            errors = check_in_errors(
                v.get("date"), v.get("content") or "", comment or "", ctx.today
            )
            for field_name, message in errors.items():
                column = _ERROR_COLUMN[field_name]
                if column not in bad:
                    problem(column, message)
            key = None
            if mentor is not None and mentee is not None and "start_date" not in bad:
                key, column, message = pick_mentorship(
                    after, (mentor, mentee), (v["mentor"], v["mentee"]), v.get("start_date"), day
                )
                if key is None and column not in bad:
                    problem(column, message)
            if key is not None and day is not None and content:
                same = (key, day, content)
                if same in seen:
                    problem("content", f"与第 {seen[same]} 行是同一条带教记录（日期、内容都相同）")
                seen.setdefault(same, at)
            if bad or key is None or day is None:
                continue
            mentorship_id = id_of.get(key)
            old = existing.get((mentorship_id, day, content)) if mentorship_id else None
            self._plans.append(
                _Plan(at, key, day, content, comment, old[0] if old else None,
                      old[1] if old else None)
            )  # fmt: skip

    def write(self, ctx: ImportContext) -> SheetCounts:
        conn = ctx.connection
        counts = SheetCounts()
        ids = {key: m["id"] for key, m in mentorships_on_file(conn).items()}
        table = CheckIn.__table__
        new_rows = []
        for plan in self._plans:
            ctx.ticker.tick()
            summary = f"{plan.date} {plan.content[:40]}"
            if plan.target_id is None:
                new_rows.append(
                    {
                        "mentorship_id": ids[plan.mentorship],
                        "date": plan.date,
                        "content": plan.content,
                        "comment": plan.comment or "",
                    }
                )
                continue
            if plan.comment is not None and plan.comment != plan.comment_before:
                conn.execute(
                    update(table).where(table.c.id == plan.target_id).values(comment=plan.comment)
                )
                counts.updated += 1
                ctx.audit("update", "check_ins", plan.target_id, summary, None,
                          {"comment": plan.comment})  # fmt: skip
            else:
                counts.unchanged += 1
        if new_rows:
            conn.execute(insert(table), new_rows)
            # the day of each pair's last check-in, stored with it, follows
            touched = sorted({row["mentorship_id"] for row in new_rows})
            for first in range(0, len(touched), 500):
                conn.execute(last_check_in_update(touched[first : first + 500]))
            counts.created += len(new_rows)
            for row in new_rows:
                summary = f"{row['date']} {row['content'][:40]}"
                ctx.audit("create", "check_ins", None, summary, None, row)
        return counts

    def export_rows(self, connection: Connection) -> Iterable[Sequence[Any]]:
        labels = person_labels(connection)
        query = (
            select(Mentorship.mentor_id, Mentorship.mentee_id, Mentorship.start_date,
                   CheckIn.date, CheckIn.content, CheckIn.comment)
            .join(Mentorship, Mentorship.id == CheckIn.mentorship_id)
            .order_by(Mentorship.start_date, Mentorship.id, CheckIn.date, CheckIn.id)
        )  # fmt: skip
        for mentor, mentee, start, day, content, comment in connection.execute(query):
            yield (labels[mentor], labels[mentee], day, content, comment or "", start)
