"""The 党员承诺 sheet of the exchange workbook.

One row per pledge: 年度, 姓名, 工号, 承诺内容, 类别, 计划完成日期, 状态,
践诺情况, 评议结果, 积分. The member is found by 工号 when given, else by 姓名
(or 姓名(单位) for a namesake without a 工号, as sheets_person_refs describes),
among the people as they will be once the 人员 sheet is written; only 中共党员
and 中共预备党员 may pledge.

践诺情况 holds one progress note per line, "2021-03-05 内容"; 评议结果 is
优秀/合格/基本合格/不合格, optionally followed by "：评语"; 积分 is the pledge's
own manual adjustment (Pledge.extra_points), added to the member's points
beside the points of the rating.

Merging (product.md): a pledge with the same year, member and text is updated
in place; a column missing from the sheet leaves that field as it is; an empty
践诺情况 or 评议结果 cell means no notes or no rating. The rules are the form's
(domain.pledge_rules), cell by cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from app.domain.enums import PoliticalStatus
from app.domain.models import Person, Unit
from app.domain.pledge_models import (
    Pledge,
    PledgeCategory,
    PledgeProgress,
    PledgeRating,
    PledgeStatus,
)
from app.domain.pledge_rules import (
    MAX_NOTE,
    MAX_PLEDGE_TEXT,
    category_error,
    due_date_error,
    extra_points_error,
    pledge_text_error,
    pledger_error,
    progress_error,
    rating_error,
    status_after_rating,
    year_error,
)
from app.domain.text import clean_text
from app.domain.validation import parse_date
from app.exchange.sheets import ImportContext, SheetCounts, choices
from app.exchange.sheets_person_refs import (
    PeopleIndex,
    PersonKey,
    person_ids_by_key,
    person_labels,
)
from app.exchange.xlsx_reader import Column, Kind, SheetTable

PLEDGES = "党员承诺"

PLEDGE_COLUMNS = (
    Column("year", "年度", Kind.TEXT, max_length=10, aliases=("承诺年度",), required=True),
    Column("name", "姓名", Kind.PERSON, max_length=100, aliases=("党员姓名",)),
    Column("employee_no", "工号", Kind.TEXT, max_length=30),
    # Longer than the rule's limit, so that pledge_text_error gives the form's message.
    Column("text", "承诺内容", Kind.TEXT, max_length=4 * MAX_PLEDGE_TEXT, required=True),
    Column("category", "类别", Kind.TEXT, max_length=30, aliases=("承诺类别",)),
    Column("due_date", "计划完成日期", Kind.DATE, aliases=("计划完成时间", "完成时限")),
    Column("status", "状态", Kind.TEXT, max_length=30),
    Column("progress", "践诺情况", Kind.TEXT, max_length=100_000, aliases=("践诺记录",)),
    Column("rating", "评议结果", Kind.TEXT, max_length=2 * MAX_NOTE, aliases=("评诺",)),
    Column("points", "积分", Kind.TEXT, max_length=10),
)

_YEAR = re.compile(r"(\d{4})\s*(?:年度|年)?")
_WHOLE_NUMBER = re.compile(r"[+-]?\d+")
# "2021-03-05 内容", "2021年3月5日：内容", "2021/3/5　内容"
_NOTE = re.compile(r"^([0-9０-９][0-9０-９./\-年月日]*)\s*[：:]?\s*(.*)$", re.S)
_RATING = re.compile(r"^([^：:]*?)\s*(?:[：:]\s*(.*))?$", re.S)

_FIELDS = ("category", "due_date", "status", "rating", "rating_comment", "extra_points")


@dataclass
class _PledgePlan:
    excel_row: int
    year: int
    person: PersonKey
    text: str
    target_id: int | None  # the pledge on file, or None: a new one
    values: dict[str, Any]  # the fields of _FIELDS given by the row
    notes: list[tuple[dt.date, str]] | None  # None: the column is missing, keep the notes
    before: dict[str, Any] | None = None
    notes_before: list[tuple[dt.date, str]] = field(default_factory=list)


def parse_year(text: str) -> int | None:
    match = _YEAR.fullmatch(clean_text(text))
    return int(match.group(1)) if match else None


def parse_notes(cell: str) -> tuple[list[tuple[dt.date, str, str]], list[str]]:
    """践诺情况's notes as (date, text, the first line as written). A line that
    does not start with a date continues the note above it (a note of several
    lines); such a line with no note above is returned in the second list."""
    notes: list[tuple[dt.date, str, str]] = []
    undated: list[str] = []
    for raw in cell.splitlines():
        line = clean_text(raw)
        if not line:
            continue
        match = _NOTE.match(line)
        day = parse_date(match.group(1)) if match else None
        if day is not None:
            notes.append((day, clean_text(match.group(2)), line))
        elif notes:
            day, text, first = notes[-1]
            notes[-1] = (day, f"{text}\n{line}" if text else line, first)
        else:
            undated.append(line)
    return notes, undated


def note_line(day: dt.date, text: str) -> str:
    return f"{day:%Y-%m-%d} {text}"


def rating_cell(rating: PledgeRating | None, comment: str) -> str:
    if rating is None:
        return ""
    return f"{rating.label}：{comment}" if comment else rating.label


def _short(text: str, limit: int = 12) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


class PledgesSheet:
    sheet = PLEDGES
    columns = PLEDGE_COLUMNS

    def __init__(self) -> None:
        self._plans: list[_PledgePlan] = []
        self._unchanged = 0

    # check ---------------------------------------------------------------------

    def check(self, table: SheetTable | None, ctx: ImportContext) -> None:
        if table is None:
            return
        conn = ctx.connection
        index = PeopleIndex(conn, ctx)
        after_ids, statuses = _people_after(conn, ctx)
        on_file: dict[tuple[int, int, str], dict[str, Any]] = {
            (r["year"], r["person_id"], r["text"]): dict(r)
            for r in conn.execute(
                select(Pledge.id, Pledge.year, Pledge.person_id, Pledge.text, *_columns())
            ).mappings()
        }
        header = {c.key: table.header(c.key, PLEDGE_COLUMNS) for c in PLEDGE_COLUMNS}
        seen: dict[tuple[int, PersonKey, str], int] = {}
        for row in table.rows:
            ctx.ticker.tick()
            at, v, bad = row.excel_row, row.values, set(row.invalid)

            def problem(key: str, message: str, at: int = at, bad: set[str] = bad) -> None:
                bad.add(key)
                ctx.problem(PLEDGES, at, header[key], message)

            year = parse_year(v.get("year", ""))
            if "year" not in bad:
                if not v.get("year"):
                    problem("year", "请填写年度（如 2021）")
                elif year is None:
                    problem("year", f"年度「{v['year']}」无法识别，请填写四位年份（如 2021）")
                elif message := year_error(year):
                    problem("year", message)

            person = self._person(v, bad, index, problem)
            if person is not None:
                name = _display(person, v)
                status = statuses.get(person)
                if message := pledger_error(name, status):
                    problem("name" if v.get("name") else "employee_no", message)

            text = v.get("text", "")
            if "text" not in bad and (message := pledge_text_error(text)):
                problem("text", message)

            values: dict[str, Any] = {}
            if "category" in v:
                category = PledgeCategory.from_label(v["category"]) if v["category"] else None
                if v["category"] and category is None:
                    problem(
                        "category",
                        f"类别「{v['category']}」无法识别，应为 {choices(PledgeCategory)} 之一",
                    )
                elif message := category_error(category):
                    problem("category", message)
                values["category"] = category
            if "due_date" in v:
                if "due_date" not in bad and year is not None:
                    if message := due_date_error(v["due_date"], year):
                        problem("due_date", message)
                values["due_date"] = v["due_date"]
            if "status" in v and v["status"]:
                status_value = PledgeStatus.from_label(v["status"])
                if status_value is None:
                    problem(
                        "status",
                        f"状态「{v['status']}」无法识别，应为 {choices(PledgeStatus)} 之一",
                    )
                values["status"] = status_value
            if "rating" in v:
                rating, comment = self._rating(v["rating"], problem, ctx.today)
                values["rating"], values["rating_comment"] = rating, comment
                if rating is not None and "status" not in values:
                    values["status"] = status_after_rating(rating)
            if "points" in v:
                points = self._points(v["points"], problem)
                values["extra_points"] = points
            notes = None
            if "progress" in v:
                notes = self._notes(v["progress"], problem, ctx.today)

            if year is not None and person is not None and text:
                key = (year, person, text)
                if key in seen:
                    problem(
                        "text", f"与第 {seen[key]} 行是同一项承诺（年度、党员、承诺内容都相同）"
                    )
                seen.setdefault(key, at)
            if bad or year is None or person is None:
                continue
            person_id = after_ids.get(person)
            old = on_file.get((year, person_id, text)) if person_id is not None else None
            if old is None and "category" not in values:
                problem("text", category_error(None) or "")
                continue
            self._plans.append(
                _PledgePlan(at, year, person, text, old["id"] if old else None, values, notes, old)
            )
        self._load_notes(conn)

    def _person(self, v, bad, index: PeopleIndex, problem) -> PersonKey | None:
        if "name" in bad or "employee_no" in bad:
            return None
        name, no = v.get("name", ""), v.get("employee_no", "")
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

    @staticmethod
    def _rating(cell: str, problem, today: dt.date) -> tuple[PledgeRating | None, str]:
        if not cell:
            return None, ""
        match = _RATING.match(cell)
        label, comment = (match.group(1), match.group(2) or "") if match else (cell, "")
        rating = PledgeRating.from_label(clean_text(label))
        errors = rating_error(rating, clean_text(comment), None, today)
        if rating is None:
            problem(
                "rating",
                f"评议结果「{_short(cell)}」无法识别，应为 {choices(PledgeRating)} 之一"
                "（可在后面加“：评语”）",
            )
        elif errors:
            problem("rating", next(iter(errors.values())))
        return rating, clean_text(comment)

    @staticmethod
    def _points(cell: str, problem) -> int:
        text = cell.replace("分", "").strip()
        if not text:
            return 0
        if not _WHOLE_NUMBER.fullmatch(text):
            problem("points", f"积分应为整数（现为「{_short(cell)}」）")
            return 0
        if message := extra_points_error(int(text)):
            problem("points", message)
        return int(text)

    @staticmethod
    def _notes(cell: str, problem, today: dt.date) -> list[tuple[dt.date, str]]:
        notes, undated = parse_notes(cell)
        for line in undated:
            problem(
                "progress",
                f"「{_short(line)}」前面没有日期：每条践诺记录以日期开头，如“2021-03-05 完成 120 户”",
            )
        found: list[tuple[dt.date, str]] = []
        for day, text, line in notes:
            errors = progress_error(day, text, today)
            if errors:
                problem("progress", f"「{_short(line, 24)}」：{next(iter(errors.values()))}")
            elif (day, text) not in found:
                found.append((day, text))
        return sorted(found)

    def _load_notes(self, conn: Connection) -> None:
        wanted = {
            p.target_id for p in self._plans if p.target_id is not None and p.notes is not None
        }
        if not wanted:
            return
        notes: dict[int, list[tuple[dt.date, str]]] = {}
        for pledge_id, day, text in conn.execute(
            select(PledgeProgress.pledge_id, PledgeProgress.date, PledgeProgress.text).order_by(
                PledgeProgress.date, PledgeProgress.id
            )
        ):
            if pledge_id in wanted:
                notes.setdefault(pledge_id, []).append((day, text))
        for plan in self._plans:
            if plan.target_id is not None:
                plan.notes_before = sorted(notes.get(plan.target_id, []))

    # write ---------------------------------------------------------------------

    def write(self, ctx: ImportContext) -> SheetCounts:
        conn = ctx.connection
        counts = SheetCounts()
        person_ids = person_ids_by_key(conn)
        table = Pledge.__table__
        # New pledges go after the member's pledges of that year, in sheet order.
        next_order: dict[tuple[int, int], int] = {
            (year, pid): (n or 0) + 1
            for year, pid, n in conn.execute(
                select(Pledge.year, Pledge.person_id, func.max(Pledge.sort_order)).group_by(
                    Pledge.year, Pledge.person_id
                )
            )
        }
        new_rows: list[dict[str, Any]] = []
        new_plans: list[_PledgePlan] = []
        notes_to_write: dict[int, list[tuple[dt.date, str]]] = {}
        for plan in self._plans:
            ctx.ticker.tick()
            pid = person_ids[plan.person]
            summary = f"{plan.year} {plan.text[:40]}"
            if plan.target_id is None:
                order = next_order.get((plan.year, pid), 0)
                next_order[(plan.year, pid)] = order + 1
                row = {
                    "year": plan.year,
                    "person_id": pid,
                    "text": plan.text,
                    "category": plan.values["category"],
                    "due_date": plan.values.get("due_date"),
                    "status": plan.values.get("status") or PledgeStatus.IN_PROGRESS,
                    "rating": plan.values.get("rating"),
                    "rating_comment": plan.values.get("rating_comment", ""),
                    "rated_on": None,
                    "extra_points": plan.values.get("extra_points", 0),
                    "sort_order": order,
                }
                new_rows.append(row)
                new_plans.append(plan)
                continue
            before = plan.before or {}
            changed = {k: val for k, val in plan.values.items() if before.get(k) != val}
            if "rating" in changed:
                # A rating read from a workbook has no date of its own.
                changed["rated_on"] = None
            if "rating" in changed and changed["rating"] is None:
                if "status" not in plan.values and before.get("status") in (
                    PledgeStatus.DONE,
                    PledgeStatus.NOT_DONE,
                ):
                    changed["status"] = PledgeStatus.IN_PROGRESS
            if changed:
                conn.execute(update(table).where(table.c.id == plan.target_id).values(**changed))
            notes_changed = plan.notes is not None and plan.notes != plan.notes_before
            if notes_changed:
                notes_to_write[plan.target_id] = plan.notes or []
            if changed or notes_changed:
                counts.updated += 1
                shown = {k: v for k, v in changed.items() if k != "rated_on"}
                if notes_changed:
                    shown["progress"] = "\n".join(note_line(d, t) for d, t in plan.notes or [])
                ctx.audit("update", "pledges", plan.target_id, summary, None, shown)
            else:
                counts.unchanged += 1
        if new_rows:
            conn.execute(insert(table), new_rows)
            ids = {
                (r.year, r.person_id, r.text): r.id
                for r in conn.execute(
                    select(Pledge.id, Pledge.year, Pledge.person_id, Pledge.text).where(
                        Pledge.year.in_({row["year"] for row in new_rows})
                    )
                )
            }
            for row, plan in zip(new_rows, new_plans, strict=True):
                pledge_id = ids[(row["year"], row["person_id"], row["text"])]
                counts.created += 1
                if plan.notes:
                    notes_to_write[pledge_id] = plan.notes
                after = {k: v for k, v in row.items() if k not in ("person_id", "rated_on")}
                after["person"] = plan.person[1]
                ctx.audit(
                    "create", "pledges", pledge_id, f"{row['year']} {row['text'][:40]}", None, after
                )
        self._write_notes(conn, notes_to_write)
        return counts

    @staticmethod
    def _write_notes(conn: Connection, notes: dict[int, list[tuple[dt.date, str]]]) -> None:
        """Replace the notes of the pledges in ``notes`` by the sheet's lines."""
        ids = list(notes)
        for first in range(0, len(ids), 500):
            conn.execute(
                delete(PledgeProgress).where(PledgeProgress.pledge_id.in_(ids[first : first + 500]))
            )
        rows = [
            {"pledge_id": pledge_id, "date": day, "text": text}
            for pledge_id, lines in notes.items()
            for day, text in lines
        ]
        for first in range(0, len(rows), 20_000):
            conn.execute(insert(PledgeProgress.__table__), rows[first : first + 20_000])

    # export ----------------------------------------------------------------------

    def export_rows(self, connection: Connection) -> Iterable[Sequence[Any]]:
        labels = person_labels(connection)
        people = {
            r.id: (r.name, r.employee_no or "")
            for r in connection.execute(select(Person.id, Person.name, Person.employee_no))
        }
        notes: dict[int, list[str]] = {}
        for pledge_id, day, text in connection.execute(
            select(PledgeProgress.pledge_id, PledgeProgress.date, PledgeProgress.text).order_by(
                PledgeProgress.date, PledgeProgress.id
            )
        ):
            notes.setdefault(pledge_id, []).append(note_line(day, text))
        query = (
            select(Pledge)
            .join(Person, Person.id == Pledge.person_id)
            .order_by(Pledge.year, Person.name_sort, Person.id, Pledge.sort_order, Pledge.id)
        )
        for r in connection.execute(query).mappings():
            name, no = people[r["person_id"]]
            yield (
                r["year"],
                name if no else labels[r["person_id"]],
                no,
                r["text"],
                r["category"].label,
                r["due_date"],
                r["status"].label,
                "\n".join(notes.get(r["id"], [])),
                rating_cell(r["rating"], r["rating_comment"] or ""),
                r["extra_points"] or 0,
            )


