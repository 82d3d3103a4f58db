"""The 结对 and 帮扶活动 sheets: import by name or 姓名(工号), merge on re-import,
all or nothing, and export -> import into an empty database reproduces everything."""

from __future__ import annotations

import datetime as dt

import pytest
from exchange_workbooks import BASIC_UNITS, PEOPLE_HEADERS, build, import_fails, person
from openpyxl import load_workbook
from pairing_data import Q1_FROM, Q1_TO, build_ledger

from app.areas import AREAS
from app.domain.enums import MemberSide, PairingKind, ServiceType
from app.exchange.workbook_export import export_workbook
from app.exchange.workbook_import import import_workbook
from app.persistence.database import Database
from app.services.pairing import SessionFilter
from app.services.registry import Services

PAIRING_HEADERS = [
    "结对名称",
    "类型",
    "所属活动",
    "帮扶方",
    "受帮扶方",
    "帮扶对象单位",
    "开始日期",
    "结束日期",
    "目标",
]
SESSION_HEADERS = [
    "日期",
    "结对名称",
    "主题",
    "服务类型",
    "地点",
    "参与人员",
    "其他参与人数",
    "发现问题",
    "已解决问题",
    "后续跟进",
]

PEOPLE = [
    PEOPLE_HEADERS,
    person(姓名="王芳", 工号="A1", 所在单位="北区分公司"),
    person(姓名="张伟", 工号="A2", 所在单位="网格一"),
    person(姓名="张伟", 工号="A3", 所在单位="北区分公司"),
    person(姓名="李　强", 所在单位="网格一"),
]


def workbook(tmp_path, pairings, sessions, name="结对.xlsx"):
    sheets = {"单位": BASIC_UNITS, "人员": PEOPLE, "结对": [PAIRING_HEADERS, *pairings]}
    if sessions is not None:
        sheets["帮扶活动"] = [SESSION_HEADERS, *sessions]
    return build(tmp_path / name, sheets)


GOOD_PAIRING = [
    "网格帮扶",
    "本支部结对",
    "1+2+X 攻坚",
    "王芳",
    "张伟(A2)、李强",
    "网格一",
    "2026-01-01",
    "2026/12/31",
    "提升",
]
GOOD_SESSIONS = [
    ["2026-02-03", "网格帮扶", "装维指导", "数字化工具帮扶", "网格一", "王芳、张伟（A2）、李强", 3, "光猫老化\n台账不全", "台账不全", "下周复查"],
    ["2026年3月5日", "网格帮扶", "复查", "业务指导", "", "王芳", "", "", "光猫老化", ""],
]  # fmt: skip


def test_pairings_and_sessions_are_imported_by_name_or_name_and_number(services, tmp_path):
    report = import_workbook(services, workbook(tmp_path, [GOOD_PAIRING], GOOD_SESSIONS))
    assert report.counts["结对"].created == 1 and report.counts["帮扶活动"].created == 2
    [pairing] = services.pairing.list_pairings()
    assert (pairing.name, pairing.kind, pairing.helped_unit_name) == (
        "网格帮扶",
        PairingKind.INTERNAL,
        "网格一",
    )
    assert (pairing.helper_names, pairing.helped_names) == ("王芳", "张伟、李强")
    values = services.pairing.get_pairing(pairing.id)
    assert (values.start_date, values.end_date, values.campaign) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        "1+2+X 攻坚",
    )
    rows = services.pairing.list_sessions(SessionFilter(), 0, 10)
    assert [(r.topic, r.person_times, r.service_type) for r in rows] == [
        ("复查", 1, ServiceType.GUIDANCE),
        ("装维指导", 6, ServiceType.DIGITAL_TOOLS),
    ]
    # 光猫老化 found on 2-3, solved by the session of 3-5: one problem, solved.
    totals = services.pairing_stats.totals(SessionFilter())
    assert (totals.problems_found, totals.problems_solved) == (2, 2)
    assert services.pairing.open_problems() == []
    first = services.pairing.get_session(rows[1].id)
    assert [(p.text, p.solved_on) for p in first.problems] == [
        ("光猫老化", dt.date(2026, 3, 5)),
        ("台账不全", dt.date(2026, 2, 3)),
    ]


def test_importing_the_same_workbook_twice_changes_nothing(services, tmp_path):
    path = workbook(tmp_path, [GOOD_PAIRING], GOOD_SESSIONS)
    import_workbook(services, path)
    before = (
        services.pairing.list_pairings(),
        services.pairing.list_sessions(SessionFilter(), 0, 10),
    )
    report = import_workbook(services, path)
    assert (report.counts["结对"].unchanged, report.counts["帮扶活动"].unchanged) == (1, 2)
    assert report.counts["帮扶活动"].created == report.counts["帮扶活动"].updated == 0
    assert report.backup is None
    after = (
        services.pairing.list_pairings(),
        services.pairing.list_sessions(SessionFilter(), 0, 10),
    )
    assert after == before


