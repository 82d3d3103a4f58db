"""工作汇总 as an editable Word file (.docx, python-docx): the same sections,
sentences and tables as the PDF (services.summary.collect_summary), the chart
as a picture, in the fonts a Chinese office document uses (宋体 title, 黑体
headings, 仿宋 body), so a secretary rewrites it into the 汇报材料 instead of
retyping the figures."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from app.area import ReportRequest
from app.domain.summary import Summary, SummaryChart, SummaryTable, section_number
from app.reports.layout import chinese_date, save_atomically, signature_lines
from app.services.summary import collect_summary

TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"
TABLE_FONT = "宋体"
CHART_WIDTH = Mm(160)


def write_summary_word(
    services, request: ReportRequest, out: Path, today: dt.date | None = None
) -> Path:
    summary = collect_summary(services, request.date_from, request.date_to, today)
    return write_summary_docx(summary, out)


def write_summary_docx(summary: Summary, out: Path) -> Path:
    document = _document(summary)
    _title(document, summary.title)
    for line in (
        f"统计期间：{summary.period.text()}",
        f"编制日期：{chinese_date(summary.made_on)}",
    ):
        _paragraph(document, line, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    for index, section in enumerate(summary.sections):
        _paragraph(document, f"{section_number(index)}、{section.title}", HEADING_FONT, 16)
        for line in section.lines:
            _paragraph(document, line, indent=True)
        for chart in section.charts:
            _chart(document, chart)
        for table in section.tables:
            _table(document, table)
    document.add_paragraph()
    for line in signature_lines(summary.branch, summary.made_on):
        _paragraph(document, line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    return save_atomically(Path(out), ".docx", document.save, file_kind="Word ", viewer="Word")


def _document(summary: Summary):
    document = Document()
    properties = document.core_properties
    properties.title = summary.title
    properties.author = summary.branch.name
    properties.comments = "支部台账生成"
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(30), Mm(28)
        section.left_margin, section.right_margin = Mm(26), Mm(24)
    normal = document.styles["Normal"]
    _set_font(normal.font, normal.element, BODY_FONT, 16)
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    return document


def _set_font(font, element, name: str, size: float, bold: bool = False) -> None:
    """A font for Latin and for Chinese text (Word keeps them apart: eastAsia)."""
    font.name = name
    font.size = Pt(size)
    font.bold = bold
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), name)


def _title(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.line_spacing = Pt(36)
    run = paragraph.add_run(text)
    _set_font(run.font, run._element, TITLE_FONT, 22, bold=True)


def _paragraph(
    document,
    text: str,
    font: str = BODY_FONT,
    size: float = 16,
    *,
    indent: bool = False,
    align=None,
):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    run = paragraph.add_run(text)
    _set_font(run.font, run._element, font, size)
    return paragraph


def _table(document, table: SummaryTable) -> None:
    caption = _paragraph(document, table.title, TABLE_FONT, 12)
    caption.paragraph_format.space_before = Pt(6)
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    weights = table.widths or (1,) * len(table.header)
    widths = [Mm(158 * w / sum(weights)) for w in weights]
    for row_index, row in enumerate((table.header, *table.rows)):
        for column, text in enumerate(row):
            cell = grid.cell(row_index, column)
            cell.width = widths[column]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.line_spacing = 1.0
            paragraph.paragraph_format.space_before = Pt(2)
            paragraph.paragraph_format.space_after = Pt(2)
            if row_index == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif column in table.numbers:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(text)
            _set_font(run.font, run._element, TABLE_FONT, 10.5, bold=row_index == 0)
    if table.note:
        _paragraph(document, table.note, TABLE_FONT, 10.5)


def _chart(document, chart: SummaryChart) -> None:
    """The PDF's chart, drawn by the same code, as a picture."""
    _paragraph(document, chart.title, TABLE_FONT, 12)
    document.add_picture(io.BytesIO(chart_png(chart)), width=CHART_WIDTH)
    # The body's exact line spacing would clip the picture to one line's height.
    document.paragraphs[-1].paragraph_format.line_spacing = 1.0
    figures = "，".join(f"{name} {sum(values)} {chart.unit}" for name, values in chart.series)
    note = _paragraph(document, f"（{figures}）", TABLE_FONT, 10.5)
    note.runs[0].font.color.rgb = RGBColor(0x40, 0x40, 0x40)


def chart_png(chart: SummaryChart, dpi: int = 200) -> bytes:
    """The chart rendered to PNG: drawn to a one-page PDF by reportlab, then
    rasterised by pdfium (the preview's renderer), so no second drawing code."""
    import pypdfium2
    from reportlab.graphics import renderPDF

    from app.reports.charts import stacked_bar_chart

    drawing = stacked_bar_chart(chart, float(CHART_WIDTH.pt))
    pdf = io.BytesIO()
    renderPDF.drawToFile(drawing, pdf)
    document = pypdfium2.PdfDocument(pdf.getvalue())
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    png = io.BytesIO()
    image.save(png, format="PNG")
    return png.getvalue()
