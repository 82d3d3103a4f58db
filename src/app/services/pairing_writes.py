"""How the pairing service writes a pairing or a session onto its ORM row, and
what the pairings hold on to when a person or a unit is deleted."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.enums import MemberSide
from app.domain.pairing_figures import participant_count
from app.domain.pairing_models import (
    AssistanceSession,
    Pairing,
    PairingMember,
    Problem,
    SessionParticipant,
)
from app.domain.pairing_validation import PairingInput, SessionInput
from app.services.common import few


def apply_pairing(pairing: Pairing, data: PairingInput) -> None:
    pairing.name = data.name
    pairing.kind = data.kind
    pairing.campaign = data.campaign
    pairing.helped_unit_id = data.helped_unit_id
    pairing.start_date = data.start_date
    pairing.end_date = data.end_date
    pairing.goal = data.goal
    pairing.note = data.note
    wanted = {pid: MemberSide.HELPER for pid in data.helpers}
    wanted.update({pid: MemberSide.HELPED for pid in data.helped})
    # Changed in place, not replaced: (pairing, person) is unique and the ORM
    # would insert the new row before deleting the old one.
    for member in list(pairing.members):
        if member.person_id in wanted:
            member.side = wanted.pop(member.person_id)
        else:
            pairing.members.remove(member)
    order = [*data.helpers, *data.helped]
    for pid in order:
        if pid in wanted:
            pairing.members.append(PairingMember(person_id=pid, side=wanted.pop(pid)))


def apply_session(row: AssistanceSession, data: SessionInput) -> None:
    assert data.date is not None and data.pairing_id is not None
    row.date = data.date
    row.pairing_id = data.pairing_id
    row.topic = data.topic
    row.service_type = data.service_type
    row.place = data.place
    row.outside_count = data.outside_count
    row.follow_up = data.follow_up
    wanted = list(dict.fromkeys(data.participant_ids))
    keep = set(wanted)
    for participant in list(row.participants):
        if participant.person_id not in keep:
            row.participants.remove(participant)
    present = {p.person_id for p in row.participants}
    for pid in wanted:
        if pid not in present:
            row.participants.append(SessionParticipant(person_id=pid))
    row.participant_count = participant_count(wanted)
    by_id = {p.id: p for p in row.problems}
    listed = {p.id for p in data.problems if p.id is not None}
    for problem in list(row.problems):
        if problem.id not in listed:
            row.problems.remove(problem)
    for p in data.problems:
        target = by_id.get(p.id) if p.id is not None else None
        if target is None:
            target = Problem()
            row.problems.append(target)
        target.text = p.text
        if target.solved != p.solved or target.solved_on != p.solved_on:
            target.solved_session_id = None
        target.solved = p.solved
        target.solved_on = p.solved_on if p.solved else None


def person_dependents(session: Session, person_id: int) -> list[str]:
    found: list[str] = []
    pairings = list(
        session.scalars(
            select(Pairing.name)
            .join(PairingMember, PairingMember.pairing_id == Pairing.id)
            .where(PairingMember.person_id == person_id)
            .order_by(Pairing.name)
        )
    )
    if pairings:
        found.append(f"在 {len(pairings)} 个结对中（{few(pairings)}）")
    sessions = session.scalar(
        select(func.count(SessionParticipant.id)).where(SessionParticipant.person_id == person_id)
    )
    if sessions:
        found.append(f"参加过 {sessions} 次帮扶活动")
    return found


def unit_dependents(session: Session, unit_id: int) -> list[str]:
    pairings = list(
        session.scalars(
            select(Pairing.name).where(Pairing.helped_unit_id == unit_id).order_by(Pairing.name)
        )
    )
    if pairings:
        return [f"是 {len(pairings)} 个结对的帮扶对象单位（{few(pairings)}）"]
    return []
