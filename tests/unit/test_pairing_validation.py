"""结对 and 帮扶活动 rules: never raise on any input (hypothesis, 1,000 examples
each), and give the Chinese message under the field the form shows it at."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.enums import PairingKind, ServiceType
from app.domain.pairing_validation import (
    MAX_OUTSIDE,
    PairingInput,
    ProblemInput,
    SessionInput,
    validate_pairing,
    validate_session,
)

MANY = settings(max_examples=1000, deadline=None)
TODAY = dt.date(2026, 11, 25)

any_text = st.one_of(st.text(max_size=300), st.sampled_from(["", " ", "\u3000", "a\x00b", "组\n"]))
ids = st.lists(st.integers(min_value=-3, max_value=12), max_size=6)
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
anything = st.one_of(st.none(), st.integers(), st.text(max_size=5), st.floats(), st.booleans())


@MANY
@given(
    name=st.one_of(any_text, anything),
    kind=st.one_of(st.sampled_from(list(PairingKind)), anything),
    campaign=st.one_of(any_text, anything),
    helpers=st.one_of(ids, anything),
    helped=ids,
    start=st.one_of(dates, anything),
    end=dates,
    goal=any_text,
)
def test_validate_pairing_never_raises(name, kind, campaign, helpers, helped, start, end, goal):
    values = PairingInput(name, kind, campaign, helpers, helped, None, start, end, goal, "")
    errors = validate_pairing(values)
    assert isinstance(errors, dict)
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in errors.items())
    if isinstance(helpers, list) and set(helpers) & set(helped):
        assert "members" in errors
    if isinstance(start, dt.date) and end is not None and dt.date(1900, 1, 1) <= end < start:
        assert "end_date" in errors


problems = st.lists(
    st.builds(
        ProblemInput,
        id=st.one_of(st.none(), st.integers(1, 5)),
        text=any_text,
        solved=st.booleans(),
        solved_on=dates,
    ),
    max_size=4,
)


@MANY
@given(
    day=st.one_of(dates, anything),
    pairing_id=st.one_of(st.none(), st.integers()),
    topic=st.one_of(any_text, anything),
    service_type=st.one_of(st.sampled_from(list(ServiceType)), anything),
    place=any_text,
    participants=ids,
    outside=st.one_of(st.integers(-10, 20000), anything),
    found=problems,
    follow_up=any_text,
)
def test_validate_session_never_raises(
    day, pairing_id, topic, service_type, place, participants, outside, found, follow_up
):
    values = SessionInput(
        day, pairing_id, topic, service_type, place, participants, outside, found, follow_up
    )
    errors = validate_session(values, today=TODAY)
    assert isinstance(errors, dict)
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in errors.items())
    if isinstance(day, dt.date) and day > TODAY:
        assert "date" in errors
    if type(outside) is int and not 0 <= outside <= MAX_OUTSIDE:
        assert "outside_count" in errors
    assert values.person_times >= 0


@MANY
@given(participants=ids, outside=st.integers(0, MAX_OUTSIDE))
def test_person_times_count_each_participant_once(participants, outside):
    values = SessionInput(participant_ids=participants, outside_count=outside)
    assert values.person_times == len(set(participants)) + outside


def test_messages_are_under_the_fields_the_form_shows():
    assert validate_pairing(PairingInput()) == {
        "name": "请填写结对名称",
        "members": "请选择帮扶方和受帮扶方",
    }
    assert validate_session(SessionInput(), today=TODAY) == {
        "date": "请填写日期",
        "pairing_id": "请选择结对",
        "topic": "请填写主题",
        "participant_ids": "请选择参与人员，或填写其他参与人数",
    }
    late = SessionInput(
        date=dt.date(2026, 3, 5),
        pairing_id=1,
        topic="t",
        outside_count=1,
        problems=[
            ProblemInput(text="ok"),
            ProblemInput(text="x", solved=True, solved_on=dt.date(2026, 3, 4)),
        ],
    )
    assert validate_session(late, today=TODAY) == {
        "problems": "第 2 个问题：解决日期不能早于活动日期"
    }
