"""发展 (双培养一输送) tab: a person's track recorded through the stage form by
typing and clicking (递交入党申请书 → 入党积极分子 → 预备党员), the roster's
政治面貌 following, the pipeline counting, overdue next steps in red, the
regulations' warnings shown after saving, the filters, editing and deleting a
stage, the models' Qt checks and the screenshots.

The data (today 2024-06-20):
  张伟  群众, born 2000: nothing yet (the form records his track)
  李娜  递交入党申请书 2024-04-01, no talk: the talk was due 2024-05-01 (overdue)
  赵磊  入党积极分子 2023-09-01: 发展对象 not before 2024-09-01
  王芳, 孙强  正式党员 (introducers)
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget
from test_ui_screenshots import clipped_texts, save, shots  # noqa: F401 - fixture
from typing_helpers import type_text

from app.areas.mentoring import DEVELOPMENT
from app.domain.enums import PoliticalStatus, UnitKind
from app.domain.mentoring_models import Stage
from app.domain.validation import PersonInput, UnitInput
from app.services.development import StageInput
from app.ui.operations import Operations
from app.ui.pages.mentoring.development_pipeline import CUSTOM, EVERYTHING, LAST_YEAR
from app.ui.pages.mentoring.development_tab import DevelopmentTab
from app.ui.table_models.development_table_model import (
    StageColumn,
    StageTableModel,
    TrackColumn,
    TrackTableModel,
)

TODAY = dt.date(2024, 6, 20)
P = PoliticalStatus


class MentoringHost(QWidget):
    """The 发展 tab as the 老带新 page will hold it: under the page title, in a
    tab widget (the lead adds it to the real page with one line)."""

    def __init__(self, services, prompts, today=lambda: TODAY) -> None:
        super().__init__()
        self.setObjectName("mentoringPage")
        self.operations = Operations(prompts, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(10)
        title = QLabel("老带新")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.tabs = QTabWidget()
        self.tab = DevelopmentTab(services, self.operations, prompts, today=today)
        self.tabs.addTab(self.tab, "发展（双培养一输送）")
        layout.addWidget(self.tabs, 1)


@pytest.fixture
def people(services):
    services.development._today = lambda: TODAY
    unit = services.people.add_unit(UnitInput(name="北区分公司", kind=UnitKind.BRANCH_COMPANY))
    ids = {
        name: services.people.add_person(
            PersonInput(name=name, political_status=status, unit_id=unit, birth_date=birth)
        )
        for name, status, birth in (
            ("张伟", P.MASSES, dt.date(2000, 5, 4)),
            ("李娜", P.MASSES, dt.date(1996, 2, 1)),
            ("赵磊", P.MASSES, dt.date(1995, 7, 9)),
            ("王芳", P.MEMBER, None),
            ("孙强", P.MEMBER, None),
        )
    }
    dev = services.development
    dev.add_stage(ids["李娜"], StageInput(Stage.APPLICATION, dt.date(2024, 4, 1)))
    dev.add_stage(ids["赵磊"], StageInput(Stage.APPLICATION, dt.date(2023, 3, 1),
                                          talk_date=dt.date(2023, 3, 20)))  # fmt: skip
    dev.add_stage(ids["赵磊"], StageInput(Stage.ACTIVIST, dt.date(2023, 9, 1)))
    return ids


@pytest.fixture
def host(app, qtbot, services, prompts, people):
    widget = MentoringHost(services, prompts)
    qtbot.addWidget(widget)
    widget.resize(1180, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def tab(host):
    return host.tab


# ----- what the user does ------------------------------------------------------------


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_row(qtbot, table, row: int) -> None:
    table.scrollTo(table.model().index(row, 0))
    point = table.visualRect(table.model().index(row, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)


def tracks(tab) -> list[tuple[str, ...]]:
    model = tab.track_model
    return [tuple(model.index(r, c).data() for c in TrackColumn) for r in range(model.rowCount())]


def stages(tab) -> list[tuple[str, ...]]:
    model = tab.stage_model
    return [tuple(model.index(r, c).data() for c in StageColumn) for r in range(model.rowCount())]


def choose_person(qtbot, tab, name: str) -> None:
    click_row(qtbot, tab.track_table, [r[0] for r in tracks(tab)].index(name))
    assert tab.selected_track().name == name


def active(qtbot, form):
    assert form is not None and form.isVisible()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def choose_in_combo(qtbot, combo, text: str) -> None:
    """Pick an item as a keyboard user does: focus, Home, then Down until it shows."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def type_date(qtbot, field, text: str) -> None:
    field.line_edit.clear()
    type_text(qtbot, field.line_edit, text)
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Tab)


