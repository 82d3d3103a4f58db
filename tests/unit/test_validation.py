"""Validation rules: they never raise on any text (hypothesis, 1,000 examples
each), and the rules a user meets in the forms hold."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.enums import Gender, PoliticalStatus, UnitKind
from app.domain.text import clean_name, split_list
from app.domain.validation import (
    PersonInput,
    UnitInput,
    date_error,
    parse_date,
    phone_error,
    validate_employee_no,
    validate_person,
    validate_unit,
)

TODAY = dt.date(2026, 6, 15)
MANY = settings(max_examples=1000, deadline=None)

# Any text: every Unicode category including controls, surrogates excluded by
# hypothesis; plus text that looks like what the validators look for.
any_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.from_regex(r"1[0-9 \u3000\-]{0,14}", fullmatch=True),
    st.from_regex(r"[0-9]{2,5}[-/.年][0-9]{1,3}[-/.月][0-9]{1,3}日?( .*)?", fullmatch=True),
    st.text(alphabet="0123456789-/.年月日 \u3000\t\n\x00", max_size=30),
)
any_value = st.one_of(any_text, st.none(), st.integers(), st.floats(), st.dates(), st.datetimes())
maybe_date = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1)))
KNOWN_PERSON_FIELDS = {
    "name",
    "employee_no",
    "birth_date",
    "party_join_date",
    "phone",
    "position",
    "note",
    "tags",
}


def assert_messages(errors: dict[str, str], fields: set[str]) -> None:
    assert isinstance(errors, dict)
    assert set(errors) <= fields
    assert all(isinstance(m, str) and m for m in errors.values())


@MANY
@given(
    name=any_text,
    employee_no=any_text,
    gender=st.sampled_from([None, *Gender]),
    birth_date=maybe_date,
    political_status=st.sampled_from(list(PoliticalStatus)),
    party_join_date=maybe_date,
    phone=any_text,
    position=any_text,
    tags=st.lists(any_text, max_size=5),
    note=any_text,
)
def test_validate_person_never_raises(
    name,
    employee_no,
    gender,
    birth_date,
    political_status,
    party_join_date,
    phone,
    position,
    tags,
    note,
):
    person = PersonInput(
        name=name,
        employee_no=employee_no,
        gender=gender,
        birth_date=birth_date,
        political_status=political_status,
        party_join_date=party_join_date,
        phone=phone,
        position=position,
        tags=tags,
        note=note,
    )
    assert_messages(validate_person(person, today=TODAY), KNOWN_PERSON_FIELDS)
    assert_messages(validate_person(person), KNOWN_PERSON_FIELDS)


@MANY
@given(name=any_text, kind=st.sampled_from(list(UnitKind)), note=any_text)
def test_validate_unit_never_raises(name, kind, note):
    assert_messages(validate_unit(UnitInput(name, kind, None, note)), {"name", "note"})


@MANY
@given(any_value)
def test_parse_date_never_raises(value):
    result = parse_date(value)
    assert result is None or isinstance(result, dt.date)


@MANY
@given(any_value, st.booleans())
def test_date_error_never_raises(value, required):
    result = date_error(value, "出生日期", required=required)
    assert result is None or "出生日期" in result


@MANY
@given(any_value)
def test_phone_error_never_raises(value):
    result = phone_error(value)
    assert result is None or "联系电话" in result


@MANY
@given(any_value)
def test_validate_employee_no_never_raises(value):
    result = validate_employee_no(value)
    assert result is None or "工号" in result


@MANY
@given(any_value)
def test_clean_name_never_raises_and_is_tidy(value):
    name = clean_name(value)
    assert isinstance(name, str)
    assert name == name.strip()  # no leading or trailing space of any kind
    assert clean_name(name) == name  # cleaning twice changes nothing
    assert not any(ord(c) < 32 or ord(c) == 127 for c in name)


@MANY
@given(any_value)
def test_split_list_never_raises_and_has_no_empty_items(value):
    items = split_list(value)
    assert all(isinstance(i, str) and i and i == i.strip() for i in items)
    assert not any(sep in i for i in items for sep in "、，,;；\n")


# ----- the rules, by example ------------------------------------------------------


def person(**kw) -> PersonInput:
    base = dict(name="张伟", political_status=PoliticalStatus.MEMBER)
    base.update(kw)
    return PersonInput(**base)


def test_a_complete_member_is_valid():
    p = person(
        employee_no="A-001.x",
        birth_date=dt.date(1980, 1, 1),
        party_join_date=dt.date(2005, 7, 1),
        phone="138 0013 8000",
    )
    assert validate_person(p, today=TODAY) == {}


def test_name_is_required_and_limited():
    assert validate_person(person(name=" \u3000 "), today=TODAY)["name"] == "请填写姓名"
    assert "过长" in validate_person(person(name="张" * 51), today=TODAY)["name"]
    # Invisible control characters are dropped, not saved.
    assert validate_person(person(name="张\x07伟"), today=TODAY) == {}
    assert person(name="张\x07伟").cleaned().name == "张伟"


@MANY
@given(st.text(alphabet=st.characters(categories=["Zs", "Zl", "Zp", "Cc"]), max_size=20))
def test_a_name_of_only_spaces_or_controls_is_missing(blank):
    assert validate_person(person(name=blank), today=TODAY)["name"] == "请填写姓名"
    assert validate_unit(UnitInput(blank, UnitKind.GRID))["name"] == "请填写单位名称"


def test_birth_must_be_before_party_join_date():
    errors = validate_person(
        person(birth_date=dt.date(1990, 5, 1), party_join_date=dt.date(1990, 5, 1)), today=TODAY
    )
    assert errors["party_join_date"] == "入党日期必须晚于出生日期"
    errors = validate_person(
        person(birth_date=dt.date(1990, 5, 1), party_join_date=dt.date(1980, 5, 1)), today=TODAY
    )
    assert errors["party_join_date"] == "入党日期必须晚于出生日期"


def test_party_join_before_eighteen_is_questioned():
    errors = validate_person(
        person(birth_date=dt.date(1990, 5, 2), party_join_date=dt.date(2008, 5, 1)), today=TODAY
    )
    assert "未满 18 周岁" in errors["party_join_date"]
    ok = person(birth_date=dt.date(1990, 5, 1), party_join_date=dt.date(2008, 5, 1))
    assert validate_person(ok, today=TODAY) == {}


@pytest.mark.parametrize("status", [PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY])
def test_party_members_may_have_a_party_join_date(status):
    assert (
        validate_person(
            person(political_status=status, party_join_date=dt.date(2020, 1, 1)), today=TODAY
        )
        == {}
    )


@pytest.mark.parametrize(
    "status",
    [s for s in PoliticalStatus if s not in (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY)],
)
def test_only_party_members_have_a_party_join_date(status):
    errors = validate_person(
        person(political_status=status, party_join_date=dt.date(2020, 1, 1)), today=TODAY
    )
    assert errors["party_join_date"].startswith("只有中共党员或预备党员才填写入党日期")
    assert status.label in errors["party_join_date"]
    assert validate_person(person(political_status=status), today=TODAY) == {}


def test_dates_in_the_future_are_refused():
    tomorrow = TODAY + dt.timedelta(days=1)
    assert validate_person(person(birth_date=tomorrow), today=TODAY)["birth_date"] == (
        "出生日期不能晚于今天"
    )
    assert validate_person(person(party_join_date=tomorrow), today=TODAY)["party_join_date"] == (
        "入党日期不能晚于今天"
    )
    assert validate_person(person(birth_date=TODAY), today=TODAY) == {}


def test_dates_before_1900_are_questioned():
    errors = validate_person(person(birth_date=dt.date(1899, 12, 31)), today=TODAY)
    assert "1900" in errors["birth_date"]
    assert "1900" in date_error("1899-12-31", "出生日期")


@pytest.mark.parametrize(
    "phone",
    [
        "13800138000",
        "19912345678",
        "138 0013 8000",
        "021-12345678",
        "0571-8888888",
        "02112345678",
        "010-12345678-123",
        "",
    ],
)
def test_valid_phone_numbers(phone):
    assert phone_error(phone) is None


@pytest.mark.parametrize(
    "phone",
    ["12800138000", "1380013800", "138001380001", "+8613800138000", "电话", "021-123", "abc"],
)
def test_invalid_phone_numbers(phone):
    assert phone_error(phone) == "联系电话格式不对：手机号为 11 位（1 开头），座机如 021-12345678"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-05", dt.date(2021, 3, 5)),
        ("2021/3/5", dt.date(2021, 3, 5)),
        ("2021.3.5", dt.date(2021, 3, 5)),
        ("2021年3月5日", dt.date(2021, 3, 5)),
        ("2021年3月5", dt.date(2021, 3, 5)),
        ("20210305", dt.date(2021, 3, 5)),
        (" 2021-03-05 00:00:00 ", dt.date(2021, 3, 5)),
        (dt.datetime(2021, 3, 5, 8, 0), dt.date(2021, 3, 5)),
        ("2021-02-30", None),
        ("2021-13-01", None),
        ("3/5/2021", None),
        ("", None),
        (None, None),
        ("明天", None),
    ],
)
def test_parse_date_examples(text, expected):
    assert parse_date(text) == expected


def test_date_error_messages():
    assert date_error("", "入党日期") is None
    assert date_error("", "入党日期", required=True) == "请填写入党日期"
    assert date_error("2021-02-30", "入党日期") == "入党日期不是有效日期（例如 2021-03-05）"
    assert date_error(dt.date(2021, 2, 1), "入党日期") is None


@pytest.mark.parametrize("number", ["A001", "2023-001", "x_1.2", "9" * 30])
def test_valid_employee_numbers(number):
    assert validate_employee_no(number) is None


@pytest.mark.parametrize("number", ["工号1", "-A1", "A 1", "9" * 31, "A/1"])
def test_invalid_employee_numbers(number):
    assert validate_employee_no(number) == "工号只能包含字母、数字、- _ .，最多 30 位"


def test_clean_name_and_split_list_examples():
    assert clean_name("  王\u3000芳 ") == "王芳"
    assert clean_name("Zhang  Wei") == "Zhang Wei"
    assert clean_name(None) == ""
    assert split_list("网格长、 党小组长，,志愿者;\n") == ["网格长", "党小组长", "志愿者"]
    assert split_list(None) == []


def test_unit_rules():
    assert validate_unit(UnitInput("", UnitKind.GRID))["name"] == "请填写单位名称"
    assert "过长" in validate_unit(UnitInput("网" * 51, UnitKind.GRID))["name"]
    assert "备注过长" in validate_unit(UnitInput("一网格", UnitKind.GRID, note="字" * 2001))["note"]
    assert validate_unit(UnitInput("一网格", UnitKind.GRID)) == {}
