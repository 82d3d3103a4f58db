"""人员名册 through the service, as the forms and the command line use it:
units and people are added, edited, transferred out, reinstated and deleted;
mistakes are refused with a Chinese message and leave nothing behind; every
change leaves its audit row in the same transaction."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from app.domain.enums import Gender, PersonStatus, PoliticalStatus, UnitKind
from app.domain.errors import InUse, NotFound, ValidationFailed
from app.domain.models import AuditEntry, Person, Unit
from app.domain.validation import PersonInput, UnitInput
from app.persistence import audit as audit_module
from app.services.roster_filter import RosterFilter


def audit_rows(db, entity=None):
    """The audit log as plain rows (attributes: action, entity_id, actor, before...)."""
    query = select(AuditEntry.__table__).order_by(AuditEntry.id)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    with db.reading() as session:
        return list(session.execute(query))


def counts(db):
    with db.reading() as session:
        return (
            session.scalar(select(func.count(Unit.id))),
            session.scalar(select(func.count(Person.id))),
            session.scalar(select(func.count(AuditEntry.id))),
        )


@pytest.fixture
def people(services):
    return services.people


@pytest.fixture
def north(people):
    return people.add_unit(UnitInput("北区分公司", UnitKind.BRANCH_COMPANY))


def member(name="张伟", **kw):
    values = dict(
        name=name,
        employee_no="A001",
        gender=Gender.MALE,
        birth_date=dt.date(1985, 6, 1),
        political_status=PoliticalStatus.MEMBER,
        party_join_date=dt.date(2010, 7, 1),
        phone="13800000000",
        tags=["网格长"],
    )
    values.update(kw)
    return PersonInput(**values)


# ----- people -------------------------------------------------------------------


def test_person_saved_is_listed_with_its_unit_and_pinyin(people, north):
    people.add_person(member(name="张　伟", unit_id=north))
    [row] = people.list_people()
    assert (row.name, row.unit_name, row.employee_no) == ("张伟", "北区分公司", "A001")
    assert row.political_status is PoliticalStatus.MEMBER
    assert row.status is PersonStatus.ACTIVE
    assert row.party_join_date == dt.date(2010, 7, 1)
    assert "zw" in row.search_key and "a001" in row.search_key
    assert people.count_people() == 1


def test_edit_person_changes_what_the_roster_shows(people, north):
    pid = people.add_person(member(unit_id=north))
    south = people.add_unit(UnitInput("南区分公司", UnitKind.BRANCH_COMPANY))
    values = people.get_person(pid).values
    values.name, values.unit_id, values.phone = "张伟强", south, "021-12345678"
    people.update_person(pid, values)
    details = people.get_person(pid)
    assert (details.values.name, details.values.unit_id, details.values.phone) == (
        "张伟强",
        south,
        "021-12345678",
    )
    assert details.values.tags == ["网格长"]
    [row] = people.list_people()
    assert row.unit_name == "南区分公司" and "zwq" in row.search_key


def test_people_are_listed_by_full_pinyin_then_by_the_characters(people):
    """What the pickers suggest and the forms prefill in: 张伟 (zhang wei) before
    赵磊 (zhao lei), although initials would put zl before zw; namesakes in the
    order they were added; a renamed person moves to the new name's place."""
    ids = {}
    for name, no in (("赵磊", "1"), ("张伟", "2"), ("曾强", "3"), ("张伟", "4"), ("安娜", "5")):
        ids[no] = people.add_person(PersonInput(name=name, employee_no=no))
    listed = [(r.name, r.employee_no) for r in people.list_people()]
    assert listed == [("安娜", "5"), ("曾强", "3"), ("张伟", "2"), ("张伟", "4"), ("赵磊", "1")]
    values = people.get_person(ids["5"]).values
    values.name = "周安娜"
    people.update_person(ids["5"], values)
    assert [r.name for r in people.list_people()] == ["曾强", "张伟", "张伟", "赵磊", "周安娜"]