def _columns():
    return [getattr(Pledge, f) for f in _FIELDS]


def _display(person: PersonKey, v: dict[str, Any]) -> str:
    return v.get("name") or person[1]


def _people_after(
    conn: Connection, ctx: ImportContext
) -> tuple[dict[PersonKey, int], dict[PersonKey, PoliticalStatus | None]]:
    """Each person as they will be once the 人员 sheet is written: their id on
    file (None for a new person) and their 政治面貌, by the key the sheets use."""
    units = dict(conn.execute(select(Unit.id, Unit.name)).all())
    replaced = {target for target, *_ in ctx.people_after if target is not None}
    ids: dict[PersonKey, int] = {}
    statuses: dict[PersonKey, PoliticalStatus | None] = {}
    for r in conn.execute(
        select(Person.id, Person.name, Person.employee_no, Person.unit_id, Person.political_status)
    ):
        if r.id in replaced:
            continue
        key = _key(r.name, r.employee_no or "", units.get(r.unit_id, "") if r.unit_id else "")
        ids[key] = r.id
        statuses[key] = r.political_status
    for target, name, no, unit in ctx.people_after:
        key = _key(name, no, unit)
        if target is not None:
            ids[key] = target
        statuses[key] = ctx.political_after.get((name, no, unit))
    return ids, statuses


def _key(name: str, no: str, unit: str) -> PersonKey:
    return ("no", no, "") if no else ("name", name, unit)
