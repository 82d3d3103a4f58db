"""The preview every print button opens (issue 11, point 4): the report's real
pages drawn by PDFium, paged and zoomed, then saved, printed or opened."""

from __future__ import annotations

import pytest
import shiboken6
from preview_helpers import (
    click,
    dark_pixels,
    pdf_pages_as_images,
    print_to_pdf,
    wait_for_preview,
)
from pypdf import PdfReader
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from sample_pairing import QUARTER
from sample_reports import seed_long_ledger


@pytest.fixture
def preview_dialog(qtbot, window, services, prompts):
    """打印台账… on a ledger of several pages: its preview dialog."""
    seed_long_ledger(services)
    page = window.show_page("pairing")
    page.refresh()
    page.ledger_tab.period.set_custom(*QUARTER)
    click(qtbot, page.ledger_tab.print_button)
    dialog = wait_for_preview(qtbot, window)
    yield dialog
    if shiboken6.isValid(dialog):
        dialog.reject()


def test_the_print_button_opens_the_preview_without_asking_for_a_file(
    preview_dialog, prompts, window
):
    assert prompts.shown == []  # no file dialog, no question: the pages are shown
    preview = preview_dialog.preview
    assert preview_dialog.windowTitle() == "打印结对帮扶台账"
    assert preview.page_count() >= 3
    assert preview.page_label.text() == f"第 1 页 共 {preview.page_count()} 页"
    assert not preview.previous_button.isEnabled() and preview.next_button.isEnabled()
    assert not window.operations.busy
    # written to the session's temporary folder, not next to the user's files
    assert preview.path.is_relative_to(window.operations.report_files.folder)
    assert preview.path.name == "结对帮扶台账-20251001-20251231.pdf"


def test_paging_and_zoom_change_what_is_shown(qtbot, preview_dialog):
    preview = preview_dialog.preview
    count = preview.page_count()
    first = preview.shown_image()
    assert dark_pixels(first) > 500  # text is drawn, not an empty sheet

    click(qtbot, preview.next_button)
    assert preview.page_label.text() == f"第 2 页 共 {count} 页"
    second = preview.shown_image()
    assert second != first and dark_pixels(second) > 500
    assert preview.previous_button.isEnabled()

    click(qtbot, preview.previous_button)
    assert preview.page_label.text() == f"第 1 页 共 {count} 页"
    assert preview.shown_image() == first

    # the keyboard pages too
    qtbot.keyClick(preview.scroll.viewport(), Qt.Key.Key_PageDown)
    qtbot.keyClick(preview.scroll.viewport(), Qt.Key.Key_PageDown)
    assert preview.page_label.text() == f"第 3 页 共 {count} 页"
    qtbot.keyClick(preview.scroll.viewport(), Qt.Key.Key_PageUp)
    assert preview.current_page() == 1

    fitted = preview.zoom_label.text()
    page_width = preview.canvas.page_rects()[0].width()
    assert abs(page_width - preview.scroll.viewport().width()) < 80  # 适合宽度 at first
    click(qtbot, preview.zoom_in_button)
    assert preview.zoom_label.text() != fitted
    assert preview.canvas.page_rects()[0].width() > page_width
    assert preview.current_page() == 1  # zooming keeps the page in view
    click(qtbot, preview.zoom_out_button)
    click(qtbot, preview.zoom_out_button)
    assert preview.canvas.page_rects()[0].width() < page_width
    smaller = preview.shown_image()
    assert dark_pixels(smaller) > 500
    click(qtbot, preview.fit_button)
    assert preview.zoom_label.text() == fitted
    assert preview.zoom_label.text().endswith("%")


def test_only_the_pages_in_view_are_drawn(qtbot, preview_dialog):
    preview = preview_dialog.preview
    assert preview.page_count() >= 3
    # a long report is not drawn whole to open: the pages on screen are
    assert preview.canvas.rendered < preview.page_count()


