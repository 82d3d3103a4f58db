"""A small 老带新 and 双培养一输送 ledger for the report and sheet tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.enums import PoliticalStatus, UnitKind
from app.domain.mentoring_models import MentorshipFocus, MentorshipStatus, Stage
from app.domain.validation import PersonInput, UnitInput
from app.services.development import StageInput
from app.services.mentoring import MentorshipInput

TODAY = dt.date(2021, 12, 20)
TRICKY = "R&D <网络> 攻关 & 提速"
D = dt.date


@dataclass
class Ledger:
    people: dict[str, int]
    mentorships: dict[str, int]


def build_mentoring(services) -> Ledger:
    """Three mentorships (one from 2020, one 已出师 in 2021, one 带教中 with user
    text to escape), their check-ins, and development stages."""
    services.mentoring._today = lambda: TODAY
    services.development._today = lambda: TODAY
    unit = services.people.add_unit(UnitInput(name="北区分公司", kind=UnitKind.BRANCH_COMPANY))

    def add(name, status=PoliticalStatus.MASSES, no=None):
        return services.people.add_person(
            PersonInput(name=name, political_status=status, unit_id=unit, employee_no=no,
                        birth_date=D(1995, 3, 1))
        )  # fmt: skip

    people = {
        "张伟": add("张伟", PoliticalStatus.MEMBER, "A1"),
        "王芳": add("王芳", PoliticalStatus.MEMBER, "A2"),
        "李娜": add("李娜", no="A3"),
        "赵磊": add("赵磊", no="A4"),
        "刘洋": add("刘洋"),
    }
    m = services.mentoring
    old = m.add_mentorship(
        MentorshipInput(mentor_id=people["王芳"], mentee_id=people["刘洋"],
                        start_date=D(2019, 3, 1), planned_end=D(2019, 12, 31),
                        focus=[MentorshipFocus.CONDUCT], goals="旧的带教",
                        status=MentorshipStatus.GRADUATED, ended_on=D(2019, 12, 31))
    )  # fmt: skip
    m.add_check_in(old, D(2019, 5, 1), "二〇一九年的带教", "")
    graduated = m.add_mentorship(
        MentorshipInput(mentor_id=people["张伟"], mentee_id=people["李娜"],
                        start_date=D(2021, 1, 10), planned_end=D(2021, 7, 10),
                        focus=[MentorshipFocus.KNOWLEDGE, MentorshipFocus.SKILLS],
                        goals="半年内独立完成装维工单", status=MentorshipStatus.GRADUATED,
                        ended_on=D(2021, 7, 8), evaluation="按期出师，业务熟练")
    )  # fmt: skip
    m.add_check_in(graduated, D(2021, 1, 15), "讲解宽带装维流程", "认真")
    m.add_check_in(graduated, D(2021, 3, 2), "跟班实操光猫配置", "进步快")
    active = m.add_mentorship(
        MentorshipInput(mentor_id=people["王芳"], mentee_id=people["赵磊"],
                        start_date=D(2021, 9, 1), focus=[MentorshipFocus.CONDUCT],
                        goals=TRICKY)
    )  # fmt: skip
    m.add_check_in(active, D(2021, 9, 5), "学习党章 & 支部工作条例", "<好>")
    d = services.development
    d.add_stage(people["李娜"], StageInput(Stage.BACKBONE, D(2020, 3, 1)))
    d.add_stage(people["李娜"], StageInput(Stage.APPLICATION, D(2020, 6, 1),
                                           talk_date=D(2020, 6, 20)))  # fmt: skip
    d.add_stage(people["李娜"], StageInput(Stage.ACTIVIST, D(2020, 10, 1)))
    d.add_stage(people["赵磊"], StageInput(Stage.TRANSFER, D(2021, 5, 4), note="团支部书记"))
    d.add_stage(
        people["刘洋"],
        StageInput(Stage.PROBATIONARY, D(2021, 6, 1), note="支部大会通过",
                   introducer_ids=[people["张伟"], people["王芳"]], training_days=3,
                   training_hours=24, approval_date=D(2021, 7, 15)),
    )  # fmt: skip
    return Ledger(people, {"old": old, "graduated": graduated, "active": active})
