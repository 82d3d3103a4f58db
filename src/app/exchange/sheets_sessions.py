"""The 帮扶活动 sheet of the exchange workbook.

People in 参与人员 are written as sheets_person_refs describes.
Merging (product.md): a session with the same date, pairing and topic is
updated in place; a column missing from the sheet leaves that field as it is.
发现问题 and 已解决问题 hold one problem per line: a line in both is a problem
found and solved in that session; a line only in 已解决问题 solves the open
problem of that text found earlier in the same pairing, or else is a problem
found and solved there. A solved line may end in （2026-03-05 解决） when it was
solved on another day than the session's.
"""

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from app.domain.enums import ServiceType
from app.domain.pairing_figures import participant_count
from app.domain.pairing_models import AssistanceSession, Pairing, Problem, SessionParticipant
from app.domain.pairing_validation import (
    MAX_OUTSIDE,
    MAX_PAIRING_NAME,
    MAX_PLACE,
    MAX_TOPIC,
    ProblemInput,
    attendance_error,
    follow_up_error,
    outside_count_error,
    place_error,
    problem_error,
    session_date_error,
    topic_error,
)
from app.domain.text import clean_text
from app.domain.validation import MAX_TEXT, parse_date
from app.exchange.sheets import ImportContext, SheetCounts, choices
from app.exchange.sheets_person_refs import (
    PeopleIndex,
    PersonKey,
    person_ids_by_key,
    person_labels,
    resolve_list,
)
from app.exchange.xlsx_reader import Column, Kind, SheetTable

SESSIONS = "帮扶活动"

_WHOLE_NUMBER = re.compile(r"[+-]?\d+")
_SOLVED_ON = re.compile(r"^(.*?)\s*[(（]\s*([0-9０-９][^()（）]*?)\s*解决\s*[)）]$")

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


def _about(line: str, message: str) -> str:
    """A problem line's message, naming the line (the form names it by number)."""
    short = line if len(line) <= 10 else line[:10] + "…"
    return f"问题「{short}」：{message}"


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

            # The rules are the form's (domain.pairing_validation), cell by cell.
            day = v.get("date")
            if "date" not in bad and (message := session_date_error(day, ctx.today)):
                problem("date", message)
            pairing = v.get("pairing", "")
            if not pairing and "pairing" not in bad:
                problem("pairing", "请填写结对名称")
            elif pairing and pairing not in ctx.pairing_names:
                problem("pairing", f"结对「{pairing}」不存在：请先在「结对」工作表中添加")
            topic = v.get("topic", "")
            if "topic" not in bad and (message := topic_error(topic)):
                problem("topic", message)
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
                        f"服务类型「{v['service_type']}」无法识别，应为 {choices(ServiceType)} 之一",
                    )
                values["service_type"] = kind
            if "place" in v:
                if message := place_error(v["place"]):
                    problem("place", message)
                values["place"] = v["place"]
            if "follow_up" in v:
                if message := follow_up_error(v["follow_up"]):
                    problem("follow_up", message)
                values["follow_up"] = v["follow_up"]
            if "outside" in v:
                text = v["outside"].replace("人", "").strip()
                if not text:
                    values["outside_count"] = 0
                elif not _WHOLE_NUMBER.fullmatch(text):
                    problem(
                        "outside",
                        f"其他参与人数应为 0 到 {MAX_OUTSIDE} 的整数（现为「{v['outside']}」）",
                    )
                elif message := outside_count_error(int(text)):
                    problem("outside", message)
                else:
                    values["outside_count"] = int(text)
            participants = None
            if "participants" in v and "participants" not in bad:
                participants = resolve_list(index, v["participants"], problem, "participants")
            found = _lines(v["found"]) if "found" in v else None
            for line in found or []:
                if message := problem_error(ProblemInput(text=line), day, ctx.today):
                    problem("found", _about(line, message))
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
                # Solved on or after the day it was found: known here when found here.
                found_on = day if found is not None and text in found else None
                checked = ProblemInput(text=text, solved=True, solved_on=on)
                if message := problem_error(checked, found_on, ctx.today):
                    problem("solved", _about(text, message))
                solved[text] = on
            if day is not None and pairing and topic:
                key = (day, pairing, topic)
                if key in seen:
                    problem("topic", f"与第 {seen[key]} 行是同一次活动（日期、结对、主题都相同）")
                seen.setdefault(key, at)
            if bad:
                continue
            # A new session needs someone there; one on file keeps what a missing column leaves.
            nobody = attendance_error(
                participant_count(participants or []), values.get("outside_count", 0)
            )
            on_file_already = (day, pairing, topic) in on_file
            if nobody and (
                not on_file_already or (participants is not None and "outside_count" in values)
            ):
                problem("participants", nobody)
                continue
            self._plans.append(
                _SessionPlan(at, day, pairing, topic, values, participants, found, solved)
            )

    def write(self, ctx: ImportContext) -> SheetCounts:
        conn = ctx.connection
        counts = SheetCounts()
        person_ids = person_ids_by_key(conn)
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
                        update(s)
                        .where(s.c.id == sid)
                        .values(participant_count=participant_count(wanted))
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
