"""老带新 and 双培养一输送 through the services: mentorships and check-ins, the
30-day flag, the totals line; stages that move the roster's 政治面貌, the
regulations' warnings, the next step and the pipeline."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.enums import PoliticalStatus, UnitKind
from app.domain.errors import InUse, ValidationFailed
from app.domain.mentoring_models import MentorshipFocus, MentorshipStatus, Stage
from app.domain.validation import PersonInput, UnitInput
from app.services.development import StageInput
from app.services.mentoring import MentorshipFilter, MentorshipInput

TODAY = dt.date(2021, 12, 20)
D = dt.date


@pytest.fixture
def people(services):
    services.mentoring._today = lambda: TODAY
    services.development._today = lambda: TODAY
    unit = services.people.add_unit(UnitInput(name="北区分公司", kind=UnitKind.BRANCH_COMPANY))

    def add(name, status=PoliticalStatus.MASSES, birth=None):
        return services.people.add_person(
            PersonInput(name=name, political_status=status, unit_id=unit, birth_date=birth)
        )

    return {
        "张伟": add("张伟", PoliticalStatus.MEMBER),
        "王芳": add("王芳", PoliticalStatus.MEMBER),
        "李娜": add("李娜", birth=D(1998, 5, 20)),
        "赵磊": add("赵磊"),
        "刘洋": add("刘洋"),
    }


def mentorship(services, mentor, mentee, start, **kw):
    values = MentorshipInput(
        mentor_id=mentor, mentee_id=mentee, start_date=start,
        focus=kw.pop("focus", [MentorshipFocus.KNOWLEDGE, MentorshipFocus.SKILLS]), **kw,
    )  # fmt: skip
    return services.mentoring.add_mentorship(values)


def test_a_mentorship_is_checked_and_saved_with_its_focus(services, people):
    with pytest.raises(ValidationFailed) as refused:
        services.mentoring.add_mentorship(
            MentorshipInput(mentor_id=people["张伟"], mentee_id=people["张伟"],
                            start_date=D(2022, 1, 1), focus=[])
        )  # fmt: skip
    assert refused.value.errors == {
        "mentee_id": "导师和学员不能是同一个人",
        "start_date": "开始日期不能晚于今天",
        "focus": "请至少选择一个培养方向（业务知识、工作技能、思想作风）",
    }
    mid = mentorship(services, people["张伟"], people["李娜"], D(2021, 9, 1), goals="熟悉装维流程")
    saved = services.mentoring.get_mentorship(mid)
    assert saved.focus == [MentorshipFocus.KNOWLEDGE, MentorshipFocus.SKILLS]
    with pytest.raises(ValidationFailed):  # the same pair and start twice
        mentorship(services, people["张伟"], people["李娜"], D(2021, 9, 1))


def test_the_30_day_flag_the_list_and_the_totals_line(services, people):
    quiet = mentorship(services, people["张伟"], people["李娜"], D(2021, 9, 1))
    fresh = mentorship(services, people["王芳"], people["赵磊"], D(2021, 10, 1))
    done = mentorship(services, people["张伟"], people["刘洋"], D(2021, 1, 4))
    services.mentoring.add_check_in(quiet, D(2021, 11, 20), "讲解装维规范", "掌握较快")  # 30 days
    services.mentoring.add_check_in(fresh, D(2021, 11, 21), "带看机房")  # 29 days
    services.mentoring.add_check_in(done, D(2021, 3, 1), "跟岗")
    values = services.mentoring.get_mentorship(done)
    values.status, values.evaluation = MentorshipStatus.GRADUATED, "可以独立上岗"
    services.mentoring.update_mentorship(done, values)

    rows = {r.mentee_name: r for r in services.mentoring.list_mentorships(MentorshipFilter())}
    assert (rows["李娜"].quiet, rows["李娜"].quiet_days) == (True, 30)
    assert (rows["赵磊"].quiet, rows["赵磊"].quiet_days) == (False, 29)
    assert (rows["刘洋"].quiet, rows["刘洋"].quiet_days) == (False, None)  # not 带教中
    assert [r.mentee_name for r in services.mentoring.list_mentorships(MentorshipFilter())][
        0
    ] == "李娜"
    assert services.mentoring.count_mentorships(MentorshipFilter(quiet_only=True)) == 1
    assert services.mentoring.count_mentorships(MentorshipFilter(mentor_id=people["张伟"])) == 2
    assert services.mentoring.count_mentorships(MentorshipFilter(text="zl")) == 1

    period = MentorshipFilter(date_from=D(2021, 10, 1), date_to=D(2021, 12, 31))
    assert services.mentoring.totals(period).text() == (
        "带教中 2 对，已出师 1 对；本期带教记录 2 次；1 对超过 30 天未记录"
    )
    # a mentorship with no check-in counts from its start
    mentorship(services, people["王芳"], people["刘洋"], D(2021, 11, 19))
    assert services.mentoring.count_mentorships(MentorshipFilter(quiet_only=True)) == 2


def test_stages_move_the_roster_and_the_regulations_warn(services, people):
    li = people["李娜"]
    dev = services.development
    dev.add_stage(li, StageInput(Stage.BACKBONE, D(2019, 6, 1)))
    dev.add_stage(li, StageInput(Stage.APPLICATION, D(2020, 3, 5)))  # no talk recorded
    assert services.people.get_person(li).values.political_status == PoliticalStatus.APPLICANT
    dev.add_stage(li, StageInput(Stage.ACTIVIST, D(2020, 5, 10)))
    dev.add_stage(
        li,
        StageInput(Stage.TARGET, D(2021, 5, 9)),  # a day short of a year as activist
    )
    dev.add_stage(
        li,
        StageInput(Stage.PROBATIONARY, D(2021, 11, 30), introducer_ids=[people["张伟"]],
                   training_days=2),
    )  # fmt: skip
    person = services.people.get_person(li)
    assert person.values.political_status == PoliticalStatus.PROBATIONARY
    # a late record of an earlier stage never moves a person back
    dev.add_stage(li, StageInput(Stage.ACTIVIST, D(2020, 5, 11)))
    assert services.people.get_person(li).values.political_status == PoliticalStatus.PROBATIONARY

    (track,) = dev.tracks()
    assert track.stage == Stage.PROBATIONARY
    assert any("谈话" in w for w in track.warnings)
    assert any("不满一年" in w for w in track.warnings)
    assert "应有两名正式党员作入党介绍人" in track.warnings
    assert any("集中培训" in w for w in track.warnings)
    assert (track.next_step.text, track.next_step.due) == ("报上级党委审批", D(2022, 2, 28))
    assert not track.overdue(TODAY)

    with pytest.raises(ValidationFailed) as refused:
        dev.add_stage(people["赵磊"], StageInput(Stage.TRANSFER, D(2021, 6, 1)))
    assert refused.value.errors["note"] == "输送请写明去向（如 团支部书记）"


def test_the_pipeline_counts_people_per_stage_in_a_period(services, people):
    dev = services.development
    for name, day in (("李娜", D(2020, 3, 5)), ("赵磊", D(2021, 4, 1)), ("刘洋", D(2019, 1, 1))):
        dev.add_stage(people[name], StageInput(Stage.APPLICATION, day))
    dev.add_stage(people["李娜"], StageInput(Stage.ACTIVIST, D(2020, 6, 1)))
    dev.add_stage(people["赵磊"], StageInput(Stage.ACTIVIST, D(2021, 6, 1)))
    dev.add_stage(people["刘洋"], StageInput(Stage.TRANSFER, D(2021, 9, 1), note="团支部书记"))
    pipeline = dev.pipeline(D(2020, 1, 1))
    assert pipeline.text() == "自 2020 年以来：递交申请 2 人，积极分子 2 人，输送 1 人"
    assert pipeline.names[Stage.TRANSFER] == ["刘洋（团支部书记）"]
    assert [t.name for t in dev.tracks(stage=Stage.ACTIVIST)] == ["李娜", "赵磊"]


def test_people_in_mentoring_or_development_cannot_be_deleted(services, people):
    mentorship(services, people["张伟"], people["李娜"], D(2021, 9, 1))
    services.development.add_stage(people["赵磊"], StageInput(Stage.BACKBONE, D(2021, 1, 1)))
    with pytest.raises(InUse) as refused:
        services.people.delete_person(people["张伟"])
    assert "是 1 对老带新的导师" in refused.value.message
    with pytest.raises(InUse) as refused:
        services.people.delete_person(people["赵磊"])
    assert "有 1 条发展记录" in refused.value.message
