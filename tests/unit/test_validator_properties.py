"""Property-based tests (hypothesis, 1,000 examples each) for the validators the
existing files did not cover yet, and for the half the existing ones left out:
besides never raising on anything, every message is Chinese, and a value a
secretary would enter is accepted. (test_validation.py, test_pairing_validation.py,
test_pledge_rules.py and test_settings.py hold the never-raises properties of
validation.py, pairing_validation.py, pledge_rules.py and settings.py.)"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import development_rules as rules
from app.domain.development_rules import StageEntry, next_step, warnings
from app.domain.enums import Gender, PairingKind, PoliticalStatus, ServiceType
from app.domain.mentoring_models import MentorshipFocus, MentorshipStatus, Stage
from app.domain.pairing_validation import (
    PairingInput,
    ProblemInput,
    SessionInput,
    validate_pairing,
    validate_session,
)
from app.domain.pledge_models import PledgeCategory, PledgeRating
from app.domain.pledge_rules import (
    PledgeLine,
    PointsRules,
    duplicate_texts,
    pledger_error,
    points_entry_error,
    points_level,
    points_rules_from,
    progress_error,
    rating_error,
    rules_error,
    validate_pledge_line,
    yearly_total,
)
from app.domain.settings import SETTINGS, parse_value
from app.domain.text import clean_name, clean_text, has_invisible_characters, split_list
from app.domain.validation import PersonInput, is_day, person_name_error, validate_person
from app.services.development import StageInput, stage_errors
from app.services.mentoring import MentorshipInput, check_in_errors, validate_mentorship

MANY = settings(max_examples=1000, deadline=None)
TODAY = dt.date(2026, 6, 15)
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(),
    st.dates(),
    st.datetimes(),
    st.lists(st.integers(), max_size=3),
)
any_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet="王芳 \u3000\t\n\r\x0b\x00\u200b\ufeff\u2028", max_size=30),
)
any_date = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
past = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
chinese_name = st.text(alphabet=han, min_size=2, max_size=4)
chinese_text = st.text(alphabet=st.one_of(han, st.sampled_from("，。、 0123456789")), max_size=80)


def chinese(errors) -> None:
    """A dict of field -> message, or a message, or None: each message Chinese."""
    messages = errors.values() if isinstance(errors, dict) else [errors]
    for message in messages:
        if message is None:
            continue
        assert isinstance(message, str) and message
        assert _CJK.search(message), message


# ----- validation.py: the one text rule, names, a valid person --------------------------


@MANY
@given(any_text)
def test_clean_text_leaves_no_invisible_character_and_only_lf_line_breaks(text):
    cleaned = clean_text(text)
    assert not has_invisible_characters(cleaned)
    assert not any(c in cleaned for c in "\r\x0b\x0c\x85\u2028\u2029")
    assert clean_text(cleaned) == cleaned  # once is enough

    # Nothing visible is lost: every letter, digit and ideograph stays, in order.
    def visible(s):
        return [c for c in s if unicodedata.category(c)[0] in "LN"]

    assert visible(cleaned) == visible(text)


@MANY
@given(any_text)
def test_a_name_and_a_list_are_cleaned_by_the_same_rule(text):
    assert not has_invisible_characters(clean_name(text))
    assert "\n" not in clean_name(text)
    assert all(not has_invisible_characters(item) for item in split_list(text))


@MANY
@given(st.one_of(any_text, anything))
def test_person_name_error_never_raises_and_answers_in_chinese(value):
    message = person_name_error(value)
    chinese(message)
    name = clean_name(value)
    if message is None:  # accepted: a name with a letter, not too long
        assert name and len(name) <= 50
        assert any(unicodedata.category(c).startswith("L") for c in name)


@MANY
@given(st.one_of(st.integers(), st.dates(), st.from_regex(r"[0-9\-/. ]{1,20}", fullmatch=True)))
def test_a_number_or_a_date_as_a_name_is_refused(value):
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    assert person_name_error(text) is not None


@MANY
@given(
    name=chinese_name,
    employee_no=st.from_regex(r"[A-Z0-9]{1,3}[0-9A-Za-z_\-.]{0,10}", fullmatch=True),
    gender=st.sampled_from([None, *Gender]),
    birth=st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2000, 1, 1)),
    years_to_join=st.integers(19, 25),
    phone=st.one_of(
        st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
        st.from_regex(r"0[1-9][0-9]{1,2}-[1-9][0-9]{6,7}", fullmatch=True),
        st.just(""),
    ),
    member=st.booleans(),
    note=chinese_text,
)
def test_a_person_a_secretary_would_enter_is_accepted(
    name, employee_no, gender, birth, years_to_join, phone, member, note
):
    person = PersonInput(
        name=name,
        employee_no=employee_no,
        gender=gender,
        birth_date=birth,
        political_status=PoliticalStatus.MEMBER if member else PoliticalStatus.MASSES,
        party_join_date=birth.replace(year=birth.year + years_to_join, day=1) if member else None,
        phone=phone,
        note=note,
    )
    assert validate_person(person, today=TODAY) == {}


# ----- pairing_validation.py: what it accepts ------------------------------------------


@MANY
@given(
    name=st.text(alphabet=han, min_size=1, max_size=30),
    kind=st.sampled_from(list(PairingKind)),
    people=st.lists(st.integers(1, 500), min_size=2, max_size=8, unique=True),
    split=st.integers(1, 7),
    start=past,
    days=st.integers(0, 3000),
)
def test_a_pairing_with_people_on_both_sides_is_accepted(name, kind, people, split, start, days):
    cut = min(split, len(people) - 1)
    values = PairingInput(
        name, kind, "", people[:cut], people[cut:], None, start, start + dt.timedelta(days), "", ""
    )
    assert validate_pairing(values) == {}


@MANY
@given(
    day=past,
    topic=st.text(alphabet=han, min_size=1, max_size=40),
    service_type=st.sampled_from(list(ServiceType)),
    participants=st.lists(st.integers(1, 500), max_size=6, unique=True),
    outside=st.integers(0, 50),
    found=st.lists(st.text(alphabet=han, min_size=1, max_size=20), max_size=3, unique=True),
)
def test_a_session_with_someone_there_is_accepted(
    day, topic, service_type, participants, outside, found
):
    if not participants and not outside:
        outside = 1
    problems = [ProblemInput(None, text, False, None) for text in found]
    values = SessionInput(day, 1, topic, service_type, "", participants, outside, problems, "")
    assert validate_session(values, TODAY) == {}
    chinese(validate_session(SessionInput(), TODAY))


# ----- pledge_rules.py ------------------------------------------------------------------


@MANY
@given(
    year=st.integers(2000, 2100),
    text=st.text(alphabet=han, min_size=1, max_size=200),
    category=st.sampled_from(list(PledgeCategory)),
    day_of_year=st.one_of(st.none(), st.integers(0, 364)),
    points=st.integers(-10, 10),
)
def test_a_pledge_line_a_member_would_write_is_accepted(year, text, category, day_of_year, points):
    due = None if day_of_year is None else dt.date(year, 1, 1) + dt.timedelta(day_of_year)
    line = PledgeLine(text=text, category=category, due_date=due, extra_points=points)
    assert validate_pledge_line(line, year) == {}


@MANY
@given(day=past, text=chinese_text.filter(str.strip), rating=st.sampled_from(list(PledgeRating)),
       points=st.integers(-20, 20).filter(bool))  # fmt: skip
def test_notes_ratings_and_points_entries_are_accepted(day, text, rating, points):
    assert progress_error(day, text, TODAY) == {}
    assert rating_error(rating, text, day, TODAY) == {}
    assert points_entry_error(day, points, text, TODAY) == {}


@MANY
@given(
    name=any_text,
    status=st.one_of(st.none(), st.sampled_from(list(PoliticalStatus))),
    values=st.dictionaries(st.text(max_size=30), anything, max_size=5),
    entries=st.lists(st.integers(-1000, 1000), max_size=20),
    lines=st.lists(st.builds(PledgeLine, text=any_text), max_size=5),
)
def test_the_other_pledge_rules_never_raise_and_answer_in_chinese(
    name, status, values, entries, lines
):
    message = pledger_error(name, status)
    chinese(message)
    assert (message is None) == (status is not None and status.is_party_member)
    rules_from = points_rules_from(values)
    chinese(rules_error(rules_from))
    chinese(points_level(yearly_total(rules_from, entries), rules_from))
    assert rules_error(PointsRules()) is None
    assert all(isinstance(t, str) and t for t in duplicate_texts(lines))


# ----- services/mentoring.py --------------------------------------------------------------


@MANY
@given(
    mentor=st.one_of(st.none(), st.integers(), anything),
    mentee=st.one_of(st.none(), st.integers(), anything),
    start=st.one_of(any_date, anything),
    planned=st.one_of(any_date, anything),
    focus=st.one_of(st.lists(st.sampled_from(list(MentorshipFocus)), max_size=4), anything),
    goals=st.one_of(any_text, anything),
    status=st.one_of(st.sampled_from(list(MentorshipStatus)), anything),
    ended=st.one_of(any_date, anything),
    evaluation=st.one_of(any_text, anything),
)
def test_validate_mentorship_never_raises_and_answers_in_chinese(
    mentor, mentee, start, planned, focus, goals, status, ended, evaluation
):
    values = MentorshipInput(mentor, mentee, start, planned, focus, goals, status, ended,
                             evaluation)  # fmt: skip
    errors = validate_mentorship(values, TODAY)
    chinese(errors)
    assert set(errors) <= {"mentor_id", "mentee_id", "start_date", "planned_end", "focus",
                           "goals", "evaluation", "ended_on"}  # fmt: skip


@MANY
@given(
    pair=st.lists(st.integers(1, 10_000), min_size=2, max_size=2, unique=True),
    start=past,
    months=st.integers(1, 36),
    focus=st.lists(st.sampled_from(list(MentorshipFocus)), min_size=1, max_size=3, unique=True),
    goals=chinese_text,
    status=st.sampled_from(list(MentorshipStatus)),
    evaluation=chinese_text,
)
def test_a_mentorship_a_secretary_would_enter_is_accepted(
    pair, start, months, focus, goals, status, evaluation
):
    ended = None if status == MentorshipStatus.ACTIVE else min(TODAY, rules.add_months(start, 3))
    values = MentorshipInput(pair[0], pair[1], start, rules.add_months(start, months), focus,
                             goals, status, ended, evaluation)  # fmt: skip
    assert validate_mentorship(values, TODAY) == {}


@MANY
@given(day=st.one_of(any_date, anything), content=st.one_of(any_text, anything),
       comment=st.one_of(any_text, anything))  # fmt: skip
def test_check_in_errors_never_raise_and_accept_a_real_check_in(day, content, comment):
    errors = check_in_errors(day, content, comment, TODAY)
    chinese(errors)
    assert set(errors) <= {"date", "content", "comment"}
    text = clean_text(content) if isinstance(content, str) else ""
    if is_day(day) and day <= TODAY and text and len(text) <= 2000:
        assert "date" not in errors and "content" not in errors


# ----- services/development.py and domain/development_rules.py ----------------------------


@MANY
@given(
    stage=st.one_of(st.sampled_from(list(Stage)), anything),
    day=st.one_of(any_date, anything),
    note=st.one_of(any_text, anything),
    talk=st.one_of(any_date, anything),
    introducers=st.one_of(st.lists(st.integers(), max_size=3), anything),
    days=st.one_of(st.integers(-5, 2000), anything),
    hours=st.one_of(st.integers(-5, 2000), anything),
    approval=st.one_of(any_date, anything),
    extension=st.one_of(st.integers(-5, 2000), anything),
)
def test_stage_errors_never_raise_and_answer_in_chinese(
    stage, day, note, talk, introducers, days, hours, approval, extension
):
    values = StageInput(stage, day, note, talk, introducers, days, hours, approval, extension)
    errors = stage_errors(values, TODAY)
    chinese(errors)
    if isinstance(stage, Stage) and is_day(day) and day <= TODAY:
        assert "stage" not in errors and "date" not in errors


@MANY
@given(stage=st.sampled_from(list(Stage)), day=past, note=st.text(alphabet=han, min_size=1,
       max_size=30), days=st.integers(0, 999))  # fmt: skip
def test_a_stage_a_secretary_would_record_is_accepted(stage, day, note, days):
    values = StageInput(stage, day, note, training_days=days, extension_months=None)
    assert stage_errors(values, TODAY) == {}


entries = st.lists(
    st.builds(
        StageEntry,
        stage=st.sampled_from(list(Stage)),
        date=any_date,
        talk_date=st.one_of(st.none(), any_date),
        introducers=st.lists(
            st.one_of(st.none(), st.sampled_from(list(PoliticalStatus))), max_size=3
        ).map(tuple),  # fmt: skip
        training_days=st.one_of(st.none(), st.integers(-10, 10_000)),
        training_hours=st.one_of(st.none(), st.integers(-10, 10_000)),
        approval_date=st.one_of(st.none(), any_date),
        extension_months=st.one_of(st.none(), st.integers(-100, 10_000)),
    ),
    max_size=8,
)


@MANY
@given(birth=st.one_of(st.none(), any_date), found=entries, today=any_date)
def test_the_development_rules_never_raise_on_any_dates_and_warn_in_chinese(birth, found, today):
    # Dates up to 31 December 9999: a deadline past it is "never", not a crash.
    said = warnings(birth, found, today)
    assert all(isinstance(w, str) and _CJK.search(w) for w in said)
    step = next_step(found)
    assert step is None or (_CJK.search(step.text) and isinstance(step.overdue(today), bool))


@MANY
@given(
    birth=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(1990, 12, 31)),
    gaps=st.tuples(
        st.integers(0, 30),
        st.integers(0, 200),
        st.integers(0, 200),
        st.integers(0, 60),
        st.integers(0, 200),
    ),  # fmt: skip
    hours=st.one_of(
        st.tuples(st.integers(3, 30), st.none()), st.tuples(st.none(), st.integers(24, 200))
    ),  # fmt: skip
)
def test_a_development_by_the_regulations_gets_no_warning(birth, gaps, hours):
    talk_gap, activist_gap, target_extra, approval_gap, full_extra = gaps
    applied = rules.add_years(birth, 18) + dt.timedelta(days=activist_gap)
    talk = min(applied + dt.timedelta(days=talk_gap), rules.add_months(applied, 1))
    activist = talk + dt.timedelta(days=1)
    target = rules.add_years(activist, 1) + dt.timedelta(days=target_extra)
    probationary = target + dt.timedelta(days=30)
    approval = min(
        probationary + dt.timedelta(days=approval_gap), rules.add_months(probationary, 3)
    )
    full = rules.probation_end(probationary) + dt.timedelta(days=full_extra)
    today = full + dt.timedelta(days=1)
    record = [
        StageEntry(Stage.APPLICATION, applied, talk_date=talk),
        StageEntry(Stage.ACTIVIST, activist),
        StageEntry(Stage.TARGET, target),
        StageEntry(Stage.PROBATIONARY, probationary,
                   introducers=(PoliticalStatus.MEMBER, PoliticalStatus.MEMBER),
                   training_days=hours[0], training_hours=hours[1], approval_date=approval),
        StageEntry(Stage.FULL_MEMBER, full),
    ]  # fmt: skip
    assert warnings(birth, record, today) == []
    assert next_step(record) is None


# ----- domain/settings.py: what it accepts ------------------------------------------------


@MANY
@given(data=st.data())
def test_every_setting_accepts_a_value_in_its_range(data):
    for setting in SETTINGS:
        if setting.kind is str:
            text = data.draw(st.text(alphabet=han, min_size=1, max_size=min(setting.max_length,
                                                                             40)))  # fmt: skip
            assert parse_value(setting, f" {text} ") == (text, None)
        else:
            low = int(setting.minimum) if setting.minimum is not None else -1000
            high = int(setting.maximum) if setting.maximum is not None else 1000
            number = data.draw(st.integers(low, high))
            assert parse_value(setting, str(number)) == (setting.kind(number), None)
        chinese(parse_value(setting, "不是数字" if setting.kind is not str else "")[1])
