"""积分 tab of 党员承诺: the ranking and a member's points ledger on a hand-counted
data set, 加减分 typed and saved, refused inline, edited and deleted, derived
lines that cannot be edited, refreshing when a source changes, the models'
Qt checks and the screenshots.

The data (rules: the defaults, base 60; 优秀 +10, 合格 +5, 不合格 -5 per rated
pledge; +2 per 结对帮扶 session attended; 优秀 ≥ 80, 不合格 < 60):
  张伟  60 + 10 (宽带, 优秀) + 5 (走访, 合格) + 2 (session) + 3 (抗洪抢险) = 80 优秀
  王芳  60 + 2 (session)                                            = 62 合格
  赵磊  60 (a member with nothing yet)                              = 60 合格
  孙强  60 - 5 (值班, 不合格)                                       = 55 不合格
  李娜  群众: not ranked
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget
from test_ui_screenshots import clipped_texts, save, shots  # noqa: F401 - fixture
from typing_helpers import type_text

from app.areas.pairing import PAIRINGS
from app.areas.pledges import PLEDGES, POINTS
from app.domain.enums import PairingKind, PoliticalStatus, ServiceType, UnitKind
from app.domain.pairing_validation import PairingInput, SessionInput
from app.domain.pledge_models import PledgeCategory, PledgeRating
from app.domain.pledge_rules import PledgeLine
from app.domain.validation import PersonInput, UnitInput
from app.ui.operations import Operations
from app.ui.pages.pledges.points_tab import PointsTab
from app.ui.table_models.points_table_model import (
    LedgerColumn,
    PointsLedgerModel,
    RankingColumn,
    RankingTableModel,
)

TODAY = dt.date(2021, 12, 20)
SUMMARY = (
    "2021 年度 4 名党员：优秀 1 人、合格 2 人、不合格 1 人；规则：基础分 60，优秀 ≥ 80，不合格 < 60"
)


# ----- the standalone host ------------------------------------------------------------


class PointsHost(QWidget):
    """The 积分 tab as the 党员承诺 page will hold it: under the page title, in
    a tab widget (the lead adds it to the real page with one line)."""

    def __init__(self, services, prompts, today=lambda: TODAY) -> None:
        super().__init__()
        self.setObjectName("pledgesPage")
        self.operations = Operations(prompts, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(10)
        title = QLabel("党员承诺")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.tabs = QTabWidget()
        self.tab = PointsTab(services, self.operations, prompts, today=today)
        self.tabs.addTab(self.tab, "积分")
        layout.addWidget(self.tabs, 1)


def pledge(services, person_id: int, year: int, *ratings_by_text) -> list[int]:
    """Save the member's pledges of ``year`` and rate them: (text, rating or None)."""
    lines = [
        PledgeLine(text=text, category=PledgeCategory.MAIN_DUTY) for text, _ in ratings_by_text
    ]
    ids = services.pledges.save_member_pledges(person_id, year, lines)
    for pledge_id, (_, rating) in zip(ids, ratings_by_text, strict=True):
        if rating is not None:
            services.pledges.rate(pledge_id, rating, rated_on=dt.date(year, 12, 10))
    return ids


