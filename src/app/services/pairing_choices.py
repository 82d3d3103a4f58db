"""The 结对 a picker offers and finds, read from the database as it is asked.

A form's or a filter's 结对 picker used to be given every pairing with its
members (``PairingService.list_pairings``): 3 s at 100,000 pairings, on every
open of the session form. It now asks this service for the pairings its list
shows (the first ones by name), for the few a typed text finds, and for the
one chosen; at the usual sizes (tens of pairings) that is all of them.

Finding works as the picker always did (``app.ui.widgets.pairing_picker``'s
``find_pairings``, which tests/unit/test_pairing_choices.py compares with
this): the pairings whose name starts with the text, then those whose name
holds it, then those found by a member's name, 工号 or pinyin initials (the
stored ``people.search_key``), their kind or their helped unit; by name within
each; the text lower-case as the picker's ``needle_of`` makes it.
"""

from __future__ import annotations

from sqlalchemy import case, func, or_, select

from app.domain.enums import PairingKind
from app.domain.models import Person, Unit
from app.domain.pairing_models import Pairing, PairingMember
from app.persistence.database import Database
from app.services.pairing import PairingService
from app.services.pairing_rows import PairingRow

# What a picker's drop-down lists without typing: every pairing at the usual
# sizes; past it, typing finds the rest.
OFFERED = 200


class PairingChoiceService:
    def __init__(self, db: Database, pairing: PairingService) -> None:
        self.db = db
        self.pairing = pairing

    def offered(self, limit: int | None = None) -> list[PairingRow]:
        """The first ``limit`` (``OFFERED``) pairings by name, with their members."""
        return self.pairing.list_pairings(0, limit or OFFERED, counts=False)

    def find(self, needle: str, limit: int) -> list[PairingRow]:
        """The pairings ``needle`` finds, best first (see the module's note)."""
        if not needle:
            return []
        name = func.lower(Pairing.name)
        kinds = [kind for kind in PairingKind if needle in kind.label]
        # the people first (10,000 keys), then their pairings by the person index
        people = select(Person.id).where(Person.search_key.contains(needle, autoescape=True))
        by_member = select(PairingMember.pairing_id).where(PairingMember.person_id.in_(people))
        rank = case(
            (name.startswith(needle, autoescape=True), 0),
            (name.contains(needle, autoescape=True), 1),
            else_=2,
        )
        found = (
            select(Pairing.id)
            .outerjoin(Unit, Unit.id == Pairing.helped_unit_id)
            .where(
                or_(
                    name.contains(needle, autoescape=True),
                    func.lower(Unit.name).contains(needle, autoescape=True),
                    Pairing.kind.in_(kinds),
                    Pairing.id.in_(by_member),
                )
            )
            .order_by(rank, Pairing.name, Pairing.id)
            .limit(limit)
        )
        with self.db.reading() as session:
            ids = list(session.scalars(found))
        return self._rows(ids)

    def row(self, pairing_id: int) -> PairingRow | None:
        """One pairing with its members; None when it is gone."""
        rows = self._rows([pairing_id])
        return rows[0] if rows else None

    def count(self) -> int:
        with self.db.reading() as session:
            return session.scalar(select(func.count(Pairing.id))) or 0

    def campaigns(self) -> list[str]:
        """Every campaign (专项活动) a pairing names, by name: the form offers them."""
        with self.db.reading() as session:
            return list(
                session.scalars(
                    select(Pairing.campaign)
                    .where(Pairing.campaign != "")
                    .distinct()
                    .order_by(Pairing.campaign)
                )
            )

    def helped_unit_ids(self) -> set[int]:
        """The units some pairing helps (the ledger's 单位 filter offers them)."""
        with self.db.reading() as session:
            return set(
                session.scalars(
                    select(Pairing.helped_unit_id)
                    .where(Pairing.helped_unit_id.is_not(None))
                    .distinct()
                )
            )

    def _rows(self, ids: list[int]) -> list[PairingRow]:
        """The rows of ``ids``, in that order."""
        if not ids:
            return []
        by_id = {row.id: row for row in self.pairing.list_pairings(ids=ids, counts=False)}
        return [by_id[i] for i in ids if i in by_id]
