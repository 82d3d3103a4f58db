"""党员承诺 of the North District branch for GUI tests and screenshots: the
2025 pledges (the tests' today is 2025-12-15, so two are overdue), their 践诺
notes and 评诺, and some 2024 pledges to copy from. The totals line of 2025
is hand-counted: 谢涛's only pledge is withdrawn and not counted."""

from __future__ import annotations

import datetime as dt

from sample_roster import seed as seed_roster

from app.domain.pledge_models import PledgeCategory, PledgeRating, PledgeStatus
from app.domain.pledge_rules import PledgeLine
from app.services.registry import Services

TODAY = dt.date(2025, 12, 15)
TOTALS_2025 = "2025 年度 共 4 名党员、9 项承诺，已完成 2 项（22.2%），优秀 1 项"

C = PledgeCategory
PLEDGES = {
    # (member, year): [(text, category, due date)]
    ("张茜", 2025): [
        ("带领班子完成全年经营目标", C.MAIN_DUTY, "2025-12-31"),
        ("每季度讲一次专题党课", C.LEARNING, "2025-12-20"),
    ],
    ("王芳", 2025): [
        ("组织“老有智慧社区行”活动 4 场", C.SERVING, "2025-11-30"),
        ("党建台账月清月结", C.CONDUCT, "2025-12-31"),
    ],
    ("赵丽", 2025): [
        ("重要楼宇机房线路隐患清零", C.MAIN_DUTY, "2025-10-31"),
        ("带教新员工 2 名", C.LEARNING, "2025-12-31"),
    ],
    ("孙悦", 2025): [
        ("网格宽带新增 120 户", C.MAIN_DUTY, "2025-09-30"),
        ("上门服务独居老人 20 户次", C.SERVING, "2025-12-31"),
        ("推广装维派单 App", C.INNOVATION, "2025-11-15"),
    ],
    ("谢涛", 2025): [("装维一次修复率提升到 95%", C.MAIN_DUTY, "2025-12-31")],
    ("王芳", 2024): [
        ("党建台账月清月结", C.CONDUCT, "2024-12-31"),
        ("开展适老服务进社区 2 场", C.SERVING, "2024-10-31"),
    ],
    ("赵丽", 2024): [("机房巡检零遗漏", C.MAIN_DUTY, "2024-06-30")],
}
RATINGS = {
    "组织“老有智慧社区行”活动 4 场": (PledgeRating.EXCELLENT, "四场活动覆盖 120 余位老人"),
    "带教新员工 2 名": (PledgeRating.QUALIFIED, ""),
    "网格宽带新增 120 户": (PledgeRating.UNQUALIFIED, "完成 86 户"),
}
NOTES = {
    "组织“老有智慧社区行”活动 4 场": [
        ("2025-10-12", "大宁社区第一场：智能手机入门"),
        ("2025-11-12", "防诈骗讲座，32 位老人参加"),
    ],
    "重要楼宇机房线路隐患清零": [("2025-09-10", "完成江湾 3 号楼跳线梳理")],
}
WITHDRAWN = {"装维一次修复率提升到 95%"}
OVERDUE = {"重要楼宇机房线路隐患清零": 45, "推广装维派单 App": 30}


def seed(services: Services) -> dict[str, int]:
    """Roster and pledges; name -> id of people and units, text -> id of 2025 pledges."""
    ids = seed_roster(services)
    service = services.pledges
    for (name, year), lines in PLEDGES.items():
        saved = service.save_member_pledges(
            ids[name],
            year,
            [
                PledgeLine(text=t, category=c, due_date=dt.date.fromisoformat(d))
                for t, c, d in lines
            ],
        )
        if year == 2025:
            ids.update(
                {text: pledge_id for (text, _c, _d), pledge_id in zip(lines, saved, strict=True)}
            )
    for text, notes in NOTES.items():
        for day, note in notes:
            service.add_progress(ids[text], dt.date.fromisoformat(day), note)
    for text, (rating, comment) in RATINGS.items():
        service.rate(ids[text], rating, comment, dt.date(2025, 12, 10))
    for text in WITHDRAWN:
        service.set_status(ids[text], PledgeStatus.WITHDRAWN)
    return ids
