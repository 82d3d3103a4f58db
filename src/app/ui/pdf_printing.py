"""Printing a PDF's pages on a ``QPrinter``: what the preview shows, page by page.

Each page is drawn by PDFium (``PdfPages``) at the printer's resolution, capped
so that an A4 page stays a few tens of megabytes, and painted onto its own
sheet at the PDF's own size: the report's margins are the printed margins.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from app.ui.pdf_pages import POINTS_PER_INCH, PdfPages

# Enough for print-quality text; 1200 dpi (Qt's PDF printer) would need 500 MB an A4 page.
MAX_PRINT_DPI = 300.0


def chosen_pages(printer: QPrinter, count: int, current: int) -> list[int]:
    """The page indexes (from 0) the print dialog chose: all, a range such as
    "2-3, 5", or the page the preview shows."""
    if count <= 0:
        return []
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        return [min(max(current, 0), count - 1)]
    if mode == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            return [i for i in range(count) if ranges.contains(i + 1)]
        first, last = printer.fromPage(), printer.toPage()
        if first > 0:
            last = last if last > 0 else count
            return list(range(first - 1, min(last, count)))
    return list(range(count))


def page_layout_for(pages: PdfPages, index: int) -> QPageLayout:
    """The sheet for page ``index``: its size (A4 for our reports, recognised as
    such by the printer) and orientation, no margins (the report has its own)."""
    size = pages.size(index)
    landscape = size.width() > size.height()
    # a size near a standard one (A4) is taken as that standard size
    paper = QPageSize(size.transposed() if landscape else size, QPageSize.Unit.Point)
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(paper, orientation, QMarginsF(0, 0, 0, 0))


def print_pages(
    pages: PdfPages,
    printer: QPrinter,
    indexes: list[int],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Paint the pages ``indexes`` onto ``printer``, one sheet each (every copy
    when the printer cannot make copies itself); the sheets printed. 0 when the
    printer could not be started."""
    if not indexes:
        return 0
    printer.setFullPage(True)
    printer.setPageLayout(page_layout_for(pages, indexes[0]))
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    dpi = min(float(printer.resolution()), MAX_PRINT_DPI)
    sequence = [i for _copy in range(copies) for i in indexes]
    try:
        for done, index in enumerate(sequence):
            if done:
                printer.setPageLayout(page_layout_for(pages, index))
                printer.newPage()
            image = pages.render(index, dpi)
            painter.drawImage(_target(printer, pages, index), image)
            if progress is not None:
                progress(done + 1, len(sequence))
    finally:
        painter.end()
    return len(sequence)


def _target(printer: QPrinter, pages: PdfPages, index: int) -> QRectF:
    """Where the page goes on the sheet: its real size, centred, shrunk if the
    sheet is smaller."""
    sheet = printer.paperRect(QPrinter.Unit.DevicePixel)
    size = pages.size(index)
    scale = printer.resolution() / POINTS_PER_INCH
    width, height = size.width() * scale, size.height() * scale
    fit = min(1.0, sheet.width() / width, sheet.height() / height)
    width, height = width * fit, height * fit
    return QRectF(
        sheet.x() + (sheet.width() - width) / 2,
        sheet.y() + (sheet.height() - height) / 2,
        width,
        height,
    )
