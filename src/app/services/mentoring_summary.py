"""老带新 and 双培养一输送's part of the 工作汇总: the mentoring page's totals line
(MentoringService.totals), the pairs that ran in the period, and the
development pipeline of the period (DevelopmentService.pipeline)."""

from __future__ import annotations

from app.domain.mentoring_models import Stage
from app.domain.summary import SummaryPeriod, SummarySection, SummaryTable
from app.services.mentoring import MentorshipFilter

MENTORING = "老带新"
DEVELOPMENT = "双培养一输送"
PAIRS_LISTED = 10
NAMES_LISTED = 8
# How a branch's report words each step: "确定入党积极分子 2 人".
PHRASES = {
    Stage.BACKBONE: "培养业务骨干",
    Stage.APPLICATION: "递交入党申请书",
    Stage.ACTIVIST: "确定入党积极分子",
    Stage.TARGET: "确定发展对象",
    Stage.PROBATIONARY: "发展预备党员",
    Stage.FULL_MEMBER: "预备党员转正",
    Stage.TRANSFER: "输送",
}


def mentoring_sections(services, period: SummaryPeriod) -> list[SummarySection]:
    return [_mentoring(services, period), _development(services, period)]


def _mentoring(services, period: SummaryPeriod) -> SummarySection:
    f = MentorshipFilter(date_from=period.date_from, date_to=period.date_to)
    in_period = services.mentoring.count_mentorships(f)
    if not in_period:
        return SummarySection(MENTORING, ("本期没有老带新带教记录。",))
    totals = services.mentoring.totals(f)
    lines = (f"本期在带导师与学员 {in_period} 对。全支部{totals.text()}。",)
    rows = services.mentoring.list_mentorships(f, limit=PAIRS_LISTED)
    note = f"另有 {in_period - len(rows)} 对未列出。" if in_period > len(rows) else ""
    table = SummaryTable(
        "本期导师带教结对",
        ("导师", "学员", "开始日期", "状态", "带教记录"),
        tuple(
            (
                r.mentor_name,
                r.mentee_name,
                f"{r.start_date:%Y-%m-%d}",
                r.status.label,
                f"{r.check_ins} 次",
            )
            for r in rows
        ),
        numbers=(4,),
        note=note,
        widths=(1.3, 1.3, 1.3, 1, 1),
    )
    return SummarySection(MENTORING, lines, (table,))


def _development(services, period: SummaryPeriod) -> SummarySection:
    pipeline = services.development.pipeline(period.date_from, period.date_to)
    reached = [(stage, n) for stage, n in pipeline.counts.items() if n]
    if not reached:
        return SummarySection(DEVELOPMENT, ("本期没有双培养一输送记录。",))
    parts = "，".join(f"{PHRASES[stage]} {n} 人" for stage, n in reached)
    transfers = pipeline.counts.get(Stage.TRANSFER, 0)
    line = f"本期{parts}"
    if transfers:
        line += f"；其中向关键岗位输送 {transfers} 人"
    rows = []
    for stage, n in reached:
        names = pipeline.names[stage]
        shown = "、".join(names[:NAMES_LISTED])
        if len(names) > NAMES_LISTED:
            shown += f" 等 {len(names)} 人"
        rows.append((stage.label, str(n), shown))
    table = SummaryTable(
        "本期各阶段人员", ("阶段", "人数", "人员"), tuple(rows), numbers=(1,), widths=(1.2, 0.7, 5)
    )
    return SummarySection(DEVELOPMENT, (line + "。",), (table,))
