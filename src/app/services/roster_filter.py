"""The roster's search and filters, as pure functions over PersonRow lists.

Filtering in memory over pre-lowered search keys costs about 10 ms for
100,000 rows, far below a database round trip per keystroke.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.enums import PersonStatus, PoliticalStatus
from app.services.people import PersonRow, UnitRow


@dataclass(frozen=True)
class RosterFilter:
    text: str = ""
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


def filter_rows(rows: Sequence[PersonRow], f: RosterFilter) -> list[int]:
    """Indexes into ``rows`` of the rows ``f`` accepts, in order."""
    needle = f.text.strip().lower()
    units = f.unit_ids
    statuses = f.political_statuses
    status = f.status
    result: list[int] = []
    append = result.append
    for i, row in enumerate(rows):
        if needle and needle not in row.search_key:
            continue
        if status is not None and row.status is not status:
            continue
        if units is not None and row.unit_id not in units:
            continue
        if statuses is not None and row.political_status not in statuses:
            continue
        append(i)
    return result


def unit_and_descendants(units: Sequence[UnitRow], unit_id: int) -> frozenset[int]:
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
