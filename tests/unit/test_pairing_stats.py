"""The 结对帮扶 figures match a hand count (tests/unit/pairing_data.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from pairing_data import Q1_FROM, Q1_TO, build_ledger
from sqlalchemy import event

from app.domain.enums import PairingKind, ServiceType
from app.domain.pairing_validation import SessionInput
from app.services.pairing import SessionFilter
from app.services.pairing_stats import PairingTotals
from app.services.periods import presets

Q1 = SessionFilter(date_from=Q1_FROM, date_to=Q1_TO)


def test_the_quarter_reads_like_the_report(services):
    build_ledger(services)
    totals = services.pairing_stats.totals(Q1)
    assert totals.sentence() == "共计 9+2 场，参与 22+23 人次，发现问题 4 个，已解决 1 个"
    assert services.pairing.count_sessions(Q1) == 11


def test_sessions_outside_the_period_are_not_counted(services):
    build_ledger(services)
    everything = services.pairing_stats.totals(SessionFilter())
    # + 2025-12-30 (A, 3 + 5 outside, one problem) and 2026-04-01 (B, 2 + 4 outside)
    assert everything == PairingTotals(10, 3, 30, 29, 5, 1)
    january = services.pairing_stats.totals(
        SessionFilter(date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 1, 31))
    )
    assert january.sentence() == "共计 3+0 场，参与 8+0 人次，发现问题 2 个，已解决 0 个"


def test_a_and_b_split_by_the_pairing_kind(services):
    ledger = build_ledger(services)
    only_b = services.pairing_stats.totals(
        SessionFilter(Q1_FROM, Q1_TO, kinds=frozenset({PairingKind.CO_BUILDING}))
    )
    assert (only_b.sessions_a, only_b.sessions_b, only_b.person_times_b) == (0, 2, 23)
    leader = services.pairing_stats.totals(
        SessionFilter(Q1_FROM, Q1_TO, pairing_ids=frozenset({ledger.pairings["赵总帮扶二网格"]}))
    )
    assert (leader.sessions_a, leader.person_times_a, leader.sessions_b) == (3, 7, 0)
    # Changing a pairing's kind moves its sessions from A to B.
    values = services.pairing.get_pairing(ledger.pairings["赵总帮扶二网格"])
    values.kind = PairingKind.CO_BUILDING
    services.pairing.update_pairing(ledger.pairings["赵总帮扶二网格"], values)
    assert services.pairing_stats.totals(Q1).sentence().startswith("共计 6+5 场，参与 15+30 人次")


def test_person_times_are_listed_participants_plus_outside(services):
    ledger = build_ledger(services)
    day = dt.date(2026, 3, 25)
    services.pairing.add_session(
        SessionInput(
            date=day,
            pairing_id=ledger.pairings["信安共建"],
            topic="重复勾选",
            # The same person ticked twice counts once.
            participant_ids=[ledger.people["韩雪"], ledger.people["韩雪"], ledger.people["陈静"]],
            outside_count=6,
        )
    )
    totals = services.pairing_stats.totals(SessionFilter(day, day))
    assert (totals.sessions_b, totals.person_times_b) == (1, 8)
    [row] = services.pairing.list_sessions(SessionFilter(day, day), 0, 10)
    assert row.person_times == 8
    assert row.participant_names == "韩雪、陈静"


def test_a_problem_solved_in_a_later_session_is_counted_once(services):
    ledger = build_ledger(services)
    [problem] = [p for p in services.pairing.open_problems() if p.text == "光猫老化"]
    later = ledger.sessions[5]  # 2026-03-16, same pairing
    services.pairing.mark_problem_solved(problem.id, dt.date(2026, 3, 16), session_id=later)
    totals = services.pairing_stats.totals(Q1)
    assert (totals.problems_found, totals.problems_solved) == (4, 2)
    # The later session shows no problem of its own.
    rows = services.pairing.list_sessions(Q1, 0, 100)
    by_id = {r.id: r for r in rows}
    assert (by_id[later].problems_found, by_id[later].problems_solved) == (0, 0)
    assert (
        by_id[ledger.sessions[0]].problems_found,
        by_id[ledger.sessions[0]].problems_solved,
    ) == (
        2,
        1,
    )
    assert "光猫老化" not in [p.text for p in services.pairing.open_problems()]


def test_a_problem_solved_after_the_period_is_open_in_that_period(services):
    build_ledger(services)
    [problem] = [p for p in services.pairing.open_problems() if p.text == "弱口令"]
    services.pairing.mark_problem_solved(problem.id, dt.date(2026, 4, 1))
    assert services.pairing_stats.totals(Q1).problems_solved == 1
    year = SessionFilter(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert services.pairing_stats.totals(year).problems_solved == 2


def test_filters_by_unit_includes_sub_units_and_by_service_type(services):
    ledger = build_ledger(services)
    whole_branch = services.pairing_stats.totals(
        SessionFilter(Q1_FROM, Q1_TO, unit_id=ledger.units["北区分公司"])
    )
    assert whole_branch.sessions == 11
    grid_one = SessionFilter(Q1_FROM, Q1_TO, unit_id=ledger.units["一网格"])
    assert services.pairing.count_sessions(grid_one) == 6
    lines = SessionFilter(Q1_FROM, Q1_TO, service_types=frozenset({ServiceType.LINE_OPTIMISATION}))
    assert services.pairing_stats.totals(lines).sentence() == (
        "共计 1+0 场，参与 3+0 人次，发现问题 1 个，已解决 1 个"
    )


def test_an_empty_period_reads_zero(services):
    build_ledger(services)
    totals = services.pairing_stats.totals(
        SessionFilter(dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    )
    assert totals.sentence() == "共计 0+0 场，参与 0+0 人次，发现问题 0 个，已解决 0 个"


def test_totals_are_counted_in_sql_not_by_loading_rows(services, db):
    """Aggregate statements only, whatever the number of sessions: the sessions'
    figures and the problems', and on SQLite the first and last session's day
    (which index the figures are read by)."""
    build_ledger(services)
    statements: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        services.pairing_stats.totals(Q1)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert 2 <= len(selects) <= 3
    assert all(any(f"{f}(" in s.lower() for f in ("sum", "count", "min", "max")) for s in selects)


def test_period_presets():
    today = dt.date(2026, 5, 17)
    assert [(p.label, p.date_from, p.date_to) for p in presets(today)] == [
        ("本月", dt.date(2026, 5, 1), dt.date(2026, 5, 31)),
        ("本季度", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        ("本年", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        ("上一年", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ]
    december = presets(dt.date(2026, 12, 31))
    assert december[0].date_to == dt.date(2026, 12, 31)
    assert december[1].date_from == dt.date(2026, 10, 1)


def _sessions_plan(services, db, f: SessionFilter) -> str:
    """The SQLite plan of the statement that sums the sessions for ``totals(f)``."""
    seen: list[tuple[str, tuple]] = []

    def remember(_conn, _cursor, statement, parameters, *_args):
        if "sum(" in statement.lower() and "problems.solved" not in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        services.pairing_stats.totals(f)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    [(statement, parameters)] = seen
    with db.engine.connect() as conn:
        plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    return " ".join(str(r[3]) for r in plan)


@pytest.mark.parametrize(
    "session_filter",
    [
        SessionFilter(kinds=frozenset({PairingKind.INTERNAL})),
        SessionFilter(Q1_FROM, Q1_TO, kinds=frozenset({PairingKind.CO_BUILDING})),
        SessionFilter(),  # every session, summed per pairing in the index's order
        SessionFilter(dt.date(2000, 1, 1), dt.date(2026, 12, 31)),  # every year on file
    ],
    ids=["one 类型", "one 类型 in a quarter", "every session", "every year"],
)
def test_the_totals_of_a_kind_or_of_every_year_read_the_pairing_index_alone(
    services, db, session_filter
):
    """The sessions' figures come from the covering pairing index (migration
    0010): no session row is read, and every year's are not sorted to be
    grouped."""
    if db.sqlite_file is None:
        pytest.skip("query plans are SQLite's")
    build_ledger(services)
    steps = _sessions_plan(services, db, session_filter)
    assert "COVERING INDEX ix_assistance_sessions_pairing_figures" in steps
    if session_filter.kinds is None:  # read in the index's order: grouped without sorting
        assert "TEMP B-TREE FOR GROUP BY" not in steps.split("SCAN anon_1")[0], steps


def test_a_quarter_is_summed_along_the_date_index(services, db):
    if db.sqlite_file is None:
        pytest.skip("query plans are SQLite's")
    build_ledger(services)
    # a quarter among sessions spread over years: the date index, as before
    services.pairing.add_session(
        SessionInput(
            date=dt.date(2020, 3, 3),
            pairing_id=services.pairing.list_pairings()[0].id,
            topic="早年",
            participant_ids=[],
            outside_count=2,
        )
    )
    steps = _sessions_plan(services, db, Q1)
    assert "COVERING INDEX ix_assistance_sessions_date_pairing_figures" in steps
