"""The roster list in SQL (PeopleService.list_roster and its counts): the same
people, in the same order, as filtering and sorting the whole roster would
give, page after page; a person's place; the counts of the unit tree."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from app.domain.enums import Gender, PersonStatus, PoliticalStatus, UnitKind
from app.domain.validation import PersonInput, UnitInput
from app.services.people import PersonRow
from app.services.roster_filter import SORT_FIELDS, RosterFilter, RosterSort

NAMES = ["张伟", "赵磊", "周晶", "安娜", "曾强", "张", "王芳", "李明", "欧阳娜娜", "吕布", "刘洋"]
ENUM_ORDER = {e: {m: i for i, m in enumerate(e)} for e in (Gender, PoliticalStatus, PersonStatus)}


def native(row: PersonRow, field: str):
    """What a column sorts by, as the roster has always sorted: None is blank."""
    value = {
        "name": row.name_sort,
        "employee_no": row.employee_no or None,
        "gender": row.gender,
        "birth_date": row.birth_date,
        "unit_id": row.unit_name or None,
        "position": row.position or None,
        "political_status": row.political_status,
        "party_join_date": row.party_join_date,
        "phone": row.phone or None,
        "tags": row.tags or None,
        "status": row.status,
    }[field]
    if value is not None and type(value) in ENUM_ORDER:
        return ENUM_ORDER[type(value)][value]
    return value


def expected(rows: list[PersonRow], f: RosterFilter, sort: RosterSort) -> list[int]:
    """Filter and sort in Python: blanks last either way, ties in name order."""
    needle = f.text.strip().lower()
    kept = [
        r
        for r in rows  # list_people: name order, namesakes by id
        if (not needle or needle in r.search_key)
        and (f.status is None or r.status is f.status)
        and (f.unit_ids is None or r.unit_id in f.unit_ids)
        and (f.political_statuses is None or r.political_status in f.political_statuses)
    ]
    present = [r for r in kept if native(r, sort.field) is not None]
    blank = [r for r in kept if native(r, sort.field) is None]
    present.sort(key=lambda r: native(r, sort.field), reverse=sort.descending)
    return [r.id for r in present + blank]


@pytest.fixture
def roster(services):
    people = services.people
    rng = random.Random(7)
    grid = people.add_unit(UnitInput("滨江一网格", UnitKind.GRID))
    dept = people.add_unit(UnitInput("综合部", UnitKind.DEPARTMENT))
    co = people.add_unit(UnitInput("临汾路街道", UnitKind.CO_BUILDING))
    for i in range(90):
        political = rng.choice(list(PoliticalStatus))
        party = political.is_party_member
        person_id = people.add_person(
            PersonInput(
                name=rng.choice(NAMES),
                employee_no=rng.choice(["", f"A{i:03d}", f"b{i:03d}"]),
                gender=rng.choice([None, Gender.MALE, Gender.FEMALE]),
                birth_date=rng.choice([None, dt.date(1960 + i % 25, 1 + i % 12, 1 + i % 27)]),
                unit_id=rng.choice([None, grid, dept, co]),
                position=rng.choice(["", "网格长", "客户经理"]),
                political_status=political,
                party_join_date=dt.date(2010, 7, 1 + i % 28) if party else None,
                phone=rng.choice(["", f"1380000{i:04d}"]),
                tags=rng.choice([[], ["业务骨干"], ["新员工", "业务骨干"]]),
            )
        )
        if i % 9 == 0:
            people.set_transferred_out(person_id, dt.date(2025, 1, 1))
    return people, {"grid": grid, "dept": dept, "co": co}


FILTERS = [
    RosterFilter(),
    RosterFilter(status=None),
    RosterFilter(text="zw"),
    RosterFilter(text=" 张 ", status=None),
    RosterFilter(text="B01"),  # 工号 in any case
    RosterFilter(text="%"),  # typed literally: matches nothing here
    RosterFilter(status=PersonStatus.TRANSFERRED_OUT),
    RosterFilter(political_statuses=frozenset({PoliticalStatus.MEMBER})),
]


@pytest.mark.parametrize("field", SORT_FIELDS)
@pytest.mark.parametrize("descending", [False, True])
def test_pages_in_every_order_match_sorting_the_whole_roster(roster, field, descending):
    people, _units = roster
    everyone = people.list_people()
    sort = RosterSort(field, descending)
    for f in FILTERS:
        want = expected(everyone, f, sort)
        assert people.count_people(f) == len(want)
        # by offset, and by "after the last row shown", 7 at a time
        by_offset = [
            r.id
            for start in range(0, len(want) + 7, 7)
            for r in people.list_roster(f, sort, start, 7)
        ]
        assert by_offset == want, (f, sort)
        shown: list[int] = []
        while True:
            page = people.list_roster(f, sort, len(shown), 7, shown[-1] if shown else None)
            if not page:
                break
            shown += [r.id for r in page]
        assert shown == want, (f, sort)
        for place, person_id in enumerate(want[:: max(1, len(want) // 6)]):
            assert people.roster_position(person_id, f, sort) == want.index(person_id), place
            # among the first rows a list holds (without the person): the same place
            for held in (want[:5], want[: len(want) // 2], want):
                others = [i for i in held if i != person_id]
                among = people.roster_position_among(person_id, f, sort, others)
                assert among == min(want.index(person_id), len(others)), (place, len(held))


def test_a_person_the_filter_hides_has_no_place(roster):
    people, units = roster
    row = next(r for r in people.list_people() if r.unit_id == units["co"])
    assert people.roster_position(row.id, RosterFilter(unit_ids=frozenset({units["grid"]}))) is None
    assert people.roster_position(10_000, RosterFilter()) is None
    grid_only = RosterFilter(unit_ids=frozenset({units["grid"]}))
    assert people.roster_position_among(row.id, grid_only, RosterSort(), []) is None


def test_unit_counts_and_totals_are_counted_in_the_database(roster):
    people, units = roster
    everyone = people.list_people()
    f = RosterFilter(political_statuses=frozenset({PoliticalStatus.MEMBER}))
    counts = people.roster_unit_counts(f)
    for unit in (None, *units.values()):
        want = sum(
            1
            for r in everyone
            if r.unit_id == unit
            and r.status is PersonStatus.ACTIVE
            and r.political_status is PoliticalStatus.MEMBER
        )
        assert counts.get(unit, 0) == want
    assert people.roster_unit_counts(f, [units["co"], None]) == {
        k: v for k, v in counts.items() if k in (units["co"], None)
    }
    active = sum(1 for r in everyone if r.status is PersonStatus.ACTIVE)
    assert people.roster_totals() == (len(everyone), active)


@pytest.mark.parametrize(
    "f",
    [
        RosterFilter(),
        RosterFilter(status=None),
        RosterFilter(status=PersonStatus.TRANSFERRED_OUT),
        RosterFilter(political_statuses=frozenset({PoliticalStatus.MEMBER})),
    ],
)
def test_counts_as_the_roster_opens_are_the_unit_counts_and_the_totals(roster, f):
    people, _units = roster
    counts, totals = people.roster_counts(f)
    assert counts == people.roster_unit_counts(f)
    assert totals == people.roster_totals()
