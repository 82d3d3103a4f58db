"""Screenshots of 结对帮扶: the ledger with the "1+2+X 攻坚" campaign, the
pairing form, the session form with problems, the open problems.

Runs in the suite (pictures go to a temporary folder and the layout checks
run); to refresh docs/screenshots/ run:

    BRANCH_LEDGER_SCREENSHOT_DIR=docs/screenshots .venv/bin/pytest -q tests/gui/test_pairing_screenshots.py
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget
from sample_pairing import QUARTER, TOTALS
from sample_pairing import seed as seed_pairings
from test_ui_screenshots import clipped_texts, save, shots  # noqa: F401 - fixture
from typing_helpers import type_text

from app.domain.enums import Gender, PoliticalStatus, ServiceType
from app.domain.validation import PersonInput
from app.ui.operations import EVERYTHING


def test_pairing_screenshots(window, services, qtbot, shots):  # noqa: F811
    ids = seed_pairings(services)
    services.people.add_person(  # a namesake of 张伟 (BQ0305, 滨江二网格)
        PersonInput(
            name="张伟",
            employee_no="BQ0412",
            gender=Gender.MALE,
            unit_id=ids["江湾街镇分公司"],
            position="客户经理",
            political_status=PoliticalStatus.MEMBER,
            party_join_date=dt.date(2019, 7, 1),
        )
    )
    window.resize(1280, 760)
    window.operations.changed.emit(EVERYTHING)  # the window shows the seeded data
    window.navigation.setCurrentRow(1)
    page = window.page("pairing")
    page.ledger_tab.period.set_custom(*QUARTER)
    qtbot.wait(50)
    assert page.ledger_tab.totals_label.text() == TOTALS
    save(window, shots, "40-pairing-ledger")
    assert clipped_texts(window) == []

    # at the window's minimum size nothing is cut or drawn over its neighbour
    window.resize(window.minimumSize())
    qtbot.wait(20)
    assert clipped_texts(window) == []
    assert overlapping(page.ledger_tab.period.parentWidget()) == []
    window.resize(1280, 760)
    qtbot.wait(20)

    page.tabs.setCurrentIndex(1)
    qtbot.wait(20)
    save(window, shots, "41-pairing-list")
    assert clipped_texts(window) == []

    page.tabs.setCurrentIndex(2)
    page.problems_tab.problem_table.selectRow(0)
    qtbot.wait(20)
    save(window, shots, "42-open-problems")
    assert clipped_texts(window) == []

    page.tabs.setCurrentIndex(1)
    page.pairings_tab.select_pairing(ids["信安部×网络运维部·重要楼宇机房攻坚"])
    form = page.pairings_tab.edit_pairing()
    qtbot.waitExposed(form)
    form.helpers.line_edit.setFocus()
    qtbot.wait(20)
    save(form, shots, "43-pairing-form")
    assert clipped_texts(form) == []
    form.reject()

    page.tabs.setCurrentIndex(0)
    form = page.ledger_tab.add_session()
    qtbot.waitExposed(form)
    form.date.set_date(dt.date(2025, 12, 10))
    form.choose_pairing(ids["老有智慧社区行·大宁社区"])
    type_text(qtbot, form.topic, "“老有智慧社区行”：营业厅适老服务专窗开放日")
    form.service_type.set_member(ServiceType.ELDERLY)
    type_text(qtbot, form.place, "大宁营业厅")
    form.outside_count.setValue(9)
    type_text(qtbot, form.problems.lines[0].text, "老人不会使用自助缴费机")
    form.problems.lines[0].solved.setChecked(True)
    line = form.problems.add_line()
    type_text(qtbot, line.text, "部分老人手机未开通反诈预警")
    type_text(qtbot, form.follow_up, "每月第二个周三固定开放适老专窗")
    form.topic.setFocus()
    qtbot.wait(20)
    assert form.person_times_label.text() == "本次 13 人次"
    save(form, shots, "44-session-form")
    assert clipped_texts(form) == []

    form.topic.clear()
    form.participants.set_ids([])
    form.outside_count.setValue(0)
    form.try_save()
    qtbot.wait(20)
    save(form, shots, "45-session-form-errors")
    assert form.error_text("topic") == "请填写主题"
    form.reject()

    # the picker's suggestions: namesakes are told apart by unit and 工号
    form = page.pairings_tab.add_pairing()
    qtbot.waitExposed(form)
    type_text(qtbot, form.name, "网络运维部×滨江二网格·装维提效")
    pick_first(qtbot, form.helpers, "wj")  # 吴静
    form.helped.line_edit.setFocus()
    qtbot.keyClicks(form.helped.line_edit, "zw")
    popup = form.helped.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert form.helped.suggestion_texts() == [
        "张伟　滨江二网格 · BQ0305",
        "张伟　江湾街镇分公司 · BQ0412",
    ]
    picture = form.grab()
    painter = QPainter(picture)
    painter.drawPixmap(form.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0))), popup.grab())
    painter.end()
    path = shots / "46-pairing-form-picker.png"
    assert picture.save(str(path))
    popup.hide()
    form.reject()

    # the session form's 结对 field searches as you type: "滨江" finds the pairings
    # named after it and the ones whose helped unit or members it names
    form = page.ledger_tab.add_session()
    qtbot.waitExposed(form)
    type_text(qtbot, form.pairing, "滨江")
    popup = form.pairing.completer_.popup()
    qtbot.waitUntil(popup.isVisible)
    assert form.pairing.suggestion_texts()[:2] == [
        "后台党员×滨江一网格·数字化工具帮扶（本支部结对）",
        "领导班子一对一帮扶·滨江二网格（领导帮扶）",
    ]
    picture = form.grab()
    painter = QPainter(picture)
    painter.drawPixmap(form.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0))), popup.grab())
    painter.end()
    assert picture.save(str(shots / "47-session-form-pairing-search.png"))
    popup.hide()
    form.reject()


def overlapping(parent: QWidget) -> list[str]:
    """Visible direct children of ``parent`` drawn over one another."""
    children = [
        w
        for w in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if w.isVisible() and not w.isWindow()
    ]
    found = []
    for i, a in enumerate(children):
        for b in children[i + 1 :]:
            if a.geometry().intersects(b.geometry()):
                found.append(f"{type(a).__name__} / {type(b).__name__}")
    return found


def pick_first(qtbot, picker, text: str) -> None:
    picker.line_edit.setFocus()
    qtbot.keyClicks(picker.line_edit, text)
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Return)