def pick(qtbot, picker, name: str) -> None:
    type_text(qtbot, picker.line_edit, name)
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Return)  # Enter takes the first match
    assert name in picker.names()


def box_count(tab, stage: Stage) -> str:
    return tab.boxes.count_text(stage)


# ----- the list and the pipeline ----------------------------------------------------------


def test_the_list_shows_where_each_person_stands_and_what_is_due(qtbot, tab):
    assert tracks(tab) == [
        ("李娜", "北区分公司", "入党申请人", "递交入党申请书", "2024-04-01", "派人谈话",
         "2024-05-01", "收到入党申请书后一个月内应派人谈话（应于 2024-05-01 前），尚无谈话记录"),
        ("赵磊", "北区分公司", "入党积极分子", "入党积极分子", "2023-09-01",
         "确定为发展对象（培养满一年）", "不早于 2024-09-01", ""),
    ]  # fmt: skip
    assert tab.count_label.text() == "共 2 人，1 人逾期"
    model = tab.track_model
    # a missing talk after a month: the next step stands out in red, the row is amber
    overdue = model.index(0, TrackColumn.NEXT)
    assert overdue.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert overdue.data(Qt.ItemDataRole.FontRole).bold()
    assert "已逾期 50 天" in model.index(0, TrackColumn.DUE).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, TrackColumn.NAME).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "尚无谈话记录" in model.index(0, TrackColumn.WARNINGS).data(Qt.ItemDataRole.ToolTipRole)
    # not yet due: plain
    assert model.index(1, TrackColumn.NEXT).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(1, TrackColumn.NAME).data(Qt.ItemDataRole.BackgroundRole) is None
    # the pipeline: since 1 January three years ago
    assert tab.period.combo.currentText() == "自某年以来"
    assert tab.period.period() == (dt.date(2021, 1, 1), None)
    assert tab.pipeline_label.text() == "自 2021 年以来：递交申请 2 人，积极分子 1 人"
    assert box_count(tab, Stage.APPLICATION) == "2 人"
    assert box_count(tab, Stage.TRANSFER) == "0 人"
    assert tab.person_label.text() == "在上方列表中选择一人，查看其各阶段记录"


def test_the_period_changes_the_pipeline(qtbot, tab):
    tab.period.choose(LAST_YEAR)
    assert tab.pipeline_label.text() == "2023 年：递交申请 1 人，积极分子 1 人"
    tab.period.since_year.setValue(2024)
    tab.period.choose(2)  # 自某年以来
    assert tab.pipeline_label.text() == "自 2024 年以来：递交申请 1 人"
    tab.period.choose(EVERYTHING)
    assert tab.pipeline_label.text() == "全部：递交申请 2 人，积极分子 1 人"
    tab.period.choose(CUSTOM)
    assert tab.period.date_from.isVisible()
    type_date(qtbot, tab.period.date_from, "2023-06-01")
    type_date(qtbot, tab.period.date_to, "2024-06-30")
    assert tab.pipeline_label.text() == "2023-06-01 至 2024-06-30：递交申请 1 人，积极分子 1 人"


def test_filters_stage_box_overdue_and_search(qtbot, tab):
    click(qtbot, tab.boxes.boxes[Stage.ACTIVIST])  # a box: the people at that stage
    assert [r[0] for r in tracks(tab)] == ["赵磊"]
    assert tab.stage_filter.currentText() == "入党积极分子"
    assert tab.names_label.isVisible()
    assert tab.names_label.text() == "期间内积极分子（1 人）：赵磊"
    click(qtbot, tab.boxes.boxes[Stage.ACTIVIST])  # again: everyone
    assert [r[0] for r in tracks(tab)] == ["李娜", "赵磊"]
    assert not tab.names_label.isVisible()

    choose_in_combo(qtbot, tab.stage_filter, "递交入党申请书")
    assert [r[0] for r in tracks(tab)] == ["李娜"]
    assert tab.boxes.checked() == Stage.APPLICATION
    choose_in_combo(qtbot, tab.stage_filter, "全部阶段")

    click(qtbot, tab.overdue_only)
    assert [r[0] for r in tracks(tab)] == ["李娜"]
    click(qtbot, tab.overdue_only)

    type_text(qtbot, tab.search, "发展对象")  # what is due next
    assert [r[0] for r in tracks(tab)] == ["赵磊"]
    tab.search.clear()
    type_text(qtbot, tab.search, "李")
    assert [r[0] for r in tracks(tab)] == ["李娜"]
    assert tab.count_label.text() == "共 1 人，1 人逾期"


