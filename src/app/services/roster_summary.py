"""人员名册's part of the 工作汇总: the branch's members as the roster has them."""

from __future__ import annotations

from app.domain.enums import PoliticalStatus
from app.domain.summary import SummaryPeriod, SummarySection


def roster_sections(services, period: SummaryPeriod) -> list[SummarySection]:
    counts = services.people.count_by_political_status()
    members = counts[PoliticalStatus.MEMBER]
    probationary = counts[PoliticalStatus.PROBATIONARY]
    if not any(counts.values()):
        return [SummarySection("党员队伍", ("名册中尚无人员。",))]
    line = (
        f"支部现有党员 {members + probationary} 名，"
        f"其中正式党员 {members} 名、预备党员 {probationary} 名"
    )
    pipeline = [
        (PoliticalStatus.DEVELOPMENT_TARGET, "发展对象"),
        (PoliticalStatus.ACTIVIST, "入党积极分子"),
        (PoliticalStatus.APPLICANT, "入党申请人"),
    ]
    others = [f"{label} {counts[status]} 名" for status, label in pipeline if counts[status]]
    if others:
        line += "；另有" + "、".join(others)
    return [SummarySection("党员队伍", (line + "（按名册中本支部在册人员统计，不含共建单位）。",))]
