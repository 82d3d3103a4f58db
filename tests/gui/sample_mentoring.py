"""老带新 of the North District branch for GUI tests and screenshots, dated
back from today (the service counts the days since a check-in from the real
today): one pairing logging regularly, one quiet for 45 days (amber), one
never logged for 90 days (red), one 已出师 and one 已中止."""

from __future__ import annotations

import datetime as dt

from sample_roster import seed as seed_roster

from app.domain.mentoring_models import MentorshipFocus, MentorshipStatus
from app.services.mentoring import MentorshipInput
from app.services.registry import Services

TODAY = dt.date.today()
F = MentorshipFocus
S = MentorshipStatus


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


MENTORSHIPS = [
    # (mentor, mentee, start days ago, planned end days ahead, focus, status, check-ins days ago)
    ("赵丽", "吴静", 120, 60, [F.KNOWLEDGE, F.SKILLS, F.CONDUCT], S.ACTIVE, [100, 70, 40, 10]),
    ("陈磊", "杨帆", 200, 30, [F.KNOWLEDGE, F.SKILLS], S.ACTIVE, [150, 45]),
    ("孙悦", "朱琳", 90, 90, [F.SKILLS], S.ACTIVE, []),
    ("何军", "罗杰", 400, -40, [F.SKILLS, F.CONDUCT], S.GRADUATED, [380, 300, 200]),
    ("徐强", "马超", 300, -100, [F.KNOWLEDGE], S.STOPPED, [280]),
]
CHECK_IN_TEXTS = [
    ("讲解装维工单流程并现场演示", "掌握较快"),
    ("带领完成光猫更换 3 户", "操作规范"),
    ("复盘客户投诉处理", ""),
    ("政企专线开通实操", "可独立完成"),
]
# every period: 带教中 3, 已出师 1, 已中止 1; 10 check-ins; 2 quiet
TOTALS_ALL = "带教中 3 对，已出师 1 对，已中止 1 对；本期带教记录 10 次；2 对超过 30 天未记录"


def seed(services: Services) -> dict[str, int]:
    """Roster and mentorships; name -> id of people and units, "导师→学员" -> mentorship id."""
    ids = seed_roster(services)
    service = services.mentoring
    for mentor, mentee, start, ahead, focus, status, visits in MENTORSHIPS:
        ended = status != S.ACTIVE
        key = f"{mentor}→{mentee}"
        ids[key] = service.add_mentorship(
            MentorshipInput(
                mentor_id=ids[mentor],
                mentee_id=ids[mentee],
                start_date=ago(start),
                planned_end=TODAY + dt.timedelta(days=ahead),
                focus=focus,
                goals=f"{mentee}一年内能独立上岗",
                status=status,
                ended_on=ago(-ahead) if ended else None,
                evaluation="考核合格，已能独立处理装维投诉" if status == S.GRADUATED else "",
            )
        )
        for n, days in enumerate(visits):
            text, comment = CHECK_IN_TEXTS[n % len(CHECK_IN_TEXTS)]
            service.add_check_in(ids[key], ago(days), text, comment)
    return ids
