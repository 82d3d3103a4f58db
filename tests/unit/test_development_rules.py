"""The member-development regulations, a test per rule and per boundary: exactly
one year, one day short, the 18th birthday itself, 29 February."""

from __future__ import annotations

import datetime as dt

from app.domain.development_rules import (
    StageEntry,
    activist_year_warning,
    add_months,
    add_years,
    age_at_application_warning,
    approval_warning,
    introducers_warning,
    next_step,
    order_warning,
    probation_end,
    probation_warning,
    talk_warning,
    training_warning,
    warnings,
)
from app.domain.enums import PoliticalStatus
from app.domain.mentoring_models import Stage

D = dt.date
MEMBER, PROBATIONARY = PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY


def test_dates_move_by_calendar_months_and_years():
    assert add_months(D(2021, 1, 31), 1) == D(2021, 2, 28)
    assert add_months(D(2020, 1, 31), 1) == D(2020, 2, 29)
    assert add_months(D(2021, 11, 15), 3) == D(2022, 2, 15)
    assert add_years(D(2020, 2, 29), 1) == D(2021, 2, 28)
    assert add_years(D(2020, 2, 29), 4) == D(2024, 2, 29)


def test_an_applicant_is_eighteen_on_the_birthday_itself():
    birth = D(2003, 5, 20)
    assert age_at_application_warning(birth, D(2021, 5, 20)) is None
    assert "未满 18 周岁" in age_at_application_warning(birth, D(2021, 5, 19))
    assert age_at_application_warning(None, D(2021, 5, 19)) is None


def test_born_on_29_february_is_eighteen_on_28_february():
    birth = D(2004, 2, 29)
    assert age_at_application_warning(birth, D(2022, 2, 28)) is None
    assert age_at_application_warning(birth, D(2022, 2, 27)) is not None


def test_the_talk_within_one_month_of_the_application():
    applied = D(2021, 3, 5)
    assert talk_warning(applied, D(2021, 4, 5), today=D(2021, 6, 1)) is None  # exactly a month
    assert "晚于收到申请书后一个月" in talk_warning(applied, D(2021, 4, 6), today=D(2021, 6, 1))
    assert talk_warning(applied, None, today=D(2021, 4, 5)) is None  # not yet due
    assert "尚无谈话记录" in talk_warning(applied, None, today=D(2021, 4, 6))
    assert talk_warning(applied, D(2021, 3, 1), today=D(2021, 6, 1)) == "谈话日期早于递交申请书日期"


def test_a_year_as_activist_exactly_a_year_is_enough_a_day_short_is_not():
    assert activist_year_warning(D(2020, 3, 1), D(2021, 3, 1)) is None
    assert "不满一年" in activist_year_warning(D(2020, 3, 1), D(2021, 2, 28))
    assert activist_year_warning(D(2020, 2, 29), D(2021, 2, 28)) is None
    assert activist_year_warning(None, D(2021, 2, 28)) == "确定为发展对象前没有入党积极分子的记录"


def test_two_full_members_introduce():
    assert introducers_warning((MEMBER, MEMBER)) is None
    assert introducers_warning((MEMBER, None)) == "应有两名正式党员作入党介绍人"
    assert "预备党员不能作介绍人" in introducers_warning((MEMBER, PROBATIONARY))


def test_training_three_days_or_24_class_hours():
    assert training_warning(3, None) is None
    assert training_warning(None, 24) is None
    assert training_warning(2, 23) is not None
    assert training_warning(None, None) is not None


def test_approval_within_three_months_of_the_branch_meeting():
    meeting = D(2021, 11, 30)
    assert approval_warning(meeting, D(2022, 2, 28), today=D(2022, 6, 1)) is None  # 3 months
    assert approval_warning(meeting, D(2022, 3, 1), today=D(2022, 6, 1)) is not None
    assert approval_warning(meeting, None, today=D(2022, 2, 28)) is None
    assert "应于 2022-02-28 前" in approval_warning(meeting, None, today=D(2022, 3, 1))


def test_probation_one_year_extendable_once_by_six_to_twelve_months():
    meeting = D(2020, 2, 29)
    assert probation_end(meeting) == D(2021, 2, 28)
    assert probation_warning(meeting, D(2021, 2, 28), None) is None
    assert "预备期未满" in probation_warning(meeting, D(2021, 2, 27), None)
    assert probation_end(meeting, 6) == D(2021, 8, 28)
    assert probation_warning(meeting, D(2021, 8, 28), 6) is None
    assert "预备期未满" in probation_warning(meeting, D(2021, 8, 27), 6)
    assert "6 至 12 个月" in probation_warning(meeting, D(2022, 8, 28), 18)
    assert "6 至 12 个月" in probation_warning(meeting, D(2021, 6, 28), 4)


def test_steps_out_of_order_are_flagged():
    entries = [
        StageEntry(Stage.APPLICATION, D(2021, 5, 1)),
        StageEntry(Stage.ACTIVIST, D(2021, 4, 1)),
    ]
    assert order_warning(entries) == "「入党积极分子」的日期早于「递交入党申请书」"


def test_a_person_as_a_whole_and_the_next_step_due():
    today = D(2022, 6, 1)
    entries = [
        StageEntry(Stage.APPLICATION, D(2021, 3, 5), talk_date=D(2021, 3, 20)),
        StageEntry(Stage.ACTIVIST, D(2021, 4, 10)),
    ]
    assert warnings(D(1995, 1, 1), entries, today) == []
    step = next_step(entries)
    assert step.text.startswith("确定为发展对象") and step.earliest == D(2022, 4, 10)

    entries.append(StageEntry(Stage.TARGET, D(2022, 3, 1)))  # a month short of a year
    assert any("不满一年" in w for w in warnings(D(1995, 1, 1), entries, today))

    applied = [StageEntry(Stage.APPLICATION, D(2022, 5, 1))]
    step = next_step(applied)
    assert (step.text, step.due) == ("派人谈话", D(2022, 6, 1))
    assert not step.overdue(D(2022, 6, 1)) and step.overdue(D(2022, 6, 2))

    meeting = [StageEntry(Stage.PROBATIONARY, D(2021, 11, 30), approval_date=D(2021, 12, 20))]
    step = next_step(meeting)
    assert step.earliest == D(2022, 11, 30)
    assert next_step([StageEntry(Stage.FULL_MEMBER, D(2022, 12, 1))]) is None
    assert next_step([]) is None
