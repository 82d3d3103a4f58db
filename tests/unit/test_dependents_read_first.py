"""What depends on a record, read before anything is asked or deleted, and the
refusal as one sentence that reads properly (issue 8, point 6)."""

from __future__ import annotations

import pytest
from pairing_data import build_ledger
from sqlalchemy import func, select

from app.domain.errors import InUse, NotFound
from app.domain.models import AuditEntry
from app.domain.validation import PersonInput


def audit_rows(services) -> int:
    with services.db.reading() as session:
        return session.scalar(select(func.count(AuditEntry.id)))


def test_what_depends_is_read_without_writing_anything(services):
    ledger = build_ledger(services)
    before = audit_rows(services)
    people, pairing = services.people, services.pairing
    assert people.what_depends_on_person(ledger.people["王芳"]) == [
        "在 1 个结对中（网格帮扶一组）",
        "参加过 6 次帮扶活动",
    ]
    assert people.what_depends_on_unit(ledger.units["二网格"])[-1].startswith(
        "是 2 个结对的帮扶对象单位"
    )
    assert pairing.what_depends_on_pairing(ledger.pairings["赵总帮扶二网格"]) == [
        "已有 3 次帮扶活动记录"
    ]
    assert audit_rows(services) == before  # read only
    lone = people.add_person(PersonInput(name="孤单"))
    assert people.what_depends_on_person(lone) == []
    people.delete_person(lone)
    with pytest.raises(NotFound):
        people.what_depends_on_person(lone)


def test_the_refusal_is_one_proper_sentence(services):
    ledger = build_ledger(services)
    with pytest.raises(InUse) as caught:
        services.people.delete_person(ledger.people["王芳"])
    assert caught.value.message == (
        "「王芳」不能删除：在 1 个结对中（网格帮扶一组）；参加过 6 次帮扶活动。"
        "可改为标记「已转出」。"
    )
    # the advice is no dependent: the list names only what refers to her
    assert caught.value.dependents == ["在 1 个结对中（网格帮扶一组）", "参加过 6 次帮扶活动"]
