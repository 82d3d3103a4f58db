"""党员承诺公示表 (亮身份·亮积分·亮承诺): one landscape table per year, one row
per member.

The members come from PledgeService.members (the roster's 中共党员 and
中共预备党员 在册, and anyone with a pledge that year), the pledges from
PledgeService.list_pledges, the totals line from PledgeService.totals and the
points from PointsService.totals: the same figures the page shows. Withdrawn
pledges (已撤销) are left out, as the totals leave them out. People appear by
name, identity, position and badges only: no phone number or other personal
detail is printed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, Table

from app.domain.enums import PoliticalStatus
from app.domain.pledge_models import PledgeStatus
from app.domain.settings import BranchDetails
from app.reports.layout import (
    branch_details,
    branch_texts,
    build_pdf,
    cell,
    check_printable,
    end_with_signature,
    font_runs,
    markup,
    printed_on,
    styles,
    table_style,
)
from app.services.pledges import MemberRow, PledgeFilter, PledgeRow
from app.services.points import PointsTotal

TITLE = "党员承诺公示表"
HEADER = ["序号", "姓名", "亮身份", "亮积分", "亮承诺"]
# Landscape A4 less the margins (about 269 mm): the pledges get the room.
WIDTHS = [x * mm for x in (11, 21, 46, 20, 171)]
CELL_PADDING = 6  # points: the table style's left + right padding
FONT_SIZE = 9
# A row's content is kept below this height, so that it fits on a page under
# the repeated header (landscape A4 holds about 490 pt between the margins).
MAX_ROW_HEIGHT = 380
PAGE_HEIGHT = 490
NO_PLEDGE = "（未作承诺）"
_SHORT_IDENTITY = {
    PoliticalStatus.MEMBER: "党员",
    PoliticalStatus.PROBATIONARY: "预备党员",
}


def heading(year: int) -> str:
    return f"{year} 年度{TITLE}（亮身份·亮积分·亮承诺）"


def identity_text(member: MemberRow) -> str:
    """党员/预备党员, the unit and position, then the badges from the person's tags."""
    status = member.political_status
    lines = [_SHORT_IDENTITY.get(status) or (status.label if status is not None else "")]
    where = " · ".join(part for part in (member.unit_name, member.position) if part)
    if where:
        lines.append(where)
    badges = [f"【{tag.strip()}】" for tag in member.tags.split("、") if tag.strip()]
    lines += _packed(badges, WIDTHS[2] - CELL_PADDING)
    return "\n".join(line for line in lines if line)


def _packed(badges: list[str], width: float) -> list[str]:
    """Badges in lines that fit ``width``, so that no badge is cut in two."""
    lines: list[str] = []
    for badge in badges:
        if lines and _width(lines[-1] + badge) <= width:
            lines[-1] += badge
        else:
            lines.append(badge)
    return lines


def _width(text: str) -> float:
    return sum(pdfmetrics.stringWidth(piece, font, FONT_SIZE) for font, piece in font_runs(text))


def points_text(total: PointsTotal | None) -> str:
    if total is None:
        return ""
    return f"{total.total} 分\n{total.level}"


def pledge_text(number: int, pledge: PledgeRow) -> str:
    """「1. 〔主责主业〕text（已完成 · 评议：优秀）」"""
    state = pledge.status.label
    if pledge.rating is not None:
        state += f" · 评议：{pledge.rating.label}"
    return f"{number}. 〔{pledge.category.label}〕{pledge.text}（{state}）"


def levels_text(totals: list[PointsTotal], rules) -> str:
    counts = {level: 0 for level in ("优秀", "合格", "不合格")}
    for total in totals:
        counts[total.level] = counts.get(total.level, 0) + 1
    return (
        f"积分：优秀（≥ {rules.excellent_from} 分）{counts['优秀']} 名，"
        f"合格 {counts['合格']} 名，不合格（< {rules.unqualified_below} 分）{counts['不合格']} 名"
    )


def _styles() -> dict[str, ParagraphStyle]:
    st = styles(FONT_SIZE)
    return {
        "cell": st["cell"],
        "head": st["head"],
        "centred": ParagraphStyle("centred", parent=st["cell"], alignment=1),
        # Numbered pledges with a hanging indent, a little apart from each other.
        "pledge": ParagraphStyle(
            "pledge", parent=st["cell"], leftIndent=11, firstLineIndent=-11, spaceAfter=1.5
        ),
    }


