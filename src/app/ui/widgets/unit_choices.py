"""Units in tree order: (unit, depth) pairs for the tree and the unit combos."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.domain.enums import UnitKind
from app.services.people import UnitRow

_KIND_ORDER = {kind: i for i, kind in enumerate(UnitKind)}


def tree_order(units: Sequence[UnitRow]) -> list[tuple[UnitRow, int]]:
    """(unit, depth) pairs: the branch's own units first, then co-building units."""
    by_id = {u.id: u for u in units}
    # companies before grids before departments, then by name
    units = sorted(units, key=lambda u: (_KIND_ORDER.get(u.kind, 99), u.name))
    children: dict[int | None, list[UnitRow]] = {}
    for u in units:
        parent = u.parent_id if u.parent_id in by_id else None
        children.setdefault(parent, []).append(u)
    result: list[tuple[UnitRow, int]] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int, roots: Iterable[UnitRow]) -> None:
        for unit in roots:
            if unit.id in seen:
                continue
            seen.add(unit.id)
            result.append((unit, depth))
            walk(unit.id, depth + 1, children.get(unit.id, []))

    roots = children.get(None, [])
    walk(None, 0, [u for u in roots if u.kind != UnitKind.CO_BUILDING])
    walk(None, 0, [u for u in roots if u.kind == UnitKind.CO_BUILDING])
    return result
