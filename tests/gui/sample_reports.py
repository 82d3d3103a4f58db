"""A 结对帮扶 ledger long enough to print on several pages: the "1+2+X 攻坚"
campaign of sample_pairing plus ``extra`` sessions in its quarter."""

from __future__ import annotations

import datetime as dt

from sample_pairing import QUARTER
from sample_pairing import seed as seed_pairings

from app.domain.enums import ServiceType
from app.domain.pairing_validation import ProblemInput, SessionInput
from app.services.registry import Services

BRANCH = "北区分公司党支部"


def seed_long_ledger(services: Services, extra: int = 40) -> dict[str, int]:
    """The campaign, 支部名称 (printing needs it) and ``extra`` more sessions."""
    ids = seed_pairings(services)
    services.settings.save({"branch.name": BRANCH})
    pairing = ids["后台党员×滨江一网格·数字化工具帮扶"]
    start = QUARTER[0]
    for i in range(extra):
        services.pairing.add_session(
            SessionInput(
                date=start + dt.timedelta(days=i % 90),
                pairing_id=pairing,
                topic=f"数字化工具使用辅导第 {i + 1} 期",
                service_type=ServiceType.DIGITAL_TOOLS,
                place="滨江一网格办公室",
                participant_ids=[ids["赵丽"], ids["孙悦"]],
                outside_count=1,
                problems=[ProblemInput(text=f"第 {i + 1} 期发现：派单回单流程不熟练，需再次演示")],
            )
        )
    return ids