def test_transfer_out_and_reinstate(people):
    pid = people.add_person(member())
    people.set_transferred_out(pid, dt.date(2024, 5, 1))
    details = people.get_person(pid)
    assert (details.status, details.transferred_out_on) == (
        PersonStatus.TRANSFERRED_OUT,
        dt.date(2024, 5, 1),
    )
    assert people.list_people()[0].status is PersonStatus.TRANSFERRED_OUT
    people.set_transferred_out(pid, None)
    details = people.get_person(pid)
    assert (details.status, details.transferred_out_on) == (PersonStatus.ACTIVE, None)


def test_transfer_out_in_the_future_is_refused(people):
    pid = people.add_person(member())
    before = counts(people.db)
    with pytest.raises(ValidationFailed) as info:
        people.set_transferred_out(pid, dt.date.today() + dt.timedelta(days=1))
    assert "转出日期不能晚于今天" in info.value.errors["transferred_out_on"]
    assert people.get_person(pid).status is PersonStatus.ACTIVE
    assert counts(people.db) == before


def test_delete_person(people):
    pid = people.add_person(member())
    people.delete_person(pid)
    assert people.list_people() == []
    with pytest.raises(NotFound, match="已不存在"):
        people.get_person(pid)
    with pytest.raises(NotFound):
        people.delete_person(pid)
    with pytest.raises(NotFound):
        people.update_person(pid, member())
    with pytest.raises(NotFound):
        people.set_transferred_out(pid, None)


def test_delete_person_with_dependents_is_refused_naming_them(people):
    pid = people.add_person(member())
    people.person_dependents.append(
        lambda session, person_id: ["有 2 个结对帮扶记录"] if person_id == pid else []
    )
    before = counts(people.db)
    with pytest.raises(InUse) as info:
        people.delete_person(pid)
    assert "「张伟」" in info.value.message
    assert "有 2 个结对帮扶记录" in info.value.message
    assert "已转出" in info.value.message  # and what to do instead
    assert info.value.dependents[0] == "有 2 个结对帮扶记录"
    assert people.count_people() == 1
    assert counts(people.db) == before


def test_employee_no_is_unique_and_the_message_names_the_holder(people):
    people.add_person(member(name="张伟", employee_no="A001"))
    before = counts(people.db)
    with pytest.raises(ValidationFailed) as info:
        people.add_person(PersonInput(name="李娜", employee_no=" A001 "))
    assert info.value.errors["employee_no"] == "工号 A001 已被「张伟」使用"
    assert counts(people.db) == before

    other = people.add_person(PersonInput(name="李娜", employee_no="A002"))
    with pytest.raises(ValidationFailed, match="张伟"):
        people.update_person(other, PersonInput(name="李娜", employee_no="A001"))
    # Saving a person with their own 工号 is of course fine.
    people.update_person(other, PersonInput(name="李娜", employee_no="A002", phone="13900000000"))


def test_people_without_employee_no_do_not_clash(people):
    people.add_person(PersonInput(name="甲"))
    people.add_person(PersonInput(name="乙", employee_no="  "))
    assert [r.employee_no for r in people.list_people()] == ["", ""]


def test_invalid_person_is_refused_with_every_message_and_saves_nothing(people):
    before = counts(people.db)
    bad = PersonInput(
        name="  ",
        employee_no="工号1",
        political_status=PoliticalStatus.MASSES,
        party_join_date=dt.date(2010, 1, 1),
        phone="12345",
    )
    with pytest.raises(ValidationFailed) as info:
        people.add_person(bad)
    assert set(info.value.errors) == {"name", "employee_no", "party_join_date", "phone"}
    assert info.value.errors["name"] == "请填写姓名"
    assert counts(people.db) == before


def test_person_in_a_unit_deleted_meanwhile_is_refused(people, north):
    people.delete_unit(north)
    with pytest.raises(ValidationFailed) as info:
        people.add_person(PersonInput(name="张伟", unit_id=north))
    assert "单位不存在" in info.value.errors["unit_id"]