def test_save_as_copies_the_report_where_the_user_chooses(qtbot, preview_dialog, prompts, tmp_path):
    preview = preview_dialog.preview
    prompts.save_answers.append(tmp_path / "四季度台账")  # typed without .pdf
    click(qtbot, preview.save_button)
    kind, title, suggested = prompts.shown[-1]
    assert (kind, title, suggested) == ("save_file", "另存为", preview.path.name)
    saved = tmp_path / "四季度台账.pdf"
    reader = PdfReader(saved)
    assert len(reader.pages) == preview.page_count()
    text = reader.pages[0].extract_text()
    assert "结对帮扶台账" in text and "北区分公司党支部" in text
    assert str(saved) in preview.status_label.text() and preview.status_label.isVisible()

    prompts.save_answers.append(None)  # 取消: nothing written, nothing said
    click(qtbot, preview.save_button)
    assert preview.status_label.text().endswith("四季度台账.pdf")


def test_print_sends_every_page_as_shown(qtbot, preview_dialog, prompts, tmp_path):
    preview = preview_dialog.preview
    printed = tmp_path / "打印.pdf"
    prompts.print_answers.append(print_to_pdf(printed))
    click(qtbot, preview.print_button)
    assert prompts.shown[-1][:2] == ("print", "打印")
    assert printed.is_file()
    pages = pdf_pages_as_images(printed)
    assert len(pages) == preview.page_count()
    for image in pages:
        assert image.width() > image.height()  # A4 across, as the ledger is
        assert dark_pixels(image) > 300, "a blank sheet"
    # the sheets are A4, landscape
    box = PdfReader(printed).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) in {(842, 595), (842, 596)}
    shown = pdf_pages_as_images(preview.path)
    # each sheet is the page shown at its place (the nearest look-alike)
    assert [_nearest(image, shown) for image in pages] == list(range(len(shown)))
    assert "已发送" in preview.status_label.text()


def test_print_honours_the_page_range_and_cancel(qtbot, preview_dialog, prompts, tmp_path):
    preview = preview_dialog.preview
    printed = tmp_path / "第二三页.pdf"
    prompts.print_answers.append(print_to_pdf(printed, 2, 3))
    click(qtbot, preview.print_button)
    assert len(PdfReader(printed).pages) == 2
    shown = pdf_pages_as_images(preview.path)
    sent = pdf_pages_as_images(printed)
    # the sheets are the report's pages 2 and 3
    assert [_nearest(image, shown) for image in sent] == [1, 2]

    prompts.print_answers.append(None)  # 取消 in the print dialog
    assert preview.print_document() == 0


def test_open_hands_the_report_to_the_systems_viewer(qtbot, preview_dialog, prompts):
    preview = preview_dialog.preview
    prompts.launch_answers.append(True)
    click(qtbot, preview.open_button)
    assert prompts.launched == [preview.path]


def test_closing_the_preview_and_the_window_removes_the_temporary_files(
    qtbot, window, preview_dialog
):
    path = preview_dialog.preview.path
    folder = window.operations.report_files.folder
    assert path.is_file()
    preview_dialog.reject()
    window.close()
    assert not folder.exists()


def _nearest(image, candidates) -> int:
    """Which of ``candidates`` (renders of pages) ``image`` looks most like."""
    return min(range(len(candidates)), key=lambda i: _difference(image, candidates[i]))


def _difference(a, b) -> int:
    size = QSize(120, 85)
    mode = Qt.TransformationMode.SmoothTransformation
    ignore = Qt.AspectRatioMode.IgnoreAspectRatio
    a = a.scaled(size, ignore, mode).convertToFormat(QImage.Format.Format_Grayscale8)
    b = b.scaled(size, ignore, mode).convertToFormat(QImage.Format.Format_Grayscale8)
    return sum(abs(x - y) for x, y in zip(bytes(a.constBits()), bytes(b.constBits()), strict=True))
