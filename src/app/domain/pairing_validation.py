"""Pure rules for 结对 and 帮扶活动. Like domain.validation: each validator returns
field -> Chinese message (empty: valid) and never raises, whatever it is given.
Rules that need the database (name unique, people and pairing exist) are the
service's.

Each rule is one function returning its message or None (``session_date_error``,
``topic_error``, ``attendance_error``...). ``validate_session`` and
``validate_pairing`` apply them for the forms and the services; the workbook
import (exchange/sheets_*.py) calls the same functions cell by cell, so a
session the form refuses is refused by the import with the same message."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.domain import pairing_figures
from app.domain.enums import MemberSide, PairingKind, ServiceType
from app.domain.text import clean_text, clean_title
from app.domain.validation import MAX_TEXT, MIN_DATE

MAX_PAIRING_NAME = 100
MAX_TOPIC = 200
MAX_PLACE = 200
MAX_CAMPAIGN = 200
MAX_OUTSIDE = 9999
MAX_PROBLEM = 500


@dataclass
class PairingInput:
    name: str = ""
    kind: PairingKind = PairingKind.INTERNAL
    campaign: str = ""
    helpers: list[int] = field(default_factory=list)
    helped: list[int] = field(default_factory=list)
    helped_unit_id: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    goal: str = ""
    note: str = ""

    def cleaned(self) -> PairingInput:
        return PairingInput(
            name=clean_title(self.name),
            kind=self.kind,
            campaign=clean_text(self.campaign),
            helpers=_ids(self.helpers),
            helped=_ids(self.helped),
            helped_unit_id=self.helped_unit_id,
            start_date=self.start_date,
            end_date=self.end_date,
            goal=clean_text(self.goal),
            note=clean_text(self.note),
        )


@dataclass
class ProblemInput:
    id: int | None = None
    text: str = ""
    solved: bool = False
    solved_on: dt.date | None = None


@dataclass
class SessionInput:
    date: dt.date | None = None
    pairing_id: int | None = None
    topic: str = ""
    service_type: ServiceType = ServiceType.OTHER
    place: str = ""
    participant_ids: list[int] = field(default_factory=list)
    outside_count: int = 0
    problems: list[ProblemInput] = field(default_factory=list)
    follow_up: str = ""

    @property
    def person_times(self) -> int:
        """人次: the listed participants (each once) plus the outside participants."""
        outside = self.outside_count
        if type(outside) is not int or outside < 0:
            outside = 0
        return pairing_figures.person_times(
            pairing_figures.participant_count(_ids(self.participant_ids)), outside
        )

    def cleaned(self) -> SessionInput:
        """Text trimmed, participants once each, empty problem lines dropped, and a
        solved problem without a date solved on the session's date."""
        problems = []
        for p in self.problems:
            text = clean_text(p.text)
            if not text:
                continue
            solved_on = p.solved_on if p.solved else None
            if p.solved and solved_on is None:
                solved_on = self.date
            problems.append(ProblemInput(p.id, text, bool(p.solved), solved_on))
        return SessionInput(
            date=self.date,
            pairing_id=self.pairing_id,
            topic=clean_text(self.topic),
            service_type=self.service_type,
            place=clean_text(self.place),
            participant_ids=_ids(self.participant_ids),
            outside_count=self.outside_count,
            problems=problems,
            follow_up=clean_text(self.follow_up),
        )


def _ids(values: object) -> list[int]:
    """Record ids, each once, in order; anything that is not an id is dropped."""
    if not isinstance(values, (list, tuple, set, frozenset)):
        return []
    return list(dict.fromkeys(v for v in values if type(v) is int))


def _valid_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def validate_pairing(pairing: PairingInput) -> dict[str, str]:
    """Rules for one pairing that need no database (name unique is the service's)."""
    try:
        return _pairing_errors(pairing.cleaned())
    except Exception:  # noqa: BLE001 - a validator must never raise
        return {"name": "数据格式不正确"}


def pairing_name_error(name: str) -> str | None:
    """结对名称 (cleaned): required, at most MAX_PAIRING_NAME."""
    if not name:
        return "请填写结对名称"
    if len(name) > MAX_PAIRING_NAME:
        return f"结对名称过长（最多 {MAX_PAIRING_NAME} 个字）"
    return None


def members_problem(helpers: list[int], helped: list[int]) -> tuple[MemberSide | None, str] | None:
    """帮扶方 and 受帮扶方: someone on each side, nobody on both. Returns the side
    the message is about (None: both) and the message."""
    if not helpers and not helped:
        return None, "请选择帮扶方和受帮扶方"
    if not helpers:
        return MemberSide.HELPER, "请至少选择一名帮扶方"
    if not helped:
        return MemberSide.HELPED, "请至少选择一名受帮扶方"
    if set(helpers) & set(helped):
        return MemberSide.HELPED, "同一个人不能既是帮扶方又是受帮扶方"
    return None