# ----- units ----------------------------------------------------------------------


def test_units_add_edit_delete_and_counts(people, north):
    grid = people.add_unit(UnitInput("一网格", UnitKind.GRID, parent_id=north))
    people.add_person(PersonInput(name="张伟", unit_id=grid))
    rows = {u.name: u for u in people.list_units()}
    assert rows["一网格"].parent_id == north
    counts = people.roster_unit_counts(RosterFilter(status=None))
    assert counts.get(grid) == 1 and counts.get(north, 0) == 0

    people.update_unit(grid, UnitInput("第一网格", UnitKind.GRID, parent_id=north, note="老城区"))
    assert people.get_unit(grid) == UnitInput("第一网格", UnitKind.GRID, north, "老城区")

    empty = people.add_unit(UnitInput("待撤销部门", UnitKind.DEPARTMENT))
    people.delete_unit(empty)
    assert "待撤销部门" not in {u.name for u in people.list_units()}
    with pytest.raises(NotFound):
        people.get_unit(empty)


def test_unit_name_is_unique(people, north):
    with pytest.raises(ValidationFailed, match="已有名为「北区分公司」的单位"):
        people.add_unit(UnitInput(" 北区分公司 ", UnitKind.DEPARTMENT))
    people.update_unit(north, UnitInput("北区分公司", UnitKind.BRANCH_COMPANY, note="同名保存"))


def test_deleting_a_unit_with_people_or_sub_units_is_refused_naming_them(people, north):
    grid = people.add_unit(UnitInput("一网格", UnitKind.GRID, parent_id=north))
    people.add_person(PersonInput(name="张伟", unit_id=grid))
    people.add_person(PersonInput(name="王芳", unit_id=grid))
    with pytest.raises(InUse) as info:
        people.delete_unit(north)
    assert "下级单位" in info.value.message and "一网格" in info.value.message
    with pytest.raises(InUse) as info:
        people.delete_unit(grid)
    assert "2 名人员" in info.value.message
    assert "张伟" in info.value.message and "王芳" in info.value.message
    assert len(people.list_units()) == 2


def test_unit_cycles_are_refused(people, north):
    grid = people.add_unit(UnitInput("一网格", UnitKind.GRID, parent_id=north))
    team = people.add_unit(UnitInput("一组", UnitKind.GRID, parent_id=grid))
    for parent in (north, team):  # itself, or a unit below it
        with pytest.raises(ValidationFailed) as info:
            people.update_unit(north, UnitInput("北区分公司", UnitKind.BRANCH_COMPANY, parent))
        assert info.value.errors["parent_id"] == "上级单位不能是它自己或它的下级单位"
    assert people.get_unit(north).parent_id is None


def test_co_building_units_stay_apart_from_the_branchs_own(people, north):
    with pytest.raises(ValidationFailed) as info:
        people.add_unit(UnitInput("社区居委会", UnitKind.CO_BUILDING, parent_id=north))
    assert info.value.errors["parent_id"] == "共建单位不能放在本支部的单位之下"
    partner = people.add_unit(UnitInput("社区居委会", UnitKind.CO_BUILDING))
    with pytest.raises(ValidationFailed) as info:
        people.add_unit(UnitInput("三网格", UnitKind.GRID, parent_id=partner))
    assert info.value.errors["parent_id"] == "共建单位只能放在共建单位之下"
    people.add_unit(UnitInput("居委会党支部", UnitKind.CO_BUILDING, parent_id=partner))


def test_a_unit_with_sub_units_cannot_switch_sides(people, north):
    """Turning a branch unit into a co-building one would leave its grids below a
    co-building unit (and the reverse); refused, naming the sub-units."""
    people.add_unit(UnitInput("一网格", UnitKind.GRID, parent_id=north))
    with pytest.raises(ValidationFailed) as info:
        people.update_unit(north, UnitInput("北区分公司", UnitKind.CO_BUILDING))
    assert "一网格" in info.value.errors["kind"]
    assert people.get_unit(north).kind is UnitKind.BRANCH_COMPANY
    lone = people.add_unit(UnitInput("结对社区", UnitKind.DEPARTMENT))
    people.update_unit(lone, UnitInput("结对社区", UnitKind.CO_BUILDING))  # no sub-units: fine


