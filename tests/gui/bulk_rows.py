"""Enough rows to scroll: sessions, pairings, pledges and mentorships written
straight into a test's database with Core inserts (a form each would take
seconds), on top of a sample's roster and pairings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select

from app.domain.enums import MemberSide, PairingKind, ServiceType
from app.domain.mentoring_models import Mentorship, MentorshipStatus
from app.domain.models import Person, Unit
from app.domain.pairing_models import AssistanceSession, Pairing, PairingMember
from app.domain.pledge_models import Pledge, PledgeCategory, PledgeStatus
from app.services.registry import Services


def _people(services: Services) -> list[int]:
    with services.db.engine.connect() as conn:
        return list(conn.scalars(select(Person.id).order_by(Person.id)))


def add_sessions(services: Services, count: int, start: dt.date, end: dt.date) -> None:
    """``count`` sessions of the pairings on file, spread over ``start``..``end``."""
    with services.db.engine.begin() as conn:
        pairings = list(conn.scalars(select(Pairing.id).order_by(Pairing.id)))
        days = (end - start).days + 1
        conn.execute(
            insert(AssistanceSession),
            [
                {"date": start + dt.timedelta(days=i % days), "pairing_id": pairings[i % len(pairings)],
                 "topic": f"批量帮扶活动 {i:03d}", "service_type": ServiceType.DIGITAL_TOOLS,
                 "place": "营业厅", "outside_count": 1, "participant_count": 0, "follow_up": ""}
                for i in range(count)
            ],
        )  # fmt: skip


def add_pairings(services: Services, count: int) -> None:
    """``count`` pairings named 批量结对 000.., each a helper and a helped person."""
    people = _people(services)
    with services.db.engine.begin() as conn:
        unit = conn.scalar(select(Unit.id).order_by(Unit.id))
        first = (conn.scalar(select(Pairing.id).order_by(Pairing.id.desc())) or 0) + 1
        conn.execute(
            insert(Pairing),
            [
                {"id": first + i, "name": f"批量结对 {i:03d}", "kind": PairingKind.INTERNAL,
                 "campaign": "", "helped_unit_id": unit, "goal": "", "note": ""}
                for i in range(count)
            ],
        )  # fmt: skip
        conn.execute(
            insert(PairingMember),
            [
                {"pairing_id": first + i, "person_id": people[(i + k) % len(people)], "side": side}
                for i in range(count)
                for k, side in enumerate((MemberSide.HELPER, MemberSide.HELPED))
            ],
        )


def add_pledges(services: Services, person_ids: list[int], year: int, per_person: int) -> None:
    """``per_person`` pledges of ``year`` for each of ``person_ids``."""
    with services.db.engine.begin() as conn:
        conn.execute(
            insert(Pledge),
            [
                {"year": year, "person_id": pid, "text": f"批量承诺 {n:02d}",
                 "category": PledgeCategory.MAIN_DUTY, "due_date": dt.date(year, 12, 31),
                 "status": PledgeStatus.IN_PROGRESS, "rating": None, "rating_comment": "",
                 "rated_on": None, "extra_points": 0, "sort_order": 100 + n}
                for pid in person_ids
                for n in range(per_person)
            ],
        )  # fmt: skip


def add_mentorships(services: Services, count: int, today: dt.date) -> None:
    """``count`` 已出师 mentorships among the people on file (they sort after the active ones)."""
    people = _people(services)
    with services.db.engine.begin() as conn:
        conn.execute(
            insert(Mentorship),
            [
                {"mentor_id": people[i % len(people)], "mentee_id": people[(i + 1) % len(people)],
                 "start_date": today - dt.timedelta(days=400 + i), "planned_end": None,
                 "focus": "skills", "goals": "", "status": MentorshipStatus.GRADUATED,
                 "ended_on": today - dt.timedelta(days=200), "evaluation": "按期出师"}
                for i in range(count)
            ],
        )  # fmt: skip