# ----- recording a track ------------------------------------------------------------------


def test_a_track_recorded_through_the_form_moves_the_roster(qtbot, tab, services, people, prompts):
    # 递交入党申请书, with the talk: nobody chosen, so the person is picked in the form
    tab.track_table.clearSelection()
    click(qtbot, tab.add_button)
    form = active(qtbot, tab.current_form)
    assert form.windowTitle() == "登记发展阶段"
    pick(qtbot, form.person, "张伟")
    choose_in_combo(qtbot, form.stage, "递交入党申请书")
    assert form.talk_date.isVisible() and not form.introducer1.isVisible()
    type_date(qtbot, form.date, "2024-03-01")
    type_date(qtbot, form.talk_date, "2024-03-15")
    qtbot.keyClick(form.note, Qt.Key.Key_Return)  # Enter saves
    assert tab.current_form is None
    assert services.people.get_person(people["张伟"]).values.political_status == P.APPLICANT
    assert tab.selected_track().name == "张伟"  # the person is chosen
    assert next(r for r in tracks(tab) if r[0] == "张伟")[:7] == ("张伟", "北区分公司", "入党申请人", "递交入党申请书",
                                  "2024-03-01", "确定为入党积极分子", "")  # fmt: skip
    assert stages(tab) == [("2024-03-01", "递交入党申请书", "", "谈话 2024-03-15")]
    assert box_count(tab, Stage.APPLICATION) == "3 人"
    qtbot.wait(20)
    assert prompts.texts("info") == []  # nothing to warn about

    # 入党积极分子: the form starts with the person and the next stage
    click(qtbot, tab.add_button)
    form = active(qtbot, tab.current_form)
    assert form.person.names() == ["张伟"] and form.stage.currentText() == "入党积极分子"
    assert not form.talk_date.isVisible()
    type_date(qtbot, form.date, "2024-04-10")
    click(qtbot, form.save_button)
    assert tab.current_form is None
    assert services.people.get_person(people["张伟"]).values.political_status == P.ACTIVIST
    assert box_count(tab, Stage.ACTIVIST) == "2 人"

    # 预备党员, with the introducers, the training and the approval
    click(qtbot, tab.add_button)
    form = active(qtbot, tab.current_form)
    choose_in_combo(qtbot, form.stage, "预备党员")
    for widget in (form.introducer1, form.introducer2, form.training_days, form.approval_date):
        assert widget.isVisible()
    type_date(qtbot, form.date, "2024-06-01")
    pick(qtbot, form.introducer1, "王芳")
    pick(qtbot, form.introducer2, "孙强")
    type_text(qtbot, form.training_days, "3")
    type_text(qtbot, form.training_hours, "24")
    type_date(qtbot, form.approval_date, "2024-06-15")
    click(qtbot, form.save_button)
    assert tab.current_form is None
    assert services.people.get_person(people["张伟"]).values.political_status == P.PROBATIONARY
    row = next(r for r in tracks(tab) if r[0] == "张伟")
    assert row[2:4] == ("中共预备党员", "预备党员")
    assert row[5:7] == ("预备期满，讨论转为正式党员", "2025-07-01")
    assert stages(tab)[-1] == (
        "2024-06-01", "预备党员", "", "介绍人 王芳、孙强；培训 3 天 24 学时；审批 2024-06-15",
    )  # fmt: skip
    assert box_count(tab, Stage.PROBATIONARY) == "1 人"
    assert "预备党员 1 人" in tab.pipeline_label.text()
    assert tab.person_label.text() == "张伟 的发展记录（中共预备党员）"


