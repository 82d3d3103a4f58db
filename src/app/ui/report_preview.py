"""A generated report seen inside the app, before it is saved, printed or opened.

``ReportPreview`` shows a PDF's pages one under the other (PDFium draws the
pages that are on screen, and keeps the last few drawn); the toolbar pages
through it (also PgUp/PgDn), zooms (适合宽度 follows the window's width) and
offers 另存为…, 打印… (the system's print dialog, printing these very pages),
用默认程序打开 and, when the report has a Word form, 导出 Word…. The
``ReportPreviewDialog`` holds one for the print buttons of the area pages; the
报表 page holds one itself.
"""

from __future__ import annotations

import shutil
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QImage, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.ui.background import ProgressDialog

# 100 % is the page at its real size on a 96 dpi screen.
SCREEN_DPI = 96.0
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
MIN_ZOOM, MAX_ZOOM = ZOOM_STEPS[0], ZOOM_STEPS[-1]
PAGE_GAP = 14  # between pages and around them, in pixels
CACHED_PAGES = 8
PDF_FILTER = "PDF 文件 (*.pdf)"


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportPreview", text)


class PagesCanvas(QWidget):
    """The pages one under the other, centred, on a grey desk. Only the pages in
    the painted area are drawn, and the last ``CACHED_PAGES`` drawn are kept."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewPages")
        self._pages = None
        self._zoom = 1.0
        self._rects: list[QRect] = []
        self._cache: OrderedDict[tuple[int, int], QImage] = OrderedDict()
        self.rendered = 0  # pages drawn by PDFium so far (the cache's misses)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_pages(self, pages) -> None:
        self._pages = pages
        self._cache.clear()
        self.relayout()

    def set_zoom(self, zoom: float) -> None:
        self._zoom = zoom
        self.relayout()

    def pixels_per_point(self) -> float:
        return self._zoom * SCREEN_DPI / 72.0

    def page_rects(self) -> list[QRect]:
        return list(self._rects)

    def relayout(self, min_width: int = 0) -> None:
        """Place the pages for the zoom, at least ``min_width`` wide (the viewport)."""
        self._rects = []
        if self._pages is None:
            self.resize(max(min_width, 1), 1)
            self.update()
            return
        scale = self.pixels_per_point()
        sizes = [self._pages.size(i) for i in range(len(self._pages))]
        widest = max((round(s.width() * scale) for s in sizes), default=0)
        width = max(min_width, widest + 2 * PAGE_GAP)
        y = PAGE_GAP
        for size in sizes:
            w, h = round(size.width() * scale), round(size.height() * scale)
            self._rects.append(QRect((width - w) // 2, y, w, h))
            y += h + PAGE_GAP
        self.resize(width, y)
        self.update()

    def page_image(self, index: int) -> QImage:
        """Page ``index`` as drawn at the zoom (from the cache when it is there)."""
        ratio = self.devicePixelRatioF()
        rect = self._rects[index]
        key = (index, round(rect.width() * ratio))
        image = self._cache.get(key)
        if image is None:
            dpi = self.pixels_per_point() * 72.0 * ratio
            image = self._pages.render(index, dpi)
            image.setDevicePixelRatio(ratio)
            self.rendered += 1
            self._cache[key] = image
            while len(self._cache) > CACHED_PAGES:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return image

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        area = event.rect()
        painter.fillRect(area, QColor("#d9dce1"))
        for index, rect in enumerate(self._rects):
            if not rect.intersects(area):
                continue
            painter.fillRect(rect.translated(2, 2), QColor("#b4b8bf"))  # a small shadow
            painter.fillRect(rect, Qt.GlobalColor.white)
            painter.drawImage(rect, self.page_image(index))
        painter.end()


class ReportPreview(QWidget):
    """A PDF's pages with the toolbar to page, zoom, save, print and open it."""

    page_changed = Signal(int)  # the page shown at the top (from 0)

    def __init__(self, prompts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportPreview")
        self.prompts = prompts
        self.path: Path | None = None
        self.suggested_name = ""
        self.pages = None
        self._current = 0
        self._zoom = 1.0
        self._fit_width = True
        self._navigating = False
        self._export_word: Callable[[], object] | None = None
        # the open document, closed with the widget too (PDFium holds the file)
        self._open: list = []
        self.destroyed.connect(lambda _obj=None, held=self._open: _close_all(held))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(self._build_toolbar())
        self.scroll = QScrollArea()
        self.scroll.setObjectName("previewScroll")
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)
        # always there: the view's width does not change as pages come and go,
        # so 适合宽度 never needs a horizontal scroll bar
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.canvas = PagesCanvas()
        self.scroll.setWidget(self.canvas)
        self.scroll.verticalScrollBar().valueChanged.connect(self._scrolled)
        layout.addWidget(self.scroll, 1)
        self.status_label = QLabel()
        self.status_label.setObjectName("previewStatus")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.setWordWrap(True)
        self.status_label.hide()
        layout.addWidget(self.status_label)

        for keys, slot in (
            (QKeySequence(Qt.Key.Key_PageDown), self.next_page),
            (QKeySequence(Qt.Key.Key_PageUp), self.previous_page),
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
            (QKeySequence.StandardKey.Print, self.print_document),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._update_controls()

    def _build_toolbar(self) -> QGridLayout:
        """Paging and zoom on the left, what to do with the report on the right;
        in a narrow window the second group moves under the first."""
        self.toolbar = QGridLayout()
        self.toolbar.setContentsMargins(0, 0, 0, 0)
        self.toolbar.setHorizontalSpacing(12)
        self.toolbar.setVerticalSpacing(6)
        self.view_tools = QWidget()
        self.file_tools = QWidget()
        view_row = QHBoxLayout(self.view_tools)
        file_row = QHBoxLayout(self.file_tools)
        for row in (view_row, file_row):
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(6)

        def add(row: QHBoxLayout, text: str, slot, tip: str = "") -> QPushButton:
            button = QPushButton(text)
            button.setObjectName("previewTool")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False: slot())
            if tip:
                button.setToolTip(tip)
            row.addWidget(button)
            return button

        self.previous_button = add(view_row, _tr("上一页"), self.previous_page, _tr("PgUp"))
        self.page_label = QLabel()
        self.page_label.setObjectName("previewPageLabel")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        view_row.addWidget(self.page_label)
        self.next_button = add(view_row, _tr("下一页"), self.next_page, _tr("PgDn"))
        view_row.addSpacing(10)
        self.zoom_out_button = add(view_row, _tr("缩小"), self.zoom_out, _tr("Ctrl+-"))
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("previewZoomLabel")
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("400%") + 8)
        view_row.addWidget(self.zoom_label)
        self.zoom_in_button = add(view_row, _tr("放大"), self.zoom_in, _tr("Ctrl++"))
        self.fit_button = add(view_row, _tr("适合宽度"), self.fit_width)
        self.word_button = add(file_row, _tr("导出 Word…"), self._word_clicked)
        self.word_button.hide()
        self.save_button = add(file_row, _tr("另存为…"), self.save_as)
        self.print_button = add(file_row, _tr("打印…"), self.print_document, _tr("Ctrl+P"))
        self.open_button = add(file_row, _tr("用默认程序打开"), self.open_externally)
        self.toolbar.addWidget(self.view_tools, 0, 0, Qt.AlignmentFlag.AlignLeft)
        self.toolbar.setColumnStretch(1, 1)
        self._tools_wrapped = None
        self._place_tools()
        return self.toolbar

    def _place_tools(self) -> None:
        needed = (
            self.view_tools.sizeHint().width()
            + self.toolbar.horizontalSpacing()
            + self.file_tools.sizeHint().width()
        )
        wrapped = needed > self.width()
        if wrapped == self._tools_wrapped:
            return
        self._tools_wrapped = wrapped
        self.toolbar.removeWidget(self.file_tools)
        if wrapped:
            self.toolbar.addWidget(self.file_tools, 1, 0, 1, 3, Qt.AlignmentFlag.AlignLeft)
        else:
            self.toolbar.addWidget(self.file_tools, 0, 2, Qt.AlignmentFlag.AlignRight)

    # ----- the document ----------------------------------------------------------

    def show_file(self, path: Path, suggested_name: str = "") -> None:
        """Show the PDF ``path``; 另存为 suggests ``suggested_name`` (default: its name)."""
        from app.ui.pdf_pages import PdfPages  # PDFium: loaded with the first preview

        self.clear()
        self.path = Path(path)
        self.suggested_name = suggested_name or self.path.name
        self.pages = PdfPages(self.path)
        self._open.append(self.pages)
        self._current = 0
        self.canvas.set_pages(self.pages)
        self._apply_zoom()
        self.scroll.verticalScrollBar().setValue(0)
        self._update_controls()

    def clear(self) -> None:
        """Show nothing (and let go of the file)."""
        _close_all(self._open)
        self.pages = None
        self.path = None
        self.canvas.set_pages(None)
        self.status_label.hide()
        self._update_controls()

    def set_word_export(self, export: Callable[[], object] | None) -> None:
        """导出 Word… shows when the report has a Word form; ``export()`` does it."""
        self._export_word = export
        self.word_button.setVisible(export is not None)
        self._tools_wrapped = None
        self._place_tools()
        self._update_controls()

    def page_count(self) -> int:
        return len(self.pages) if self.pages is not None else 0

    def current_page(self) -> int:
        """The page shown at the top of the view, from 0."""
        return self._current

    def zoom(self) -> float:
        return self._zoom

    def show_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    # ----- paging ----------------------------------------------------------------

    def go_to_page(self, index: int) -> None:
        count = self.page_count()
        if not count:
            return
        index = max(0, min(index, count - 1))
        self._navigating = True
        try:
            top = self.canvas.page_rects()[index].top() - PAGE_GAP
            self.scroll.verticalScrollBar().setValue(top)
        finally:
            self._navigating = False
        self._set_current(index)

    def next_page(self) -> None:
        self.go_to_page(self._current + 1)

    def previous_page(self) -> None:
        self.go_to_page(self._current - 1)

    def _scrolled(self, value: int) -> None:
        if self._navigating or not self.page_count():
            return
        # the page under the upper third of the view is the one being read
        line = value + self.scroll.viewport().height() // 3
        current = 0
        for index, rect in enumerate(self.canvas.page_rects()):
            if rect.top() - PAGE_GAP <= line:
                current = index
        self._set_current(current)

    def _set_current(self, index: int) -> None:
        changed = index != self._current
        self._current = index
        self._update_controls()
        if changed:
            self.page_changed.emit(index)

    # ----- zoom --------------------------------------------------------------------

    def zoom_in(self) -> None:
        self._set_zoom(next((z for z in ZOOM_STEPS if z > self._zoom + 0.005), MAX_ZOOM))

    def zoom_out(self) -> None:
        smaller = [z for z in ZOOM_STEPS if z < self._zoom - 0.005]
        self._set_zoom(smaller[-1] if smaller else MIN_ZOOM)

    def fit_width(self) -> None:
        self._fit_width = True
        self._apply_zoom()

    def set_zoom(self, zoom: float) -> None:
        """Show the pages at ``zoom`` (1.0 = 100 %)."""
        self._set_zoom(zoom)

    def _set_zoom(self, zoom: float) -> None:
        self._fit_width = False
        self._zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._apply_zoom()

    def _fitting_zoom(self) -> float:
        if not self.page_count():
            return self._zoom
        widest = max(self.pages.size(i).width() for i in range(self.page_count()))
        room = self.scroll.viewport().width() - 2 * PAGE_GAP
        return max(MIN_ZOOM, min(MAX_ZOOM, room / (widest * SCREEN_DPI / 72.0)))

    def _apply_zoom(self) -> None:
        if self._fit_width:
            self._zoom = self._fitting_zoom()
        bar = self.scroll.verticalScrollBar()
        current = self._current
        rects = self.canvas.page_rects()
        # keep the same spot of the same page in view
        offset = (
            (bar.value() - rects[current].top()) / max(1, rects[current].height())
            if rects and current < len(rects)
            else 0.0
        )
        self.canvas.set_zoom(self._zoom)
        self.canvas.relayout(self.scroll.viewport().width())
        rects = self.canvas.page_rects()
        if rects and current < len(rects):
            self._navigating = True
            try:
                bar.setValue(rects[current].top() + round(offset * rects[current].height()))
            finally:
                self._navigating = False
        self._update_controls()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place_tools()
        if self.pages is not None:
            self._apply_zoom()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self.pages is not None:
            self._apply_zoom()  # the view's real width is known now

    # ----- controls ----------------------------------------------------------------

    def _update_controls(self) -> None:
        count = self.page_count()
        has = count > 0
        self.page_label.setText(
            _tr("第 {page} 页 共 {count} 页").format(page=self._current + 1, count=count)
            if has
            else ""
        )
        self.zoom_label.setText(f"{round(self._zoom * 100)}%" if has else "")
        self.previous_button.setEnabled(has and self._current > 0)
        self.next_button.setEnabled(has and self._current < count - 1)
        self.zoom_out_button.setEnabled(has and self._zoom > MIN_ZOOM + 0.005)
        self.zoom_in_button.setEnabled(has and self._zoom < MAX_ZOOM - 0.005)
        for button in (self.fit_button, self.save_button, self.print_button, self.open_button):
            button.setEnabled(has)
        self.word_button.setEnabled(self._export_word is not None)

    def shown_image(self) -> QImage:
        """What the view shows now (the tests look at it)."""
        return self.scroll.viewport().grab().toImage()

    # ----- actions -------------------------------------------------------------------

    def save_as(self) -> Path | None:
        """另存为…: a copy of the report where the user chooses; the path written."""
        if self.path is None:
            return None
        target = self.prompts.save_file(self, _tr("另存为"), self.suggested_name, _tr(PDF_FILTER))
        if target is None:
            return None
        target = Path(target)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            if target.resolve() != self.path.resolve():
                shutil.copyfile(self.path, target)
        except OSError as exc:
            self.prompts.error(
                self,
                _tr("无法保存"),
                _tr("无法保存到：\n{path}\n\n{reason}").format(
                    path=target, reason=exc.strerror or exc
                ),
            )
            return None
        self.show_status(_tr("已另存为：{path}").format(path=target))
        return target

    def open_externally(self) -> bool:
        """用默认程序打开: the system's PDF viewer (the generated copy)."""
        if self.path is None:
            return False
        return self.prompts.opener.open_file(self, self.path)

    def print_document(self) -> int:
        """打印…: the system's print dialog, then the chosen pages as shown here;
        the sheets sent (0 when cancelled)."""
        if self.pages is None:
            return 0
        from PySide6.QtPrintSupport import QPrinter

        from app.ui.pdf_printing import chosen_pages, page_layout_for, print_pages

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(Path(self.suggested_name).stem)
        printer.setPageLayout(page_layout_for(self.pages, self._current))
        if not self.prompts.print_dialog(self, printer, self.page_count(), self._current):
            return 0
        indexes = chosen_pages(printer, self.page_count(), self._current)
        dialog = None
        if len(indexes) > 2:  # a few pages print at once; more say how far they got
            dialog = ProgressDialog(self, _tr("打印"), _tr("正在打印…"), cancellable=False)
            dialog.open()

        def progress(done: int, total: int) -> None:
            if dialog is not None:
                dialog.show_progress(done, total)
                QCoreApplication.processEvents()

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            sheets = print_pages(self.pages, printer, indexes, progress)
        finally:
            QGuiApplication.restoreOverrideCursor()
            if dialog is not None:
                dialog.finish()
                dialog.deleteLater()
        if not sheets:
            self.prompts.error(
                self,
                _tr("无法打印"),
                _tr("打印机“{name}”没有响应。请检查打印机是否已连接并开机，然后再试。").format(
                    name=printer.printerName() or printer.outputFileName()
                ),
            )
            return 0
        self.show_status(_tr("已发送 {n} 页到打印机。").format(n=sheets))
        return sheets

    def _word_clicked(self) -> None:
        if self._export_word is not None:
            self._export_word()


def _close_all(held: list) -> None:
    while held:
        held.pop().close()


class ReportPreviewDialog(QDialog):
    """A report's preview in a window of its own (the area pages' print buttons)."""

    def __init__(
        self, prompts, path: Path, title: str, suggested_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportPreviewDialog")
        self.setWindowTitle(title)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 10)
        layout.setSpacing(8)
        self.preview = ReportPreview(prompts, self)
        layout.addWidget(self.preview, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(_dialog_size(parent))
        try:
            self.preview.show_file(path, suggested_name)
        except Exception:
            self.deleteLater()  # not a PDF after all: the caller says so
            raise
        self.finished.connect(lambda _result: self.preview.clear())


def _dialog_size(parent: QWidget | None) -> QSize:
    """Most of the main window (or of the screen), never less than a page needs."""
    window = parent.window() if parent is not None else None
    if window is not None and window.isVisible():
        room = window.size()
    else:
        screen = QGuiApplication.primaryScreen()
        room = screen.availableSize() if screen is not None else QSize(1280, 800)
    return QSize(max(880, int(room.width() * 0.8)), max(640, int(room.height() * 0.92)))
