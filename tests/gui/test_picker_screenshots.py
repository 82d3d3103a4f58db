"""Screenshots of the pickers with their suggestion lists open: a participant
found by initials, a text that finds no one, the message when saving with it,
and the 帮扶台账 结对 filter searched by a member's 工号. Each list is checked to
show its lines whole (as wide as they need, not cut at the field's edge).

Runs in the suite (pictures go to a temporary folder); to refresh docs/screenshots/:

    BRANCH_LEDGER_SCREENSHOT_DIR=docs/screenshots .venv/bin/pytest -q tests/gui/test_picker_screenshots.py
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget
from sample_pairing import QUARTER
from sample_pairing import seed as seed_pairings
from test_ui_screenshots import clipped_texts, shots  # noqa: F401 - fixture
from typing_helpers import type_text

from app.domain.enums import ServiceType


def with_popup(widget: QWidget, popup: QWidget, path) -> None:
    """``widget`` as shown, with the open suggestion list drawn over it."""
    picture = widget.grab()
    painter = QPainter(picture)
    painter.drawPixmap(widget.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0))), popup.grab())
    painter.end()
    assert picture.save(str(path))


def lines_fit(popup) -> bool:
    """Every line of the list is as wide as its text needs."""
    view = popup.viewport().width()
    return all(
        popup.sizeHintForIndex(popup.model().index(r, 0)).width() <= view
        for r in range(popup.model().rowCount())
    )


def test_picker_screenshots(window, services, qtbot, shots):  # noqa: F811
    seed_pairings(services)
    window.resize(1280, 760)
    window.navigation.setCurrentRow(1)
    page = window.page("pairing")
    page.refresh()

    # several people: "l" lists everyone whose initials or name start with it
    form = page.ledger_tab.add_session()
    qtbot.waitExposed(form)
    type_text(qtbot, form.pairing, "江湾")
    qtbot.keyClick(form.pairing.lineEdit(), Qt.Key.Key_Return)
    type_text(qtbot, form.topic, "机房线路复查")
    form.service_type.set_member(ServiceType.GUIDANCE)
    picker = form.participants
    type_text(qtbot, picker.line_edit, "l")
    popup = picker.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert len(picker.suggestion_texts()) >= 5 and lines_fit(popup)
    with_popup(form, popup, shots / "107-picker-initials.png")

    # a text that finds no one says so, and saving with it is refused
    type_text(qtbot, picker.line_edit, "xyz")
    qtbot.waitUntil(lambda: picker.popup_texts() == ["没有找到相符的人员"])
    with_popup(form, popup, shots / "108-picker-nothing-found.png")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.error_text("participant_ids").startswith("没有找到「lxyz」")
    qtbot.wait(20)
    assert not clipped_texts(form)
    assert form.grab().save(str(shots / "109-picker-refused-on-save.png"))
    form.confirm_discard = None
    form.reject()

    # the ledger's 结对 filter: a member's 工号 finds her pairings
    tab = page.ledger_tab
    tab.period.set_custom(*QUARTER)
    type_text(qtbot, tab.pairing_filter, "BQ0012")  # 王芳
    popup = tab.pairing_filter.completer_.popup()
    qtbot.waitUntil(popup.isVisible)
    assert tab.pairing_filter.suggestion_texts() == [
        "后台党员×滨江一网格·数字化工具帮扶（本支部结对）",
        "老有智慧社区行·大宁社区（共建结对）",
    ]
    assert lines_fit(popup)
    with_popup(window, popup, shots / "110-ledger-pairing-filter-search.png")
    qtbot.keyClick(tab.pairing_filter.lineEdit(), Qt.Key.Key_Escape)
