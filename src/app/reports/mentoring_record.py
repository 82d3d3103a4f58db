"""老带新带教记录表: every mentorship that ran in a period, each as a block
(导师, 学员, dates, 培养方向, 目标, 状态, 出师评价) followed by its check-ins of
the period (日期, 带教内容, 导师评价). A4 portrait.

The mentorships come from MentoringService.list_mentorships with the period as
the filter (a mentorship belongs to a period when it ran during part of it),
their details from get_mentorship and the check-ins from check_ins: the same
records the page shows. People appear by name only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from app.domain.mentoring_models import MentorshipStatus
from app.domain.settings import BranchDetails
from app.reports.layout import (
    branch_details,
    branch_texts,
    build_pdf,
    cell,
    check_printable,
    end_with_signature,
    markup,
    printed_on,
    styles,
    table_style,
)
from app.services.mentoring import CheckInRow, MentorshipFilter, MentorshipInput, MentorshipRow

TITLE = "老带新带教记录表"
HEADER = ["日期", "带教内容", "导师评价"]
# Portrait A4 less the margins (182 mm).
WIDTHS = [x * mm for x in (24, 98, 60)]
INFO_WIDTHS = [x * mm for x in (24, 67, 24, 67)]
CELL_PADDING = 6
# A check-in taller than this continues in another row (portrait A4 holds
# about 750 pt between the margins; smaller pieces fill the pages better).
MAX_ROW_HEIGHT = 320
NONE_IN_PERIOD = "本期没有带教记录。"


def period_text(f: MentorshipFilter) -> str:
    if f.date_from and f.date_to:
        return f"{f.date_from:%Y-%m-%d} 至 {f.date_to:%Y-%m-%d}"
    if f.date_from:
        return f"{f.date_from:%Y-%m-%d} 起"
    if f.date_to:
        return f"截至 {f.date_to:%Y-%m-%d}"
    return "全部日期"


def _date(day: dt.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else ""


def status_text(m: MentorshipInput) -> str:
    text = m.status.label
    if m.ended_on and m.status != MentorshipStatus.ACTIVE:
        text += f"（{m.ended_on:%Y-%m-%d}）"
    return text


def _styles() -> dict[str, ParagraphStyle]:
    st = styles(9)
    return {
        **st,
        "label": ParagraphStyle("label", parent=st["cell"], alignment=1),
        "block": ParagraphStyle(
            "block",
            parent=st["cell"],
            fontSize=11,
            leading=15,
            spaceBefore=4 * mm,
            spaceAfter=1.5 * mm,
        ),  # fmt: skip
        "note": ParagraphStyle("note", parent=st["cell"], spaceBefore=1 * mm),
    }


def info_table(row: MentorshipRow, m: MentorshipInput) -> Table:
    st = _styles()

    def label(text: str):
        return cell(text, st["label"])

    data = [
        [label("导师"), cell(row.mentor_name, st["cell"]), label("学员"),
         cell(row.mentee_name, st["cell"])],
        [label("开始日期"), _date(m.start_date), label("计划结束"), _date(m.planned_end)],
        [label("培养方向"), cell("、".join(f.label for f in m.focus), st["cell"]), label("状态"),
         cell(status_text(m), st["cell"])],
        [label("目标"), cell(m.goals, st["cell"]), "", ""],
        [label("出师评价"), cell(m.evaluation, st["cell"]), "", ""],
    ]  # fmt: skip
    style = table_style()
    style.add("BACKGROUND", (0, 0), (-1, 0), None)
    for column in (0, 2):
        style.add("BACKGROUND", (column, 0), (column, 2), "#E8E8E8")
    style.add("BACKGROUND", (0, 3), (0, 4), "#E8E8E8")
    style.add("SPAN", (1, 3), (3, 3))
    style.add("SPAN", (1, 4), (3, 4))
    style.add("VALIGN", (0, 0), (-1, -1), "MIDDLE")
    style.add("FONTSIZE", (0, 0), (-1, -1), 9)
    return Table(data, colWidths=INFO_WIDTHS, style=style)


def _pieces(text: str, width: float, style: ParagraphStyle) -> list:
    """``text`` as paragraphs no taller than MAX_ROW_HEIGHT each, so that a very
    long check-in continues in rows of its own instead of overflowing a page."""
    if not text:
        return []
    paragraph = Paragraph(markup(text), style)
    pieces = []
    while True:
        if paragraph.wrap(width, MAX_ROW_HEIGHT)[1] <= MAX_ROW_HEIGHT:
            pieces.append(paragraph)
            return pieces
        parts = paragraph.split(width, MAX_ROW_HEIGHT)
        if len(parts) < 2:
            pieces.append(paragraph)
            return pieces
        pieces.append(parts[0])
        paragraph = parts[1]


def check_in_rows(c: CheckInRow) -> list[list]:
    """The check-in's row; one taller than a page gets continuation rows (（续）)."""
    st = _styles()
    content = _pieces(c.content, WIDTHS[1] - CELL_PADDING, st["cell"])
    comment = _pieces(c.comment, WIDTHS[2] - CELL_PADDING, st["cell"])
    rows = []
    for i in range(max(len(content), len(comment), 1)):
        rows.append(
            [
                _date(c.date) if i == 0 else cell("（续）", st["label"]),
                content[i] if i < len(content) else "",
                comment[i] if i < len(comment) else "",
            ]
        )
    return rows


