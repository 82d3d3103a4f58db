"""The two write paths keep one set of rules: what the forms save through the
services and what the workbook import writes are checked by the same domain
functions (a bad session, unit or transfer date is refused by both, with the
same message), 人次 is
the same wherever it is read, and both paths leave audit rows of one shape."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from exchange_workbooks import (
    BASIC_UNITS,
    PEOPLE_HEADERS,
    UNIT_HEADERS,
    build,
    only_problem,
    person,
)
from sqlalchemy import select

from app.domain.enums import PoliticalStatus, ServiceType, UnitKind
from app.domain.errors import ValidationFailed
from app.domain.models import AuditEntry
from app.domain.pairing_models import AssistanceSession
from app.domain.pairing_validation import MAX_OUTSIDE, ProblemInput, SessionInput
from app.domain.validation import PersonInput, UnitInput
from app.exchange.workbook_export import export_workbook
from app.exchange.workbook_import import import_workbook
from app.persistence.database import Database
from app.services.pairing import SessionFilter
from app.services.registry import Services

SESSION_HEADERS = ["日期", "结对名称", "主题", "服务类型", "地点", "参与人员", "其他参与人数",
                   "发现问题", "已解决问题", "后续跟进"]  # fmt: skip
PAIRING_HEADERS = ["结对名称", "类型", "帮扶方", "受帮扶方"]
DAY = dt.date(2025, 2, 3)
BEFORE = DAY - dt.timedelta(days=1)
TOMORROW = dt.date.today() + dt.timedelta(days=1)


@pytest.fixture
def on_file(services, tmp_path):
    """Two people and a pairing, imported; returns (pairing id, {name: person id})."""
    people = [
        PEOPLE_HEADERS,
        person(姓名="王芳", 工号="A1", 所在单位="北区分公司"),
        person(姓名="李强", 所在单位="网格一"),
    ]
    pairing = [PAIRING_HEADERS, ["网格帮扶", "本支部结对", "王芳", "李强"]]
    sheets = {"单位": BASIC_UNITS, "人员": people, "结对": pairing}
    import_workbook(services, build(tmp_path / "base.xlsx", sheets))
    [row] = services.pairing.list_pairings()
    return row.id, {p.name: p.id for p in services.people.list_people()}


def session_sheet(tmp_path, *rows: dict, name: str = "活动.xlsx"):
    """A workbook of only a 帮扶活动 sheet; each row is header -> cell."""
    cells = [[row.get(h, "") for h in SESSION_HEADERS] for row in rows]
    return build(tmp_path / name, {"帮扶活动": [SESSION_HEADERS, *cells]})


GOOD_CELLS = {"日期": DAY.isoformat(), "结对名称": "网格帮扶", "主题": "装维指导",
              "参与人员": "王芳、李强", "其他参与人数": 1}  # fmt: skip


def good_input(pairing_id: int, people: dict[str, int]) -> SessionInput:
    return SessionInput(
        date=DAY,
        pairing_id=pairing_id,
        topic="装维指导",
        service_type=ServiceType.OTHER,
        participant_ids=[people["王芳"], people["李强"]],
        outside_count=1,
    )


# (what is wrong, SessionInput changes, sheet cell changes, form field, sheet column)
BAD_SESSIONS = [
    ("a future date", {"date": TOMORROW}, {"日期": TOMORROW.isoformat()}, "date", "日期"),
    ("no topic", {"topic": "  "}, {"主题": "  "}, "topic", "主题"),
    (
        "nobody there",
        {"participant_ids": [], "outside_count": 0},
        {"参与人员": "", "其他参与人数": ""},
        "participant_ids",
        "参与人员",
    ),
    (
        "too many outside",
        {"outside_count": MAX_OUTSIDE + 1},
        {"其他参与人数": MAX_OUTSIDE + 1},
        "outside_count",
        "其他参与人数",
    ),
    (
        "negative outside",
        {"outside_count": -2},
        {"其他参与人数": "-2"},
        "outside_count",
        "其他参与人数",
    ),
    (
        "solved before it was found",
        {"problems": [ProblemInput(text="线乱", solved=True, solved_on=BEFORE)]},
        {"发现问题": "线乱", "已解决问题": f"线乱（{BEFORE.isoformat()} 解决）"},
        "problems",
        "已解决问题",
    ),
    (
        "solved tomorrow",
        {"problems": [ProblemInput(text="线乱", solved=True, solved_on=TOMORROW)]},
        {"发现问题": "线乱", "已解决问题": f"线乱（{TOMORROW.isoformat()} 解决）"},
        "problems",
        "已解决问题",
    ),
    (
        "a problem too long",
        {"problems": [ProblemInput(text="长" * 501)]},
        {"发现问题": "长" * 501},
        "problems",
        "发现问题",
    ),
]


def _rule_message(message: str) -> str:
    """A problem line's message without the part naming the line (第 1 个问题 in
    the form, 问题「线乱」 in the sheet)."""
    head, colon, rule = message.partition("：")
    return rule if colon and "问题" in head else message


@pytest.mark.parametrize(
    ("changes", "cells", "field", "column"),
    [case[1:] for case in BAD_SESSIONS],
    ids=[case[0] for case in BAD_SESSIONS],
)
def test_a_bad_session_is_refused_by_the_form_path_and_the_import_alike(
    services, tmp_path, on_file, changes, cells, field, column
):
    pairing_id, people = on_file
    values = good_input(pairing_id, people)
    for key, value in changes.items():
        setattr(values, key, value)
    with pytest.raises(ValidationFailed) as refused:
        services.pairing.add_session(values)
    by_form = refused.value.errors[field]

    sheet, row, where, by_import = only_problem(
        services, session_sheet(tmp_path, {**GOOD_CELLS, **cells})
    )
    assert (sheet, row, where) == ("帮扶活动", 2, column)
    assert _rule_message(by_import) == _rule_message(by_form)
    assert services.pairing.count_sessions(SessionFilter()) == 0


def test_a_good_session_is_taken_by_both_paths(services, tmp_path, on_file):
    pairing_id, people = on_file
    services.pairing.add_session(good_input(pairing_id, people))
    report = import_workbook(services, session_sheet(tmp_path, {**GOOD_CELLS, "主题": "复查"}))
    assert report.counts["帮扶活动"].created == 1
    assert services.pairing.count_sessions(SessionFilter()) == 2


def test_person_times_are_the_same_in_the_ledger_the_stats_and_the_record(
    services, db, tmp_path, on_file
):
    """人次 of one session typed through the service and one imported, with a
    participant listed twice: each counts once, plus the outside participants."""
    pairing_id, people = on_file
    values = good_input(pairing_id, people)
    values.participant_ids = [people["王芳"], people["李强"], people["王芳"]]
    values.outside_count = 3
    typed = services.pairing.add_session(values)
    import_workbook(
        services,
        session_sheet(
            tmp_path,
            {
                **GOOD_CELLS,
                "主题": "复查",
                "参与人员": "王芳、李强、王芳(A1)",
                "其他参与人数": "3人",
            },
        ),
    )
    everything = SessionFilter()
    page = services.pairing.list_sessions(everything, 0, 10)
    entries = services.pairing.ledger_entries(everything)
    assert [r.person_times for r in page] == [5, 5]
    assert [e.person_times for e in entries] == [5, 5]
    assert services.pairing_stats.totals(everything).person_times == 10
    for row in page:
        assert services.pairing.get_session(row.id).person_times == 5
    with db.reading() as session:
        stored = session.scalars(select(AssistanceSession).order_by(AssistanceSession.id)).all()
        assert [(s.participant_count, s.person_times) for s in stored] == [(2, 5), (2, 5)]
    assert {r.id for r in page} >= {typed}


def test_the_form_path_and_the_import_write_audit_rows_of_one_shape(services, db, tmp_path):
    db.actor = "书记"
    services.people.add_person(
        PersonInput(
            name="张三",
            political_status=PoliticalStatus.MEMBER,
            birth_date=dt.date(1990, 1, 1),
            party_join_date=dt.date(2015, 7, 1),
        )
    )
    row = person(姓名="李四", 政治面貌="中共党员", 出生日期="1990-01-01", 入党日期="2015-07-01")
    import_workbook(services, build(tmp_path / "人.xlsx", {"人员": [PEOPLE_HEADERS, row]}))

    with db.reading() as session:
        rows = session.execute(
            select(AuditEntry.__table__).where(
                AuditEntry.entity == "people", AuditEntry.action == "create"
            )
        ).all()
    assert sorted(r.summary for r in rows) == ["张三", "李四"]
    for r in rows:
        assert r.actor == "书记" and r.entity_id is not None and r.before is None
        after = json.loads(r.after)
        # enums by their value and dates as ISO text, whichever path wrote them
        assert (after["political_status"], after["birth_date"], after["party_join_date"]) == (
            "member",
            "1990-01-01",
            "2015-07-01",
        )


@pytest.mark.parametrize(
    ("parent_kind", "kind"),
    [(UnitKind.BRANCH_COMPANY, UnitKind.CO_BUILDING), (UnitKind.CO_BUILDING, UnitKind.GRID)],
)
def test_a_unit_on_the_wrong_side_is_refused_alike(services, tmp_path, parent_kind, kind):
    parent = services.people.add_unit(UnitInput("上级", parent_kind))
    with pytest.raises(ValidationFailed) as refused:
        services.people.add_unit(UnitInput("下级", kind, parent))
    rows = [UNIT_HEADERS, ["下级", "上级", kind.label]]
    sheet, row, column, message = only_problem(
        services, build(tmp_path / "单位.xlsx", {"单位": rows})
    )
    assert (sheet, row, column) == ("单位", 2, "上级单位")
    assert message == refused.value.errors["parent_id"]


def test_a_transfer_date_in_the_future_is_refused_alike(services, tmp_path):
    pid = services.people.add_person(PersonInput(name="王芳", employee_no="A1"))
    with pytest.raises(ValidationFailed) as refused:
        services.people.set_transferred_out(pid, TOMORROW)
    headers = [*PEOPLE_HEADERS, "状态", "转出日期"]
    row = person(headers, 姓名="王芳", 工号="A1", 状态="已转出", 转出日期=TOMORROW.isoformat())
    problem = only_problem(services, build(tmp_path / "人.xlsx", {"人员": [headers, row]}))
    assert problem == ("人员", 2, "转出日期", refused.value.errors["transferred_out_on"])


# ----- 5,000 sessions: export -> import round trip -----------------------------


@pytest.fixture
def empty_services(tmp_path, app_paths):
    """A second, empty database, with services built like the ``services`` fixture's."""
    db = Database.open(tmp_path / "empty.sqlite3", backups_dir=app_paths.backups_dir)
    from app.areas import AREAS

    yield Services.build(db, app_paths, AREAS)
    db.close()