@pytest.fixture
def people(services):
    services.pledges._today = lambda: TODAY
    services.points._today = lambda: TODAY
    north = services.people.add_unit(UnitInput(name="北区分公司", kind=UnitKind.BRANCH_COMPANY))
    grid = services.people.add_unit(UnitInput(name="东城网格", kind=UnitKind.GRID, parent_id=north))
    P = PoliticalStatus
    ids = {
        name: services.people.add_person(
            PersonInput(name=name, political_status=status, unit_id=unit)
        )
        for name, status, unit in (
            ("张伟", P.MEMBER, grid),
            ("王芳", P.PROBATIONARY, north),
            ("赵磊", P.MEMBER, north),
            ("孙强", P.MEMBER, grid),
            ("李娜", P.MASSES, north),
        )
    }
    pledge(
        services,
        ids["张伟"],
        2021,
        ("宽带", PledgeRating.EXCELLENT),
        ("走访", PledgeRating.QUALIFIED),
    )
    pledge(services, ids["孙强"], 2021, ("值班", PledgeRating.UNQUALIFIED))
    pledge(services, ids["赵磊"], 2020, ("学习", PledgeRating.EXCELLENT))  # another year
    pairing = services.pairing.add_pairing(
        PairingInput(name="东城网格帮扶", kind=PairingKind.INTERNAL, helpers=[ids["李娜"]],
                     helped=[ids["赵磊"]])
    )  # fmt: skip
    ids["session"] = services.pairing.add_session(
        SessionInput(date=dt.date(2021, 3, 1), pairing_id=pairing, topic="装维指导",
                     service_type=ServiceType.GUIDANCE, participant_ids=[ids["张伟"], ids["王芳"]])
    )  # fmt: skip
    ids["抗洪抢险"] = services.points.add_entry(ids["张伟"], dt.date(2021, 7, 1), 3, "抗洪抢险")
    return ids


@pytest.fixture
def host(app, qtbot, services, prompts, people):
    widget = PointsHost(services, prompts)
    qtbot.addWidget(widget)
    widget.resize(1080, 680)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def tab(host):
    return host.tab


