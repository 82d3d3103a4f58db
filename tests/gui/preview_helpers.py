"""Finding the report preview a print button opened, and looking at pixels."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from app.ui.report_preview import ReportPreviewDialog

WAIT_MS = 30000


def wait_for_preview(qtbot, window) -> ReportPreviewDialog:
    """The preview dialog (over ``window`` or any widget under which it opened)
    once the report has been written in the background."""
    found: list[ReportPreviewDialog] = []

    def shown() -> bool:
        found[:] = [d for d in window.findChildren(ReportPreviewDialog) if d.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown, timeout=WAIT_MS)
    qtbot.waitExposed(found[-1])
    return found[-1]


def dark_pixels(image: QImage, below: int = 110) -> int:
    """How many pixels are darker than ``below`` (ink, not the paper or the desk)."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data = bytes(gray.constBits())[: gray.sizeInBytes()]
    return sum(1 for value in data if value < below)


def pdf_pages_as_images(path: Path, dpi: float = 40) -> list[QImage]:
    """Each page of the PDF ``path`` drawn by PDFium (the real renderer, no mock)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    images = []
    try:
        for page in document:
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
            images.append(
                QImage(
                    bitmap.buffer,
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    QImage.Format.Format_RGBX8888,
                ).copy()
            )
            bitmap.close()
            page.close()
    finally:
        document.close()
    return images


def print_to_pdf(target: Path, first: int = 0, last: int = 0):
    """A print dialog answer: the printer writes the PDF ``target`` (pages
    ``first``–``last`` from 1 when given, as typed into 页数)."""

    def answer(printer: QPrinter) -> None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        if first:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(first, last)

    return answer


def tiny_pdf(out: Path, text: str = "公示表") -> Path:
    """A real one-page PDF, for a stand-in report writer."""
    from reportlab.pdfgen import canvas

    sheet = canvas.Canvas(str(out))
    sheet.drawString(72, 720, text.encode("ascii", "replace").decode())
    sheet.save()
    return out


def click(qtbot, button) -> None:
    assert button.isEnabled() and button.isVisible(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
