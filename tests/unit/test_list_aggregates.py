"""The 帮扶台账 and 承诺 lists' count and totals line, read the fast way (one
pass for both, the problems read first when they are fewer than the sessions,
the search by the people's stored key), give the figures the plain way gives
(the statements these lists used before, written out here) on hand-made data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

from pairing_data import Q1_FROM, Q1_TO, build_ledger
from pledge_data import YEAR, build_pledges
from sqlalchemy import and_, case, func, or_, select

from app.domain.enums import PairingKind, PoliticalStatus, ServiceType
from app.domain.models import Person
from app.domain.pairing_models import AssistanceSession, Pairing, Problem
from app.domain.pledge_models import Pledge, PledgeCategory, PledgeRating, PledgeStatus
from app.domain.pledge_rules import PledgeLine
from app.domain.validation import PersonInput
from app.services.pairing import SessionFilter, session_conditions
from app.services.pairing_stats import A_KINDS, PairingTotals
from app.services.pledges import PledgeFilter, PledgeTotals


def plain_session_totals(services, f: SessionFilter) -> PairingTotals:
    """The totals line as two plain statements: sessions joined to their
    pairing, problems joined to their session."""
    s = AssistanceSession
    is_a = Pairing.kind.in_(A_KINDS)
    with services.db.reading() as session:
        terms = session_conditions(session, f)
        figures = {True: (0, 0), False: (0, 0)}
        for a, n, p in session.execute(
            select(is_a, func.count(), func.sum(s.participant_count + s.outside_count))
            .join(Pairing, Pairing.id == s.pairing_id)
            .where(*terms)
            .group_by(is_a)
        ):
            figures[bool(a)] = (int(n), int(p or 0))
        solved = Problem.solved.is_(True)
        if f.date_to is not None:
            solved = and_(solved, Problem.solved_on <= f.date_to)
        found, done = session.execute(
            select(func.count(Problem.id), func.coalesce(func.sum(case((solved, 1), else_=0)), 0))
            .join(s, s.id == Problem.session_id)
            .where(*terms)
        ).one()
    (sessions_a, times_a), (sessions_b, times_b) = figures[True], figures[False]
    return PairingTotals(sessions_a, sessions_b, times_a, times_b, int(found), int(done))


def _ledger_filters(ledger) -> list[SessionFilter]:
    periods = [
        (None, None),
        (Q1_FROM, Q1_TO),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
        (dt.date(2026, 3, 16), dt.date(2026, 3, 16)),  # fewer sessions than problems
        (dt.date(2027, 1, 1), None),  # nothing
    ]
    kinds = [None, frozenset({PairingKind.INTERNAL}), frozenset({PairingKind.CO_BUILDING}),
             frozenset({PairingKind.LEADER, PairingKind.INTERNAL})]  # fmt: skip
    narrower = [
        {},
        {"unit_id": ledger.units["北区分公司"]},
        {"unit_id": ledger.units["信安部"]},
        {"pairing_ids": frozenset({ledger.pairings["赵总帮扶二网格"]})},
        {"service_types": frozenset({ServiceType.DIGITAL_TOOLS})},
        {"ids": frozenset(ledger.sessions[:3])},
    ]
    return [
        SessionFilter(date_from=start, date_to=end, kinds=kind, **more)
        for (start, end), kind, more in itertools.product(periods, kinds, narrower)
    ]


def test_ledger_totals_and_count_equal_the_plain_statements(services):
    ledger = build_ledger(services)
    [problem] = [p for p in services.pairing.open_problems() if p.text == "光猫老化"]
    services.pairing.mark_problem_solved(problem.id, dt.date(2026, 3, 16), ledger.sessions[5])
    seen = set()
    for f in _ledger_filters(ledger):
        totals = services.pairing_stats.totals(f)
        assert totals == plain_session_totals(services, f), f
        assert totals.sessions == services.pairing.count_sessions(f), f
        seen.add(totals.sentence())
    assert "共计 9+2 场，参与 22+23 人次，发现问题 4 个，已解决 2 个" in seen  # Q1, as by hand
    assert len(seen) > 10  # the filters tell the sessions apart


def plain_pledge_filter_ids(services, f: PledgeFilter) -> set[int]:
    """The pledges a search chooses as the list chose them before: the pledge
    text, or the member's name, 工号 or initials, each lower-cased in SQL."""
    text = f.text.strip().lower()
    unfiltered = dataclasses.replace(f, text="")
    chosen = {r.id for r in services.pledges.list_pledges(unfiltered)}
    if not text:
        return chosen
    like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    people = select(Person.id).where(
        or_(
            Person.name.ilike(like, escape="\\"),
            func.lower(func.coalesce(Person.employee_no, "")).like(like, escape="\\"),
            Person.name_initials.like(like, escape="\\"),
        )
    )
    with services.db.reading() as session:
        found = set(
            session.scalars(
                select(Pledge.id).where(
                    or_(Pledge.text.ilike(like, escape="\\"), Pledge.person_id.in_(people))
                )
            )
        )
    return chosen & found


def plain_pledge_totals(services, f: PledgeFilter, ids: set[int]) -> PledgeTotals:
    with services.db.reading() as session:
        rows = session.execute(
            select(Pledge.person_id, Pledge.status, Pledge.rating).where(Pledge.id.in_(ids))
        ).all()
    made = [r for r in rows if r.status != PledgeStatus.WITHDRAWN]
    return PledgeTotals(
        f.year,
        len({r.person_id for r in made}),
        len(made),
        sum(r.status == PledgeStatus.DONE for r in made),
        sum(r.rating == PledgeRating.EXCELLENT for r in made),
    )


def test_pledge_count_and_totals_equal_the_plain_way(services):
    ledger = build_pledges(services)
    # one more member whose 工号 has upper-case letters and a LIKE wildcard, and
    # whose pledge has upper-case Latin letters and a "%"
    member = services.people.add_person(
        PersonInput(name="欧阳明", employee_no="Bx_9", political_status=PoliticalStatus.MEMBER)
    )
    services.pledges.save_member_pledges(
        member, YEAR, [PledgeLine(text="WiFi 100% 覆盖", category=PledgeCategory.SERVING)]
    )
    texts = ["", "张", "王芳", "zw", "ZW", "a", "A2", "宽带", "R&D", "r&d", "<网络>", "%", "_",
             "x_9", "X_9", "bx_", "\\", "老人", "没有这个", " 张 ", "2", "wifi", "WIFI", "0%", "oym"]  # fmt: skip
    filters = [
        PledgeFilter(year=year, text=text, category=category, today=dt.date(2021, 12, 20))
        for year, text, category in itertools.product(
            [None, YEAR, YEAR + 1], texts, [None, PledgeCategory.MAIN_DUTY]
        )
    ]
    filters += [
        PledgeFilter(year=YEAR, text=t, status=PledgeStatus.WITHDRAWN) for t in ("", "张", "zw")
    ]
    filters += [PledgeFilter(text=t, person_id=ledger.people["王芳"]) for t in ("", "王", "zw")]
    matched = set()
    for f in filters:
        ids = plain_pledge_filter_ids(services, f)
        rows = services.pledges.list_pledges(f)
        assert {r.id for r in rows} == ids, f
        count, totals = services.pledges.count_and_totals(f)
        assert count == len(ids) == services.pledges.count_pledges(f), f
        assert totals == services.pledges.totals(f) == plain_pledge_totals(services, f, ids), f
        matched.add(count)
    assert len(matched) > 3  # the searches tell the pledges apart