def check_in_table(check_ins: list[CheckInRow]) -> Table:
    st = _styles()
    rows = [row for c in check_ins for row in check_in_rows(c)]
    style = table_style()
    style.add("ALIGN", (0, 1), (0, -1), "CENTER")
    return Table(
        [[cell(h, st["head"]) for h in HEADER], *rows], colWidths=WIDTHS, repeatRows=1, style=style
    )


def _texts_to_check(
    blocks: list[tuple[MentorshipRow, MentorshipInput, list[CheckInRow]]], branch: BranchDetails
) -> list[tuple[str, str]]:
    texts = branch_texts(branch)
    for row, m, check_ins in blocks:
        pair = f"带教「{row.mentor_name}→{row.mentee_name}」"
        texts.append((pair, row.mentor_name + row.mentee_name))
        texts.append((f"{pair}的目标", m.goals))
        texts.append((f"{pair}的出师评价", m.evaluation))
        for c in check_ins:
            texts.append((f"{pair} {c.date:%Y-%m-%d} 的带教记录", c.content + c.comment))
    return texts


def write_mentoring_record(
    services, f: MentorshipFilter, path: Path, today: dt.date | None = None
) -> Path:
    """Write the record of the mentorships that ran in ``f``'s period, with their
    check-ins of that period, to ``path`` (.pdf); refuses while 支部名称 is not set."""
    branch = branch_details(services)
    period = MentorshipFilter(date_from=f.date_from, date_to=f.date_to)
    rows = sorted(services.mentoring.list_mentorships(period), key=lambda r: (r.start_date, r.id))
    blocks = [
        (
            row,
            services.mentoring.get_mentorship(row.id),
            services.mentoring.check_ins(row.id, f.date_from, f.date_to),
        )
        for row in rows
    ]
    check_printable(_texts_to_check(blocks, branch))
    st = _styles()
    total = sum(len(c) for _, _, c in blocks)
    story: list = [
        Paragraph(markup(TITLE), st["title"]),
        Paragraph(markup(f"统计期间：{period_text(f)}"), st["subtitle"]),
    ]
    if not blocks:
        story.append(Spacer(1, 4 * mm))
        story.append(Paragraph(markup("本期没有带教关系，也没有带教记录。"), st["body"]))
    else:
        story.append(
            Paragraph(markup(f"本期共 {len(blocks)} 对带教，带教记录 {total} 次。"), st["body"])
        )
    for number, (row, m, check_ins) in enumerate(blocks, start=1):
        heading = Paragraph(
            markup(f"{number}. 导师 {row.mentor_name} — 学员 {row.mentee_name}"), st["block"]
        )
        first = [heading, info_table(row, m), Spacer(1, 2 * mm)]
        if check_ins:
            story.append(KeepTogether(first))
            story.append(check_in_table(check_ins))
        else:
            story.append(KeepTogether([*first, Paragraph(markup(NONE_IN_PERIOD), st["note"])]))
    story = end_with_signature(story, branch, today)
    return build_pdf(
        Path(path),
        story,
        title=f"{TITLE}（{period_text(f)}）",
        header_left=branch.header,
        header_right=f"{TITLE} · {printed_on(today)}",
        author=branch.name,
        is_landscape=False,
    )
