"""Finding people by what a user types: a name, a 工号 or pinyin initials.

Made once when a form opens, from the light rows ``PeopleService.list_people``
reads (the initials are stored with each person, so no pinyin dictionary is
loaded). A keystroke then costs about as much as the suggestions it returns,
not as much as the roster: exact and prefix matches come from sorted lists
(bisect), and matches further inside a name, 工号 or initials from one scan of
a joined text that stops once enough are found. At 10,000 people a search
takes about a millisecond at most (the worst is "A", which every 工号 starts
with) and allocates little, so the garbage collector is not woken on every key.

No Qt here: the pickers show what this finds.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from heapq import nsmallest

from app.domain.enums import PersonStatus
from app.services.people import PersonRow

MAX_SUGGESTIONS = 12
# full-width letters and digits (as a Chinese input method types them) made
# plain, the key separators dropped; CJK characters are left exactly as typed
_TYPED = str.maketrans(
    {0xFF01 + i: 0x21 + i for i in range(94)}
    | {0x3000: " ", "\n": None, "\x1e": None, "\x1f": None}
)
_END = "\U0010ffff"  # sorts after any text: the end of a prefix's range


def needle_of(text: str) -> str:
    """What a typed text is matched as: full-width letters and digits made
    plain, lower case, no separators."""
    return text.translate(_TYPED).strip().lower()


class _Sorted:
    """One text per person, sorted: who has exactly a text, or a text starting
    with a prefix (two bisections; nothing allocated per person)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.positions = sorted((i for i, text in enumerate(texts) if text), key=texts.__getitem__)
        self.texts = [texts[i] for i in self.positions]

    def equal_to(self, text: str) -> list[int]:
        low = bisect_left(self.texts, text)
        return self.positions[low : bisect_right(self.texts, text, low)]

    def starting_with(self, prefix: str) -> list[int]:
        low = bisect_left(self.texts, prefix)
        return self.positions[low : bisect_left(self.texts, prefix + _END, low)]


def _name_sort(row: PersonRow) -> str:
    return row.name_sort


class _Tables:
    """What a search reads, built from plain lists of strings (not an object
    per person): for 10,000 people in about 15 ms, waking no garbage collection."""

    def __init__(self, rows: Sequence[PersonRow]) -> None:
        # the search key is "name\x1f工号\x1finitials", lower case (domain.search_keys)
        keys = [row.search_key for row in rows]
        names: list[str] = []
        numbers: list[str] = []
        initials: list[str] = []
        for key in keys:
            name, _, rest = key.partition("\x1f")
            number, _, letters = rest.partition("\x1f")
            names.append(name)
            numbers.append(number)
            initials.append(letters)
        self.transferred = [row.status is PersonStatus.TRANSFERRED_OUT for row in rows]
        self.names = _Sorted(names)
        self.numbers = _Sorted(numbers)
        self.initials = _Sorted(initials)
        # one text to scan for matches inside a name, 工号 or initials; a key per line
        self.text = "\n".join(keys)
        self.starts: list[int] = []
        offset = 0
        for key in keys:
            self.starts.append(offset)
            offset += len(key) + 1


class PeopleIndex:
    """Everyone a picker may offer, in the roster's order (full pinyin of the
    name; namesakes in the order given), ready to be searched.

    The tables a search reads are built when first needed (``prepare``), so a
    page that refreshes its filter's people, or a form nobody types into, never
    pays for them; one index may serve several pickers of a form."""

    def __init__(self, rows: Iterable[PersonRow]) -> None:
        given = list(rows)
        in_order = all(a.name_sort <= b.name_sort for a, b in zip(given, given[1:], strict=False))
        self.rows: list[PersonRow] = given if in_order else sorted(given, key=_name_sort)
        self.by_id: dict[int, PersonRow] = {row.id: row for row in self.rows}
        self.name_counts: Counter[str] = Counter(row.name for row in self.rows)
        self._position = {row.id: i for i, row in enumerate(self.rows)}
        self._built: _Tables | None = None

    @property
    def _tables(self) -> _Tables:
        self.prepare()
        assert self._built is not None
        return self._built

    def prepare(self) -> None:
        """Build the search tables now (a picker does when it gets the focus,
        so the first key typed is as quick as the others)."""
        if self._built is None:
            self._built = _Tables(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def find(
        self, text: str, limit: int = MAX_SUGGESTIONS, exclude: Collection[int] = ()
    ) -> list[PersonRow]:
        """Who ``text`` finds, best first: the exact name or 工号, then a name or
        initials starting with it, then a 工号 starting with it, then a name or
        工号 holding it; within each, in the roster's order. People 已转出 only
        when searched for by their full name or 工号; ``exclude``: ids left out
        (the people already chosen)."""
        needle = needle_of(text)
        if not needle or limit <= 0:
            return []
        tables = self._tables
        transferred = tables.transferred
        left_out = {self._position[i] for i in exclude if i in self._position}
        found: list[int] = []
        taken: set[int] = set()

        def take(positions: Iterable[int], *, exact: bool = False) -> bool:
            """Add the best of ``positions``; True once ``limit`` are found."""
            wanted = limit - len(found)
            usable = (
                i
                for i in set(positions)
                if i not in taken and i not in left_out and (exact or not transferred[i])
            )
            best = nsmallest(wanted, usable)
            found.extend(best)
            taken.update(best)
            return len(found) >= limit

        exact = tables.names.equal_to(needle) + tables.numbers.equal_to(needle)
        if take(exact, exact=True):
            return self._rows_at(found)
        starting = tables.names.starting_with(needle) + tables.initials.starting_with(needle)
        if take(starting) or take(tables.numbers.starting_with(needle)):
            return self._rows_at(found)
        # inside a name, 工号 or initials: the scan meets people in the roster's order
        text, starts, at = tables.text, tables.starts, 0
        while len(found) < limit:
            at = text.find(needle, at)
            if at < 0:
                break
            i = bisect_right(starts, at) - 1
            if i not in taken and i not in left_out and not transferred[i]:
                found.append(i)
                taken.add(i)
            at = starts[i + 1] if i + 1 < len(starts) else len(text)
        return self._rows_at(found)

    def _rows_at(self, positions: list[int]) -> list[PersonRow]:
        return [self.rows[i] for i in positions]