def _big_workbook(tmp_path, sessions: int):
    rng = random.Random(7)
    names = [f"人员{i:02d}" for i in range(40)]
    people = [PEOPLE_HEADERS] + [
        person(姓名=n, 工号=f"P{i:02d}", 所在单位="网格一") for i, n in enumerate(names)
    ]
    pairings = [PAIRING_HEADERS]
    members: dict[str, list[str]] = {}
    for p in range(50):
        chosen = rng.sample(names, 4)
        members[f"结对{p:02d}"] = chosen
        pairings.append([f"结对{p:02d}", rng.choice(["本支部结对", "共建结对"]), chosen[0],
                         "、".join(chosen[1:])])  # fmt: skip
    rows, person_times, seen = [], 0, set()
    start = dt.date(2020, 1, 1)
    while len(rows) < sessions:
        pairing = rng.choice(list(members))
        day = start + dt.timedelta(days=rng.randint(0, 1500))
        topic = f"活动{rng.randint(0, 9)}"
        if (day, pairing, topic) in seen:
            continue
        seen.add((day, pairing, topic))
        who = rng.sample(members[pairing], rng.randint(0, 4))
        outside = rng.randint(0 if who else 1, 5)
        person_times += len(who) + outside
        found = "问题甲\n问题乙" if rng.random() < 0.2 else ""
        solved = "问题甲" if found and rng.random() < 0.5 else ""
        rows.append([day, pairing, topic, "", "", "、".join(who), outside, found, solved, ""])
    sheets = {"单位": BASIC_UNITS, "人员": people, "结对": pairings,
              "帮扶活动": [SESSION_HEADERS, *rows]}  # fmt: skip
    return build(tmp_path / "大.xlsx", sheets), person_times


def _ledger(services):
    entries = services.pairing.ledger_entries(SessionFilter())
    return (
        [(e.date, e.pairing_name, e.topic, sorted(e.participant_names), e.person_times,
          e.problems_found, e.problems_solved) for e in entries],
        services.pairing_stats.totals(SessionFilter()),
    )  # fmt: skip


@pytest.mark.slow
def test_five_thousand_sessions_round_trip(services, empty_services, tmp_path):
    path, person_times = _big_workbook(tmp_path, 5_000)
    first = import_workbook(services, path)
    assert first.counts["帮扶活动"].created == 5_000
    ledger, totals = _ledger(services)
    assert totals.sessions == 5_000
    # 人次 as counted from the sheet = the stats = the ledger's rows
    assert totals.person_times == person_times == sum(e[4] for e in ledger)

    exported = tmp_path / "导出.xlsx"
    export_workbook(services, exported)
    again = import_workbook(empty_services, exported)
    assert again.counts["帮扶活动"].created == 5_000
    assert _ledger(empty_services) == (ledger, totals)
    unchanged = import_workbook(empty_services, exported)
    assert unchanged.counts["帮扶活动"].unchanged == 5_000
    assert _ledger(empty_services) == (ledger, totals)
