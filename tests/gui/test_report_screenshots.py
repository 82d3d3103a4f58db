"""Screenshots of the 报表 page with a ledger previewed, and of the preview
dialog the 结对帮扶 page's 打印台账… opens (at the window's smallest size too).

Runs in the suite (pictures go to a temporary folder and the layout checks
run); to look at them:

    BRANCH_LEDGER_SCREENSHOT_DIR=/tmp/shots .venv/bin/pytest -q tests/gui/test_report_screenshots.py
"""

from __future__ import annotations

from preview_helpers import WAIT_MS, click, dark_pixels, wait_for_preview
from sample_pairing import QUARTER
from sample_reports import seed_long_ledger
from test_ui_screenshots import clipped_texts, save, shots  # noqa: F401 - fixture


def test_reports_page_screenshots(window, services, qtbot, shots):  # noqa: F811
    seed_long_ledger(services)
    window.resize(1280, 760)
    page = window.show_page("reports")
    save(window, shots, "80-reports-page-empty")
    assert clipped_texts(window) == []

    page.choose_kind("pairing")
    page.period.set_custom(*QUARTER)
    click(qtbot, page.generate_button)
    qtbot.waitUntil(lambda: page.preview.isVisible(), timeout=WAIT_MS)
    qtbot.wait(50)
    save(window, shots, "81-reports-page-preview")
    assert clipped_texts(window) == []
    assert dark_pixels(page.preview.shown_image()) > 500

    page.choose_kind("pledges")
    qtbot.wait(50)
    assert page.year_combo.width() >= page.year_combo.sizeHint().width()  # the whole year shows
    save(window, shots, "82-reports-page-year")
    assert clipped_texts(window) == []

    window.resize(window.minimumSize())  # the smallest window still shows every control
    page.choose_kind("pairing")
    click(qtbot, page.generate_button)
    qtbot.waitUntil(lambda: page.preview.isVisible(), timeout=WAIT_MS)
    qtbot.wait(50)
    save(window, shots, "83-reports-page-smallest-window")
    assert clipped_texts(window) == []


def test_preview_dialog_screenshots(window, services, qtbot, shots):  # noqa: F811
    seed_long_ledger(services)
    window.resize(1280, 760)
    page = window.show_page("pairing")
    page.refresh()
    page.ledger_tab.period.set_custom(*QUARTER)
    click(qtbot, page.ledger_tab.print_button)
    dialog = wait_for_preview(qtbot, window)
    qtbot.wait(50)
    save(dialog, shots, "84-report-preview-dialog")
    assert clipped_texts(dialog) == []
    click(qtbot, dialog.preview.next_button)
    click(qtbot, dialog.preview.zoom_in_button)
    click(qtbot, dialog.preview.zoom_in_button)
    qtbot.wait(50)
    assert dialog.preview.scroll.horizontalScrollBar().isVisible()  # wider than the view now
    save(dialog, shots, "85-report-preview-zoomed")
    assert clipped_texts(dialog) == []
    dialog.reject()
