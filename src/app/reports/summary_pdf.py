"""工作汇总 as a PDF: portrait A4, generous margins, a heavy title with the branch
and the period, one numbered section per area (its sentences, short tables and
charts), then the branch and 书记 above the date.

The figures are the sections' (services.summary.collect_summary), the same the
pages count; this module only lays them out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table

from app.area import ReportRequest
from app.domain.summary import Summary, SummarySection, SummaryTable, section_number
from app.reports.charts import stacked_bar_chart
from app.reports.layout import (
    CJK_FONT,
    BoldTitle,
    branch_texts,
    build_pdf,
    cell,
    check_printable,
    end_with_signature,
    markup,
    printed_on,
    register_fonts,
    table_style,
)
from app.services.summary import collect_summary

MARGIN = 22 * mm
FRAME_WIDTH = A4[0] - 2 * MARGIN
BODY_SIZE = 12  # read aloud at a meeting: larger than a ledger's 9


def write_summary_pdf(
    services, request: ReportRequest, out: Path, today: dt.date | None = None
) -> Path:
    summary = collect_summary(services, request.date_from, request.date_to, today)
    return write_summary(summary, out)


def write_summary(summary: Summary, out: Path) -> Path:
    check_printable(_texts(summary))
    st = _styles()
    story: list = [
        BoldTitle(summary.title, 19, space_after=2 * mm),
        Paragraph(
            markup(f"统计期间：{summary.period.text()}　　编制日期：{summary.made_on:%Y-%m-%d}"),
            st["subtitle"],
        ),
    ]
    for index, section in enumerate(summary.sections):
        story.extend(_section(index, section, st))
    story = end_with_signature(story, summary.branch, summary.made_on)
    return build_pdf(
        Path(out),
        story,
        title=summary.title,
        header_left=summary.branch.header,
        header_right=f"工作汇总 · {printed_on(summary.made_on)}",
        author=summary.branch.name,
        is_landscape=False,
        margin=MARGIN,
    )


def _section(index: int, section: SummarySection, st) -> list:
    heading = Paragraph(markup(f"{section_number(index)}、{section.title}"), st["heading"])
    first = [heading, *(Paragraph(markup(line), st["body"]) for line in section.lines)]
    parts: list = [CondPageBreak(40 * mm), KeepTogether(first)]
    for chart in section.charts:
        parts.append(
            KeepTogether(
                [
                    Paragraph(markup(chart.title), st["caption"]),
                    stacked_bar_chart(chart, FRAME_WIDTH),
                    Spacer(1, 3 * mm),
                ]
            )
        )
    for table in section.tables:
        parts.extend(_table(table, st))
    return parts


def _table(table: SummaryTable, st) -> list:
    weights = table.widths or (1,) * len(table.header)
    widths = [FRAME_WIDTH * w / sum(weights) for w in weights]
    rows = [[cell(h, st["head"]) for h in table.header]]
    for row in table.rows:
        rows.append(
            [
                cell(text, st["number"] if i in table.numbers else st["cell"])
                for i, text in enumerate(row)
            ]
        )
    flowable = Table(rows, colWidths=widths, repeatRows=1, style=table_style(table.numbers))
    caption = Paragraph(markup(table.title), st["caption"])
    parts: list = [KeepTogether([caption, flowable]) if len(rows) <= 15 else caption]
    if len(rows) > 15:
        parts.append(flowable)
    if table.note:
        parts.append(Paragraph(markup(table.note), st["note"]))
    parts.append(Spacer(1, 3 * mm))
    return parts


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle(
        "summary", fontName=CJK_FONT, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.7, wordWrap="CJK"
    )
    cell_style = ParagraphStyle("cell", parent=base, fontSize=10, leading=13.5)
    return {
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=10.5, leading=15, alignment=1, spaceAfter=5 * mm
        ),
        "heading": ParagraphStyle(
            "heading", parent=base, fontSize=14, leading=20, spaceBefore=4 * mm, spaceAfter=2 * mm
        ),
        "body": ParagraphStyle(
            "body", parent=base, firstLineIndent=2 * BODY_SIZE, spaceAfter=2 * mm
        ),
        "caption": ParagraphStyle(
            "caption", parent=base, fontSize=10.5, leading=15, spaceBefore=1 * mm, spaceAfter=1 * mm
        ),
        "note": ParagraphStyle("note", parent=base, fontSize=9.5, leading=13),
        "cell": cell_style,
        "number": ParagraphStyle("number", parent=cell_style, alignment=2),
        "head": ParagraphStyle("head", parent=cell_style, alignment=1),
    }


def _texts(summary: Summary) -> list[tuple[str, str]]:
    """Every text of the summary, named, for ``check_printable``."""
    texts = branch_texts(summary.branch)
    texts.append(("设置中的支部书记", summary.branch.secretary))
    for section in summary.sections:
        where = f"工作汇总「{section.title}」部分"
        texts.extend((where, line) for line in section.lines)
        for table in section.tables:
            texts.extend((where, text) for row in table.rows for text in row)
    return texts
