"""A PDF's pages as images, for the preview and for printing.

PDFium (through ``pypdfium2``) draws the pages: PySide6-Essentials has no
QtPdf, and the Addons that have it would add about 400 MB to the installer.
The module is imported when a preview opens, not when the app starts.

PDFium is not thread-safe: one ``PdfPages`` is used from the GUI thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSizeF
from PySide6.QtGui import QImage

from app.domain.errors import UserError

# 1 PDF point = 1/72 inch
POINTS_PER_INCH = 72.0


class PdfPages:
    """One open PDF file: how many pages, their sizes in points, and each page
    drawn as a ``QImage`` at a given resolution."""

    def __init__(self, path: Path) -> None:
        import pypdfium2  # a native library: loaded when a report is shown

        self.path = Path(path)
        try:
            self._document = pypdfium2.PdfDocument(str(self.path))
        except (pypdfium2.PdfiumError, OSError) as exc:
            raise UserError(
                QCoreApplication.translate(
                    "PdfPages", "无法读取 PDF 文件：\n{path}\n\n{reason}"
                ).format(path=self.path, reason=exc)
            ) from exc
        self._sizes = [QSizeF(*self._document.get_page_size(i)) for i in range(len(self._document))]

    def __len__(self) -> int:
        return len(self._sizes)

    def size(self, index: int) -> QSizeF:
        """Page ``index``'s width and height in points."""
        return self._sizes[index]

    def render(self, index: int, dpi: float) -> QImage:
        """Page ``index`` drawn on white at ``dpi`` dots per inch."""
        page = self._document[index]
        try:
            bitmap = page.render(
                scale=dpi / POINTS_PER_INCH,
                rev_byteorder=True,  # RGBX byte order, what QImage reads directly
                prefer_bgrx=True,
                may_draw_forms=False,
            )
            try:
                image = QImage(
                    bitmap.buffer,
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    QImage.Format.Format_RGBX8888,
                )
                # the copy owns its pixels: the bitmap's buffer is freed below
                return image.copy()
            finally:
                bitmap.close()
        finally:
            page.close()

    def close(self) -> None:
        self._document.close()