def test_a_target_less_than_a_year_after_activist_is_warned(qtbot, tab, services, people, prompts):
    choose_person(qtbot, tab, "赵磊")
    click(qtbot, tab.add_button)
    form = active(qtbot, tab.current_form)
    assert form.stage.currentText() == "发展对象"
    type_date(qtbot, form.date, "2024-06-01")
    click(qtbot, form.save_button)
    assert tab.current_form is None  # warnings never block
    qtbot.waitUntil(lambda: prompts.texts("info") != [])  # once the form has closed
    [notice] = prompts.texts("info")
    assert "赵磊" in notice
    assert "入党积极分子培养不满一年（2023-09-01 起，2024-09-01 方满一年）" in notice
    row = next(r for r in tracks(tab) if r[0] == "赵磊")
    assert row[3] == "发展对象" and "培养不满一年" in row[7]
    assert services.people.get_person(people["赵磊"]).values.political_status == (
        P.DEVELOPMENT_TARGET
    )


def test_the_form_refuses_inline(qtbot, tab, prompts):
    choose_person(qtbot, tab, "李娜")
    click(qtbot, tab.add_button)
    form = active(qtbot, tab.current_form)
    choose_in_combo(qtbot, form.stage, "输送")
    assert form.field_labels["note"].text().startswith("去向")
    click(qtbot, form.save_button)
    assert form.isVisible()
    assert form.error_text("note") == "输送请写明去向（如 团支部书记）"
    type_text(qtbot, form.note, "团支部书记")
    assert form.error_text("note") == ""

    choose_in_combo(qtbot, form.stage, "预备党员")
    type_text(qtbot, form.training_days, "三天")
    type_date(qtbot, form.approval_date, "2024-07-01")
    pick(qtbot, form.introducer1, "李娜")
    click(qtbot, form.save_button)
    assert form.error_text("training_days") == "请填写 0 到 999 之间的整数"
    assert form.error_text("approval_date") == "日期不能晚于今天"
    assert form.error_text("introducer1") == "入党介绍人不能是本人"
    assert form.isVisible() and prompts.shown == []
    # a stage already recorded that day: the service's message, under the date
    choose_in_combo(qtbot, form.stage, "递交入党申请书")
    type_date(qtbot, form.date, "2024-04-01")
    click(qtbot, form.save_button)
    assert form.error_text("date") == "这一天的这个阶段已经登记过"
    form.reject()


def test_editing_and_deleting_a_stage(qtbot, tab, prompts):
    choose_person(qtbot, tab, "李娜")
    assert not tab.edit_button.isEnabled()
    click_row(qtbot, tab.stage_table, 0)
    click(qtbot, tab.edit_button)
    form = active(qtbot, tab.current_form)
    assert form.windowTitle() == "编辑阶段：李娜"
    assert form.date.text() == "2024-04-01" and form.talk_date.isVisible()
    type_date(qtbot, form.talk_date, "2024-04-20")
    click(qtbot, form.save_button)
    assert tab.current_form is None
    row = next(r for r in tracks(tab) if r[0] == "李娜")
    assert row[5:] == ("确定为入党积极分子", "", "")
    assert tab.count_label.text() == "共 2 人"

    click_row(qtbot, tab.stage_table, 0)
    prompts.confirm_answers.extend([False, True])
    click(qtbot, tab.delete_button)
    assert prompts.texts("confirm") == [
        "确定删除 李娜 于 2024-04-01 的「递交入党申请书」记录吗？删除后无法恢复，"
        "花名册中的政治面貌不会随之改变。"
    ]
    assert len(stages(tab)) == 1
    click(qtbot, tab.delete_button)
    assert [r[0] for r in tracks(tab)] == ["赵磊"]


def test_the_tab_follows_changes_and_waits_while_hidden(qtbot, host, services, people):
    tab = host.tab
    host.hide()
    services.development.add_stage(people["张伟"], StageInput(Stage.BACKBONE, dt.date(2024, 1, 5)))
    host.operations.changed.emit(frozenset({DEVELOPMENT}))
    assert "张伟" not in [r[0] for r in tracks(tab)]
    host.show()
    qtbot.waitExposed(host)
    assert ("张伟", "业务骨干", "培养递交入党申请书") in [(r[0], r[3], r[5]) for r in tracks(tab)]
    assert box_count(tab, Stage.BACKBONE) == "1 人"


# ----- models ---------------------------------------------------------------------------


