"""党员承诺 and 积分 on a hand-counted data set: who may pledge, one form per member
with several lines, 复制上一年, 践诺 and 评诺, the list and its totals line, and
the points (base, ratings, sessions, manual entries, floor, thresholds) with no
double counting when a source changes."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.enums import PairingKind, PoliticalStatus, ServiceType, UnitKind
from app.domain.errors import InUse, ValidationFailed
from app.domain.pairing_validation import PairingInput, SessionInput
from app.domain.pledge_models import PledgeCategory, PledgeRating, PledgeStatus, PointsSource
from app.domain.pledge_rules import PledgeLine, PointsRules, points_level, yearly_total
from app.domain.validation import PersonInput, UnitInput
from app.services.pledges import PledgeFilter

TODAY = dt.date(2021, 12, 20)


@pytest.fixture
def ledger(services):
    services.pledges._today = lambda: TODAY
    services.points._today = lambda: TODAY
    north = services.people.add_unit(UnitInput(name="北区分公司", kind=UnitKind.BRANCH_COMPANY))
    grid = services.people.add_unit(UnitInput(name="东城网格", kind=UnitKind.GRID, parent_id=north))
    ids = {
        "张伟": services.people.add_person(
            PersonInput(name="张伟", political_status=PoliticalStatus.MEMBER, unit_id=grid,
                        position="网格长", tags=["党员示范岗"])
        ),
        "王芳": services.people.add_person(
            PersonInput(name="王芳", political_status=PoliticalStatus.PROBATIONARY, unit_id=north)
        ),
        "赵磊": services.people.add_person(
            PersonInput(name="赵磊", political_status=PoliticalStatus.MEMBER, unit_id=north)
        ),
        "李娜": services.people.add_person(
            PersonInput(name="李娜", political_status=PoliticalStatus.MASSES, unit_id=north)
        ),
    }  # fmt: skip
    return ids


def lines(*texts, category=PledgeCategory.MAIN_DUTY, due=None):
    return [PledgeLine(text=t, category=category, due_date=due) for t in texts]


def test_only_members_and_probationary_members_may_pledge(services, ledger):
    with pytest.raises(ValidationFailed) as refused:
        services.pledges.save_member_pledges(ledger["李娜"], 2021, lines("带好新员工"))
    assert refused.value.errors["person"] == (
        "「李娜」的政治面貌是「群众」，只有中共党员和中共预备党员可以作出承诺"
    )
    assert services.pledges.count_pledges(PledgeFilter(year=2021)) == 0
    services.pledges.save_member_pledges(ledger["王芳"], 2021, lines("带好新员工"))
    assert services.pledges.count_pledges(PledgeFilter(year=2021)) == 1


def test_one_form_saves_several_lines_and_a_bad_line_saves_nothing(services, ledger):
    bad = lines("完成宽带新装 300 户", "") + [PledgeLine(text="学习", category=None)]
    with pytest.raises(ValidationFailed) as refused:
        services.pledges.save_member_pledges(ledger["张伟"], 2021, bad)
    assert refused.value.errors["1.text"] == "第 2 项：请填写承诺内容"
    assert refused.value.errors["2.category"].startswith("第 3 项：请选择类别")
    assert services.pledges.member_pledges(ledger["张伟"], 2021) == []

    ids = services.pledges.save_member_pledges(
        ledger["张伟"],
        2021,
        lines("完成宽带新装 300 户", "每月走访 10 户老人", due=dt.date(2021, 6, 30)),
    )
    assert len(ids) == 2
    saved = services.pledges.member_pledges(ledger["张伟"], 2021)
    assert [(p.text, p.due_date) for p in saved] == [
        ("完成宽带新装 300 户", dt.date(2021, 6, 30)),
        ("每月走访 10 户老人", dt.date(2021, 6, 30)),
    ]
    # edit one, drop the other, add one: in one save
    edited = [saved[0]]
    edited[0].text = "完成宽带新装 320 户"
    edited.append(PledgeLine(text="学习数字化工具", category=PledgeCategory.LEARNING))
    services.pledges.save_member_pledges(ledger["张伟"], 2021, edited)
    again = services.pledges.member_pledges(ledger["张伟"], 2021)
    assert [p.text for p in again] == ["完成宽带新装 320 户", "学习数字化工具"]
    assert again[0].id == saved[0].id


def test_the_same_text_twice_in_a_year_is_refused(services, ledger):
    with pytest.raises(ValidationFailed) as refused:
        services.pledges.save_member_pledges(ledger["张伟"], 2021, lines("走访", "走访"))
    assert "重复" in refused.value.errors["lines"]


def test_a_due_date_outside_the_year_is_refused(services, ledger):
    with pytest.raises(ValidationFailed) as refused:
        services.pledges.save_member_pledges(
            ledger["张伟"], 2021, lines("走访", due=dt.date(2022, 1, 5))
        )
    assert refused.value.errors["0.due_date"] == "第 1 项：计划完成日期应在 2021 年内"


def test_copy_last_year_gives_new_lines_with_dates_moved_to_this_year(services, ledger):
    services.pledges.save_member_pledges(
        ledger["赵磊"], 2020, lines("带教新员工 2 名", due=dt.date(2020, 2, 29))
    )
    copied = services.pledges.previous_year_lines(ledger["赵磊"], 2021)
    assert [(c.id, c.text, c.due_date) for c in copied] == [
        (None, "带教新员工 2 名", dt.date(2021, 2, 28))
    ]


def test_progress_rating_and_the_totals_line(services, ledger):
    services.pledges.save_member_pledges(
        ledger["张伟"], 2021, lines("宽带新装 300 户", "走访老人", due=dt.date(2021, 6, 30))
    )
    services.pledges.save_member_pledges(ledger["王芳"], 2021, lines("学习提升"))
    a, b = (p.id for p in services.pledges.member_pledges(ledger["张伟"], 2021))
    services.pledges.add_progress(a, dt.date(2021, 5, 1), "已完成 180 户")
    with pytest.raises(ValidationFailed):
        services.pledges.add_progress(a, dt.date(2022, 1, 1), "未来的记录")
    services.pledges.rate(a, PledgeRating.EXCELLENT, "超额完成")
    details = services.pledges.get_pledge(a)
    assert details.rating == PledgeRating.EXCELLENT and details.line.status == PledgeStatus.DONE
    assert [n.text for n in details.progress] == ["已完成 180 户"]

    rows = services.pledges.list_pledges(PledgeFilter(year=2021))
    overdue = {r.text: r.overdue for r in rows}
    assert overdue == {"宽带新装 300 户": False, "走访老人": True, "学习提升": False}
    totals = services.pledges.totals(PledgeFilter(year=2021))
    assert totals.text() == "2021 年度 共 2 名党员、3 项承诺，已完成 1 项（33.3%），优秀 1 项"
    # filters: unit with its sub-units, search by name initials and text
    north = next(u.id for u in services.people.list_units() if u.name == "北区分公司")
    assert services.pledges.count_pledges(PledgeFilter(year=2021, unit_id=north)) == 3
    assert services.pledges.count_pledges(PledgeFilter(year=2021, text="zw")) == 2
    assert services.pledges.count_pledges(PledgeFilter(year=2021, text="老人")) == 1
    assert services.pledges.count_pledges(PledgeFilter(year=2021, overdue_only=True)) == 1
    assert services.pledges.count_pledges(PledgeFilter(status=PledgeStatus.DONE)) == 1


def test_a_person_with_pledges_cannot_be_deleted(services, ledger):
    services.pledges.save_member_pledges(ledger["王芳"], 2021, lines("学习提升"))
    with pytest.raises(InUse) as refused:
        services.people.delete_person(ledger["王芳"])
    assert "有 1 项党员承诺（2021 年）" in refused.value.message


# ----- points: hand counted ---------------------------------------------------------

RULES = PointsRules()  # base 60; 优秀 +10, 合格 +5, 基本合格 0, 不合格 -5; session +2; floor 0


def session_with(services, people: list[int], day: dt.date, topic: str) -> int:
    """A session attended by ``people`` (the pairing: 李娜 helps 赵磊; attending
    counts, not being a pairing member)."""
    by_name = {p.name: p.id for p in services.people.list_people()}
    pairing = services.pairing.add_pairing(
        PairingInput(name=f"结对{topic}", kind=PairingKind.INTERNAL, helpers=[by_name["李娜"]],
                     helped=[by_name["赵磊"]])
    )  # fmt: skip
    return services.pairing.add_session(
        SessionInput(date=day, pairing_id=pairing, topic=topic,
                     service_type=ServiceType.GUIDANCE, participant_ids=people)
    )  # fmt: skip


def test_points_follow_their_sources_and_never_count_twice(services, ledger):
    zw, wf = ledger["张伟"], ledger["王芳"]
    services.pledges.save_member_pledges(zw, 2021, lines("宽带", "走访"))
    a, b = (p.id for p in services.pledges.member_pledges(zw, 2021))
    services.pledges.rate(a, PledgeRating.EXCELLENT)  # +10
    services.pledges.rate(b, PledgeRating.QUALIFIED)  # +5
    first = session_with(services, [zw, wf], dt.date(2021, 3, 1), "A")  # +2 each
    session_with(services, [zw], dt.date(2020, 12, 31), "去年")  # other year: 0
    services.points.add_entry(zw, dt.date(2021, 7, 1), 3, "抗洪抢险")  # +3
    assert services.points.total(zw, 2021) == 60 + 10 + 5 + 2 + 3 == 80
    assert services.points.total(wf, 2021) == 62

    ledger_lines = services.points.ledger(zw, 2021)
    assert [(line.source, line.points) for line in ledger_lines][0] == (PointsSource.BASE, 60)
    assert sum(line.points for line in ledger_lines) == 80  # explainable line by line
    assert sorted(line.source for line in ledger_lines).count(PointsSource.SESSION) == 1

    ranking = services.points.totals(2021)
    assert [(r.rank, r.name, r.total, r.level) for r in ranking] == [
        (1, "张伟", 80, "优秀"),
        (2, "王芳", 62, "合格"),
        (3, "赵磊", 60, "合格"),
    ]

    # change the sources: the points follow at once
    services.pledges.rate(a, PledgeRating.UNQUALIFIED)  # +10 becomes -5
    services.pairing.delete_session(first)  # -2
    assert services.points.total(zw, 2021) == 60 - 5 + 5 + 3 == 63
    services.pledges.save_member_pledges(zw, 2021, [])  # both pledges removed
    assert services.points.total(zw, 2021) == 63 - (-5) - 5 == 63
    assert [r.total for r in services.points.totals(2021) if r.name == "张伟"] == [63]


def test_the_floor_and_the_thresholds_are_rules_not_constants(services, ledger):
    zw = ledger["张伟"]
    services.points.add_entry(zw, dt.date(2021, 2, 1), -100, "严重违纪")
    assert services.points.total(zw, 2021) == 0  # floor 0
    services.points._rules = lambda: PointsRules(base=100, floor=20, excellent_from=95)
    assert services.points.total(zw, 2021) == 20
    assert points_level(95, services.points.rules) == "优秀"
    assert yearly_total(RULES, [-100]) == 0
    assert points_level(59, RULES) == "不合格" and points_level(60, RULES) == "合格"
    assert points_level(80, RULES) == "优秀" and points_level(79, RULES) == "合格"


def test_a_manual_entry_needs_a_reason_and_non_zero_points(services, ledger):
    with pytest.raises(ValidationFailed) as refused:
        services.points.add_entry(ledger["张伟"], dt.date(2021, 2, 1), 0, " ")
    assert set(refused.value.errors) == {"points", "reason"}


def test_the_points_rules_come_from_the_settings(services, ledger):
    """设置 → 积分规则: the base, a rating's points, a session's points, the lines."""
    zw = ledger["张伟"]
    services.pledges.save_member_pledges(zw, 2021, lines("宽带"))
    (pledge,) = services.pledges.member_pledges(zw, 2021)
    services.pledges.rate(pledge.id, PledgeRating.EXCELLENT)
    assert services.points.total(zw, 2021) == 70
    services.settings.save(
        {"points.base": "100", "points.rating.excellent": "20", "points.excellent_from": "120"}
    )
    assert services.points.total(zw, 2021) == 120
    (top,) = [r for r in services.points.totals(2021) if r.person_id == zw]
    assert (top.total, top.level) == (120, "优秀")
    with pytest.raises(ValidationFailed):
        services.settings.save({"points.base": "-3"})
    assert services.points.total(zw, 2021) == 120  # nothing saved
