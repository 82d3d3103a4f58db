"""Charts drawn with reportlab's own graphics (vector, in the PDF's fonts).

The CJK font has no digits or Latin letters, so every label is drawn in font
runs (layout.font_runs), not with the chart's single-font labels."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from app.domain.summary import SummaryChart
from app.reports.layout import LATIN_FONT, font_runs

# Party red for the branch's own (A), a muted gold for the co-building (B), then greys.
SERIES_COLOURS = (
    colors.HexColor("#B8282E"),
    colors.HexColor("#E0A526"),
    colors.HexColor("#7F7F7F"),
    colors.HexColor("#BFBFBF"),
)
AXIS_GREY = colors.HexColor("#606060")


def text_strings(x: float, y: float, text: str, size: float, anchor: str = "start") -> list[String]:
    """``text`` as one String per font run, anchored at start, middle or end."""
    runs = font_runs(text)
    width = sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in runs)
    if anchor == "middle":
        x -= width / 2
    elif anchor == "end":
        x -= width
    shapes = []
    for font, piece in runs:
        shapes.append(String(x, y, piece, fontName=font, fontSize=size, fillColor=colors.black))
        x += pdfmetrics.stringWidth(piece, font, size)
    return shapes


def _nice_top(value: int) -> tuple[int, int]:
    """The value axis' top and step: whole numbers, about five steps."""
    if value <= 5:
        return 5, 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if value / step <= 6:
            return step * -(-value // step), step
    step = 10 ** (len(str(value)) - 1)
    return step * -(-value // step), step


def stacked_bar_chart(chart: SummaryChart, width: float, height: float = 72 * mm) -> Drawing:
    """Bars per category, the series stacked, each bar's total above it, the
    legend below."""
    drawing = Drawing(width, height)
    legend_height = 9 * mm
    label_size = 8 if len(chart.categories) <= 12 else 6.5
    bars = VerticalBarChart()
    bars.x = 12 * mm
    bars.y = legend_height + 7 * mm
    bars.width = width - bars.x - 2 * mm
    bars.height = height - bars.y - 6 * mm
    bars.data = [list(values) for _, values in chart.series]
    bars.categoryAxis.style = "stacked"
    bars.categoryAxis.categoryNames = list(chart.categories)
    bars.categoryAxis.visibleLabels = False  # drawn below, in font runs
    bars.categoryAxis.strokeColor = AXIS_GREY
    top, step = _nice_top(max(chart.totals, default=0))
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = top
    bars.valueAxis.valueStep = step
    bars.valueAxis.labels.fontName = LATIN_FONT
    bars.valueAxis.labels.fontSize = 8
    bars.valueAxis.strokeColor = AXIS_GREY
    bars.valueAxis.visibleGrid = True
    bars.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    bars.valueAxis.gridStrokeWidth = 0.4
    bars.barSpacing = 0
    bars.groupSpacing = 4 if len(chart.categories) <= 12 else 2
    for index in range(len(chart.series)):
        bars.bars[index].fillColor = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        bars.bars[index].strokeColor = None
    drawing.add(bars)
    slot = bars.width / max(1, len(chart.categories))
    for index, (label, total) in enumerate(zip(chart.categories, chart.totals, strict=True)):
        centre = bars.x + (index + 0.5) * slot
        for shape in text_strings(centre, bars.y - 4 * mm, label, label_size, "middle"):
            drawing.add(shape)
        if total:
            y = bars.y + bars.height * total / top + 1.2 * mm
            drawing.add(
                String(centre, y, str(total), fontName=LATIN_FONT, fontSize=7, textAnchor="middle")
            )
    for shape in text_strings(bars.x - 2 * mm, bars.y + bars.height + 2 * mm, chart.unit, 8, "end"):
        drawing.add(shape)
    x = bars.x
    for index, (name, values) in enumerate(chart.series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        drawing.add(Rect(x, 2.2 * mm, 3.5 * mm, 3.5 * mm, fillColor=colour, strokeColor=None))
        text = f"{name}（{sum(values)} {chart.unit}）"
        strings = text_strings(x + 5 * mm, 2.8 * mm, text, 9)
        for shape in strings:
            drawing.add(shape)
        end = strings[-1].x + pdfmetrics.stringWidth(strings[-1].text, strings[-1].fontName, 9)
        x = end + 8 * mm
    return drawing