def test_reimport_updates_in_place(services, tmp_path):
    import_workbook(services, workbook(tmp_path, [GOOD_PAIRING], GOOD_SESSIONS))
    changed_pairing = list(GOOD_PAIRING)
    changed_pairing[1], changed_pairing[4] = "领导帮扶", "李强"
    changed_session = list(GOOD_SESSIONS[0])
    changed_session[6] = 10
    report = import_workbook(
        services, workbook(tmp_path, [changed_pairing], [changed_session], "2.xlsx")
    )
    assert (report.counts["结对"].updated, report.counts["帮扶活动"].updated) == (1, 1)
    [pairing] = services.pairing.list_pairings()
    assert (pairing.kind, pairing.helped_names, pairing.session_count) == (
        PairingKind.LEADER,
        "李强",
        2,
    )
    day = dt.date(2026, 2, 3)
    [row] = services.pairing.list_sessions(SessionFilter(day, day), 0, 10)
    assert row.person_times == 13


def test_the_note_column_is_read_and_a_workbook_without_it_keeps_the_note(services, tmp_path):
    with_note = build(
        tmp_path / "新.xlsx",
        {
            "单位": BASIC_UNITS,
            "人员": PEOPLE,
            "结对": [[*PAIRING_HEADERS, "备注"], [*GOOD_PAIRING, "每月第一周碰头"]],
        },
    )
    import_workbook(services, with_note)
    [pairing] = services.pairing.list_pairings()
    assert services.pairing.get_pairing(pairing.id).note == "每月第一周碰头"
    # a workbook made before the column existed: imports, and leaves the note alone
    report = import_workbook(services, workbook(tmp_path, [GOOD_PAIRING], None, "旧.xlsx"))
    assert report.counts["结对"].unchanged == 1
    assert services.pairing.get_pairing(pairing.id).note == "每月第一周碰头"


def test_an_ambiguous_name_is_an_error_naming_row_and_column(services, tmp_path):
    bad = list(GOOD_PAIRING)
    bad[4] = "张伟"
    sheet, row, column, message = import_fails(services, workbook(tmp_path, [bad], None))[0]
    assert (sheet, row, column) == ("结对", 2, "受帮扶方")
    assert "有 2 名「张伟」" in message and "张伟(工号)" in message
    assert services.pairing.list_pairings() == []


def test_every_problem_is_reported_and_nothing_is_written(services, tmp_path):
    bad_session = list(GOOD_SESSIONS[0])
    bad_session[1], bad_session[3], bad_session[5] = "没有这个结对", "唱歌", "王芳、赵六"
    problems = import_fails(services, workbook(tmp_path, [GOOD_PAIRING], [bad_session]))
    found = {(p[0], p[1], p[2]) for p in problems}
    assert found == {
        ("帮扶活动", 2, "结对名称"),
        ("帮扶活动", 2, "服务类型"),
        ("帮扶活动", 2, "参与人员"),
    }
    assert any("赵六" in p[3] for p in problems)
    assert services.people.count_people() == 0


def test_a_person_on_both_sides_is_refused(services, tmp_path):
    bad = list(GOOD_PAIRING)
    bad[3] = "王芳、李强"
    [(sheet, row, column, message)] = import_fails(services, workbook(tmp_path, [bad], None))
    assert (sheet, row, column) == ("结对", 2, "受帮扶方")
    assert "既是帮扶方又是受帮扶方" in message


@pytest.fixture
def empty_services(tmp_path, app_paths):
    db = Database.open(tmp_path / "empty.sqlite3", backups_dir=app_paths.backups_dir)
    yield Services.build(db, app_paths, AREAS)
    db.close()


def everything(services):
    people = {p.id: (p.name, p.employee_no) for p in services.people.list_people()}
    pairings = []
    for row in services.pairing.list_pairings():
        v = services.pairing.get_pairing(row.id)
        pairings.append(
            (v.name, v.kind, v.campaign, [people[i] for i in v.helpers], [people[i] for i in v.helped],
             row.helped_unit_name, v.start_date, v.end_date, v.goal)
        )  # fmt: skip
    sessions = []
    for row in services.pairing.list_sessions(SessionFilter(), 0, 1000):
        v = services.pairing.get_session(row.id)
        sessions.append(
            (v.date, row.pairing_name, v.topic, v.service_type, v.place, sorted(people[i] for i in v.participant_ids),
             v.outside_count, [(p.text, p.solved, p.solved_on) for p in v.problems], v.follow_up)
        )  # fmt: skip
    return pairings, sessions, services.pairing_stats.totals(SessionFilter(Q1_FROM, Q1_TO))


