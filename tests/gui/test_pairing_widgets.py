"""The person picker and the 结对帮扶 table models, without a database."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from PySide6.QtCore import QModelIndex, Qt
from typing_helpers import type_text

from app.domain.enums import Gender, PersonStatus, PoliticalStatus
from app.domain.search_keys import name_sort_key
from app.services.people import PersonRow
from app.ui.table_models.pairing_table_model import (
    PairingColumn,
    PairingTableModel,
    ProblemTableModel,
)
from app.ui.table_models.session_table_model import (
    RECORD_ROLE,
    SORT_ROLE,
    Column,
    SessionTableModel,
)
from app.ui.widgets.person_picker import PersonPicker


def person(pid, name, no, unit, initials, status=PersonStatus.ACTIVE) -> PersonRow:
    return PersonRow(
        id=pid,
        name=name,
        employee_no=no,
        gender=Gender.MALE,
        birth_date=None,
        unit_id=pid,
        unit_name=unit,
        position="",
        political_status=PoliticalStatus.MEMBER,
        party_join_date=None,
        phone="",
        tags="",
        status=status,
        search_key=f"{name.lower()}\x1f{no.lower()}\x1f{initials}",
        name_sort=name_sort_key(name),
    )


PEOPLE = [
    person(1, "张伟", "BQ0305", "滨江二网格", "zw"),
    person(2, "张伟", "BQ0412", "江湾街镇分公司", "zw"),
    person(3, "赵丽", "BQ0031", "网络运维部", "zl"),
    person(4, "韩雪", "XA0001", "信安部(共建)", "hx"),
    person(5, "萧然", "BQ0034", "网络运维部", "xr", PersonStatus.TRANSFERRED_OUT),
    person(6, "周文", "BQ0002", "北区分公司", "zw"),
]


def make_picker(qtbot) -> PersonPicker:
    picker = PersonPicker()
    qtbot.addWidget(picker)
    picker.set_people(PEOPLE)
    picker.show()
    qtbot.waitExposed(picker)
    return picker


def test_picker_finds_people_by_pinyin_initials_and_tells_namesakes_apart(app, qtbot):
    picker = make_picker(qtbot)
    qtbot.keyClicks(picker.line_edit, "zw")
    suggestions = picker.suggestion_texts()
    assert suggestions == [
        "张伟　滨江二网格 · BQ0305",
        "张伟　江湾街镇分公司 · BQ0412",
        "周文　北区分公司 · BQ0002",
    ]
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Return)  # the best match
    assert picker.ids() == [1]
    assert picker.line_edit.text() == ""
    # the two 张伟 are told apart on the chips too
    type_text(qtbot, picker.line_edit, "BQ0412")
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Return)
    assert picker.names() == ["张伟（BQ0305）", "张伟（BQ0412）"]


def test_equally_good_suggestions_come_by_full_pinyin_not_by_initials(app, qtbot):
    picker = PersonPicker()
    qtbot.addWidget(picker)
    # given in the order they were added: 赵磊 (zl) first, 张伟 (zw) later
    picker.set_people(
        [
            person(7, "赵磊", "BQ0701", "网络运维部", "zl"),
            person(8, "周文", "BQ0801", "北区分公司", "zw"),
            person(9, "张伟", "BQ0901", "滨江二网格", "zw"),
        ]
    )
    picker.show()
    qtbot.waitExposed(picker)
    qtbot.keyClicks(picker.line_edit, "z")
    names = [t.split("　")[0] for t in picker.suggestion_texts()]
    assert names == ["张伟", "赵磊", "周文"]  # zhang wei, zhao lei, zhou wen


def test_picker_searches_by_name_and_employee_number_and_includes_co_building_people(app, qtbot):
    picker = make_picker(qtbot)
    type_text(qtbot, picker.line_edit, "韩")
    assert picker.suggestion_texts() == ["韩雪　信安部(共建) · XA0001"]
    picker.line_edit.clear()
    qtbot.keyClicks(picker.line_edit, "bq003")
    assert [t.split("　")[0] for t in picker.suggestion_texts()] == ["赵丽"]  # not 萧然


def test_transferred_people_show_only_when_searched_by_full_name_or_number(app, qtbot):
    picker = make_picker(qtbot)
    qtbot.keyClicks(picker.line_edit, "xr")
    assert picker.suggestion_texts() == []
    picker.line_edit.clear()
    type_text(qtbot, picker.line_edit, "萧然")
    assert picker.suggestion_texts() == ["萧然　网络运维部 · BQ0034（已转出）"]
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Return)
    assert picker.names() == ["萧然·已转出"]


def test_picker_chips_remove_people_and_enter_on_empty_text_is_not_swallowed(app, qtbot):
    picker = make_picker(qtbot)
    changes = []
    picker.changed.connect(lambda: changes.append(picker.ids()))
    picker.set_ids([3, 4, 99])  # an unknown id is dropped
    assert picker.ids() == [3, 4]
    qtbot.mouseClick(picker.chip_buttons[3], Qt.MouseButton.LeftButton)
    assert picker.ids() == [4]
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Backspace)  # empty search: removes the last
    assert picker.ids() == []
    assert changes == [[3, 4], [4], []]
    # people already chosen are not suggested again
    picker.set_ids([3])
    qtbot.keyClicks(picker.line_edit, "zl")
    assert picker.suggestion_texts() == []


class FakeSession(NamedTuple):
    id: int
    date: dt.date
    pairing_id: int
    pairing_name: str
    kind: object
    topic: str
    service_type: object
    place: str
    participant_names: str
    person_times: int
    problems_found: int
    problems_solved: int


class Label(NamedTuple):
    label: str


def fake_sessions(n: int) -> list[FakeSession]:
    return [
        FakeSession(
            id=n - i,
            date=dt.date(2025, 12, 31) - dt.timedelta(days=i),
            pairing_id=1 + i % 3,
            pairing_name=f"结对{i % 3}",
            kind=Label("共建结对" if i % 3 == 2 else "本支部结对"),
            topic=f"主题{i}",
            service_type=Label("机房线路优化"),
            place="北区机房",
            participant_names="张伟、赵丽",
            person_times=2 + i % 4,
            problems_found=i % 3,
            problems_solved=i % 2 if i % 3 else 0,
        )
        for i in range(n)
    ]


def test_session_model_pages_rows_in_as_the_view_asks(app, qtmodeltester):
    rows = fake_sessions(450)
    asked = []

    def fetch(offset, limit):
        asked.append((offset, limit))
        return rows[offset : offset + limit]

    model = SessionTableModel(page_size=200)
    model.set_source(len(rows), fetch)
    assert asked == [(0, 200)]
    assert model.rowCount() == 200 and model.total() == 450
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert asked == [(0, 200), (200, 200), (400, 50)]
    assert not model.canFetchMore(QModelIndex())
    assert model.rowCount() == 450
    qtmodeltester.check(model, force_py=True)

    first = model.index(0, Column.DATE)
    assert first.data() == "2025-12-31"
    assert first.data(SORT_ROLE) == dt.date(2025, 12, 31)
    assert model.index(0, Column.KIND).data() == "本支部结对"
    assert model.index(0, Column.PERSON_TIMES).data() == "2"
    assert model.index(1, Column.PROBLEMS_FOUND).data() == "1"
    assert model.index(0, Column.PROBLEMS_FOUND).data() == ""  # no problems: blank, not 0
    assert model.index(5, 0).data(RECORD_ROLE) is rows[5]
    assert model.headerData(Column.PERSON_TIMES, Qt.Orientation.Horizontal) == "人次"


def test_session_model_copes_with_rows_gone_since_counting(app, qtmodeltester):
    rows = fake_sessions(3)
    model = SessionTableModel(page_size=2)
    model.set_source(5, lambda offset, limit: rows[offset : offset + limit])
    model.fetch_all()
    assert model.rowCount() == 3 and model.total() == 3
    model.set_source(0, lambda offset, limit: [])
    assert model.rowCount() == 0
    qtmodeltester.check(model, force_py=True)


class FakePairing(NamedTuple):
    id: int
    name: str
    kind: Label
    campaign: str
    helped_unit_id: int | None
    helped_unit_name: str
    start_date: dt.date | None
    end_date: dt.date | None
    helper_names: str
    helped_names: str
    member_ids: frozenset
    session_count: int


class FakeProblem(NamedTuple):
    id: int
    text: str
    session_id: int
    session_date: dt.date
    pairing_name: str


def test_pairing_and_problem_models(app, qtmodeltester):
    pairings = PairingTableModel()
    rows = [
        FakePairing(
            1,
            "信安部×网络运维部",
            Label("共建结对"),
            "1+2+X 攻坚",
            3,
            "网络运维部",
            dt.date(2025, 10, 1),
            None,
            "韩雪",
            "赵丽",
            frozenset({1, 2}),
            4,
        )
    ]
    pairings.set_source(len(rows), lambda offset, limit: rows[offset : offset + limit])
    qtmodeltester.check(pairings, force_py=True)
    assert pairings.index(0, PairingColumn.KIND).data() == "共建结对"
    assert pairings.index(0, PairingColumn.END).data() == ""
    assert pairings.index(0, PairingColumn.SESSIONS).data(SORT_ROLE) == 4
    assert pairings.row_of(1) == 0

    problems = ProblemTableModel()
    problems.set_rows(
        [FakeProblem(7, "机房走线杂乱", 3, dt.date(2025, 11, 2), "信安部×网络运维部")]
    )
    qtmodeltester.check(problems, force_py=True)
    assert problems.index(0, 1).data() == "2025-11-02"