def test_missing_parent_and_empty_name_are_refused(people):
    with pytest.raises(ValidationFailed) as info:
        people.add_unit(UnitInput("", UnitKind.GRID, parent_id=999))
    assert info.value.errors["name"] == "请填写单位名称"
    assert info.value.errors["parent_id"] == "上级单位不存在"


# ----- 工作留痕 -------------------------------------------------------------------


def test_create_update_delete_each_write_an_audit_row_with_before_and_after(people, db):
    db.actor = "书记"
    pid = people.add_person(member())
    values = people.get_person(pid).values
    values.phone = "13900000000"
    people.update_person(pid, values)
    people.set_transferred_out(pid, dt.date(2024, 5, 1))
    people.delete_person(pid)

    rows = audit_rows(db, "people")
    assert [r.action for r in rows] == ["create", "update", "update", "delete"]
    assert {r.entity_id for r in rows} == {pid}
    assert all(r.actor == "书记" and r.summary == "张伟" for r in rows)
    created = json.loads(rows[0].after)
    assert (created["name"], created["employee_no"], created["political_status"]) == (
        "张伟",
        "A001",
        "member",
    )
    assert rows[0].before is None
    assert json.loads(rows[1].before) == {"phone": "13800000000"}
    assert json.loads(rows[1].after) == {"phone": "13900000000"}
    assert json.loads(rows[2].after) == {
        "status": "transferred_out",
        "transferred_out_on": "2024-05-01",
    }
    assert json.loads(rows[3].before)["phone"] == "13900000000"
    assert rows[3].after is None


def test_saving_unchanged_values_writes_no_audit_row(people, db):
    pid = people.add_person(member())
    people.update_person(pid, people.get_person(pid).values)
    assert [r.action for r in audit_rows(db, "people")] == ["create"]


def test_unit_changes_are_audited(people, db, north):
    people.update_unit(north, UnitInput("北区分公司", UnitKind.BRANCH_COMPANY, note="新备注"))
    people.delete_unit(north)
    rows = audit_rows(db, "units")
    assert [r.action for r in rows] == ["create", "update", "delete"]
    assert json.loads(rows[1].after) == {"note": "新备注"}


def test_a_save_failing_after_the_write_leaves_no_record_and_no_audit_row(people, db, monkeypatch):
    people.add_person(member(name="王芳", employee_no="B001"))
    before = counts(db)
    real_write = audit_module._write

    def fail_on_second_person(connection, target, action, before_, after):
        real_write(connection, target, action, before_, after)  # the audit row is written...
        if action == "create" and target.name == "李娜":
            raise OSError("disk failed after the insert")  # ...then the save fails

    monkeypatch.setattr(audit_module, "_write", fail_on_second_person)
    with pytest.raises(OSError):
        people.add_person(PersonInput(name="李娜", employee_no="B002"))
    assert counts(db) == before
    assert [r.name for r in people.list_people()] == ["王芳"]


def test_a_database_constraint_failure_leaves_nothing(people, db, monkeypatch):
    """Were the 工号 check skipped (another writer between check and save), the
    database's unique constraint still refuses, and nothing is half-saved."""
    from sqlalchemy.exc import IntegrityError

    from app.services import people as people_module
    from app.services.people import PeopleService

    people.add_person(member(name="王芳", employee_no="B001"))
    before = counts(db)

    def no_check(self, session, values, person_id):
        return values.cleaned()

    monkeypatch.setattr(people_module.PeopleService, "_checked_person", no_check)
    with pytest.raises(IntegrityError):
        PeopleService(db).add_person(PersonInput(name="李娜", employee_no="B001"))
    assert counts(db) == before
