"""A 结对 picker finds pairings in the database (app.services.pairing_choices)
exactly as it found them in the list it used to be given (``ListedPairings``,
the picker's ``find_pairings``): the same pairings, in the same order, for
names, members' names, 工号 and pinyin initials, kinds and helped units."""

from __future__ import annotations

import random

import pytest

from app.domain.enums import PairingKind, UnitKind
from app.domain.pairing_validation import PairingInput
from app.domain.validation import PersonInput, UnitInput
from app.ui.widgets.pairing_picker import MAX_SUGGESTIONS, ListedPairings
from app.ui.widgets.people_search import needle_of

SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = "芳强伟洋静磊雪敏军丽"
WORDS = ["网格", "帮扶", "机房", "政企", "共建", "线路", "Net", "IT组", "A区", "50%", "a_b"]


@pytest.fixture
def stored(services):
    """120 pairings of 60 people over 6 units, names mixing Chinese, ASCII
    of both cases and LIKE's wildcards."""
    rng = random.Random(7)
    people = services.people
    units = [
        people.add_unit(UnitInput(f"{w}单位{i}", UnitKind.GRID)) for i, w in enumerate(WORDS[:6])
    ]
    ids = []
    for i in range(60):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if i % 3 else "")
        ids.append(
            people.add_person(
                PersonInput(name=name, employee_no=f"E{i:03d}", unit_id=rng.choice(units))
            )
        )
    names = set()
    while len(names) < 120:
        names.add("".join(rng.sample(WORDS, rng.randint(1, 3))) + str(rng.randint(1, 30)))
    for name in sorted(names):
        members = rng.sample(ids, rng.randint(2, 4))
        services.pairing.add_pairing(
            PairingInput(
                name=name,
                kind=rng.choice(list(PairingKind)),
                helpers=members[:1],
                helped=members[1:],
                helped_unit_id=rng.choice([None, *units]),
            )
        )
    return services


def typed_texts(services) -> list[str]:
    """What a user might type: parts of names, members, 工号, initials, kinds, units."""
    rows = services.pairing.list_pairings(counts=False)
    texts = ["网", "网格", "帮扶", "net", "NET", "it", "a区", "50%", "%", "_", "a_b", "1", "2",
             "共建", "共建结对", "本支部", "领导", "单位", "e0", "E01", "e059", "w", "zw", "王",
             "王芳", "芳", "没有这个", "q", "Ｎｅｔ", " 网格 "]  # fmt: skip
    for row in rows[:40]:
        texts += [row.name[:2], row.name[1:4], row.helper_names[:1], row.helped_names[-2:]]
    return [t for t in dict.fromkeys(texts) if needle_of(t)]


def test_the_database_finds_what_the_list_found_in_the_same_order(stored):
    listed = ListedPairings(stored.pairing.list_pairings(counts=False))
    choices = stored.pairing_choices
    compared = 0
    for text in typed_texts(stored):
        for limit in (1, 5, MAX_SUGGESTIONS):
            expected = [row.id for row in listed.find(text, limit)]
            found = [row.id for row in choices.find(needle_of(text), limit)]
            assert found == expected, (text, limit)
            compared += bool(expected)
    assert compared > 100  # most texts found something


def test_a_found_pairing_comes_with_its_members(stored):
    row = stored.pairing_choices.find("e001", 1)[0]
    assert row.member_ids and "e001" in row.member_search
    assert stored.pairing_choices.row(row.id) == row
    assert stored.pairing_choices.row(10**6) is None


def test_the_drop_down_offers_the_first_pairings_by_name(stored):
    every = stored.pairing.list_pairings(counts=False)
    assert [r.id for r in stored.pairing_choices.offered(50)] == [r.id for r in every[:50]]
    assert stored.pairing_choices.count() == 120
    assert stored.pairing_choices.helped_unit_ids() == {
        r.helped_unit_id for r in every if r.helped_unit_id is not None
    }
