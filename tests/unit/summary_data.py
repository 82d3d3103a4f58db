"""One branch's first quarter of 2026 in every area, counted by hand, for the
工作汇总 tests: pairing_data's 结对帮扶 ledger (9+2 场, 22+23 人次, 4 problems
of which 1 solved) plus three members with 2026 pledges, one mentorship and
three development steps.

Hand counts for Q1 2026 (1 Jan to 31 Mar):
- 党员队伍: 正式党员 2 (孙丽, 钱进), 预备党员 1 (吴敏); 入党申请人 1 (李强, by his
  递交入党申请书 step); 韩雪, a 中共党员 of the 共建单位 信安部, is not the branch's.
- 结对帮扶: Jan 3+0, Feb 3+1, Mar 3+1 sessions; 服务类型 业务指导 8 场 38 人次,
  数字化工具帮扶 1/2, 机房线路优化 1/3, 适老服务 1/2.
- 党员承诺 2026: 孙丽 2 (done+优秀, in progress), 钱进 1 (done+合格), 吴敏 1
  withdrawn (not counted): 2 members, 3 pledges, 2 done (66.7%), 优秀 1; 评诺
  优秀 1, 合格 1, 基本合格 0, 不合格 0, 尚未评诺 1.
- 老带新: 孙丽 → 李强 from 10 Jan, 带教中; check-ins 15 Jan, 20 Feb (Q1) and
  10 Apr: 1 pair in the period, 2 check-ins in it, 3 in all.
- 双培养一输送: 李强 业务骨干 5 Jan and 递交入党申请书 1 Feb; 张伟 输送 1 Mar
  (团支部书记).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from pairing_data import Q1_FROM, Q1_TO, Ledger, build_ledger

from app.domain.enums import PoliticalStatus
from app.domain.mentoring_models import MentorshipFocus, Stage
from app.domain.pledge_models import PledgeCategory, PledgeRating, PledgeStatus
from app.domain.pledge_rules import PledgeLine
from app.domain.validation import PersonInput
from app.services.development import StageInput
from app.services.mentoring import MentorshipInput

__all__ = ["Q1_FROM", "Q1_TO", "TODAY", "build_summary_data"]

TODAY = dt.date(2026, 4, 15)
D = dt.date


def build_summary_data(services) -> Ledger:
    for service in (services.pledges, services.points, services.mentoring, services.development):
        service._today = lambda: TODAY
    ledger = build_ledger(services)
    han = services.people.get_person(ledger.people["韩雪"]).values
    services.people.update_person(
        ledger.people["韩雪"], replace(han, political_status=PoliticalStatus.MEMBER,
                                     party_join_date=D(2010, 7, 1), birth_date=D(1985, 1, 1))
    )  # fmt: skip
    unit = ledger.units["北区分公司"]
    for name, no, status in (
        ("孙丽", "M1", PoliticalStatus.MEMBER),
        ("钱进", "M2", PoliticalStatus.MEMBER),
        ("吴敏", "M3", PoliticalStatus.PROBATIONARY),
    ):
        ledger.people[name] = services.people.add_person(
            PersonInput(name=name, employee_no=no, political_status=status, unit_id=unit,
                        birth_date=D(1990, 1, 1), party_join_date=D(2015, 7, 1)
                        if status == PoliticalStatus.MEMBER else D(2025, 7, 1))
        )  # fmt: skip
    p = ledger.people
    pledges = services.pledges
    sun = pledges.save_member_pledges(
        p["孙丽"],
        2026,
        [
            PledgeLine(text="完成宽带新装 300 户", category=PledgeCategory.MAIN_DUTY),
            PledgeLine(text="每月走访 10 户老人", category=PledgeCategory.SERVING),
        ],
    )
    pledges.rate(sun[0], PledgeRating.EXCELLENT, "超额完成", D(2026, 3, 30))
    (qian,) = pledges.save_member_pledges(
        p["钱进"], 2026, [PledgeLine(text="考取 2 项认证", category=PledgeCategory.LEARNING)]
    )
    pledges.rate(qian, PledgeRating.QUALIFIED, "", D(2026, 3, 30))
    pledges.save_member_pledges(
        p["吴敏"],
        2026,
        [
            PledgeLine(
                text="作风建设承诺", category=PledgeCategory.CONDUCT, status=PledgeStatus.WITHDRAWN
            )
        ],
    )
    mentoring = services.mentoring
    pair = mentoring.add_mentorship(
        MentorshipInput(mentor_id=p["孙丽"], mentee_id=p["李强"], start_date=D(2026, 1, 10),
                        focus=[MentorshipFocus.SKILLS], goals="独立完成装维工单")
    )  # fmt: skip
    for day, content in ((D(2026, 1, 15), "讲解流程"), (D(2026, 2, 20), "跟岗实操"),
                         (D(2026, 4, 10), "四月复盘")):  # fmt: skip
        mentoring.add_check_in(pair, day, content, "")
    development = services.development
    development.add_stage(p["李强"], StageInput(stage=Stage.BACKBONE, date=D(2026, 1, 5)))
    development.add_stage(p["李强"], StageInput(stage=Stage.APPLICATION, date=D(2026, 2, 1)))
    development.add_stage(
        p["张伟"], StageInput(stage=Stage.TRANSFER, date=D(2026, 3, 1), note="团支部书记")
    )
    return ledger
