"""Pure validation rules. Each returns a dict field -> Chinese message; an
empty dict means valid. They never raise, whatever text they are given.

A rule that both a form (through its service) and the workbook import apply is
one function here returning its message or None (``unit_name_error``,
``unit_parent_kind_error``, ``transferred_out_error``...), so the two paths
cannot drift apart."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from app.domain.enums import Gender, PoliticalStatus, UnitKind
from app.domain.text import clean_name, clean_text

MAX_NAME = 50
MAX_TEXT = 2000
MIN_DATE = dt.date(1900, 1, 1)

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")
_EMPLOYEE_NO = re.compile(r"[0-9A-Za-z][0-9A-Za-z_\-\.]{0,29}")
_DATE_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def is_day(value: object) -> bool:
    """A calendar date, as the date fields hold it (a datetime is not one: it
    cannot be compared with today's date)."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def parse_date(text: object) -> dt.date | None:
    """Parse 2021-03-05, 2021/3/5, 2021.3.5, 2021年3月5日 or 20210305.

    Returns None for empty or unparseable text (callers decide which it is).
    Accepts date and datetime objects as they are.
    """
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    value = clean_text(text)
    if not value:
        return None
    if " " in value:  # "2021-03-05 00:00:00" as text
        value = value.split(" ", 1)[0]
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(value)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    return None


def date_error(text: object, label: str, *, required: bool = False) -> str | None:
    """The message for a date field's text, or None if it is fine."""
    value = clean_text(text) if not isinstance(text, dt.date) else "x"
    if not value:
        return f"请填写{label}" if required else None
    parsed = parse_date(text)
    if parsed is None:
        return f"{label}不是有效日期（例如 2021-03-05）"
    if parsed < MIN_DATE:
        return f"{label}早于 1900 年，请检查"
    return None


def normalise_phone(text: object) -> str:
    value = clean_text(text)
    return re.sub(r"[\s\u3000]", "", value)


def phone_error(text: object) -> str | None:
    value = normalise_phone(text)
    if not value:
        return None
    if _MOBILE.fullmatch(value) or _LANDLINE.fullmatch(value):
        return None
    return "联系电话格式不对：手机号为 11 位（1 开头），座机如 021-12345678"


@dataclass
class PersonInput:
    """What a person form or a workbook row provides, as text or dates."""

    name: str = ""
    employee_no: str = ""
    gender: Gender | None = None
    birth_date: dt.date | None = None
    unit_id: int | None = None
    position: str = ""
    political_status: PoliticalStatus = PoliticalStatus.MASSES
    party_join_date: dt.date | None = None
    phone: str = ""
    tags: list[str] = field(default_factory=list)
    note: str = ""

    def cleaned(self) -> PersonInput:
        return PersonInput(
            name=clean_name(self.name),
            employee_no=clean_text(self.employee_no),
            gender=self.gender,
            birth_date=self.birth_date,
            unit_id=self.unit_id,
            position=clean_text(self.position),
            political_status=self.political_status,
            party_join_date=self.party_join_date,
            phone=normalise_phone(self.phone),
            tags=[clean_text(t) for t in self.tags if clean_text(t)],
            note=clean_text(self.note),
        )


def validate_name(text: object, label: str = "姓名") -> str | None:
    """A name as cleaned (invisible characters are removed, never refused)."""
    value = clean_name(text)
    if not value:
        return f"请填写{label}"
    if len(value) > MAX_NAME:
        return f"{label}过长（最多 {MAX_NAME} 个字）"
    return None


def person_name_error(text: object) -> str | None:
    """姓名: as ``validate_name``, and it must hold a letter (汉字 or Latin):
    ``12345`` or ``2020-01-01`` is a 工号 or a date in the wrong column."""
    if message := validate_name(text):
        return message
    value = clean_name(text)
    if not any(unicodedata.category(c).startswith("L") for c in value):
        shown = value if len(value) <= 20 else value[:20] + "…"
        return f"姓名「{shown}」不是人名（没有汉字或字母），请检查是否填错了列"
    return None


def validate_employee_no(text: object) -> str | None:
    value = clean_text(text)
    if not value:
        return None
    if not _EMPLOYEE_NO.fullmatch(value):
        return "工号只能包含字母、数字、- _ .，最多 30 位"
    return None


def validate_person(person: PersonInput, today: dt.date | None = None) -> dict[str, str]:
    """Rules for one person that need no database (工号 uniqueness is the service's)."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    try:
        p = person.cleaned()
    except Exception:  # noqa: BLE001 - a validator must never raise
        return {"name": "数据格式不正确"}
    if msg := person_name_error(p.name):
        errors["name"] = msg
    if msg := validate_employee_no(p.employee_no):
        errors["employee_no"] = msg
    if p.birth_date is not None:
        if p.birth_date > today:
            errors["birth_date"] = "出生日期不能晚于今天"
        elif p.birth_date < MIN_DATE:
            errors["birth_date"] = "出生日期早于 1900 年，请检查"
    if p.party_join_date is not None:
        if not p.political_status.is_party_member:
            errors["party_join_date"] = (
                f"只有中共党员或预备党员才填写入党日期（当前为{p.political_status.label}）"
            )
        elif p.party_join_date > today:
            errors["party_join_date"] = "入党日期不能晚于今天"
        elif p.birth_date is not None and p.party_join_date <= p.birth_date:
            errors["party_join_date"] = "入党日期必须晚于出生日期"
        elif p.birth_date is not None and _age_on(p.birth_date, p.party_join_date) < 18:
            errors["party_join_date"] = "入党时未满 18 周岁，请检查出生日期和入党日期"
    if msg := phone_error(p.phone):
        errors["phone"] = msg
    if len(p.position) > 100:
        errors["position"] = "岗位过长（最多 100 个字）"
    if len(p.note) > MAX_TEXT:
        errors["note"] = f"备注过长（最多 {MAX_TEXT} 个字）"
    for tag in p.tags:
        if len(tag) > 30:
            errors["tags"] = f"标签「{tag[:10]}…」过长（每个最多 30 个字）"
            break
    return errors


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass
class UnitInput:
    name: str = ""
    kind: UnitKind = UnitKind.DEPARTMENT
    parent_id: int | None = None
    note: str = ""

    def cleaned(self) -> UnitInput:
        return UnitInput(clean_name(self.name), self.kind, self.parent_id, clean_text(self.note))


def unit_name_error(text: object) -> str | None:
    return validate_name(text, "单位名称")


def unit_parent_kind_error(parent_kind: UnitKind, kind: UnitKind) -> str | None:
    """共建 units and the branch's own units are two separate trees."""
    parent_co = parent_kind == UnitKind.CO_BUILDING
    if parent_co == (kind == UnitKind.CO_BUILDING):
        return None
    return "共建单位只能放在共建单位之下" if parent_co else "共建单位不能放在本支部的单位之下"


def transferred_out_error(on: dt.date | None, today: dt.date) -> str | None:
    """转出日期 of a person marked 已转出."""
    if on is not None and on > today:
        return "转出日期不能晚于今天"
    return None


def validate_unit(unit: UnitInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if msg := unit_name_error(unit.name):
        errors["name"] = msg
    if len(clean_text(unit.note)) > MAX_TEXT:
        errors["note"] = f"备注过长（最多 {MAX_TEXT} 个字）"
    return errors