def test_the_development_models_pass_qt_model_checks(qtmodeltester, services, people):
    track_model = TrackTableModel(today=lambda: TODAY)
    track_model.set_rows(services.development.tracks())
    qtmodeltester.check(track_model, force_py=True)
    track_model.set_rows([])

    stage_model = StageTableModel()
    stage_model.set_rows(services.development.stages(people["赵磊"]))
    qtmodeltester.check(stage_model, force_py=True)
    stage_model.set_rows([])


# ----- screenshots ----------------------------------------------------------------------

SHOT_TODAY = dt.date(2025, 12, 20)


def seed_tracks(services) -> dict[str, int]:
    """The North District branch's 双培养一输送 since 2020 (background document:
    3 applications, 2 activists, 1 chosen as 团支部书记), and more."""
    from sample_roster import seed as seed_roster

    ids = seed_roster(services)
    services.development._today = lambda: SHOT_TODAY
    d = dt.date.fromisoformat
    S = Stage
    for name, stage, day, extra in (
        ("刘洋", S.APPLICATION, "2021-03-10", {"talk_date": d("2021-03-25")}),
        ("刘洋", S.ACTIVIST, "2021-09-15", {}),
        ("刘洋", S.TARGET, "2022-10-12", {}),
        ("刘洋", S.PROBATIONARY, "2024-11-20",
         {"introducer_ids": [ids["王芳"], ids["赵丽"]], "training_days": 3,
          "training_hours": 24, "approval_date": d("2025-01-10")}),
        ("杨帆", S.ACTIVIST, "2024-03-01", {}),
        ("杨帆", S.TARGET, "2024-12-01", {}),
        ("黄伟", S.APPLICATION, "2023-05-01", {"talk_date": d("2023-05-20")}),
        ("黄伟", S.ACTIVIST, "2024-06-15", {}),
        ("马超", S.BACKBONE, "2022-05-01", {}),
        ("马超", S.APPLICATION, "2025-09-01", {}),
        ("吴静", S.APPLICATION, "2025-11-28", {}),
        ("罗杰", S.BACKBONE, "2024-02-01", {}),
        ("罗杰", S.TRANSFER, "2025-05-04", {"note": "团支部书记"}),
        ("郭婷", S.BACKBONE, "2025-03-01", {}),
        ("梁宇", S.PROBATIONARY, "2025-04-10",
         {"introducer_ids": [ids["王芳"], ids["刘洋"]], "training_days": 2}),
    ):  # fmt: skip
        services.development.add_stage(ids[name], StageInput(stage, d(day), **extra))
    return ids


def test_development_screenshots(app, qtbot, services, prompts, shots):  # noqa: F811
    ids = seed_tracks(services)
    host = MentoringHost(services, prompts, today=lambda: SHOT_TODAY)
    qtbot.addWidget(host)
    host.resize(1180, 760)
    host.show()
    qtbot.waitExposed(host)
    tab = host.tab
    assert tab.pipeline_label.text().startswith("自 2022 年以来：")
    choose_person(qtbot, tab, "刘洋")
    qtbot.wait(50)
    save(host, shots, "75-development-tab")
    assert clipped_texts(host) == []

    host.resize(900, 640)  # narrow: nothing cut off
    qtbot.wait(20)
    assert clipped_texts(host) == []
    host.resize(1180, 760)

    # 输送: the person sent on is found though their track shows their step
    click(qtbot, tab.boxes.boxes[Stage.TRANSFER])
    assert [(r[0], r[3]) for r in tracks(tab)] == [("罗杰", "业务骨干")]
    assert tab.names_label.text() == "期间内输送（1 人）：罗杰（团支部书记）"
    click(qtbot, tab.boxes.boxes[Stage.TRANSFER])  # everyone again
    choose_person(qtbot, tab, "黄伟")
    click(qtbot, tab.add_button)
    form = active(qtbot, tab.current_form)
    choose_in_combo(qtbot, form.stage, "预备党员")
    type_date(qtbot, form.date, "2025-12-10")
    pick(qtbot, form.introducer1, "王芳")
    type_text(qtbot, form.training_hours, "2四")
    click(qtbot, form.save_button)
    assert form.error_text("training_hours") == "请填写 0 到 999 之间的整数"
    qtbot.wait(50)
    save(form, shots, "75-stage-form-errors")
    assert clipped_texts(form) == []
    form.reject()
    assert ids