# ----- what the user does ------------------------------------------------------------


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_row(qtbot, table, row: int, *, double=False) -> None:
    table.scrollTo(table.model().index(row, 0))
    point = table.visualRect(table.model().index(row, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    if double:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)


def click_header(qtbot, table, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def choose_member(qtbot, tab, name: str) -> None:
    rows = ranking(tab)
    click_row(qtbot, tab.ranking_table, [r[1] for r in rows].index(name))
    assert tab.selected_member().name == name


def choose_line(qtbot, tab, reason: str) -> None:
    reasons = [line[3] for line in ledger(tab)]
    click_row(qtbot, tab.ledger_table, reasons.index(reason))


def active(qtbot, form):
    assert form is not None and form.isVisible()
    form.activateWindow()  # offscreen does not always activate a new dialog by itself
    qtbot.waitUntil(form.isActiveWindow)
    return form


def ranking(tab) -> list[tuple[str, ...]]:
    model = tab.ranking_model
    return [tuple(model.index(r, c).data() for c in RankingColumn) for r in range(model.rowCount())]


def ledger(tab) -> list[tuple[str, ...]]:
    model = tab.ledger_model
    return [tuple(model.index(r, c).data() for c in LedgerColumn) for r in range(model.rowCount())]


# ----- the ranking --------------------------------------------------------------------


def test_the_ranking_shows_the_hand_counted_totals(qtbot, tab):
    assert tab.year_combo.currentText() == "2021 年"
    assert [tab.year_combo.itemText(i) for i in range(tab.year_combo.count())] == [
        "2021 年",
        "2020 年",
    ]
    assert ranking(tab) == [
        ("1", "张伟", "东城网格", "80", "优秀"),
        ("2", "王芳", "北区分公司", "62", "合格"),
        ("3", "赵磊", "北区分公司", "60", "合格"),
        ("4", "孙强", "东城网格", "55", "不合格"),
    ]
    assert tab.summary_label.text() == SUMMARY
    assert tab.rules_label.text() == (
        "承诺评议每项：优秀 +10、合格 +5、基本合格 0、不合格 -5；"
        "每参加一次结对帮扶活动 +2；全年最低 0 分"
    )
    # 优秀 and 不合格 stand out, in two different colours; 合格 is plain
    model = tab.ranking_model
    colour = [
        model.index(r, RankingColumn.LEVEL).data(Qt.ItemDataRole.ForegroundRole) for r in range(4)
    ]
    background = [
        model.index(r, RankingColumn.LEVEL).data(Qt.ItemDataRole.BackgroundRole) for r in range(4)
    ]
    assert colour[1] is None and colour[2] is None and background[1] is None
    assert colour[0] is not None and colour[3] is not None and colour[0] != colour[3]
    assert background[0] is not None and background[0] != background[3]
    assert tab.member_label.text() == "在左侧排名中选择一名党员，查看积分明细"
    assert not tab.add_button.isEnabled()


def test_the_ranking_sorts_by_the_header_clicked(qtbot, tab):
    click_header(qtbot, tab.ranking_table, RankingColumn.TOTAL)
    assert [row[1] for row in ranking(tab)] == ["孙强", "赵磊", "王芳", "张伟"]
    choose_member(qtbot, tab, "王芳")
    click_header(qtbot, tab.ranking_table, RankingColumn.TOTAL)  # again: highest first
    assert [row[1] for row in ranking(tab)] == ["张伟", "王芳", "赵磊", "孙强"]
    assert tab.selected_member().name == "王芳"  # the choice follows its row
    click_header(qtbot, tab.ranking_table, RankingColumn.NAME)  # by pinyin
    assert [row[1] for row in ranking(tab)] == ["孙强", "王芳", "张伟", "赵磊"]


def test_another_year_has_its_own_ranking(qtbot, tab):
    tab.year_combo.setCurrentIndex(tab.year_combo.findText("2020 年"))
    assert [(row[1], row[3]) for row in ranking(tab)] == [
        ("赵磊", "70"),
        ("孙强", "60"),
        ("王芳", "60"),
        ("张伟", "60"),
    ]
    assert tab.summary_label.text().startswith("2020 年度 4 名党员：优秀 0 人、合格 4 人")


# ----- a member's ledger ---------------------------------------------------------------


def test_choosing_a_member_shows_the_lines_that_make_the_total(qtbot, tab):
    choose_member(qtbot, tab, "张伟")
    assert tab.member_label.text() == "张伟 2021 年度积分明细"
    assert ledger(tab) == [
        ("2021-01-01", "+60", "年度基础分", "2021 年度基础分"),
        ("2021-03-01", "+2", "结对帮扶活动", "参加帮扶活动：东城网格帮扶「装维指导」"),
        ("2021-07-01", "+3", "手工加减分", "抗洪抢险"),
        ("2021-12-10", "+10", "承诺评议", "承诺评议优秀：宽带"),
        ("2021-12-10", "+5", "承诺评议", "承诺评议合格：走访"),
    ]
    assert sum(int(line[1]) for line in ledger(tab)) == 80
    assert tab.explanation_label.text() == (
        "合计 80 分 = 年度基础分 60 + 承诺评议 15 + 结对帮扶活动 2 + 手工加减分 3（优秀）"
    )
    assert tab.add_button.isEnabled()

    choose_member(qtbot, tab, "孙强")
    assert sum(int(line[1]) for line in ledger(tab)) == 55
    assert tab.explanation_label.text() == "合计 55 分 = 年度基础分 60 - 承诺评议 5（不合格）"


def test_the_floor_is_noted_when_it_applies(qtbot, tab, services, people):
    services.points.add_entry(people["孙强"], dt.date(2021, 9, 1), -80, "严重违纪")
    tab.context.operations.changed.emit(frozenset({POINTS}))
    choose_member(qtbot, tab, "孙强")
    assert ranking(tab)[-1][1:] == ("孙强", "东城网格", "0", "不合格")
    assert tab.explanation_label.text() == (
        "合计 0 分：年度基础分 60 - 承诺评议 5 - 手工加减分 80 = -25 分，"
        "低于最低分 0 分，按 0 分计（不合格）"
    )


# ----- 加减分 ----------------------------------------------------------------------------


def test_a_deduction_typed_in_the_form_updates_the_ranking_and_the_ledger(qtbot, tab):
    choose_member(qtbot, tab, "张伟")
    click(qtbot, tab.add_button)
    form = active(qtbot, tab.current_form)
    assert form.windowTitle() == "加减分：张伟"
    assert form.date.date() == TODAY
    type_text(qtbot, form.points.line_edit, "-5")
    assert form.points.meaning.text() == "扣 5 分"
    type_text(qtbot, form.reason, "无故缺席支部会议")
    qtbot.keyClick(form.reason, Qt.Key.Key_Return)  # Enter saves
    assert tab.current_form is None

    assert ranking(tab)[0] == ("1", "张伟", "东城网格", "75", "合格")
    assert tab.summary_label.text().startswith("2021 年度 4 名党员：优秀 0 人、合格 3 人")
    assert ("2021-12-20", "-5", "手工加减分", "无故缺席支部会议") in ledger(tab)
    assert tab.selected_line().reason == "无故缺席支部会议"  # the new line is chosen
    assert (
        tab.ledger_model.index(
            ledger(tab).index(("2021-12-20", "-5", "手工加减分", "无故缺席支部会议")), 1
        ).data(Qt.ItemDataRole.ForegroundRole)
        is not None
    )  # a deduction shows in red
    assert tab.explanation_label.text() == (
        "合计 75 分 = 年度基础分 60 + 承诺评议 15 + 结对帮扶活动 2 - 手工加减分 2（合格）"
    )


def test_the_form_refuses_inline_and_saves_nothing(qtbot, tab, prompts):
    choose_member(qtbot, tab, "王芳")
    click(qtbot, tab.add_button)
    form = active(qtbot, tab.current_form)
    type_text(qtbot, form.points.line_edit, "-5")
    qtbot.keyClick(form.points.line_edit, Qt.Key.Key_Return)
    assert form.isVisible()
    assert form.error_text("reason") == "请填写加减分原因"
    assert form.error_text("points") == ""

    form.points.line_edit.clear()
    type_text(qtbot, form.points.line_edit, "五")
    assert form.error_text("points") == "请填写加分或扣分（不为 0 的整数）"
    form.points.line_edit.clear()
    type_text(qtbot, form.points.line_edit, "０")  # a full-width zero is still zero
    assert form.error_text("points") == "请填写加分或扣分（不为 0 的整数）"
    form.date.line_edit.clear()
    type_text(qtbot, form.date.line_edit, "2022-01-05")
    qtbot.keyClick(form.date.line_edit, Qt.Key.Key_Tab)
    assert form.error_text("date") == "日期不能晚于今天"
    click(qtbot, form.save_button)
    assert form.isVisible() and prompts.shown == []
    assert [line[3] for line in ledger(tab)] == [
        "2021 年度基础分",
        "参加帮扶活动：东城网格帮扶「装维指导」",
    ]

    form.points.line_edit.clear()
    type_text(qtbot, form.points.line_edit, "＋２")  # as a Chinese input method types it
    form.date.line_edit.clear()
    type_text(qtbot, form.date.line_edit, "2021/6/30")
    type_text(qtbot, form.reason, "党课宣讲")
    assert form.error_text("date") == form.error_text("points") == ""
    click(qtbot, form.save_button)
    assert tab.current_form is None
    assert ("2021-06-30", "+2", "手工加减分", "党课宣讲") in ledger(tab)
    assert ranking(tab)[1] == ("2", "王芳", "北区分公司", "64", "合格")


def test_editing_a_manual_entry(qtbot, tab):
    choose_member(qtbot, tab, "张伟")
    choose_line(qtbot, tab, "抗洪抢险")
    assert tab.edit_button.isEnabled() and tab.delete_button.isEnabled()
    click(qtbot, tab.edit_button)
    form = active(qtbot, tab.current_form)
    assert form.windowTitle() == "编辑加减分：张伟"
    assert (form.points.text(), form.reason.text()) == ("+3", "抗洪抢险")
    form.points.line_edit.selectAll()
    type_text(qtbot, form.points.line_edit, "4")
    click(qtbot, form.save_button)
    assert tab.current_form is None
    assert ranking(tab)[0][3] == "81"
    assert ("2021-07-01", "+4", "手工加减分", "抗洪抢险") in ledger(tab)


def test_deleting_a_manual_entry_asks_first(qtbot, tab, prompts):
    choose_member(qtbot, tab, "张伟")
    choose_line(qtbot, tab, "抗洪抢险")
    prompts.confirm_answers.extend([False, True])
    click(qtbot, tab.delete_button)  # 否: nothing happens
    assert prompts.texts("confirm") == [
        "确定删除 2021-07-01 的加减分「抗洪抢险」（+3 分）吗？删除后无法恢复。"
    ]
    assert "抗洪抢险" in [line[3] for line in ledger(tab)]
    click(qtbot, tab.delete_button)
    assert "抗洪抢险" not in [line[3] for line in ledger(tab)]
    assert ranking(tab)[0] == ("1", "张伟", "东城网格", "77", "合格")
    assert tab.explanation_label.text() == (
        "合计 77 分 = 年度基础分 60 + 承诺评议 15 + 结对帮扶活动 2（合格）"
    )


def test_derived_lines_cannot_be_edited_and_say_where_they_come_from(qtbot, tab, prompts):
    choose_member(qtbot, tab, "张伟")
    expected = {
        "2021 年度基础分": "积分规则",
        "承诺评议优秀：宽带": "在“承诺”中修改评议",
        "参加帮扶活动：东城网格帮扶「装维指导」": "在“结对帮扶”中修改",
    }
    for reason, where in expected.items():
        choose_line(qtbot, tab, reason)
        assert not tab.edit_button.isEnabled() and not tab.delete_button.isEnabled()
        assert where in tab.edit_button.toolTip() and where in tab.delete_button.toolTip()
        row = [line[3] for line in ledger(tab)].index(reason)
        assert where in tab.ledger_model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    # double-click and Delete on a derived line: explained, nothing opened or deleted
    click_row(qtbot, tab.ledger_table, 0, double=True)
    assert tab.current_form is None
    assert prompts.texts("info") == ["年度基础分由积分规则决定，不能在这里修改"]
    qtbot.keyClick(tab.ledger_table, Qt.Key.Key_Delete)
    assert prompts.texts("confirm") == [] and len(ledger(tab)) == 5
    choose_line(qtbot, tab, "抗洪抢险")
    assert tab.edit_button.isEnabled() and tab.edit_button.toolTip() == ""


# ----- refreshing ----------------------------------------------------------------------


def test_the_tab_follows_changes_of_pledges_sessions_and_people(qtbot, host, services, people):
    tab = host.tab
    choose_member(qtbot, tab, "张伟")
    [wide, _] = (p.id for p in services.pledges.member_pledges(people["张伟"], 2021))
    services.pledges.rate(wide, PledgeRating.UNQUALIFIED)  # +10 becomes -5, rated today
    host.operations.changed.emit(frozenset({PLEDGES}))
    assert ("1", "张伟", "东城网格", "65", "合格") == ranking(tab)[0]
    assert tab.selected_member().name == "张伟"  # still chosen, ledger read anew
    assert ("2021-12-20", "-5", "承诺评议", "承诺评议不合格：宽带") in ledger(tab)

    services.pairing.delete_session(people["session"])
    host.operations.changed.emit(frozenset({PAIRINGS}))
    # equal totals share a rank, in name order
    assert [(row[0], row[1], row[3]) for row in ranking(tab)][:3] == [
        ("1", "张伟", "63"),
        ("2", "王芳", "60"),
        ("2", "赵磊", "60"),
    ]

    # hidden, the tab waits until it is shown again
    host.hide()
    services.people.add_person(PersonInput(name="钱进", political_status=PoliticalStatus.MEMBER))
    host.operations.changed.emit(frozenset({"people"}))
    assert "钱进" not in [row[1] for row in ranking(tab)]
    host.show()
    qtbot.waitExposed(host)
    assert "钱进" in [row[1] for row in ranking(tab)]
    assert tab.summary_label.text().startswith("2021 年度 5 名党员")


# ----- models ---------------------------------------------------------------------------


def test_the_points_models_pass_qt_model_checks(qtmodeltester, services, people):
    ranking_model = RankingTableModel()
    ranking_model.set_rows(services.points.totals(2021))
    qtmodeltester.check(ranking_model, force_py=True)
    ranking_model.sort(RankingColumn.NAME, Qt.SortOrder.DescendingOrder)
    ranking_model.sort(RankingColumn.LEVEL, Qt.SortOrder.AscendingOrder)
    ranking_model.set_rows(services.points.totals(2020))
    ranking_model.set_rows([])

    ledger_model = PointsLedgerModel()
    ledger_model.set_rows(services.points.ledger(people["张伟"], 2021))
    qtmodeltester.check(ledger_model, force_py=True)
    ledger_model.set_rows([])


# ----- screenshots ----------------------------------------------------------------------

SHOT_TODAY = dt.date(2025, 12, 20)


def seed_branch(services) -> dict[str, int]:
    """The North District branch in 2025: the roster, the "1+2+X 攻坚" sessions,
    pledges rated at year end and a few 加减分."""
    from sample_pairing import seed as seed_pairings

    services.pledges._today = lambda: SHOT_TODAY
    services.points._today = lambda: SHOT_TODAY
    ids = seed_pairings(services)
    E, Q, B, U = (PledgeRating.EXCELLENT, PledgeRating.QUALIFIED, PledgeRating.BASIC,
                  PledgeRating.UNQUALIFIED)  # fmt: skip
    for name, ratings in {
        "张茜": (E, E, Q),
        "周晶": (E, Q),
        "赵丽": (E, E),
        "王芳": (E, Q, Q),
        "孙悦": (Q, Q),
        "林峰": (E, Q),
        "李明": (Q, B),
        "陈磊": (U, B),
        "徐强": (Q,),
    }.items():
        texts = ["带头完成宽带新增目标", "每月走访网格客户", "帮带一名新员工"]
        pledge(services, ids[name], 2025, *zip(texts, ratings, strict=False))
    for name, points, reason, day in (
        ("赵丽", 5, "重要楼宇机房抢修突击", "2025-08-14"),
        ("王芳", 3, "支部主题党日策划", "2025-06-28"),
        ("陈磊", -6, "无故缺席支部会议两次", "2025-09-10"),
        ("刘洋", -3, "未按时交纳党费", "2025-05-06"),
    ):
        services.points.add_entry(ids[name], dt.date.fromisoformat(day), points, reason)
    return ids


def test_points_screenshots(app, qtbot, services, prompts, shots):  # noqa: F811
    seed_branch(services)
    host = PointsHost(services, prompts, today=lambda: SHOT_TODAY)
    qtbot.addWidget(host)
    host.resize(1080, 700)
    host.show()
    qtbot.waitExposed(host)
    tab = host.tab
    assert tab.summary_label.text().startswith("2025 年度")
    choose_member(qtbot, tab, "赵丽")
    choose_line(qtbot, tab, "重要楼宇机房抢修突击")
    qtbot.wait(50)
    save(host, shots, "55-points-tab")
    assert clipped_texts(host) == []

    # narrow, as in the main window at its minimum size: nothing cut off
    host.resize(760, 560)
    qtbot.wait(20)
    assert clipped_texts(host) == []
    host.resize(1080, 700)

    choose_member(qtbot, tab, "陈磊")
    click(qtbot, tab.add_button)
    form = active(qtbot, tab.current_form)
    type_text(qtbot, form.points.line_edit, "-2")
    form.date.line_edit.clear()
    type_text(qtbot, form.date.line_edit, "2025-12-32")
    click(qtbot, form.save_button)
    assert form.error_text("reason") == "请填写加减分原因"
    assert form.error_text("date") != ""
    qtbot.wait(50)
    save(form, shots, "55-points-entry-form-errors")
    assert clipped_texts(form) == []
    form.reject()