def test_export_then_import_into_an_empty_database_reproduces_everything(
    services, empty_services, tmp_path
):
    ledger = build_ledger(services)
    # A problem solved by a later session, and one solved on a day of its own.
    open_problems = {p.text: p for p in services.pairing.open_problems()}
    services.pairing.mark_problem_solved(
        open_problems["光猫老化"].id, dt.date(2026, 3, 16), ledger.sessions[5]
    )
    services.pairing.mark_problem_solved(open_problems["弱口令"].id, dt.date(2026, 2, 25))
    path = tmp_path / "台账.xlsx"
    report = export_workbook(services, path)
    assert report.counts["结对"] == 3 and report.counts["帮扶活动"] == 13
    book = load_workbook(path)
    assert [c.value for c in book["结对"][1]] == [*PAIRING_HEADERS, "备注"]
    assert [c.value for c in book["帮扶活动"][1]] == SESSION_HEADERS

    imported = import_workbook(empty_services, path)
    assert imported.counts["帮扶活动"].created == 13
    assert everything(empty_services) == everything(services)
    assert (
        everything(services)[2].sentence()
        == "共计 9+2 场，参与 22+23 人次，发现问题 4 个，已解决 3 个"
    )

    again = import_workbook(empty_services, path)
    assert again.counts["结对"].unchanged == 3 and again.counts["帮扶活动"].unchanged == 13
    assert everything(empty_services) == everything(services)


def test_namesakes_are_exported_with_their_number(services, tmp_path):
    a = import_workbook(services, workbook(tmp_path, [GOOD_PAIRING], None))
    assert a.counts["结对"].created == 1
    path = tmp_path / "out.xlsx"
    export_workbook(services, path)
    row = [c.value for c in load_workbook(path)["结对"][2]]
    assert row[3:5] == ["王芳", "张伟(A2)、李强"]
    assert MemberSide.HELPED.label == "受帮扶方"


def test_session_cells_are_checked(services, tmp_path):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    rows = [
        [tomorrow.isoformat(), "网格帮扶", "未来", "", "", "王芳", "", "", "", ""],
        ["2026-02-03", "网格帮扶", "人数不对", "", "", "王芳", "很多", "", "", ""],
        ["2026-02-04", "网格帮扶", "没人", "", "", "", "", "", "", ""],
        ["2026-02-05", "网格帮扶", "", "", "", "王芳", "", "", "", ""],
        ["2026-02-06", "网格帮扶", "日期错", "", "", "王芳", "", "", "问题（2026-13-45 解决）", ""],
    ]
    problems = import_fails(services, workbook(tmp_path, [GOOD_PAIRING], rows))
    assert [(p[1], p[2]) for p in problems] == [
        (2, "日期"),
        (3, "其他参与人数"),
        (4, "参与人员"),
        (5, "主题"),
        (6, "已解决问题"),
    ]
    assert problems[0][3] == "日期不能晚于今天"


def test_namesakes_without_a_number_go_by_their_unit(services, empty_services, tmp_path):
    people = [
        PEOPLE_HEADERS,
        person(姓名="王芳", 工号="A1", 所在单位="北区分公司"),
        person(姓名="刘强", 所在单位="网格一"),
        person(姓名="刘强", 所在单位="北区分公司"),
        person(姓名="刘强", 工号="A9", 所在单位="北区分公司"),
    ]
    pairing = ["组", "", "", "王芳", "刘强(网格一)、刘强（北区分公司）、刘强(A9)", "", "", "", ""]
    sheets = {"单位": BASIC_UNITS, "人员": people, "结对": [PAIRING_HEADERS, pairing]}
    import_workbook(services, build(tmp_path / "in.xlsx", sheets))
    [row] = services.pairing.list_pairings()
    assert row.helped_names == "刘强、刘强、刘强" and len(row.member_ids) == 4
    path = tmp_path / "out.xlsx"
    export_workbook(services, path)
    written = [c.value for c in load_workbook(path)["结对"][2]]
    assert written[4] == "刘强(网格一)、刘强(北区分公司)、刘强(A9)"
    import_workbook(empty_services, path)
    assert everything(empty_services) == everything(services)
    # A plain 刘强 is still ambiguous.
    bad = list(pairing)
    bad[4] = "刘强"
    sheets["结对"] = [PAIRING_HEADERS, bad]
    [(_, _, column, message)] = import_fails(empty_services, build(tmp_path / "bad.xlsx", sheets))
    assert column == "受帮扶方" and "有 3 名「刘强」" in message
