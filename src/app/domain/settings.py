"""The app's settings, each declared once: key, type, default, Chinese label,
group and the rule its value must meet.

The 设置 dialog builds a field per declaration (grouped by ``group``), the
command line's ``settings`` lists and sets them by key or by label, and
SettingsService stores them in the ``settings`` table (a value as JSON), so a
backup carries them. Every path checks a value with ``parse_value``: one rule,
one message. Pure Python; the parsers never raise, whatever they are given.

Adding a setting (e.g. the points rules of 党员承诺, an int with a range in
group 积分规则) is one more ``SettingSpec`` in ``SETTINGS``.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.text import clean_title

Value = str | int | float

GROUP_BRANCH = "支部信息"
GROUP_OPERATOR = "经办信息"
GROUP_POINTS = "积分规则"

BRANCH_NAME = "branch.name"
BRANCH_SECRETARY = "branch.secretary"
BRANCH_ORGANIZER = "branch.organizer"
PARENT_ORGANISATION = "branch.parent_organisation"
OPERATOR = "operator.name"
POINTS_BASE = "points.base"
POINTS_EXCELLENT = "points.rating.excellent"
POINTS_QUALIFIED = "points.rating.qualified"
POINTS_BASIC = "points.rating.basic"
POINTS_UNQUALIFIED = "points.rating.unqualified"
POINTS_PER_SESSION = "points.per_session"
POINTS_FLOOR = "points.floor"
POINTS_EXCELLENT_FROM = "points.excellent_from"
POINTS_UNQUALIFIED_BELOW = "points.unqualified_below"

MAX_TEXT = 100
_INTEGER = re.compile(r"[+-]?[0-9]{1,15}")
_DECIMAL = re.compile(r"[+-]?([0-9]{1,15}(\.[0-9]{0,6})?|\.[0-9]{1,6})")


@dataclass(frozen=True)
class SettingSpec:
    """One setting. ``kind`` is str, int or float; ``minimum``/``maximum`` bound
    a number, ``max_length`` a text; ``required`` refuses an empty value."""

    key: str
    label: str
    kind: type
    default: Value
    group: str
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = MAX_TEXT
    hint: str = ""  # shown in the empty field and by ``settings`` on the command line


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        BRANCH_NAME,
        "支部名称",
        str,
        "",
        GROUP_BRANCH,
        required=True,
        hint="例如 北区分公司党支部（印在报表页眉）",
    ),
    SettingSpec(
        BRANCH_SECRETARY, "书记", str, "", GROUP_BRANCH, max_length=50, hint="支部书记姓名"
    ),
    SettingSpec(BRANCH_ORGANIZER, "组织委员", str, "", GROUP_BRANCH, max_length=50),
    SettingSpec(
        PARENT_ORGANISATION, "上级党组织", str, "", GROUP_BRANCH, hint="例如 中共某某公司委员会"
    ),
    SettingSpec(
        OPERATOR,
        "经办人",
        str,
        "",
        GROUP_OPERATOR,
        max_length=50,
        hint="使用本程序的人，记入工作留痕",
    ),
    # 党员承诺's points rules: they differ between companies (services/points.py)
    SettingSpec(POINTS_BASE, "年度基础分", int, 60, GROUP_POINTS, minimum=0, maximum=1000,
                hint="每名党员每年的起始积分"),
    SettingSpec(POINTS_EXCELLENT, "承诺评议优秀加分", int, 10, GROUP_POINTS, minimum=-100, maximum=100),
    SettingSpec(POINTS_QUALIFIED, "承诺评议合格加分", int, 5, GROUP_POINTS, minimum=-100, maximum=100),
    SettingSpec(POINTS_BASIC, "承诺评议基本合格加分", int, 0, GROUP_POINTS, minimum=-100, maximum=100),
    SettingSpec(POINTS_UNQUALIFIED, "承诺评议不合格加分", int, -5, GROUP_POINTS, minimum=-100,
                maximum=100, hint="扣分填负数，如 -5"),
    SettingSpec(POINTS_PER_SESSION, "每参加一次帮扶活动加分", int, 2, GROUP_POINTS, minimum=0,
                maximum=100),
    SettingSpec(POINTS_FLOOR, "最低分", int, 0, GROUP_POINTS, minimum=0, maximum=1000,
                hint="年度积分不低于此分"),
    SettingSpec(POINTS_EXCELLENT_FROM, "优秀线（不低于）", int, 80, GROUP_POINTS, minimum=0,
                maximum=1000),
    SettingSpec(POINTS_UNQUALIFIED_BELOW, "不合格线（低于）", int, 60, GROUP_POINTS, minimum=0,
                maximum=1000),
)  # fmt: skip

BY_KEY: dict[str, SettingSpec] = {s.key: s for s in SETTINGS}
MISSING_BRANCH_NAME = "尚未设置支部名称（报表页眉要印支部名称）"


def find_setting(name: object) -> SettingSpec | None:
    """The setting named by its key (branch.name) or its label (支部名称)."""
    text = clean_title(name)
    if text in BY_KEY:
        return BY_KEY[text]
    for setting in SETTINGS:
        if setting.label == text:
            return setting
    return None


def groups(settings: Iterable[SettingSpec] = SETTINGS) -> list[tuple[str, list[SettingSpec]]]:
    """The settings by group, groups in the order they first appear."""
    by_group: dict[str, list[SettingSpec]] = {}
    for setting in settings:
        by_group.setdefault(setting.group, []).append(setting)
    return list(by_group.items())


def _number_text(value: object) -> str:
    # full-width digits and signs (１２, －) typed with a Chinese input method count
    text = unicodedata.normalize("NFKC", clean_title(value))
    return text.replace(",", "").replace(" ", "")


def _shown(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _range_error(setting: SettingSpec, number: float) -> str | None:
    low, high = setting.minimum, setting.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            return f"{setting.label}须在 {_shown(low)} 到 {_shown(high)} 之间"
        if low is not None:
            return f"{setting.label}不能小于 {_shown(low)}"
        return f"{setting.label}不能大于 {_shown(high)}"  # type: ignore[arg-type]
    return None


def parse_value(setting: SettingSpec, raw: object) -> tuple[Value | None, str | None]:
    """(value, None) when ``raw`` (typed text, or a value read back) is a valid
    value of ``setting``, else (None, the Chinese message). Never raises."""
    try:
        return _parse(setting, raw)
    except Exception:  # noqa: BLE001 - a rule must answer, whatever it is given
        return None, f"{setting.label}的值无法识别"


def _parse(setting: SettingSpec, raw: object) -> tuple[Value | None, str | None]:
    if setting.kind is str:
        text = clean_title(raw)
        if not text:
            return (None, f"请填写{setting.label}") if setting.required else ("", None)
        if len(text) > setting.max_length:
            return None, f"{setting.label}不能超过 {setting.max_length} 个字"
        return text, None
    if isinstance(raw, bool):
        return None, f"{setting.label}须为数字"
    text = "" if raw is None else _number_text(raw)
    if not text:
        return None, f"请填写{setting.label}"
    if setting.kind is int:
        if isinstance(raw, int):
            number: Value = raw
        elif isinstance(raw, float) and raw.is_integer():
            number = int(raw)
        elif _INTEGER.fullmatch(text):
            number = int(text)
        else:
            return None, f"{setting.label}须为整数"
    else:
        if isinstance(raw, (int, float)):
            number = float(raw)
        elif _DECIMAL.fullmatch(text):
            number = float(text)
        else:
            return None, f"{setting.label}须为数字"
        if not math.isfinite(number):
            return None, f"{setting.label}须为数字"
    message = _range_error(setting, number)
    return (None, message) if message else (number, None)


def validate(
    values: Mapping[str, object], declared: Mapping[str, SettingSpec] | None = None
) -> tuple[dict[str, Value], dict[str, str]]:
    """The values given (by key) parsed, and the messages (by key) of the ones
    that are not valid or not declared (in ``declared``, by default every
    setting of ``SETTINGS``). Never raises."""
    declared = BY_KEY if declared is None else declared
    parsed: dict[str, Value] = {}
    errors: dict[str, str] = {}
    for key, raw in values.items():
        setting = declared.get(key)
        if setting is None:
            errors[str(key)] = f"没有名为「{key}」的设置"
            continue
        value, message = parse_value(setting, raw)
        if message is not None:
            errors[key] = message
        else:
            parsed[key] = value  # type: ignore[assignment]
    return parsed, errors


def encode(value: Value) -> str:
    """A value as the settings table stores it (JSON)."""
    return json.dumps(value, ensure_ascii=False)


def decode(setting: SettingSpec, stored: str | None) -> Value:
    """A stored value read back; the default when it is missing or no longer
    valid (a hand-edited database, a rule made stricter by a later version)."""
    if stored is None:
        return setting.default
    try:
        raw: Any = json.loads(stored)
    except (TypeError, ValueError):
        return setting.default
    if raw is None or isinstance(raw, (list, dict)):
        return setting.default
    value, message = parse_value(setting, raw)
    if message is not None or value is None:
        # an unset required text reads as its (empty) default: "not set yet"
        return setting.default
    return value


def shown(setting: SettingSpec, value: Value) -> str:
    """A value as text in a field or on the command line."""
    if setting.kind is float and isinstance(value, (int, float)):
        return _shown(value)
    return str(value)


@dataclass(frozen=True)
class BranchDetails:
    """What reports print of the branch: its name, officers and parent body."""

    name: str
    secretary: str = ""
    organizer: str = ""
    parent_organisation: str = ""

    @property
    def header(self) -> str:
        """The page header's organisation: the parent body, then the branch."""
        if self.parent_organisation:
            return f"{self.parent_organisation} {self.name}"
        return self.name