def member_rows(
    index: int, member: MemberRow, mine: list[PledgeRow], total: PointsTotal | None
) -> list[list]:
    """The member's table row; a member whose pledges would not fit on one page
    gets continuation rows (姓名（续）), so that no row is taller than a page."""
    st = _styles()
    first = [
        str(index),
        cell(member.name, st["cell"]),
        cell(identity_text(member), st["cell"]),
        cell(points_text(total), st["centred"]),
    ]
    if not mine:
        return [[*first, cell(NO_PLEDGE, st["cell"])]]
    width = WIDTHS[4] - CELL_PADDING
    chunks: list[list[Paragraph]] = [[]]
    height = 0.0
    for number, pledge in enumerate(mine, start=1):
        paragraph = Paragraph(markup(pledge_text(number, pledge)), st["pledge"])
        tall = paragraph.wrap(width, MAX_ROW_HEIGHT)[1] + st["pledge"].spaceAfter
        if chunks[-1] and height + tall > MAX_ROW_HEIGHT:
            chunks.append([])
            height = 0.0
        chunks[-1].append(paragraph)
        height += tall
    rows = [[*first, chunks[0]]]
    for chunk in chunks[1:]:
        rows.append(["", cell(f"{member.name}（续）", st["cell"]), "", "", chunk])
    return rows


def _table(rows: list[list]) -> Table:
    st = _styles()
    style = table_style()
    style.add("ALIGN", (0, 1), (0, -1), "CENTER")
    return Table(
        [[cell(h, st["head"]) for h in HEADER], *rows],
        colWidths=WIDTHS,
        repeatRows=1,
        # Rows are kept below a page's height (member_rows), so a row moves to
        # the next page whole; only a cell taller than a page (hundreds of
        # badges) is split, rather than failing to print.
        splitInRow=1 if any(_too_tall(row) for row in rows) else 0,
        style=style,
    )


def _too_tall(row: list) -> bool:
    for value, width in zip(row, WIDTHS, strict=True):
        paragraphs = value if isinstance(value, list) else [value]
        height = sum(
            p.wrap(width - CELL_PADDING, PAGE_HEIGHT)[1]
            for p in paragraphs
            if isinstance(p, Paragraph)
        )
        if height > MAX_ROW_HEIGHT + 60:
            return True
    return False


def _texts_to_check(
    members: list[MemberRow], pledges: dict[int, list[PledgeRow]], branch: BranchDetails
) -> list[tuple[str, str]]:
    texts = branch_texts(branch)
    for m in members:
        texts.append((f"人员「{m.name}」", m.name + m.unit_name + m.position + m.tags))
        for p in pledges.get(m.id, []):
            texts.append((f"「{m.name}」的承诺「{p.text[:20]}」", p.text))
    return texts


def write_pledge_notice(services, year: int, path: Path, today: dt.date | None = None) -> Path:
    """Write the 公示表 of ``year`` to ``path`` (.pdf)."""
    members = services.pledges.members(year)
    pledges: dict[int, list[PledgeRow]] = {}
    for row in services.pledges.list_pledges(PledgeFilter(year=year)):
        if row.status != PledgeStatus.WITHDRAWN:
            pledges.setdefault(row.person_id, []).append(row)
    ranking = services.points.totals(year)
    points = {t.person_id: t for t in ranking}
    totals = services.pledges.totals(PledgeFilter(year=year))
    branch = branch_details(services)
    check_printable(_texts_to_check(members, pledges, branch))

    summary = dataclasses.replace(totals, year=None).text()
    without = sum(1 for m in members if not pledges.get(m.id))
    if without and totals.pledges:
        summary += f"；另有 {without} 名党员未作承诺"
    elif without:
        summary = f"共 {len(members)} 名党员，暂无承诺"

    st = styles()
    story: list = [
        Paragraph(markup(heading(year)), st["title"]),
        Paragraph(markup(summary), st["subtitle"]),
    ]
    if ranking:
        story.append(Paragraph(markup(levels_text(ranking, services.points.rules)), st["subtitle"]))
    if not members:
        story.append(
            Paragraph(markup(f"{year} 年度没有党员（中共党员、中共预备党员）的记录。"), st["body"])
        )
    else:
        rows: list[list] = []
        for index, member in enumerate(members, start=1):
            rows += member_rows(index, member, pledges.get(member.id, []), points.get(member.id))
        story.append(_table(rows))
    story = end_with_signature(story, branch, today)
    return build_pdf(
        Path(path),
        story,
        title=heading(year),
        header_left=branch.header,
        header_right=f"{TITLE} · {printed_on(today)}",
        author=branch.name,
    )
