"""党员承诺's rules never raise, whatever they are given (hypothesis, 1,000 examples
per validator), and return Chinese messages."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.enums import PoliticalStatus
from app.domain.pledge_models import PledgeCategory, PledgeRating, PledgeStatus
from app.domain.pledge_rules import (
    PledgeLine,
    pledger_error,
    points_entry_error,
    progress_error,
    rating_error,
    validate_pledge_line,
    year_error,
)

MANY = settings(max_examples=1000, deadline=None)
TODAY = dt.date(2021, 12, 20)
any_value = st.one_of(
    st.none(), st.text(), st.integers(), st.booleans(), st.floats(), st.dates(), st.datetimes(),
    st.sampled_from(list(PledgeCategory)), st.sampled_from(list(PledgeRating)),
)  # fmt: skip


@MANY
@given(text=any_value, category=any_value, due=any_value, year=any_value, points=any_value)
def test_a_pledge_line_never_raises(text, category, due, year, points):
    line = PledgeLine(text=text, category=category, due_date=due, extra_points=points)
    errors = validate_pledge_line(line, year)
    assert all(isinstance(m, str) and m for m in errors.values())


@MANY
@given(day=any_value, text=any_value)
def test_a_progress_note_never_raises(day, text):
    assert isinstance(progress_error(day, text, TODAY), dict)


@MANY
@given(rating=any_value, comment=any_value, day=any_value)
def test_a_rating_never_raises(rating, comment, day):
    assert isinstance(rating_error(rating, comment, day, TODAY), dict)


@MANY
@given(day=any_value, points=any_value, reason=any_value)
def test_a_points_entry_never_raises(day, points, reason):
    assert isinstance(points_entry_error(day, points, reason, TODAY), dict)


@MANY
@given(year=any_value)
def test_a_year_never_raises(year):
    message = year_error(year)
    assert message is None or "年度" in message


def test_who_may_pledge():
    assert pledger_error("张伟", PoliticalStatus.MEMBER) is None
    assert pledger_error("王芳", PoliticalStatus.PROBATIONARY) is None
    assert pledger_error("李娜", PoliticalStatus.ACTIVIST) == (
        "「李娜」的政治面貌是「入党积极分子」，只有中共党员和中共预备党员可以作出承诺"
    )


def test_a_good_line_passes_and_the_status_labels_read_like_the_report():
    line = PledgeLine(text="完成宽带新装 300 户", category=PledgeCategory.MAIN_DUTY,
                      due_date=dt.date(2021, 6, 30))  # fmt: skip
    assert validate_pledge_line(line, 2021) == {}
    assert [s.label for s in PledgeStatus] == ["践诺中", "已完成", "未完成", "已撤销"]
    assert PledgeCategory.from_label("创新") == PledgeCategory.INNOVATION
