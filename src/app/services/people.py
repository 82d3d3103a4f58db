"""人员名册: units and people. Validation, saving, deleting, listing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.domain.enums import Gender, PersonStatus, PoliticalStatus, UnitKind
from app.domain.errors import InUse, ValidationFailed
from app.domain.models import Person, Unit
from app.domain.search_keys import name_sort_key, pinyin_initials, search_key
from app.domain.validation import (
    PersonInput,
    UnitInput,
    transferred_out_error,
    unit_parent_kind_error,
    validate_person,
    validate_unit,
)
from app.persistence.database import Database
from app.services.common import existing, few
from app.services.dependents import PERSON, UNIT, DependentChecks
from app.services.roster_filter import (
    RosterFilter,
    RosterSort,
    SortKey,
    after,
    before,
    conditions,
    needs_units,
    order_by,
    sort_keys,
)

# The first page in name order is looked for among this many times its size of
# the first people by name (PeopleService._first_by_name).
FIRST_PAGE_PROBE = 2

# What to do instead of deleting a person others' records refer to.
TRANSFER_INSTEAD = "可改为标记「已转出」。"


class UnitRow(NamedTuple):
    id: int
    name: str
    kind: UnitKind
    parent_id: int | None
    note: str


class PersonRow(NamedTuple):
    """One line of the roster table, loaded with a Core select (no ORM objects).

    ``name_sort`` is the stored full-pinyin key of the name
    (``domain.search_keys.name_sort_key``): what every list of people sorts by."""

    id: int
    name: str
    employee_no: str
    gender: Gender | None
    birth_date: dt.date | None
    unit_id: int | None
    unit_name: str
    position: str
    political_status: PoliticalStatus
    party_join_date: dt.date | None
    phone: str
    tags: str
    status: PersonStatus
    search_key: str
    name_sort: str


@dataclass
class PersonDetails:
    id: int
    values: PersonInput
    status: PersonStatus
    transferred_out_on: dt.date | None


class PeopleService:
    def __init__(self, db: Database, dependents: DependentChecks | None = None) -> None:
        self.db = db
        # Other areas' checks of what refers to a person or a unit (registered
        # from their Area.dependents), so deletion can refuse and say why.
        self.dependents = dependents or DependentChecks()
        self.person_dependents = self.dependents.checks_for(PERSON)
        self.unit_dependents = self.dependents.checks_for(UNIT)

    # ----- units -------------------------------------------------------------

    def list_units(self) -> list[UnitRow]:
        """Every unit by name. How many people each holds is asked separately
        (``roster_unit_counts``, under the roster's filter): counting here
        scanned every person for each page that lists the units."""
        query = select(Unit.id, Unit.name, Unit.kind, Unit.parent_id, Unit.note).order_by(Unit.name)
        with self.db.reading() as session:
            return [UnitRow(*row) for row in session.execute(query)]

    def get_unit(self, unit_id: int) -> UnitInput:
        with self.db.reading() as session:
            unit = existing(session, Unit, unit_id, "该单位已不存在（可能已被删除）")
            return UnitInput(unit.name, unit.kind, unit.parent_id, unit.note)

    def add_unit(self, values: UnitInput) -> int:
        with self.db.unit_of_work() as session:
            data = self._checked_unit(session, values, unit_id=None)
            unit = Unit(name=data.name, kind=data.kind, parent_id=data.parent_id, note=data.note)
            session.add(unit)
            session.flush()
            return unit.id

    def update_unit(self, unit_id: int, values: UnitInput) -> None:
        with self.db.unit_of_work() as session:
            unit = existing(session, Unit, unit_id, "该单位已不存在（可能已被删除）")
            data = self._checked_unit(session, values, unit_id=unit_id)
            unit.name, unit.kind, unit.parent_id, unit.note = (
                data.name,
                data.kind,
                data.parent_id,
                data.note,
            )

    def delete_unit(self, unit_id: int) -> None:
        with self.db.unit_of_work() as session:
            unit = existing(session, Unit, unit_id, "该单位已不存在（可能已被删除）")
            dependents = self.unit_dependents_of(session, unit_id)
            if dependents:
                raise InUse(f"单位「{unit.name}」", dependents)
            session.delete(unit)

    def what_depends_on_unit(self, unit_id: int) -> list[str]:
        """What refers to a unit (sub-units, people, other areas' records), read
        without changing anything: the window asks before it offers to delete."""
        with self.db.reading() as session:
            existing(session, Unit, unit_id, "该单位已不存在（可能已被删除）")
            return self.unit_dependents_of(session, unit_id)

    def unit_dependents_of(self, session: Session, unit_id: int) -> list[str]:
        found: list[str] = []
        children = session.scalars(select(Unit.name).where(Unit.parent_id == unit_id)).all()
        if children:
            found.append(f"有 {len(children)} 个下级单位（{few(children)}）")
        people = session.scalars(select(Person.name).where(Person.unit_id == unit_id)).all()
        if people:
            found.append(f"有 {len(people)} 名人员（{few(people)}）")
        found.extend(self.dependents.found(UNIT, session, unit_id))
        return found

    def _checked_unit(self, session: Session, values: UnitInput, unit_id: int | None) -> UnitInput:
        data = values.cleaned()
        errors = validate_unit(data)
        if "name" not in errors:
            same = session.scalar(select(Unit.id).where(Unit.name == data.name))
            if same is not None and same != unit_id:
                errors["name"] = f"已有名为「{data.name}」的单位"
        if data.parent_id is not None:
            parent = session.get(Unit, data.parent_id)
            if parent is None:
                errors["parent_id"] = "上级单位不存在"
            elif unit_id is not None and self._is_self_or_descendant(
                session, data.parent_id, unit_id
            ):
                errors["parent_id"] = "上级单位不能是它自己或它的下级单位"
            elif message := unit_parent_kind_error(parent.kind, data.kind):
                errors["parent_id"] = message
        if unit_id is not None:
            # A unit switching sides would leave its sub-units on the other side.
            co_building = data.kind == UnitKind.CO_BUILDING
            other_side = session.scalars(
                select(Unit.name).where(
                    Unit.parent_id == unit_id,
                    (Unit.kind == UnitKind.CO_BUILDING)
                    if not co_building
                    else (Unit.kind != UnitKind.CO_BUILDING),
                )
            ).all()
            if other_side:
                errors["kind"] = (
                    f"它的下级单位（{few(list(other_side))}）"
                    + ("不是共建单位" if co_building else "是共建单位")
                    + "，请先调整下级单位"
                )
        if errors:
            raise ValidationFailed(errors)
        return data

    @staticmethod
    def _is_self_or_descendant(session: Session, candidate: int, unit_id: int) -> bool:
        current: int | None = candidate
        seen: set[int] = set()
        while current is not None and current not in seen:
            if current == unit_id:
                return True
            seen.add(current)
            current = session.scalar(select(Unit.parent_id).where(Unit.id == current))
        return False

    # ----- people ------------------------------------------------------------

    def list_people(self) -> list[PersonRow]:
        """Every person as a light row for the pickers and reports, in name
        order (full pinyin, as Chinese office software sorts; namesakes by id).
        The roster list pages its rows in with ``list_roster`` instead."""
        query = _ROW_QUERY.order_by(Person.name_sort, Person.id)
        with self.db.reading() as session:
            return [_person_row(r) for r in session.execute(query)]

    def count_people(self, f: RosterFilter | None = None) -> int:
        """People on file, or those ``f`` lets through."""
        query = select(func.count(Person.id))
        if f is not None:
            query = query.where(*conditions(f))
        with self.db.reading() as session:
            return session.scalar(query) or 0

    # ----- the roster list (paged in, counted in SQL) ----------------------------

    def list_roster(
        self,
        f: RosterFilter,
        sort: RosterSort = RosterSort(),  # noqa: B008 - frozen
        offset: int = 0,
        limit: int | None = None,
        after_id: int | None = None,
    ) -> list[PersonRow]:
        """One page of the roster: the people ``f`` lets through in ``sort``
        order, from ``offset`` on, or the ones after the person ``after_id``
        when that person is still on file (a page that follows the rows shown
        stays right when rows were saved, moved or deleted meanwhile)."""
        keys = sort_keys(sort)
        query = select(Person.id).where(*conditions(f))
        if needs_units(sort):
            query = query.outerjoin(Unit, Unit.id == Person.unit_id)
        with self.db.reading() as session:
            values = self._sort_values(session, keys, after_id) if after_id is not None else None
            ids = None
            if values is not None:
                query, offset = query.where(after(keys, values)), 0
            elif offset == 0 and limit and sort == RosterSort():
                ids = self._first_by_name(session, query, keys, limit)
            if ids is None:
                ids = list(
                    session.scalars(query.order_by(*order_by(keys)).offset(offset).limit(limit))
                )
            if not ids:
                return []
            found = {
                r[0]: _person_row(r) for r in session.execute(_ROW_QUERY.where(Person.id.in_(ids)))
            }
        return [found[i] for i in ids if i in found]

    @staticmethod
    def _first_by_name(
        session: Session, query: Any, keys: list[SortKey], limit: int
    ) -> list[int] | None:
        """The first ``limit`` ids of ``query`` by name, looked for among the
        first people by name only (ix_people_name_sort, read in order); None
        when fewer match there. The roster opens on nearly everyone (在册), whose
        first page is found this way in about a millisecond, where sorting
        every match costs about 30 ms at 100,000 people; a narrow filter loses
        a millisecond or two and is sorted as before. Right because every
        person outside the probe comes after every one in it, in the same
        order (name_sort, then id)."""
        probe = (
            select(Person.id)
            .order_by(Person.name_sort, Person.id)
            .limit(limit * FIRST_PAGE_PROBE)
            .scalar_subquery()
        )
        ids = list(
            session.scalars(
                query.where(Person.id.in_(probe)).order_by(*order_by(keys)).limit(limit)
            )
        )
        return ids if len(ids) == limit else None

    def roster_row(self, person_id: int) -> PersonRow | None:
        """One person as the roster shows him or her; None when gone."""
        with self.db.reading() as session:
            r = session.execute(_ROW_QUERY.where(Person.id == person_id)).first()
        return _person_row(r) if r is not None else None

    def roster_shows(self, person_id: int, f: RosterFilter) -> bool:
        """Does the roster list of ``f`` show the person?"""
        query = select(Person.id).where(Person.id == person_id, *conditions(f))
        with self.db.reading() as session:
            return session.scalar(query) is not None

    def roster_position(
        self,
        person_id: int,
        f: RosterFilter,
        sort: RosterSort = RosterSort(),  # noqa: B008 - frozen
    ) -> int | None:
        """Where a person stands in the roster list of ``f`` and ``sort`` (how
        many rows come before): None when ``f`` does not show the person."""
        keys = sort_keys(sort)
        with self.db.reading() as session:
            values = self._shown_sort_values(session, keys, f, person_id)
            if values is None:
                return None
            query = select(func.count(Person.id)).where(*conditions(f), before(keys, values))
            if needs_units(sort):
                query = query.outerjoin(Unit, Unit.id == Person.unit_id)
            return session.scalar(query) or 0

    def roster_position_among(
        self,
        person_id: int,
        f: RosterFilter,
        sort: RosterSort,
        shown: Sequence[int],
    ) -> int | None:
        """How many of ``shown`` (other people, in the list's order of ``f``
        and ``sort``: the rows a list holds) come before a person; None when
        ``f`` does not show the person. ``len(shown)``: after all of them.

        What a list that holds its first rows needs after a save, found by
        halving ``shown`` with one comparison by primary key each (about ten
        for 400 rows): the database compares, so its collation decides as it
        does for the list; counting the rows before the person took 30 ms at
        100,000 people."""
        keys = sort_keys(sort)
        with self.db.reading() as session:
            values = self._shown_sort_values(session, keys, f, person_id)
            if values is None:
                return None
            low, high = 0, len(shown)
            while low < high:  # shown[:low] come before the person, shown[high:] after
                middle = (low + high) // 2
                probe = select(Person.id).where(Person.id == shown[middle], before(keys, values))
                if needs_units(sort):
                    probe = probe.outerjoin(Unit, Unit.id == Person.unit_id)
                if session.scalar(probe) is not None:
                    low = middle + 1
                else:
                    high = middle
            return low

    def roster_unit_counts(
        self, f: RosterFilter, units: Iterable[int | None] | None = None
    ) -> dict[int | None, int]:
        """How many people each unit holds (the key None: people of no unit)
        among those ``f`` lets through; only ``units`` when given."""
        query = select(Person.unit_id, func.count(Person.id)).where(*conditions(f))
        if units is not None:
            wanted = set(units)
            ids = sorted(u for u in wanted if u is not None)
            query = query.where(
                or_(Person.unit_id.in_(ids), Person.unit_id.is_(None))
                if None in wanted
                else Person.unit_id.in_(ids)
            )
        with self.db.reading() as session:
            return {unit: n for unit, n in session.execute(query.group_by(Person.unit_id))}

    def roster_counts(self, f: RosterFilter) -> tuple[dict[int | None, int], tuple[int, int]]:
        """``roster_unit_counts(f)`` and ``roster_totals()`` together, as the
        roster shows them when it opens or is read anew: one reading of the
        people when ``f`` filters by 状态 alone (as the roster opens), else the
        two queries."""
        if f != RosterFilter(status=f.status):
            return self.roster_unit_counts(f), self.roster_totals()
        # count(*) FILTER (WHERE ...): a plain count per case, far cheaper than sum(CASE ...)
        everyone = func.count()
        in_post = func.count().filter(Person.status == PersonStatus.ACTIVE)
        counted = everyone if f.status is None else func.count().filter(Person.status == f.status)
        query = select(Person.unit_id, everyone, in_post, counted)
        counts: dict[int | None, int] = {}
        total = active = 0
        with self.db.reading() as session:
            for unit, here, here_in_post, shown in session.execute(query.group_by(Person.unit_id)):
                total, active = total + here, active + here_in_post
                if shown:
                    counts[unit] = shown
        return counts, (total, active)

    def roster_totals(self) -> tuple[int, int]:
        """People on file, and how many of them are 在册."""
        active = func.count().filter(Person.status == PersonStatus.ACTIVE)
        with self.db.reading() as session:
            total, in_post = session.execute(select(func.count(), active)).one()
        return int(total), int(in_post)

    @classmethod
    def _shown_sort_values(
        cls, session: Session, keys: list[SortKey], f: RosterFilter, person_id: int
    ) -> list | None:
        """A person's sort values when ``f`` shows him or her, else None."""
        shown = select(Person.id).where(Person.id == person_id, *conditions(f))
        if session.scalar(shown) is None:
            return None
        return cls._sort_values(session, keys, person_id)

    @staticmethod
    def _sort_values(session: Session, keys: list[SortKey], person_id: int) -> list | None:
        """A person's values of the sort keys, as the database compares them."""
        query = (
            select(*(k.expr for k in keys))
            .select_from(Person)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .where(Person.id == person_id)
        )
        row = session.execute(query).first()
        return list(row) if row is not None else None

    def count_by_political_status(self) -> dict[PoliticalStatus, int]:
        """The branch's own people 在册 (not transferred out, not of a 共建单位) by
        政治面貌; every status, 0 when none."""
        co_building = select(Unit.id).where(Unit.kind == UnitKind.CO_BUILDING)
        with self.db.reading() as session:
            found = dict(
                session.execute(
                    select(Person.political_status, func.count(Person.id))
                    .where(
                        Person.status == PersonStatus.ACTIVE,
                        or_(Person.unit_id.is_(None), Person.unit_id.not_in(co_building)),
                    )
                    .group_by(Person.political_status)
                ).all()
            )
        return {status: int(found.get(status, 0)) for status in PoliticalStatus}

    def get_person(self, person_id: int) -> PersonDetails:
        with self.db.reading() as session:
            p = existing(session, Person, person_id, "该人员已不存在（可能已被删除）")
            values = PersonInput(
                name=p.name,
                employee_no=p.employee_no or "",
                gender=p.gender,
                birth_date=p.birth_date,
                unit_id=p.unit_id,
                position=p.position,
                political_status=p.political_status,
                party_join_date=p.party_join_date,
                phone=p.phone,
                tags=p.tag_list,
                note=p.note,
            )
            return PersonDetails(p.id, values, p.status, p.transferred_out_on)

    def add_person(self, values: PersonInput) -> int:
        with self.db.unit_of_work() as session:
            data = self._checked_person(session, values, person_id=None)
            person = Person()
            _apply(person, data)
            session.add(person)
            session.flush()
            return person.id

    def update_person(self, person_id: int, values: PersonInput) -> None:
        with self.db.unit_of_work() as session:
            person = existing(session, Person, person_id, "该人员已不存在（可能已被删除）")
            data = self._checked_person(session, values, person_id=person_id)
            _apply(person, data)

    def set_transferred_out(self, person_id: int, on: dt.date | None) -> None:
        """Mark 已转出 on a date, or (``on`` None) back to 在册."""
        with self.db.unit_of_work() as session:
            person = existing(session, Person, person_id, "该人员已不存在（可能已被删除）")
            if on is None:
                person.status = PersonStatus.ACTIVE
                person.transferred_out_on = None
            else:
                if message := transferred_out_error(on, dt.date.today()):
                    raise ValidationFailed({"transferred_out_on": message})
                person.status = PersonStatus.TRANSFERRED_OUT
                person.transferred_out_on = on

    def delete_person(self, person_id: int) -> None:
        with self.db.unit_of_work() as session:
            person = existing(session, Person, person_id, "该人员已不存在（可能已被删除）")
            dependents = self.person_dependents_of(session, person_id)
            if dependents:
                raise InUse(f"「{person.name}」", dependents, TRANSFER_INSTEAD)
            session.delete(person)

    def what_depends_on_person(self, person_id: int) -> list[str]:
        """What refers to a person (pairings, sessions ...), read without changing
        anything: the window asks before it offers to delete."""
        with self.db.reading() as session:
            existing(session, Person, person_id, "该人员已不存在（可能已被删除）")
            return self.person_dependents_of(session, person_id)

    def person_dependents_of(self, session: Session, person_id: int) -> list[str]:
        return self.dependents.found(PERSON, session, person_id)

    def _checked_person(
        self, session: Session, values: PersonInput, person_id: int | None
    ) -> PersonInput:
        data = values.cleaned()
        errors = validate_person(data)
        if data.employee_no and "employee_no" not in errors:
            holder = session.execute(
                select(Person.id, Person.name).where(Person.employee_no == data.employee_no)
            ).first()
            if holder is not None and holder[0] != person_id:
                errors["employee_no"] = f"工号 {data.employee_no} 已被「{holder[1]}」使用"
        if data.unit_id is not None and session.get(Unit, data.unit_id) is None:
            errors["unit_id"] = "所选单位不存在（可能已被删除）"
        if errors:
            raise ValidationFailed(errors)
        return data


def _apply(person: Person, data: PersonInput) -> None:
    person.name = data.name
    person.employee_no = data.employee_no or None
    person.gender = data.gender
    person.birth_date = data.birth_date
    person.unit_id = data.unit_id
    person.position = data.position
    person.political_status = data.political_status
    person.party_join_date = data.party_join_date
    person.phone = data.phone
    person.tags = "、".join(dict.fromkeys(data.tags))
    person.note = data.note
    person.name_initials = pinyin_initials(data.name)
    person.name_sort = name_sort_key(data.name)
    person.search_key = search_key(data.name, person.employee_no, person.name_initials)


# The columns of a PersonRow; unit-less people have no unit name.
_ROW_QUERY = select(
    Person.id,
    Person.name,
    Person.employee_no,
    Person.gender,
    Person.birth_date,
    Person.unit_id,
    Unit.name,
    Person.position,
    Person.political_status,
    Person.party_join_date,
    Person.phone,
    Person.tags,
    Person.status,
    Person.name_initials,
    Person.name_sort,
).outerjoin(Unit, Unit.id == Person.unit_id)


def _person_row(r: Any) -> PersonRow:
    return PersonRow(
        r[0], r[1], r[2] or "", r[3], r[4], r[5], r[6] or "", r[7], r[8], r[9],
        r[10], r[11], r[12], search_key(r[1], r[2], r[13]), r[14],
    )  # fmt: skip
