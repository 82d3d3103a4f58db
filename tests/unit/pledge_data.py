"""A small 党员承诺 data set for the 公示表 and the 党员承诺 sheet: a branch with
members (one 预备党员, badges, phone numbers on file), a 群众 who may not
pledge, pledges of 2021 with 践诺 notes, ratings and a manual adjustment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.enums import PoliticalStatus, UnitKind
from app.domain.pledge_models import PledgeCategory, PledgeRating, PledgeStatus
from app.domain.pledge_rules import PledgeLine
from app.domain.validation import PersonInput, UnitInput

YEAR = 2021
TODAY = dt.date(2021, 12, 20)
PHONE = "13812345678"
TRICKY = "R&D <网络> 攻关 & 提速"


@dataclass
class PledgeLedger:
    people: dict[str, int]
    pledges: dict[str, int]  # text -> id


def build_pledges(services) -> PledgeLedger:
    services.pledges._today = lambda: TODAY
    services.points._today = lambda: TODAY
    north = services.people.add_unit(UnitInput(name="北区分公司", kind=UnitKind.BRANCH_COMPANY))
    grid = services.people.add_unit(UnitInput(name="东城网格", kind=UnitKind.GRID, parent_id=north))
    people = {
        "张伟": services.people.add_person(
            PersonInput(name="张伟", employee_no="A1", political_status=PoliticalStatus.MEMBER,
                        unit_id=grid, position="网格长", tags=["党员示范岗", "业务骨干"], phone=PHONE)
        ),
        "王芳": services.people.add_person(
            PersonInput(name="王芳", employee_no="A2", political_status=PoliticalStatus.PROBATIONARY,
                        unit_id=north, position="客户经理", tags=["党员责任区"])
        ),
        "赵磊": services.people.add_person(
            PersonInput(name="赵磊", political_status=PoliticalStatus.MEMBER, unit_id=north,
                        position="装维工程师")
        ),
        "李娜": services.people.add_person(
            PersonInput(name="李娜", employee_no="A4", political_status=PoliticalStatus.MASSES,
                        unit_id=north)
        ),
    }  # fmt: skip
    pledges: dict[str, int] = {}
    for name, lines in {
        "张伟": [
            PledgeLine(text="完成宽带新装 300 户", category=PledgeCategory.MAIN_DUTY,
                       due_date=dt.date(2021, 6, 30)),
            PledgeLine(text=TRICKY, category=PledgeCategory.INNOVATION, extra_points=3),
            PledgeLine(text="每月走访 10 户老人", category=PledgeCategory.SERVING,
                       status=PledgeStatus.WITHDRAWN),
        ],
        "王芳": [
            PledgeLine(text="学习新业务知识，考取 2 项认证", category=PledgeCategory.LEARNING,
                       due_date=dt.date(2021, 11, 30)),
        ],
    }.items():  # fmt: skip
        ids = services.pledges.save_member_pledges(people[name], YEAR, lines)
        pledges.update({line.text: i for line, i in zip(lines, ids, strict=True)})
    first = pledges["完成宽带新装 300 户"]
    services.pledges.add_progress(first, dt.date(2021, 3, 1), "已完成 120 户")
    services.pledges.add_progress(first, dt.date(2021, 6, 20), "已完成 310 户，超额完成")
    services.pledges.rate(first, PledgeRating.EXCELLENT, "超额完成", dt.date(2021, 12, 10))
    services.pledges.rate(
        pledges["学习新业务知识，考取 2 项认证"], PledgeRating.BASIC, "", dt.date(2021, 12, 10),
        status=PledgeStatus.NOT_DONE,
    )  # fmt: skip
    services.pledges.add_progress(pledges[TRICKY], dt.date(2021, 9, 1), "方案通过评审：A&B <测试>")
    services.points.add_entry(people["张伟"], dt.date(2021, 7, 1), 10, "抗洪抢险")
    services.points.add_entry(people["赵磊"], dt.date(2021, 8, 1), -5, "未按时参加组织生活")
    return PledgeLedger(people, pledges)


def add_members(services, count: int, pledges_each: int = 2) -> None:
    """``count`` more members with pledges (for tables over several pages)."""
    for i in range(count):
        pid = services.people.add_person(
            PersonInput(name=f"党员{i:03d}", employee_no=f"B{i:03d}",
                        political_status=PoliticalStatus.MEMBER, position="客户经理",
                        tags=["业务骨干"], phone=f"139{i:08d}")
        )  # fmt: skip
        services.pledges.save_member_pledges(
            pid,
            YEAR,
            [
                PledgeLine(text=f"第 {n + 1} 项承诺：服务客户 {i} 户" + "，做到件件有回音" * 3,
                           category=PledgeCategory.SERVING)
                for n in range(pledges_each)
            ],
        )  # fmt: skip
