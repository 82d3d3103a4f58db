"""A hand-built 结对帮扶 data set whose figures were counted by hand:
Q1 2026 has 9 sessions of the branch's own pairings and 2 co-building ones,
22 + 23 人次 ("共计 9+2 场，参与 22+23 人次")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.enums import PairingKind, ServiceType, UnitKind
from app.domain.pairing_validation import PairingInput, ProblemInput, SessionInput
from app.domain.validation import PersonInput, UnitInput

Q1_FROM = dt.date(2026, 1, 1)
Q1_TO = dt.date(2026, 3, 31)


@dataclass
class Ledger:
    people: dict[str, int]
    units: dict[str, int]
    pairings: dict[str, int]
    sessions: list[int]


def build_ledger(services) -> Ledger:
    people_service = services.people
    units = {
        "北区分公司": people_service.add_unit(UnitInput("北区分公司", UnitKind.BRANCH_COMPANY)),
    }
    units["一网格"] = people_service.add_unit(
        UnitInput("一网格", UnitKind.GRID, units["北区分公司"])
    )
    units["二网格"] = people_service.add_unit(
        UnitInput("二网格", UnitKind.GRID, units["北区分公司"])
    )
    units["信安部"] = people_service.add_unit(UnitInput("信安部", UnitKind.CO_BUILDING))
    people = {}
    for name, no, unit in [
        ("王芳", "A1", "北区分公司"),
        ("李强", "A2", "一网格"),
        ("张伟", "A3", "一网格"),
        ("刘洋", "A4", "二网格"),
        ("陈静", "A5", "二网格"),
        ("赵磊", "A6", "北区分公司"),
        ("韩雪", "X1", "信安部"),
        ("周敏", "X2", "信安部"),
    ]:
        people[name] = people_service.add_person(
            PersonInput(name=name, employee_no=no, unit_id=units[unit])
        )
    p = people
    pairing = services.pairing
    pairings = {
        "网格帮扶一组": pairing.add_pairing(
            PairingInput(
                name="网格帮扶一组",
                kind=PairingKind.INTERNAL,
                helpers=[p["王芳"]],
                helped=[p["李强"], p["张伟"]],
                helped_unit_id=units["一网格"],
            )
        ),
        "赵总帮扶二网格": pairing.add_pairing(
            PairingInput(
                name="赵总帮扶二网格",
                kind=PairingKind.LEADER,
                helpers=[p["赵磊"]],
                helped=[p["刘洋"]],
                helped_unit_id=units["二网格"],
            )
        ),
        "信安共建": pairing.add_pairing(
            PairingInput(
                name="信安共建",
                kind=PairingKind.CO_BUILDING,
                helpers=[p["韩雪"], p["周敏"]],
                helped=[p["陈静"]],
                helped_unit_id=units["二网格"],
            )
        ),
    }

    def session(day, name, topic, who, outside=0, problems=(), kind=ServiceType.GUIDANCE):
        return pairing.add_session(
            SessionInput(
                date=day,
                pairing_id=pairings[name],
                topic=topic,
                service_type=kind,
                participant_ids=[p[w] for w in who],
                outside_count=outside,
                problems=list(problems),
            )
        )

    d = dt.date
    sessions = [
        # A: 网格帮扶一组, 6 sessions, 3+3+2+3+2+0(+2 outside) = 13 + 2 = 15 人次
        session(d(2026, 1, 5), "网格帮扶一组", "宽带装维指导", ["王芳", "李强", "张伟"],
                problems=[ProblemInput(text="光猫老化"), ProblemInput(text="台账不全")]),
        session(d(2026, 1, 19), "网格帮扶一组", "营销话术", ["王芳", "李强", "张伟"]),
        session(d(2026, 2, 2), "网格帮扶一组", "数字化工具", ["王芳", "李强"],
                kind=ServiceType.DIGITAL_TOOLS),
        session(d(2026, 2, 16), "网格帮扶一组", "机房巡检", ["王芳", "李强", "张伟"],
                kind=ServiceType.LINE_OPTIMISATION,
                problems=[ProblemInput(text="跳线混乱", solved=True)]),
        session(d(2026, 3, 2), "网格帮扶一组", "适老服务", ["王芳", "张伟"],
                kind=ServiceType.ELDERLY),
        session(d(2026, 3, 16), "网格帮扶一组", "走访", [], outside=2),
        # A: 赵总帮扶二网格, 3 sessions of 2 人次 + 1 outside = 7 人次
        session(d(2026, 1, 10), "赵总帮扶二网格", "经营分析", ["赵磊", "刘洋"]),
        session(d(2026, 2, 10), "赵总帮扶二网格", "经营分析", ["赵磊", "刘洋"], outside=1),
        session(d(2026, 3, 10), "赵总帮扶二网格", "经营分析", ["赵磊", "刘洋"]),
        # B: 信安共建, 2 sessions: 3 + 10 outside, 3 + 7 outside = 23 人次
        session(d(2026, 2, 20), "信安共建", "网络安全讲座", ["韩雪", "周敏", "陈静"], outside=10,
                problems=[ProblemInput(text="弱口令")]),
        session(d(2026, 3, 20), "信安共建", "安全复查", ["韩雪", "周敏", "陈静"], outside=7),
        # Outside Q1: must not count.
        session(d(2025, 12, 30), "网格帮扶一组", "年终总结", ["王芳", "李强", "张伟"], outside=5,
                problems=[ProblemInput(text="去年的问题")]),
        session(d(2026, 4, 1), "信安共建", "四月活动", ["韩雪", "陈静"], outside=4),
    ]  # fmt: skip
    return Ledger(people, units, pairings, sessions)
