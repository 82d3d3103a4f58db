"""A tab's paged list with its count and its totals line: shown for a filter,
and kept right after a save by reading only the rows the save touched.

    self.list = PagedList(model, table, freshness, source, show_count, show_totals)
    self.list.show(f)                                  # a filter chosen
    self.list.save_in_place([row.id], lambda: ...)     # a save, a deletion

A save (``save_in_place``) asks the database three small things about the
records it touches, before and after the write: their rows under the filter,
how many of them the filter counts and their share of the totals line. The
list's rows are updated where they stand (``PagedTableModel.update_rows``),
the count and the totals line move by the difference; the list is not read
again, so the selection and the scroll position stay. The totals stay those
of the service's own SQL (no figure is recomputed here): only the touched
records' share is asked anew."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QTableView

from app.ui.pages.freshness import RefreshWhenShown
from app.ui.table_models.base import PagedTableModel
from app.ui.widgets.record_table import select_row, selected_record

F = TypeVar("F")  # a service's filter (a frozen dataclass)
T = TypeVar("T")


def same_filter_only(
    both: Callable[[F], tuple[int, Any]],
) -> Callable[[F, Any], tuple[int, Any] | None]:
    """A ``count_and_totals`` from one that reads a filter's own count and
    totals in one go (``both``); None (ask the two apart) when the totals are
    another filter's."""
    return lambda f, totals_filter: both(f) if totals_filter == f else None


@dataclass(frozen=True)
class ListSource(Generic[F]):
    """What a list asks its service.

    ``count(f)``, ``rows(f, offset, limit)`` (limit None: all) and
    ``totals(f)``: the list, its count and its totals; ``only(f, ids)``: ``f``
    narrowed to the records ``ids``. The totals line may have a filter of its
    own (``show(f, totals_filter)``) and its own narrowing (``totals_only``,
    given the save's ``scope``, by default the ids). ``count_and_totals(f,
    totals_filter)``, when given, reads the count of ``f`` and the totals of
    ``totals_filter`` together (one pass over the records for both) in place of
    ``count`` and ``totals``, or None to have them asked apart
    (``same_filter_only`` makes one for the same filter only)."""

    count: Callable[[F], int]
    rows: Callable[[F, int, int | None], Sequence[Any]]
    totals: Callable[[Any], Any]
    only: Callable[[F, frozenset[int]], F]
    totals_only: Callable[[Any, Any], Any] | None = None
    count_and_totals: Callable[[F, Any], tuple[int, Any] | None] | None = None

    def count_totals(self, f: F, totals_filter: Any) -> tuple[int, Any]:
        """The count of ``f`` and the totals of ``totals_filter``, together when
        the source can read them in one go."""
        if self.count_and_totals is not None:
            both = self.count_and_totals(f, totals_filter)
            if both is not None:
                return both
        return self.count(f), self.totals(totals_filter)


@dataclass(frozen=True)
class _Before:
    count: int
    totals: Any


def shifted(current: Any, before: Any, after: Any) -> Any:
    """``current`` totals (a dataclass of counts) with the touched records'
    share moved from ``before`` to ``after``; fields that are not counts
    (a year) are kept."""
    if current is None:
        return None
    changes = {}
    for field in dataclasses.fields(current):
        now, old, new = (getattr(x, field.name) for x in (current, before, after))
        if all(isinstance(v, int) and not isinstance(v, bool) for v in (now, old, new)):
            changes[field.name] = now - old + new
    return dataclasses.replace(current, **changes)


class PagedList(Generic[F]):
    def __init__(
        self,
        model: PagedTableModel,
        table: QTableView,
        freshness: RefreshWhenShown,
        source: ListSource[F],
        show_count: Callable[[int], None],
        show_totals: Callable[[Any], None],
    ) -> None:
        self.model = model
        self.table = table
        self.freshness = freshness
        self.source = source
        self._show_count = show_count
        self._show_totals = show_totals
        self.shown = False  # show() not called yet
        self.filter: F | None = None
        self.totals_filter: Any = None
        self.totals: Any = None

    # ----- a filter ------------------------------------------------------------

    def show(self, f: F, totals_filter: Any = None) -> None:
        """Show the rows, the count and the totals of ``f`` (the totals of
        ``totals_filter`` when given), keeping the selected record selected."""
        source = self.source
        selected = selected_record(self.table)
        self.shown = True
        self.filter = f
        self.totals_filter = f if totals_filter is None else totals_filter
        count, self.totals = source.count_totals(f, self.totals_filter)
        self.model.set_source(count, lambda offset, limit: source.rows(f, offset, limit))
        self._show_count(self.model.total())
        self._show_totals(self.totals)
        if selected is not None:
            select_row(self.table, self.model.row_of(selected.id))

    # ----- a save ----------------------------------------------------------------

    def save_in_place(
        self,
        ids: Collection[int],
        write: Callable[[], T],
        *,
        saved_ids: Callable[[T], Collection[int]] | None = None,
        scope: Any = None,
    ) -> T:
        """Run ``write()`` (a save or a deletion that announces its changes) and
        show what it did to the records ``ids`` and those ``saved_ids(result)``
        names (a new record's id): only their rows, the count and the totals
        move. ``scope`` is what the totals are narrowed to (``totals_only``),
        the same before and after; by default the records themselves. When
        ``write`` raises, nothing was saved and nothing is shown anew."""
        if not self.shown:  # it reads everything when first shown
            return write()
        with self.freshness.updating_in_place():
            before = self._share(frozenset(ids), scope)
            result = write()
            touched = frozenset(ids) | frozenset(saved_ids(result) if saved_ids else ())
            self._update(touched, before, scope)
        return result

    def _narrowed_totals(self, ids: frozenset[int], scope: Any) -> Any:
        source = self.source
        if source.totals_only is not None:
            return source.totals_only(self.totals_filter, ids if scope is None else scope)
        return source.only(self.totals_filter, ids)

    def _share(self, ids: frozenset[int], scope: Any) -> _Before:
        """What the records ``ids`` count for in the list and its totals now."""
        source, f = self.source, self.filter
        narrowed = self._narrowed_totals(ids, scope)
        if ids and narrowed is not None:
            return _Before(*source.count_totals(source.only(f, ids), narrowed))
        count = source.count(source.only(f, ids)) if ids else 0
        return _Before(count, source.totals(narrowed) if narrowed is not None else None)

    def _update(self, ids: frozenset[int], before: _Before, scope: Any) -> None:
        source, f = self.source, self.filter
        fresh = list(source.rows(source.only(f, ids), 0, None)) if ids else []
        total = self.model.total() - before.count + len(fresh)
        selected = selected_record(self.table)
        self.model.update_rows(ids, fresh, total)
        if selected is not None and selected.id in ids and all(r.id != selected.id for r in fresh):
            self.table.clearSelection()  # it is gone: no neighbour gets chosen in its place
        narrowed = self._narrowed_totals(ids, scope)
        if narrowed is not None and before.totals is not None:
            self.totals = shifted(self.totals, before.totals, source.totals(narrowed))
        self._show_count(self.model.total())
        self._show_totals(self.totals)
