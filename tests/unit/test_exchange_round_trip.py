"""Export -> import carries everything the forms hold.

Every field of every form (unit, person, pairing, session with each problem's
solved flag and date, and a problem marked solved by a later session) is filled
through the services; the workbook is exported, imported into an empty
database, and every column of every record is compared, table by table, with
ids replaced by what identifies a record in the workbook (a unit's name, a
person's 姓名 and 工号, a pairing's name, a session's date, pairing and topic).
A column added to these tables later is compared too, without touching this test.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.areas import AREAS
from app.domain.enums import (
    Gender,
    PairingKind,
    PoliticalStatus,
    ServiceType,
    UnitKind,
)
from app.domain.models import Person, Unit
from app.domain.pairing_models import (
    AssistanceSession,
    Pairing,
    PairingMember,
    Problem,
    SessionParticipant,
)
from app.domain.pairing_validation import PairingInput, ProblemInput, SessionInput
from app.domain.validation import PersonInput, UnitInput
from app.exchange.workbook_export import export_workbook
from app.exchange.workbook_import import import_workbook
from app.persistence.database import Database
from app.services.registry import Services

# Bookkeeping, not what a form holds: ids are compared through what they point at.
SKIPPED = {"id", "created_at", "updated_at"}


@pytest.fixture
def empty_services(tmp_path, app_paths):
    db = Database.open(tmp_path / "empty.sqlite3", backups_dir=app_paths.backups_dir)
    yield Services.build(db, app_paths, AREAS)
    db.close()


def fill_every_form(services) -> None:
    """Records as the forms save them, every field filled."""
    people = services.people
    branch = people.add_unit(UnitInput("北区分公司", UnitKind.BRANCH_COMPANY, None, "支部所在"))
    town = people.add_unit(
        UnitInput("东城街镇分公司", UnitKind.TOWN_COMPANY, branch, "含 3 个网格\n第二行")
    )
    grid = people.add_unit(UnitInput("东城一网格", UnitKind.GRID, town, "网格备注"))
    dept = people.add_unit(UnitInput("网络运维部", UnitKind.DEPARTMENT, branch, "部门备注"))
    partner = people.add_unit(UnitInput("南湖社区党委", UnitKind.CO_BUILDING, None, "共建"))
    street = people.add_unit(UnitInput("南湖社区一支部", UnitKind.CO_BUILDING, partner, "下级"))

    def person(name, no, unit, gender, birth, position, status, joined, phone, tags, note):
        return people.add_person(
            PersonInput(
                name=name,
                employee_no=no,
                gender=gender,
                birth_date=birth,
                unit_id=unit,
                position=position,
                political_status=status,
                party_join_date=joined,
                phone=phone,
                tags=tags,
                note=note,
            )
        )

    d = dt.date
    member, probationary = PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY
    # 姓名, 工号, unit, 性别, 出生日期, 岗位, 政治面貌, 入党日期, 联系电话, 标签, 备注
    # fmt: off
    rows = [
        ("王芳", "A001", grid, Gender.FEMALE, d(1990, 3, 5), "网格长", member,
         d(2015, 7, 1), "13800138000", ["业务骨干", "小CEO"], "第一行\n第二行"),
        ("张伟", "A002", town, Gender.MALE, d(1985, 11, 20), "装维", member,
         d(2010, 6, 30), "021-12345678", ["党员示范岗"], "备注"),
        ("张伟", "A003", dept, Gender.MALE, d(1992, 1, 2), "工程师", probationary,
         d(2024, 12, 1), "13900139000", ["青年"], "同名"),
        ("赵磊", "A004", dept, Gender.MALE, d(1979, 8, 8), "主任", member,
         d(2001, 7, 1), "13700137000", ["领导班子"], "主任备注"),
        ("韩雪", "X001", street, Gender.FEMALE, d(1995, 5, 4), "社工",
         PoliticalStatus.LEAGUE_MEMBER, None, "13600136000", ["共建"], "社区"),
        ("李娜", "X002", partner, Gender.FEMALE, d(1970, 2, 2), "书记", member,
         d(1998, 7, 1), "13500135000", ["已退"], "已转出的人"),
    ]
    # fmt: on
    wang, zhang, zhang2, zhao, han, li = (person(*row) for row in rows)
    people.set_transferred_out(li, d(2025, 6, 30))

    pairing = services.pairing
    grid_pairing = pairing.add_pairing(
        PairingInput(
            name="网格帮扶",
            kind=PairingKind.INTERNAL,
            campaign="1+2+X 攻坚",
            helpers=[zhao, zhang2],
            helped=[wang, zhang],
            helped_unit_id=grid,
            start_date=d(2025, 1, 1),
            end_date=d(2025, 12, 31),
            goal="装维效率提升\n第二行",
            note="结对的备注\n第二行",
        )
    )
    co_pairing = pairing.add_pairing(
        PairingInput(
            name="社区共建",
            kind=PairingKind.CO_BUILDING,
            campaign="党建共建",
            helpers=[zhang],
            helped=[han, li],
            helped_unit_id=street,
            start_date=d(2025, 2, 1),
            end_date=d(2026, 1, 31),
            goal="适老服务",
            note="共建备注",
        )
    )
    pairing.add_session(
        SessionInput(
            date=d(2025, 3, 4),
            pairing_id=grid_pairing,
            topic="机房线路优化",
            service_type=ServiceType.LINE_OPTIMISATION,
            place="东城机房",
            participant_ids=[zhao, wang, zhang2, zhang],
            outside_count=2,
            problems=[
                ProblemInput(text="光缆走线与强电未分隔"),
                ProblemInput(text="机房门禁记录未留存", solved=True, solved_on=d(2025, 3, 4)),
                ProblemInput(text="台账不全", solved=True, solved_on=d(2025, 3, 10)),
                ProblemInput(text="弱口令"),
                ProblemInput(text="标签缺失"),
            ],
            follow_up="下周复查\n第二行",
        )
    )
    second = pairing.add_session(
        SessionInput(
            date=d(2025, 4, 1),
            pairing_id=grid_pairing,
            topic="复查",
            service_type=ServiceType.GUIDANCE,
            place="东城一网格",
            participant_ids=[wang, zhao],
            outside_count=1,
            problems=[ProblemInput(text="跳线混乱", solved=True, solved_on=d(2025, 4, 8))],
            follow_up="月底再看",
        )
    )
    pairing.add_session(
        SessionInput(
            date=d(2025, 5, 6),
            pairing_id=co_pairing,
            topic="适老服务进社区",
            service_type=ServiceType.ELDERLY,
            place="南湖社区活动室",
            participant_ids=[han, zhang],
            outside_count=12,
            problems=[ProblemInput(text="预约超时")],
            follow_up="",
        )
    )
    # 未解决问题 → 标记已解决: by the later session, on its day and on a day of its own.
    problems = {p.text: p for p in pairing.open_problems()}
    pairing.mark_problem_solved(problems["标签缺失"].id, d(2025, 4, 1), second)
    pairing.mark_problem_solved(problems["弱口令"].id, d(2025, 4, 3), second)


def snapshot(services) -> dict[str, list[tuple]]:
    """Every column of every record, ids replaced by the record they point at."""
    with services.db.reading() as session:
        conn = session.connection()
        units = {r.id: r.name for r in conn.execute(select(Unit.id, Unit.name))}
        people = {
            r.id: (r.name, r.employee_no)
            for r in conn.execute(select(Person.id, Person.name, Person.employee_no))
        }
        pairings = {r.id: r.name for r in conn.execute(select(Pairing.id, Pairing.name))}
        sessions = {
            r.id: (r.date, pairings[r.pairing_id], r.topic)
            for r in conn.execute(
                select(
                    AssistanceSession.id,
                    AssistanceSession.date,
                    AssistanceSession.pairing_id,
                    AssistanceSession.topic,
                )
            )
        }
        refer = {
            "parent_id": units,
            "unit_id": units,
            "helped_unit_id": units,
            "person_id": people,
            "pairing_id": pairings,
            "session_id": sessions,
            "solved_session_id": sessions,
        }
        # Members and participants in the order the forms list them (per side).
        ordered_within = {
            PairingMember: ("pairing_id", "side"),
            SessionParticipant: ("session_id",),
            Problem: ("session_id",),
        }
        found: dict[str, list[tuple]] = {}
        for model in (Unit, Person, Pairing, PairingMember, AssistanceSession,
                      SessionParticipant, Problem):  # fmt: skip
            table = model.__table__
            columns = [c.name for c in table.columns if c.name not in SKIPPED]
            rows = []
            position: dict[tuple, int] = {}
            for r in conn.execute(select(table).order_by(table.c.id)).mappings():
                values: dict[str, Any] = {
                    name: (refer[name].get(r[name]) if name in refer and r[name] is not None
                           else r[name])
                    for name in columns
                }  # fmt: skip
                group = ordered_within.get(model)
                if group:
                    key = tuple(values[g] for g in group)
                    values["position"] = position[key] = position.get(key, -1) + 1
                rows.append(tuple(sorted(values.items())))
            found[table.name] = sorted(rows, key=repr)
        return found


def test_export_then_import_carries_every_field_of_every_form(services, empty_services, tmp_path):
    fill_every_form(services)
    path = tmp_path / "台账.xlsx"
    export_workbook(services, path)
    # What a secretary reads: one problem per line; a solved line names its day
    # when that is not the day of the session it stands in.
    sheet = load_workbook(path)["帮扶活动"]
    header = [c.value for c in sheet[1]]
    cells = {row[header.index("主题")]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    found, solved = header.index("发现问题"), header.index("已解决问题")
    assert cells["机房线路优化"][found].splitlines() == [
        "光缆走线与强电未分隔", "机房门禁记录未留存", "台账不全", "弱口令", "标签缺失",
    ]  # fmt: skip
    assert cells["机房线路优化"][solved].splitlines() == [
        "机房门禁记录未留存",
        "台账不全（2025-03-10 解决）",
    ]
    assert cells["复查"][solved].splitlines() == [
        "弱口令（2025-04-03 解决）",
        "标签缺失",
        "跳线混乱（2025-04-08 解决）",
    ]
    assert load_workbook(path)["结对"]["J1"].value == "备注"

    import_workbook(empty_services, path)

    before, after = snapshot(services), snapshot(empty_services)
    assert {t: len(rows) for t, rows in after.items()} == {
        t: len(rows) for t, rows in before.items()
    }
    for table in before:
        assert after[table] == before[table], table
    # and once more: importing the export again changes nothing
    again = import_workbook(empty_services, path)
    assert all(c.created == c.updated == 0 for c in again.counts.values())
    assert snapshot(empty_services) == before