def _pairing_errors(p: PairingInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if message := pairing_name_error(p.name):
        errors["name"] = message
    if not isinstance(p.kind, PairingKind):
        errors["kind"] = "请选择结对类型"
    if len(p.campaign) > MAX_CAMPAIGN:
        errors["campaign"] = f"所属活动过长（最多 {MAX_CAMPAIGN} 个字）"
    if problem := members_problem(p.helpers, p.helped):
        errors["members"] = problem[1]
    for key, value, label in (
        ("start_date", p.start_date, "开始日期"),
        ("end_date", p.end_date, "结束日期"),
    ):
        if value is not None and not _valid_date(value):
            errors[key] = f"{label}不是有效日期"
        elif value is not None and value < MIN_DATE:
            errors[key] = f"{label}早于 1900 年，请检查"
    if (
        "start_date" not in errors
        and "end_date" not in errors
        and p.start_date is not None
        and p.end_date is not None
        and p.end_date < p.start_date
    ):
        errors["end_date"] = "结束日期不能早于开始日期"
    if len(p.goal) > MAX_TEXT:
        errors["goal"] = f"目标过长（最多 {MAX_TEXT} 个字）"
    if len(p.note) > MAX_TEXT:
        errors["note"] = f"备注过长（最多 {MAX_TEXT} 个字）"
    return errors


def validate_session(session: SessionInput, today: dt.date | None = None) -> dict[str, str]:
    """Rules for one session that need no database (the pairing exists: service)."""
    try:
        return _session_errors(session.cleaned(), today or dt.date.today())
    except Exception:  # noqa: BLE001 - a validator must never raise
        return {"date": "数据格式不正确"}


def session_date_error(day: object, today: dt.date) -> str | None:
    """日期: required, a real date, not after today, not before 1900."""
    if day is None:
        return "请填写日期"
    if not _valid_date(day):
        return "日期不是有效日期"
    if day > today:  # type: ignore[operator]
        return "日期不能晚于今天"
    if day < MIN_DATE:  # type: ignore[operator]
        return "日期早于 1900 年，请检查"
    return None


def topic_error(topic: str) -> str | None:
    """主题 (cleaned): required, at most MAX_TOPIC."""
    if not topic:
        return "请填写主题"
    if len(topic) > MAX_TOPIC:
        return f"主题过长（最多 {MAX_TOPIC} 个字）"
    return None


def place_error(place: str) -> str | None:
    if len(place) > MAX_PLACE:
        return f"地点过长（最多 {MAX_PLACE} 个字）"
    return None


def outside_count_error(outside: object) -> str | None:
    """其他参与人数: a whole number from 0 to MAX_OUTSIDE."""
    if isinstance(outside, bool) or not isinstance(outside, int):
        return "其他参与人数必须是整数"
    if outside < 0 or outside > MAX_OUTSIDE:
        return f"其他参与人数应在 0 到 {MAX_OUTSIDE} 之间"
    return None


def attendance_error(participant_count: int, outside_count: int) -> str | None:
    """A session needs someone there: listed participants or an outside count
    (its 人次 is not 0)."""
    if pairing_figures.person_times(participant_count, outside_count) == 0:
        return "请选择参与人员，或填写其他参与人数"
    return None


def follow_up_error(text: str) -> str | None:
    if len(text) > MAX_TEXT:
        return f"后续跟进过长（最多 {MAX_TEXT} 个字）"
    return None


def _session_errors(s: SessionInput, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if message := session_date_error(s.date, today):
        errors["date"] = message
    if s.pairing_id is None:
        errors["pairing_id"] = "请选择结对"
    if message := topic_error(s.topic):
        errors["topic"] = message
    if not isinstance(s.service_type, ServiceType):
        errors["service_type"] = "请选择服务类型"
    if message := place_error(s.place):
        errors["place"] = message
    if message := outside_count_error(s.outside_count):
        errors["outside_count"] = message
    elif message := attendance_error(
        pairing_figures.participant_count(s.participant_ids), s.outside_count
    ):
        errors["participant_ids"] = message
    for number, problem in enumerate(s.problems, start=1):
        message = problem_error(problem, s.date, today)
        if message:
            errors["problems"] = f"第 {number} 个问题：{message}"
            break
    if message := follow_up_error(s.follow_up):
        errors["follow_up"] = message
    return errors


def problem_error(p: ProblemInput, session_date: object, today: dt.date) -> str | None:
    """One problem line (cleaned): length, one line, and its solved date between
    the day it was found (``session_date``, when known) and today."""
    if len(p.text) > MAX_PROBLEM:
        return f"描述过长（最多 {MAX_PROBLEM} 个字）"
    if "\n" in p.text or "\r" in p.text:
        return "一个问题只能写一行"
    if not p.solved:
        return None
    if p.solved_on is None:
        return None  # no session date either; the date error says what to fix
    if not _valid_date(p.solved_on):
        return "解决日期不是有效日期"
    if p.solved_on > today:
        return "解决日期不能晚于今天"
    if _valid_date(session_date) and p.solved_on < session_date:  # type: ignore[operator]
        return "解决日期不能早于活动日期"
    return None
