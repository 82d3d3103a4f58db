"""Pure rules for 结对 and 帮扶活动. Like domain.validation: each validator returns
field -> Chinese message (empty: valid) and never raises, whatever it is given.
Rules that need the database (name unique, people and pairing exist) are the
service's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.domain.enums import PairingKind, ServiceType
from app.domain.text import clean_text, clean_title, has_control_characters
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
        return len(_ids(self.participant_ids)) + outside

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


def _pairing_errors(p: PairingInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not p.name:
        errors["name"] = "请填写结对名称"
    elif len(p.name) > MAX_PAIRING_NAME:
        errors["name"] = f"结对名称过长（最多 {MAX_PAIRING_NAME} 个字）"
    elif has_control_characters(p.name):
        errors["name"] = "结对名称含有不可见的控制字符"
    if not isinstance(p.kind, PairingKind):
        errors["kind"] = "请选择结对类型"
    if len(p.campaign) > MAX_CAMPAIGN:
        errors["campaign"] = f"所属活动过长（最多 {MAX_CAMPAIGN} 个字）"
    if not p.helpers and not p.helped:
        errors["members"] = "请选择帮扶方和受帮扶方"
    elif not p.helpers:
        errors["members"] = "请至少选择一名帮扶方"
    elif not p.helped:
        errors["members"] = "请至少选择一名受帮扶方"
    else:
        both = set(p.helpers) & set(p.helped)
        if both:
            errors["members"] = "同一个人不能既是帮扶方又是受帮扶方"
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


def _session_errors(s: SessionInput, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if s.date is None:
        errors["date"] = "请填写日期"
    elif not _valid_date(s.date):
        errors["date"] = "日期不是有效日期"
    elif s.date > today:
        errors["date"] = "日期不能晚于今天"
    elif s.date < MIN_DATE:
        errors["date"] = "日期早于 1900 年，请检查"
    if s.pairing_id is None:
        errors["pairing_id"] = "请选择结对"
    if not s.topic:
        errors["topic"] = "请填写主题"
    elif len(s.topic) > MAX_TOPIC:
        errors["topic"] = f"主题过长（最多 {MAX_TOPIC} 个字）"
    if not isinstance(s.service_type, ServiceType):
        errors["service_type"] = "请选择服务类型"
    if len(s.place) > MAX_PLACE:
        errors["place"] = f"地点过长（最多 {MAX_PLACE} 个字）"
    outside = s.outside_count
    if isinstance(outside, bool) or not isinstance(outside, int):
        errors["outside_count"] = "其他参与人数必须是整数"
    elif outside < 0 or outside > MAX_OUTSIDE:
        errors["outside_count"] = f"其他参与人数应在 0 到 {MAX_OUTSIDE} 之间"
    elif not s.participant_ids and outside == 0:
        errors["participant_ids"] = "请选择参与人员，或填写其他参与人数"
    for number, problem in enumerate(s.problems, start=1):
        message = _problem_error(problem, s.date, today)
        if message:
            errors["problems"] = f"第 {number} 个问题：{message}"
            break
    if len(s.follow_up) > MAX_TEXT:
        errors["follow_up"] = f"后续跟进过长（最多 {MAX_TEXT} 个字）"
    return errors


def _problem_error(p: ProblemInput, session_date: dt.date | None, today: dt.date) -> str | None:
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
    if _valid_date(session_date) and p.solved_on < session_date:
        return "解决日期不能早于活动日期"
    return None
