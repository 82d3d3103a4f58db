"""What a person picker suggests for a typed text (``PeopleIndex.find``): the
exact name or 工号 first, then names or initials starting with it, then 工号
starting with it, then anything holding it; each in the roster's order; people
已转出 only by their full name or 工号; the ones already chosen left out.

The index is checked against the plain rule written out below (every row
ranked and sorted, as the pickers did before) on random rosters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.enums import Gender, PersonStatus, PoliticalStatus
from app.domain.search_keys import search_key
from app.services.people import PersonRow
from app.ui.widgets.people_search import PeopleIndex, needle_of


def person(pid, name, no, initials, sort=None, status=PersonStatus.ACTIVE) -> PersonRow:
    return PersonRow(
        id=pid,
        name=name,
        employee_no=no,
        gender=Gender.MALE,
        birth_date=None,
        unit_id=None,
        unit_name="",
        position="",
        political_status=PoliticalStatus.MEMBER,
        party_join_date=None,
        phone="",
        tags="",
        status=status,
        search_key=search_key(name, no, initials),
        name_sort=sort if sort is not None else initials + "\x1f" + name,
    )


ROSTER = [
    person(1, "张伟", "BQ0305", "zw", "zhang wei"),
    person(2, "张伟", "BQ0412", "zw", "zhang wei"),
    person(3, "赵丽", "BQ0031", "zl", "zhao li"),
    person(4, "王芳", "BQ0012", "wf", "wang fang"),
    person(5, "吴静", "BQ0033", "wj", "wu jing"),
    person(6, "萧然", "BQ0034", "xr", "xiao ran", PersonStatus.TRANSFERRED_OUT),
    person(7, "冯霞", "", "fx", "feng xia"),
    person(8, "韩雪", "XA0001", "hx", "han xue"),
]


def names(found) -> list[str]:
    return [f"{row.name}{row.employee_no}" for row in found]


def test_exact_then_prefix_then_number_then_inside_each_in_roster_order():
    # the roster's order: 冯霞 feng, 韩雪 han, 王芳 wang, 吴静 wu, 萧然 xiao, 张伟 zhang x2, 赵丽 zhao
    index = PeopleIndex(ROSTER)
    assert names(index.find("zw")) == ["张伟BQ0305", "张伟BQ0412"]
    assert names(index.find("张伟")) == ["张伟BQ0305", "张伟BQ0412"]
    assert names(index.find("bq0031")) == ["赵丽BQ0031"]  # the exact 工号
    # "b": only 工号 start with it
    assert names(index.find("b")) == [
        "王芳BQ0012",
        "吴静BQ0033",
        "张伟BQ0305",
        "张伟BQ0412",
        "赵丽BQ0031",
    ]
    # "f": 冯霞's initials start with it, 王芳's (wf) hold it
    assert names(index.find("f")) == ["冯霞", "王芳BQ0012"]
    # "x": 韩雪's 工号 starts with it, 冯霞's initials (fx) hold it; 萧然 (已转出,
    # initials xr) is not offered by her initials, only by full name or 工号
    assert names(index.find("x")) == ["韩雪XA0001", "冯霞"]
    assert names(index.find("萧然")) == ["萧然BQ0034"]
    assert names(index.find("BQ0034")) == ["萧然BQ0034"]


def test_ranks_on_a_small_roster():
    index = PeopleIndex(ROSTER)
    # "w": names/initials starting with w (王芳 wf, 吴静 wj) before 张伟 (zw holds w)
    assert names(index.find("w")) == ["王芳BQ0012", "吴静BQ0033", "张伟BQ0305", "张伟BQ0412"]
    # "0": inside every 工号, in the roster's order (冯霞 has none, 萧然 is 已转出)
    assert names(index.find("0")) == [
        "韩雪XA0001",
        "王芳BQ0012",
        "吴静BQ0033",
        "张伟BQ0305",
        "张伟BQ0412",
        "赵丽BQ0031",
    ]
    assert names(index.find("0", limit=2)) == ["韩雪XA0001", "王芳BQ0012"]
    assert names(index.find("zw", exclude=[1])) == ["张伟BQ0412"]
    assert index.find("") == [] and index.find("   ") == [] and index.find("没有") == []


def test_full_width_letters_as_an_input_method_types_them():
    index = PeopleIndex(ROSTER)
    assert needle_of(" ＢＱ００３１ ") == "bq0031"
    assert names(index.find("ＢＱ００３１")) == ["赵丽BQ0031"]
    assert names(index.find("ＺＷ")) == ["张伟BQ0305", "张伟BQ0412"]


def reference(rows, text, limit, exclude) -> list[int]:
    """The rule as the pickers applied it before: rank every row, sort."""
    needle = needle_of(text)
    ranked = []
    ordered = sorted(rows, key=lambda row: row.name_sort)
    for position, row in enumerate(ordered):
        if not needle or needle not in row.search_key or row.id in exclude:
            continue
        name, number, initials = row.search_key.split("\x1f")
        exact = needle in (name, number)
        if row.status is PersonStatus.TRANSFERRED_OUT and not exact:
            continue
        if exact:
            rank = 0
        elif name.startswith(needle) or initials.startswith(needle):
            rank = 1
        elif number.startswith(needle):
            rank = 2
        else:
            rank = 3
        ranked.append((rank, position, row.id))
    ranked.sort()
    return [pid for _rank, _position, pid in ranked[:limit]]


NAME = st.text(alphabet="张王李赵伟芳丽静", min_size=1, max_size=3)
NUMBER = st.text(alphabet="AB01", max_size=4)
INITIALS = st.text(alphabet="zwlj", min_size=1, max_size=3)


@st.composite
def rosters(draw):
    count = draw(st.integers(min_value=0, max_value=30))
    rows = []
    for pid in range(1, count + 1):
        rows.append(
            person(
                pid,
                draw(NAME),
                draw(NUMBER),
                draw(INITIALS),
                draw(st.sampled_from(["a", "b", "c", "d"])),
                draw(st.sampled_from([PersonStatus.ACTIVE] * 4 + [PersonStatus.TRANSFERRED_OUT])),
            )
        )
    return rows


@settings(max_examples=1000, deadline=None)
@given(
    rows=rosters(),
    text=st.text(alphabet="张王李赵伟芳丽静AB01zwlj ＡＢ", max_size=3),
    limit=st.integers(min_value=1, max_value=8),
    exclude=st.sets(st.integers(min_value=1, max_value=30), max_size=4),
)
def test_the_index_suggests_what_ranking_every_row_would(rows, text, limit, exclude):
    found = PeopleIndex(rows).find(text, limit, exclude=exclude)
    assert [row.id for row in found] == reference(rows, text, limit, exclude)
