"""Realistic roster data for benchmarks: units and people of a large branch or
a party committee, written straight into a database and/or an exchange workbook.

    .venv/bin/python bench/generate_data.py --people 10000 --db /tmp/x.sqlite3 --xlsx /tmp/x.xlsx

Deterministic for a given seed. Names are surname + given name drawn from the
common lists (so namesakes such as 张伟 occur naturally), a few with rare
characters; about 8 % have no 工号, and those never share a name within a unit
(the import would rightly merge them). Every value passes the app's validation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from app.domain.enums import Gender, PersonStatus, PoliticalStatus, UnitKind  # noqa: E402

# Weighted roughly by frequency: the first ones are the most common surnames.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫"]
GIVEN_ONE = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚辉玲桂华红鹏飞斌宇浩凯健俊帆帅旭宁龙林欣晨"
GIVEN_TWO = [
    "秀英",
    "桂英",
    "志强",
    "建华",
    "建国",
    "海燕",
    "春梅",
    "晓东",
    "文静",
    "子涵",
    "浩然",
    "雨涵",
    "梓轩",
    "欣怡",
    "思远",
    "俊杰",
    "佳怡",
    "一鸣",
    "宇航",
    "嘉怡",
    "晓燕",
    "丽娟",
    "国庆",
    "红梅",
    "振华",
    "永刚",
    "玉兰",
    "淑珍",
    "明辉",
    "立新",
    "雪梅",
    "婷婷",
    "晓军",
    "宏伟",
    "金凤",
    "少华",
    "天佑",
    "若曦",
    "紫薇",
    "梦琪",
    "晨阳",
    "博文",
    "泽宇",
    "思彤",
    "雅婷",
    "家豪",
    "诗雨",
    "志远",
]
RARE_GIVEN = ["䶮", "赟", "堃", "昇", "玥", "喆", "禕", "淼", "犇", "垚"]

TOWNS = [
    "东城",
    "西关",
    "南湖",
    "北岭",
    "新港",
    "龙泉",
    "青山",
    "白沙",
    "金桥",
    "石门",
    "凤凰",
    "长乐",
]
GRID_WORDS = ["一网格", "二网格", "三网格", "四网格", "五网格", "六网格", "七网格", "八网格"]
DEPARTMENTS = [
    "综合部",
    "党建工作部",
    "人力资源部",
    "财务部",
    "市场部",
    "政企客户部",
    "网络维护中心",
    "客户服务中心",
    "装维中心",
    "渠道运营部",
    "信息化支撑中心",
    "安全保障部",
]
CO_BUILDING = [
    "北区街道党工委",
    "南湖社区党委",
    "新港社区党支部",
    "区政务服务中心党支部",
    "第三中学党支部",
    "区人民医院第二党支部",
    "供电公司北区党支部",
    "邮政北区党支部",
    "龙泉村党总支",
    "青山社区党委",
]
POSITIONS = [
    "客户经理",
    "网格长",
    "装维工程师",
    "营业员",
    "综合管理",
    "财务主管",
    "政企客户经理",
    "网络优化工程师",
    "渠道经理",
    "部门经理",
    "支部书记",
    "组织委员",
    "宣传委员",
    "纪检委员",
    "数据分析师",
    "安全员",
    "班组长",
    "小CEO",
]
TAGS = ["业务骨干", "小CEO", "党员示范岗", "党员责任区", "新员工", "领导班子"]
PHONE_PREFIXES = [
    "138",
    "139",
    "137",
    "136",
    "135",
    "150",
    "151",
    "152",
    "158",
    "159",
    "186",
    "187",
    "188",
    "133",
    "153",
    "180",
    "189",
    "177",
    "199",
    "166",
]
NOTES = ["", "", "", "", "外派支援中", "兼任网格联络员", "2019年度优秀党员", "退伍军人"]

# 政治面貌 mix of a company branch's staff (members and everybody they work with).
POLITICAL_MIX = [
    (PoliticalStatus.MEMBER, 30),
    (PoliticalStatus.PROBATIONARY, 3),
    (PoliticalStatus.DEVELOPMENT_TARGET, 2),
    (PoliticalStatus.ACTIVIST, 5),
    (PoliticalStatus.APPLICANT, 5),
    (PoliticalStatus.LEAGUE_MEMBER, 10),
    (PoliticalStatus.MASSES, 45),
]

TODAY = dt.date(2026, 11, 1)  # fixed, so a seed gives the same data every day


@dataclass
class UnitData:
    id: int
    name: str
    kind: UnitKind
    parent_id: int | None
    parent_name: str = ""


@dataclass
class PersonData:
    id: int
    name: str
    employee_no: str | None
    gender: Gender
    birth_date: dt.date
    unit_id: int
    unit_name: str
    position: str
    political_status: PoliticalStatus
    party_join_date: dt.date | None
    phone: str
    tags: list[str] = field(default_factory=list)
    note: str = ""
    status: PersonStatus = PersonStatus.ACTIVE
    transferred_out_on: dt.date | None = None


def generate_units(count: int) -> list[UnitData]:
    """A branch company, town companies with grids, departments, co-building units."""
    units: list[UnitData] = []

    def add(name: str, kind: UnitKind, parent: UnitData | None) -> UnitData:
        unit = UnitData(
            len(units) + 1, name, kind, parent.id if parent else None, parent.name if parent else ""
        )
        units.append(unit)
        return unit

    root = add("北区分公司", UnitKind.BRANCH_COMPANY, None)
    count = max(count, 4)
    co_building = max(1, count // 20)
    for name in CO_BUILDING[:co_building]:
        add(name, UnitKind.CO_BUILDING, None)
    for i in range(co_building - len(CO_BUILDING)):
        add(f"共建社区党支部{i + 1:03d}", UnitKind.CO_BUILDING, None)
    departments = max(1, count // 10)
    for i in range(departments):
        base = DEPARTMENTS[i % len(DEPARTMENTS)]
        add(
            base if i < len(DEPARTMENTS) else f"{base}{i // len(DEPARTMENTS) + 1}",
            UnitKind.DEPARTMENT,
            root,
        )
    town_index = 0
    while len(units) < count:
        town_name = TOWNS[town_index % len(TOWNS)]
        if town_index >= len(TOWNS):
            town_name += str(town_index // len(TOWNS) + 1)
        town = add(f"{town_name}街镇分公司", UnitKind.TOWN_COMPANY, root)
        town_index += 1
        for grid_word in GRID_WORDS:
            if len(units) >= count:
                break
            add(f"{town_name}{grid_word}", UnitKind.GRID, town)
    return units


def _name(rng: random.Random) -> str:
    if rng.random() < 0.01:
        surname = rng.choice(COMPOUND_SURNAMES)
    else:
        # Triangular pick: common surnames far more often than rare ones.
        surname = SURNAMES[int(len(SURNAMES) * rng.random() ** 2)]
    roll = rng.random()
    if roll < 0.005:
        given = rng.choice(RARE_GIVEN) + rng.choice(GIVEN_ONE)
    elif roll < 0.45:
        given = GIVEN_ONE[int(len(GIVEN_ONE) * rng.random() ** 1.5)]
    else:
        given = rng.choice(GIVEN_TWO)
    return surname + given


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


def generate_people(count: int, units: list[UnitData], seed: int = 1) -> list[PersonData]:
    rng = random.Random(seed)
    people_units = [u for u in units if u.kind != UnitKind.BRANCH_COMPANY]
    statuses = [s for s, _ in POLITICAL_MIX]
    weights = [w for _, w in POLITICAL_MIX]
    taken_without_no: set[tuple[str, int]] = set()
    people: list[PersonData] = []
    for i in range(count):
        unit = people_units[int(len(people_units) * rng.random() ** 1.3)]
        name = _name(rng)
        employee_no: str | None = f"A{i + 1:05d}"
        if rng.random() < 0.08:
            employee_no = None
            while (name, unit.id) in taken_without_no:
                name = _name(rng)
            taken_without_no.add((name, unit.id))
        birth = _date_between(rng, dt.date(1966, 1, 1), dt.date(2004, 12, 31))
        political = rng.choices(statuses, weights)[0]
        joined = None
        eighteen = birth.replace(year=birth.year + 18, day=min(birth.day, 28))
        if political is PoliticalStatus.MEMBER:
            joined = _date_between(
                rng, max(eighteen, dt.date(1985, 7, 1)), TODAY - dt.timedelta(days=400)
            )
        elif political is PoliticalStatus.PROBATIONARY:
            joined = _date_between(rng, max(eighteen, TODAY - dt.timedelta(days=360)), TODAY)
        phone = (
            rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            if rng.random() < 0.93
            else ""
        )
        tags = rng.sample(TAGS, k=rng.choice((0, 0, 0, 1, 1, 2)))
        person = PersonData(
            id=i + 1,
            name=name,
            employee_no=employee_no,
            gender=Gender.MALE if rng.random() < 0.55 else Gender.FEMALE,
            birth_date=birth,
            unit_id=unit.id,
            unit_name=unit.name,
            position=rng.choice(POSITIONS),
            political_status=political,
            party_join_date=joined,
            phone=phone,
            tags=tags,
            note=rng.choice(NOTES),
        )
        if rng.random() < 0.05:
            person.status = PersonStatus.TRANSFERRED_OUT
            person.transferred_out_on = _date_between(rng, dt.date(2020, 1, 1), TODAY)
        people.append(person)
    return people


def generate(
    people: int, units: int | None = None, seed: int = 1
) -> tuple[list[UnitData], list[PersonData]]:
    unit_list = generate_units(units or max(8, people // 40))
    return unit_list, generate_people(people, unit_list, seed)


# ----- writers -----------------------------------------------------------------


def write_database(
    target: str | Path,
    units: list[UnitData],
    people: list[PersonData],
    backups_dir: Path | None = None,
) -> None:
    """Create (or open) the app's database at ``target`` and bulk-insert the rows
    with Core ``insert`` (one statement per table, not one per row)."""
    from sqlalchemy import insert

    from app.domain.models import Person, Unit
    from app.domain.search_keys import name_sort_key, pinyin_initials, search_key
    from app.persistence.database import Database

    keys: dict[str, tuple[str, str]] = {}  # name -> (initials, sort key); names repeat
    db = Database.open(str(target), backups_dir=backups_dir)
    try:
        with db.engine.begin() as conn:
            # Parents first: ids are assigned so that a parent always precedes its children.
            conn.execute(
                insert(Unit),
                [
                    {
                        "id": u.id,
                        "name": u.name,
                        "kind": u.kind,
                        "parent_id": u.parent_id,
                        "note": "",
                    }
                    for u in units
                ],
            )
            rows = []
            for p in people:
                if p.name not in keys:
                    keys[p.name] = (pinyin_initials(p.name), name_sort_key(p.name))
                rows.append(
                    {
                        "id": p.id,
                        "name": p.name,
                        "employee_no": p.employee_no,
                        "gender": p.gender,
                        "birth_date": p.birth_date,
                        "unit_id": p.unit_id,
                        "position": p.position,
                        "political_status": p.political_status,
                        "party_join_date": p.party_join_date,
                        "phone": p.phone,
                        "tags": "、".join(p.tags),
                        "note": p.note,
                        "status": p.status,
                        "transferred_out_on": p.transferred_out_on,
                        "name_initials": keys[p.name][0],
                        "name_sort": keys[p.name][1],
                        "search_key": search_key(p.name, p.employee_no, keys[p.name][0]),
                    }
                )
            for start in range(0, len(rows), 20_000):
                conn.execute(insert(Person), rows[start : start + 20_000])
    finally:
        db.close()


# ----- 结对帮扶 ----------------------------------------------------------------

SESSION_TOPICS = ["宽带装维指导", "营销话术培训", "机房巡检", "数字化工具使用", "适老服务进社区",
                  "经营分析会", "网络安全讲座", "客户走访", "政企业务指导", "线路整治"]  # fmt: skip
SESSION_PLACES = ["网格服务站", "营业厅", "机房", "社区活动室", "客户现场", ""]
PROBLEM_TEXTS = ["光猫老化", "台账不全", "跳线混乱", "弱口令", "标签缺失", "资费不清", "预约超时"]


def write_pairing_data(
    target: str | Path, units: list[UnitData], people: list[PersonData], sessions: int,
    seed: int = 1, start: dt.date = dt.date(2016, 1, 1), end: dt.date = TODAY,
    pairings: int | None = None,
) -> None:  # fmt: skip
    """Pairings (``pairings``, by default one per 20 sessions, at most 2,000) and ``sessions`` sessions
    spread over ``start``..``end``, with 2-5 participants, 0-3 outside, and a
    problem in about one session of four (half of them solved), written with Core
    inserts into a database already holding ``units`` and ``people``."""
    from sqlalchemy import insert

    from app.domain.enums import MemberSide, PairingKind, ServiceType
    from app.domain.pairing_models import (
        AssistanceSession,
        Pairing,
        PairingMember,
        Problem,
        SessionParticipant,
    )
    from app.persistence.database import Database

    rng = random.Random(seed + 7)
    kinds = [PairingKind.INTERNAL] * 5 + [PairingKind.LEADER] * 2 + [PairingKind.CO_BUILDING] * 3
    grids = [u for u in units if u.kind == UnitKind.GRID] or units
    pairing_rows, member_rows, members = [], [], {}
    count = pairings if pairings is not None else max(1, min(2000, sessions // 20))
    for pid in range(1, count + 1):
        chosen = rng.sample(people, k=min(len(people), rng.randint(2, 4)))
        pairing_rows.append(
            {"id": pid, "name": f"结对{pid:04d}", "kind": rng.choice(kinds), "campaign": "1+2+X 攻坚",
             "helped_unit_id": rng.choice(grids).id, "goal": "", "note": ""}
        )  # fmt: skip
        members[pid] = [p.id for p in chosen]
        for i, p in enumerate(chosen):
            side = MemberSide.HELPER if i == 0 else MemberSide.HELPED
            member_rows.append({"pairing_id": pid, "person_id": p.id, "side": side})
    span = (end - start).days
    services = list(ServiceType)
    session_rows, participant_rows, problem_rows = [], [], []
    keys: set[tuple[dt.date, int, str]] = set()
    for sid in range(1, sessions + 1):
        pid = rng.randint(1, len(pairing_rows))
        who = members[pid][: rng.randint(2, len(members[pid]))]
        day = start + dt.timedelta(days=rng.randint(0, span))
        topic = rng.choice(SESSION_TOPICS)
        while (day, pid, topic) in keys:  # date + pairing + topic identify a session
            day += dt.timedelta(days=1)
        keys.add((day, pid, topic))
        session_rows.append(
            {"id": sid, "date": day, "pairing_id": pid, "topic": topic,
             "service_type": rng.choice(services), "place": rng.choice(SESSION_PLACES),
             "outside_count": rng.randint(0, 3), "participant_count": len(who), "follow_up": ""}
        )  # fmt: skip
        participant_rows += [{"session_id": sid, "person_id": w} for w in who]
        if rng.random() < 0.25:
            solved = rng.random() < 0.5
            problem_rows.append(
                {"session_id": sid, "text": rng.choice(PROBLEM_TEXTS), "solved": solved,
                 "solved_on": day if solved else None, "solved_session_id": None}
            )  # fmt: skip
    db = Database.open(str(target))
    try:
        with db.engine.begin() as conn:
            for model, rows in (
                (Pairing, pairing_rows), (PairingMember, member_rows),
                (AssistanceSession, session_rows), (SessionParticipant, participant_rows),
                (Problem, problem_rows),
            ):  # fmt: skip
                for first in range(0, len(rows), 20_000):
                    conn.execute(insert(model), rows[first : first + 20_000])
    finally:
        db.close()


# ----- 党员承诺 ----------------------------------------------------------------

PLEDGE_TEXTS = {
    "main_duty": ["完成宽带新装 {n} 户", "降低装维投诉率至 {n}‰ 以下", "完成政企项目 {n} 个",
                  "网格收入同比增长 {n}%"],
    "serving": ["每月走访 {n} 户老人", "为社区开展适老服务 {n} 次", "解决群众急难愁盼问题 {n} 件"],
    "innovation": ["提出合理化建议 {n} 条", "攻关网络优化课题 {n} 项", "推广数字化工具 {n} 个"],
    "conduct": ["全年无违规违纪，带头落实中央八项规定", "承诺服务 {n} 小时内响应"],
    "learning": ["学习新业务知识，考取 {n} 项认证", "参加党课学习 {n} 次"],
}  # fmt: skip
PROGRESS_TEXTS = ["已完成阶段目标", "本月推进顺利", "完成过半", "已走访到位", "组织专题学习"]


def write_pledge_data(
    target: str | Path, people: list[PersonData], pledges: int, seed: int = 1,
    last_year: int = TODAY.year,
) -> None:  # fmt: skip
    """``pledges`` pledges of the party members (中共党员/预备党员) among
    ``people``, 2-5 per member and year going back from ``last_year``; pledges
    of past years mostly rated, about one in three with 1-3 progress notes;
    written with Core inserts into a database already holding the people."""
    from sqlalchemy import insert

    from app.domain.pledge_models import (
        Pledge,
        PledgeCategory,
        PledgeProgress,
        PledgeRating,
        PledgeStatus,
    )
    from app.persistence.database import Database

    rng = random.Random(seed + 11)
    members = [p for p in people if p.political_status.is_party_member] or people
    categories = list(PledgeCategory)
    ratings = [PledgeRating.EXCELLENT] * 2 + [PledgeRating.QUALIFIED] * 6 + [
        PledgeRating.BASIC, PledgeRating.UNQUALIFIED]  # fmt: skip
    pledge_rows, note_rows = [], []
    year = last_year
    while len(pledge_rows) < pledges:
        for member in members:
            if len(pledge_rows) >= pledges:
                break
            for order in range(min(rng.randint(2, 5), pledges - len(pledge_rows))):
                category = rng.choice(categories)
                text = rng.choice(PLEDGE_TEXTS[category.value]).format(n=rng.randint(2, 300))
                text = f"{text}（{order + 1}）"  # unique within the member's year
                due = dt.date(year, rng.randint(3, 12), rng.randint(1, 28))
                rated = year < last_year and rng.random() < 0.85
                rating = rng.choice(ratings) if rated else None
                if rating is None:
                    status = PledgeStatus.IN_PROGRESS if rng.random() < 0.9 else PledgeStatus.DONE
                elif rating == PledgeRating.UNQUALIFIED:
                    status = PledgeStatus.NOT_DONE
                else:
                    status = PledgeStatus.DONE
                pid = len(pledge_rows) + 1
                pledge_rows.append(
                    {"id": pid, "year": year, "person_id": member.id, "text": text,
                     "category": category, "due_date": due, "status": status, "rating": rating,
                     "rating_comment": "" if rating is None else "按期完成",
                     "rated_on": dt.date(year, 12, 20) if rating else None,
                     "extra_points": rng.choice((0, 0, 0, 0, 1, 2, -1)), "sort_order": order}
                )  # fmt: skip
                if rng.random() < 0.35:
                    for _ in range(rng.randint(1, 3)):
                        note_rows.append(
                            {"pledge_id": pid, "text": rng.choice(PROGRESS_TEXTS),
                             "date": dt.date(year, rng.randint(1, 11), rng.randint(1, 28))}
                        )  # fmt: skip
        year -= 1
    db = Database.open(str(target))
    try:
        with db.engine.begin() as conn:
            for model, rows in ((Pledge, pledge_rows), (PledgeProgress, note_rows)):
                for first in range(0, len(rows), 20_000):
                    conn.execute(insert(model), rows[first : first + 20_000])
    finally:
        db.close()


AUDIT_TABLES = ["assistance_sessions", "pledges", "mentorships", "people", "pairings", "check_ins"]


def write_audit_data(target: str | Path, lines: int, seed: int = 1, end: dt.date = TODAY) -> None:
    """``lines`` 操作记录 lines (creates and updates of sessions, pledges,
    mentorships, people...) over the three years before ``end``, by five
    operators, written with Core inserts."""
    from sqlalchemy import insert

    from app.domain.models import AuditEntry
    from app.persistence.database import Database

    rng = random.Random(seed + 31)
    actors = ["张茜", "李娜", "王伟", "刘洋", "陈静"]
    first = dt.datetime.combine(end - dt.timedelta(days=3 * 365), dt.time(8))
    step = (3 * 365 * 86_400) / max(lines, 1)
    rows = [
        {"at": first + dt.timedelta(seconds=int(i * step)), "actor": rng.choice(actors),
         "action": rng.choice(("create", "update", "update", "delete")),
         "entity": rng.choice(AUDIT_TABLES), "entity_id": rng.randint(1, 100_000),
         "summary": f"记录 {i}", "before": '{"topic": "旧"}', "after": '{"topic": "新"}',
         "batch_id": None}
        for i in range(lines)
    ]  # fmt: skip
    db = Database.open(str(target))
    try:
        with db.engine.begin() as conn:
            for start in range(0, len(rows), 20_000):
                conn.execute(insert(AuditEntry), rows[start : start + 20_000])
    finally:
        db.close()


CHECK_IN_TEXTS = ["讲解业务流程", "跟班实操", "现场带教装维", "学习规章制度", "复盘客户投诉处理",
                  "讲解营销话术", "共同走访客户", "学习党史", "讨论工作心得"]  # fmt: skip
CHECK_IN_COMMENTS = ["", "认真", "进步明显", "还需加强", "掌握较好"]


def write_mentoring_data(
    target: str | Path, people: list[PersonData], mentorships: int, check_ins: int,
    seed: int = 1, today: dt.date = TODAY,
) -> None:  # fmt: skip
    """``mentorships`` 老带新 pairs among ``people`` (mentors mostly party
    members, mentees anyone else), started over the last three years: the older
    ones mostly 已出师, about a third 带教中; and ``check_ins`` 带教记录 spread
    over them (more for the longer ones), between the start and the end or
    ``today``. About one active pair in four has gone quiet (no check-in for
    30 days or more). Written with Core inserts into a database holding the people."""
    from sqlalchemy import insert

    from app.domain.mentoring_models import (
        CheckIn,
        Mentorship,
        MentorshipFocus,
        MentorshipStatus,
        last_check_in_update,
    )
    from app.persistence.database import Database

    rng = random.Random(seed + 23)
    members = [p for p in people if p.political_status.is_party_member] or people
    focus = [f.value for f in MentorshipFocus]
    rows, spans = [], []
    seen: set[tuple[int, int, dt.date]] = set()
    while len(rows) < mentorships:
        mentor, mentee = rng.choice(members), rng.choice(people)
        start = today - dt.timedelta(days=rng.randint(0, 3 * 365))
        if mentor.id == mentee.id or (mentor.id, mentee.id, start) in seen:
            continue
        seen.add((mentor.id, mentee.id, start))
        age = (today - start).days
        active = age < 200 or rng.random() < 0.1
        status = MentorshipStatus.ACTIVE if active else (
            MentorshipStatus.GRADUATED if rng.random() < 0.85 else MentorshipStatus.STOPPED)  # fmt: skip
        ended = None if active else min(today, start + dt.timedelta(days=rng.randint(90, 365)))
        last = today if active else ended
        if active and rng.random() < 0.25:  # gone quiet
            last = max(start, today - dt.timedelta(days=rng.randint(30, 120)))
        rows.append(
            {"id": len(rows) + 1, "mentor_id": mentor.id, "mentee_id": mentee.id,
             "start_date": start, "planned_end": start + dt.timedelta(days=180),
             "focus": ",".join(sorted(rng.sample(focus, rng.randint(1, 3)))),
             "goals": "半年内独立完成本岗位工作", "status": status, "ended_on": ended,
             "evaluation": "" if active else "按期出师"}
        )  # fmt: skip
        spans.append((start, last))
    weights = [max((b - a).days, 1) for a, b in spans]
    check_in_rows = []
    for index in rng.choices(range(len(rows)), weights=weights, k=check_ins):
        a, b = spans[index]
        check_in_rows.append(
            {"mentorship_id": index + 1, "date": a + dt.timedelta(days=rng.randint(0, (b - a).days)),
             "content": rng.choice(CHECK_IN_TEXTS), "comment": rng.choice(CHECK_IN_COMMENTS)}
        )  # fmt: skip
    db = Database.open(str(target))
    try:
        with db.engine.begin() as conn:
            for model, batch in ((Mentorship, rows), (CheckIn, check_in_rows)):
                for first in range(0, len(batch), 20_000):
                    conn.execute(insert(model), batch[first : first + 20_000])
            conn.execute(last_check_in_update())  # as the service keeps it
    finally:
        db.close()


# Every inserted row names every column (one executemany needs the same keys).
NO_STAGE_DETAILS = dict.fromkeys(
    ("talk_date", "introducer1_id", "introducer2_id", "training_days", "training_hours",
     "approval_date", "extension_months")
)  # fmt: skip


def write_development_data(
    target: str | Path, people: list[PersonData], tracks: int, seed: int = 1, today: dt.date = TODAY
) -> int:
    """双培养一输送 for ``tracks`` of ``people`` (those not yet party members
    first): each has reached 1 to 6 stages in order, the first one between
    2016 and two years ago, each next one 1 to 13 months later (never after
    ``today``); about one in ten has also been 输送 to a post. Some talks,
    introducers and trainings are left out, so the rules' warnings show.
    Written with Core inserts; returns how many stage records."""
    from sqlalchemy import insert

    from app.domain.mentoring_models import DevelopmentRecord, Stage
    from app.persistence.database import Database

    rng = random.Random(seed + 41)
    chosen = sorted(people, key=lambda p: p.political_status.is_party_member)[:tracks]
    members = [p for p in people if p.political_status.is_party_member] or people
    steps = [s for s in Stage if s != Stage.TRANSFER]
    now = dt.datetime.combine(today, dt.time(9))
    rows = []
    for person in chosen:
        day = _date_between(rng, dt.date(2016, 1, 1), today - dt.timedelta(days=730))
        for stage in steps[: rng.randint(1, len(steps))]:
            if day > today:
                break
            row = {"person_id": person.id, "stage": stage, "date": day, "note": "",
                   "created_at": now, "updated_at": now, **NO_STAGE_DETAILS}  # fmt: skip
            if stage == Stage.APPLICATION and rng.random() < 0.8:
                row["talk_date"] = day + dt.timedelta(days=rng.randint(3, 40))
            if stage == Stage.PROBATIONARY and rng.random() < 0.9:
                a, b = rng.sample(members, 2)
                row.update(introducer1_id=a.id, introducer2_id=b.id, training_days=3,
                           training_hours=24, approval_date=day + dt.timedelta(days=60))  # fmt: skip
            rows.append(row)
            day += dt.timedelta(days=rng.randint(30, 400))
        if rng.random() < 0.1:
            rows.append({"person_id": person.id, "stage": Stage.TRANSFER, "note": "团支部书记",
                         "date": min(today, day), "created_at": now, "updated_at": now,
                         **NO_STAGE_DETAILS})  # fmt: skip
    db = Database.open(str(target))
    try:
        with db.engine.begin() as conn:
            for first in range(0, len(rows), 20_000):
                conn.execute(insert(DevelopmentRecord), rows[first : first + 20_000])
    finally:
        db.close()
    return len(rows)


UNIT_HEADERS = ["单位名称", "上级单位", "类型"]
PERSON_HEADERS = [
    "姓名",
    "工号",
    "性别",
    "出生日期",
    "所在单位",
    "岗位",
    "政治面貌",
    "入党日期",
    "联系电话",
    "标签",
    "备注",
]


def write_workbook(path: Path, units: list[UnitData], people: list[PersonData]) -> None:
    """The exchange workbook of product.md: sheets 单位 and 人员, dates as Excel dates."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("单位")
    ws.append(UNIT_HEADERS)
    for u in units:
        ws.append([u.name, u.parent_name, u.kind.label])
    ws = wb.create_sheet("人员")
    ws.append(PERSON_HEADERS)
    for p in people:
        ws.append(
            [
                p.name,
                p.employee_no or "",
                p.gender.label,
                p.birth_date,
                p.unit_name,
                p.position,
                p.political_status.label,
                p.party_join_date,
                p.phone,
                "、".join(p.tags),
                p.note,
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate roster data for benchmarks.")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=None, help="default: people / 40")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", help="database file or URL to fill (created if missing)")
    parser.add_argument("--xlsx", type=Path, help="exchange workbook to write")
    parser.add_argument("--sessions", type=int, default=0, help="结对帮扶 sessions (with --db)")
    parser.add_argument("--pledges", type=int, default=0, help="党员承诺 pledges (with --db)")
    parser.add_argument("--mentorships", type=int, default=0, help="老带新 pairs (with --db)")
    parser.add_argument(
        "--check-ins", type=int, default=0, help="带教记录 over the pairs (with --mentorships)"
    )
    args = parser.parse_args(argv)
    if not args.db and not args.xlsx:
        parser.error("give --db and/or --xlsx")
    start = time.perf_counter()
    units, people = generate(args.people, args.units, args.seed)
    print(
        f"generated {len(units)} units, {len(people)} people in {time.perf_counter() - start:.2f} s"
    )
    if args.db:
        start = time.perf_counter()
        write_database(args.db, units, people)
        print(f"wrote database {args.db} in {time.perf_counter() - start:.2f} s")
        if args.sessions:
            start = time.perf_counter()
            write_pairing_data(args.db, units, people, args.sessions, args.seed)
            print(f"wrote {args.sessions} sessions in {time.perf_counter() - start:.2f} s")
        if args.pledges:
            start = time.perf_counter()
            write_pledge_data(args.db, people, args.pledges, args.seed)
            print(f"wrote {args.pledges} pledges in {time.perf_counter() - start:.2f} s")
        if args.mentorships:
            start = time.perf_counter()
            write_mentoring_data(args.db, people, args.mentorships, args.check_ins, args.seed)
            print(
                f"wrote {args.mentorships} mentorships, {args.check_ins} check-ins"
                f" in {time.perf_counter() - start:.2f} s"
            )
    if args.xlsx:
        start = time.perf_counter()
        write_workbook(args.xlsx, units, people)
        print(f"wrote workbook {args.xlsx} in {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
