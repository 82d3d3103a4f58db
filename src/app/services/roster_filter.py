"""The roster's search, filters and order, written as SQL.

The roster list is paged in from the database (``PeopleService.list_roster``),
so what it shows is decided here: which people a ``RosterFilter`` lets through
(``conditions``), in which order a ``RosterSort`` puts them (``order_by``), and
which people come after or before one of them (``after`` / ``before``: the
next page starts after the last row shown; a saved row's place is the count of
the rows before it).

The filter conditions and the default order (by name) read only
``ix_people_roster`` (models.Person), so a keystroke scans that index, not the
table, and never loads a row it does not show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, case, false, func, or_

from app.domain.enums import Gender, PersonStatus, PoliticalStatus
from app.domain.models import Person, Unit


class UnitNode(Protocol):
    """A unit of the tree (services.people.UnitRow): its id and its parent's."""

    @property
    def id(self) -> int: ...

    @property
    def parent_id(self) -> int | None: ...


@dataclass(frozen=True)
class RosterFilter:
    text: str = ""  # a substring of the name, the 工号 or the pinyin initials
    unit_ids: frozenset[int] | None = None  # None: every unit
    political_statuses: frozenset[PoliticalStatus] | None = None
    status: PersonStatus | None = PersonStatus.ACTIVE  # None: 在册 and 已转出

    def is_empty(self) -> bool:
        return (
            not self.text.strip()
            and self.unit_ids is None
            and self.political_statuses is None
            and self.status is None
        )

    @property
    def needle(self) -> str:
        """The text as matched: trimmed, lower case (the stored key is lower case)."""
        return self.text.strip().lower()

    def counted(self) -> RosterFilter:
        """What the unit tree counts: the 状态 and 政治面貌 only, every unit, no text."""
        return RosterFilter(status=self.status, political_statuses=self.political_statuses)


def conditions(f: RosterFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if f.unit_ids is not None:
        found.append(Person.unit_id.in_(sorted(f.unit_ids)))
    if f.status is not None:
        found.append(Person.status == f.status)
    if f.political_statuses is not None:
        found.append(Person.political_status.in_(sorted(f.political_statuses)))
    if needle := f.needle:
        # search_key joins name, 工号 and initials with \x1f, which nobody types:
        # a match is a match inside one of them, as the roster always searched
        found.append(Person.search_key.contains(needle, autoescape=True))
    return found


# ----- order -------------------------------------------------------------------

# The person fields the roster's columns sort by (people_table_model.FIELDS).
SORT_FIELDS = (
    "name",
    "employee_no",
    "gender",
    "birth_date",
    "unit_id",
    "position",
    "political_status",
    "party_join_date",
    "phone",
    "tags",
    "status",
)


@dataclass(frozen=True)
class RosterSort:
    field: str = "name"
    descending: bool = False


@dataclass(frozen=True)
class SortKey:
    expr: Any
    descending: bool = False
    nullable: bool = False  # empty values sort last, in either direction


def _rank(column: Any, enum_cls: type) -> Any:
    """An enum column's members in their declared order (as the combos list them)."""
    return case({member: i for i, member in enumerate(enum_cls)}, value=column)


def _blank_is_null(column: Any) -> Any:
    return func.nullif(column, "")


def sort_keys(sort: RosterSort) -> list[SortKey]:
    """The keys of an order: the column's value (blanks last), then the name,
    then the id, so the order is total and namesakes keep their places.

    The name key is ``name_sort || ''``, not the bare column: ordered by the
    bare column SQLite walks ix_people_name_sort and reads each person's row to
    test the filter, 0.2 s when few of 100,000 people match; the expression
    lets it read ix_people_roster and sort what matched (about 10 ms)."""
    name = Person.name_sort + ""
    tail = [SortKey(name), SortKey(Person.id)]
    down = sort.descending
    field = sort.field if sort.field in SORT_FIELDS else "name"
    if field == "name":
        return [SortKey(name, down), SortKey(Person.id)]
    value: Any = {
        "employee_no": _blank_is_null(Person.employee_no),
        "gender": _rank(Person.gender, Gender),
        "birth_date": Person.birth_date,
        "unit_id": Unit.name,
        "position": _blank_is_null(Person.position),
        "political_status": _rank(Person.political_status, PoliticalStatus),
        "party_join_date": Person.party_join_date,
        "phone": _blank_is_null(Person.phone),
        "tags": _blank_is_null(Person.tags),
        "status": _rank(Person.status, PersonStatus),
    }[field]
    nullable = field not in ("political_status", "status")
    return [SortKey(value, down, nullable), *tail]


def needs_units(sort: RosterSort) -> bool:
    """Does the order read the unit's name (the query joins units)?"""
    return sort.field == "unit_id"


def order_by(keys: Sequence[SortKey]) -> list[Any]:
    clauses: list[Any] = []
    for key in keys:
        if key.nullable:
            clauses.append(key.expr.is_(None))  # false before true: blanks last
        clauses.append(key.expr.desc() if key.descending else key.expr.asc())
    return clauses


def _beyond(keys: Sequence[SortKey], values: Sequence[Any], later: bool) -> ColumnElement[bool]:
    """The rows ordered after (``later``) or before the row whose keys are ``values``."""
    terms: list[ColumnElement[bool]] = []
    same: list[ColumnElement[bool]] = []
    for key, value in zip(keys, values, strict=True):
        expr = key.expr
        step: ColumnElement[bool] | None
        if value is None:  # a blank: only blanks follow, every value precedes
            step = None if later else expr.is_not(None)
        else:
            greater = later != key.descending
            step = expr > value if greater else expr < value
            if later and key.nullable:
                step = or_(expr.is_(None), step)
        if step is not None:
            terms.append(and_(*same, step))
        same.append(expr.is_(None) if value is None else expr == value)
    return or_(*terms) if terms else false()


def after(keys: Sequence[SortKey], values: Sequence[Any]) -> ColumnElement[bool]:
    return _beyond(keys, values, later=True)


def before(keys: Sequence[SortKey], values: Sequence[Any]) -> ColumnElement[bool]:
    return _beyond(keys, values, later=False)


# ----- the unit tree -------------------------------------------------------------


def unit_and_descendants(units: Sequence[UnitNode], unit_id: int) -> frozenset[int]:
    """A unit picked in the tree stands for itself and every unit below it."""
    children: dict[int | None, list[int]] = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u.id)
    found: set[int] = set()
    stack = [unit_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, ()))
    return frozenset(found)


__all__ = [
    "SORT_FIELDS",
    "RosterFilter",
    "RosterSort",
    "SortKey",
    "after",
    "before",
    "conditions",
    "needs_units",
    "order_by",
    "sort_keys",
    "unit_and_descendants",
]
