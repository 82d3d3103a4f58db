"""Keeping pairings and sessions: what a user saves is what they get back, and
a mistake is refused with a Chinese message and nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from pairing_data import Q1_FROM, Q1_TO, build_ledger
from sqlalchemy import func, select

from app.areas import AREAS
from app.domain.enums import PairingKind, ServiceType
from app.domain.errors import InUse, ValidationFailed
from app.domain.pairing_models import AssistanceSession, SessionParticipant
from app.domain.pairing_validation import PairingInput, ProblemInput, SessionInput
from app.domain.validation import PersonInput
from app.services.pairing import SessionFilter


@pytest.fixture
def two(services):
    a = services.people.add_person(PersonInput(name="王芳", employee_no="A1"))
    b = services.people.add_person(PersonInput(name="李强", employee_no="A2"))
    return a, b


def test_a_pairing_round_trips_and_lists_its_members(services, two):
    a, b = two
    values = PairingInput(
        name=" 网格帮扶 ",
        kind=PairingKind.LEADER,
        campaign="决战决胜，奋斗有我",
        helpers=[a],
        helped=[b],
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 12, 31),
        goal="提升",
    )
    pid = services.pairing.add_pairing(values)
    back = services.pairing.get_pairing(pid)
    assert back.name == "网格帮扶" and back.helpers == [a] and back.helped == [b]
    assert back.kind == PairingKind.LEADER and back.campaign == "决战决胜，奋斗有我"
    [row] = services.pairing.list_pairings()
    assert (row.helper_names, row.helped_names, row.member_ids) == ("王芳", "李强", {a, b})
    assert services.pairing.members_of(pid) == [a, b]
    # Swapping sides is an update in place.
    back.helpers, back.helped = [b], [a]
    services.pairing.update_pairing(pid, back)
    [row] = services.pairing.list_pairings()
    assert (row.helper_names, row.helped_names) == ("李强", "王芳")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": ""}, "name", "请填写结对名称"),
        ({"helpers": []}, "members", "请至少选择一名帮扶方"),
        ({"helped": []}, "members", "请至少选择一名受帮扶方"),
        ({"end_date": dt.date(2025, 1, 1)}, "end_date", "结束日期不能早于开始日期"),
    ],
)
def test_a_wrong_pairing_is_refused(services, two, change, field, message):
    a, b = two
    values = PairingInput(name="组", helpers=[a], helped=[b], start_date=dt.date(2026, 1, 1))
    for key, value in change.items():
        setattr(values, key, value)
    with pytest.raises(ValidationFailed) as caught:
        services.pairing.add_pairing(values)
    assert caught.value.errors[field] == message
    assert services.pairing.list_pairings() == []


def test_names_are_unique_and_nobody_is_on_both_sides(services, two):
    a, b = two
    services.pairing.add_pairing(PairingInput(name="组", helpers=[a], helped=[b]))
    with pytest.raises(ValidationFailed) as caught:
        services.pairing.add_pairing(PairingInput(name="组", helpers=[b], helped=[a]))
    assert caught.value.errors["name"] == "已有名为「组」的结对"
    with pytest.raises(ValidationFailed) as caught:
        services.pairing.add_pairing(PairingInput(name="组2", helpers=[a, b], helped=[b]))
    assert "既是帮扶方又是受帮扶方" in caught.value.errors["members"]


def test_deleting_a_person_or_unit_in_a_pairing_is_refused_naming_it(services):
    ledger = build_ledger(services)
    with pytest.raises(InUse) as caught:
        services.people.delete_person(ledger.people["王芳"])
    assert "在 1 个结对中（网格帮扶一组）" in caught.value.message
    assert "参加过 6 次帮扶活动" in caught.value.message
    with pytest.raises(InUse) as caught:
        services.people.delete_unit(ledger.units["二网格"])
    assert "是 2 个结对的帮扶对象单位" in caught.value.message
    # Someone in no pairing and no session can still be deleted.
    lone = services.people.add_person(PersonInput(name="孤单"))
    services.people.delete_person(lone)


def test_a_pairing_with_sessions_is_not_deleted(services):
    ledger = build_ledger(services)
    with pytest.raises(InUse, match="已有 3 次帮扶活动记录"):
        services.pairing.delete_pairing(ledger.pairings["赵总帮扶二网格"])
    a = services.people.add_person(PersonInput(name="甲"))
    b = services.people.add_person(PersonInput(name="乙"))
    pid = services.pairing.add_pairing(PairingInput(name="新组", helpers=[a], helped=[b]))
    services.pairing.delete_pairing(pid)
    assert "新组" not in [p.name for p in services.pairing.list_pairings()]
    services.people.delete_person(a)  # no longer in a pairing


def test_the_ledger_pages_newest_first(services):
    build_ledger(services)
    f = SessionFilter(Q1_FROM, Q1_TO)
    first = services.pairing.list_sessions(f, 0, 4)
    rest = services.pairing.list_sessions(f, 4, 100)
    dates = [r.date for r in first + rest]
    assert len(dates) == 11 and dates == sorted(dates, reverse=True)
    assert first[0].topic == "安全复查" and first[0].person_times == 10
    assert first[0].kind == PairingKind.CO_BUILDING and first[0].pairing_name == "信安共建"
    assert services.pairing.list_sessions(f, 100, 10) == []


def test_a_session_round_trips_with_its_problems(services, two):
    a, b = two
    pid = services.pairing.add_pairing(PairingInput(name="组", helpers=[a], helped=[b]))
    day = dt.date(2026, 2, 3)
    sid = services.pairing.add_session(
        SessionInput(
            date=day,
            pairing_id=pid,
            topic="装维",
            service_type=ServiceType.LINE_OPTIMISATION,
            place="机房 & <二楼>",
            participant_ids=[a, b],
            outside_count=2,
            problems=[
                ProblemInput(text="线乱"),
                ProblemInput(text="  "),
                ProblemInput(text="标签", solved=True),
            ],
            follow_up="下周复查",
        )
    )
    back = services.pairing.get_session(sid)
    assert back.place == "机房 & <二楼>" and back.person_times == 4
    assert [(p.text, p.solved, p.solved_on) for p in back.problems] == [
        ("线乱", False, None),
        ("标签", True, day),  # solved without a date: solved on the session's day
    ]
    # Edit: one problem solved, one removed, one added; one participant removed.
    back.problems[0].solved, back.problems[0].solved_on = True, dt.date(2026, 2, 10)
    del back.problems[1]
    back.problems.append(ProblemInput(text="新问题"))
    back.participant_ids = [b]
    services.pairing.update_session(sid, back)
    again = services.pairing.get_session(sid)
    assert [(p.text, p.solved) for p in again.problems] == [("线乱", True), ("新问题", False)]
    assert again.problems[0].id == back.problems[0].id
    assert again.participant_ids == [b]
    [row] = services.pairing.list_sessions(SessionFilter(), 0, 10)
    assert (row.person_times, row.problems_found, row.problems_solved) == (3, 2, 1)
    with services.db.reading() as session:
        stored = session.scalar(select(AssistanceSession.participant_count))
        rows = session.scalar(select(func.count(SessionParticipant.id)))
    assert stored == rows == 1
    services.pairing.delete_session(sid)
    assert services.pairing.count_sessions(SessionFilter()) == 0
    assert services.pairing.open_problems() == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": None}, "date"),
        ({"date": dt.date.today() + dt.timedelta(days=1)}, "date"),
        ({"topic": " "}, "topic"),
        ({"pairing_id": None}, "pairing_id"),
        ({"outside_count": -1}, "outside_count"),
        ({"outside_count": 10000}, "outside_count"),
        ({"participant_ids": [], "outside_count": 0}, "participant_ids"),
        (
            {"problems": [ProblemInput(text="x", solved=True, solved_on=dt.date(2026, 1, 1))]},
            "problems",
        ),
    ],
)
def test_a_wrong_session_is_refused(services, two, change, field):
    a, b = two
    pid = services.pairing.add_pairing(PairingInput(name="组", helpers=[a], helped=[b]))
    values = SessionInput(
        date=dt.date(2026, 2, 3), pairing_id=pid, topic="装维", participant_ids=[a]
    )
    for key, value in change.items():
        setattr(values, key, value)
    with pytest.raises(ValidationFailed) as caught:
        services.pairing.add_session(values)
    assert field in caught.value.errors
    assert services.pairing.count_sessions(SessionFilter()) == 0


def test_marking_a_problem_solved_before_it_was_found_is_refused(services):
    build_ledger(services)
    [problem] = [p for p in services.pairing.open_problems() if p.text == "弱口令"]
    with pytest.raises(ValidationFailed, match="不能早于发现问题的日期"):
        services.pairing.mark_problem_solved(problem.id, problem.session_date - dt.timedelta(1))
    assert problem in services.pairing.open_problems()


def test_the_ledger_page_is_fetched_with_limit_and_offset(services, db):
    """A page is one LIMIT/OFFSET query plus lookups for its own rows only."""
    from sqlalchemy import event

    build_ledger(services)
    statements: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        page = services.pairing.list_sessions(SessionFilter(), 3, 2)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    assert len(page) == 2
    [main] = [s for s in statements if "FROM assistance_sessions" in s]
    assert "LIMIT" in main and "OFFSET" in main and "ORDER BY" in main
    assert len(statements) <= 4


def test_a_database_of_the_previous_version_is_upgraded_and_keeps_its_people(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from app.persistence.database import Database
    from app.persistence.engine import SQLITE_APPLICATION_ID
    from app.persistence.schema import MIGRATIONS_DIR
    from app.services.people import PeopleService
    from app.services.registry import Services

    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={SQLITE_APPLICATION_ID}")
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.exec_driver_sql(
            "INSERT INTO people (name, position, political_status, phone, tags, note, status,"
            " name_initials) VALUES ('王芳', '', 'member', '', '', '', 'active', 'wf')"
        )
    engine.dispose()
    db = Database.open(path, backups_dir=tmp_path / "backups")
    try:
        services = Services.build(db, None, AREAS)  # type: ignore[arg-type]
        [person] = PeopleService(db).list_people()
        other = services.people.add_person(PersonInput(name="李强"))
        pid = services.pairing.add_pairing(
            PairingInput(name="组", helpers=[person.id], helped=[other])
        )
        assert services.pairing.members_of(pid) == [person.id, other]
    finally:
        db.close()
    assert len(list((tmp_path / "backups").iterdir())) == 1  # backed up before migrating


@pytest.mark.parametrize(
    "session_filter",
    [SessionFilter(), SessionFilter(kinds=frozenset({PairingKind.INTERNAL}))],
    ids=["every session", "one 类型"],
)
def test_the_ledger_page_reads_the_date_index(services, db, session_filter):
    """SQLite walks the (date, pairing_id) index for the newest-first page
    instead of sorting every session, also for a 类型 (a third of the sessions:
    not read by the pairing index and sorted whole). The plan of the statement
    the service runs."""
    if db.sqlite_file is None:
        pytest.skip("query plans are SQLite's")
    from sqlalchemy import event

    build_ledger(services)
    seen: list[tuple[str, tuple]] = []

    def remember(_conn, _cursor, statement, parameters, *_args):
        if "LIMIT" in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        services.pairing.list_sessions(session_filter, 0, 100)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    [(statement, parameters)] = seen
    with db.engine.connect() as conn:
        plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    steps = " ".join(str(r[3]) for r in plan)
    assert "ix_assistance_sessions_date_pairing_figures" in steps
    assert "ix_assistance_sessions_pairing_figures" not in steps


def test_a_second_session_with_the_same_day_pairing_and_topic_is_refused(services, two):
    a, b = two
    pid = services.pairing.add_pairing(PairingInput(name="组", helpers=[a], helped=[b]))
    values = SessionInput(
        date=dt.date(2026, 2, 3), pairing_id=pid, topic="装维", participant_ids=[a]
    )
    sid = services.pairing.add_session(values)
    with pytest.raises(ValidationFailed) as caught:
        services.pairing.add_session(values)
    assert "同一天已有同一主题的活动" in caught.value.errors["topic"]
    services.pairing.update_session(sid, values)  # saving the session itself is fine
    values.topic = "装维（下午）"
    services.pairing.add_session(values)
    assert services.pairing.count_sessions(SessionFilter()) == 2


def test_a_pairing_name_keeps_the_spaces_typed_between_words(services, two):
    a, b = two
    pid = services.pairing.add_pairing(
        PairingInput(
            name="  信安部×网络运维部 　机房攻坚 ",
            kind=PairingKind.CO_BUILDING,
            helpers=[a],
            helped=[b],
        )
    )
    assert services.pairing.get_pairing(pid).name == "信安部×网络运维部 机房攻坚"
