"""The 操作记录 (issue 12, point 6): the audit rows read back in Chinese, filtered,
paged in SQL, an import as one entry, exported to Excel with no live formula.
Runs against the test database (SQLite, or BRANCH_LEDGER_TEST_DB_URL)."""

from __future__ import annotations

import datetime as dt
import getpass

import pytest
from exchange_workbooks import people_workbook, person
from openpyxl import load_workbook

from app.domain.audit_labels import SETTINGS_AREA, TABLES, areas
from app.domain.enums import PoliticalStatus, UnitKind
from app.domain.models import all_models
from app.domain.settings import OPERATOR
from app.domain.validation import PersonInput, UnitInput
from app.exchange.audit_export import HEADERS, export_audit_log
from app.exchange.workbook_import import import_workbook
from app.persistence.audit import _SKIP
from app.services.audit_log import AuditFilter

TODAY = dt.date.today()


def test_every_column_of_every_audited_table_has_a_chinese_label():
    for table in all_models().sorted_tables:
        if table.name == "audit_log":
            continue
        assert table.name in TABLES, f"{table.name}: no entry in domain/audit_labels.py"
        labels = TABLES[table.name].columns
        missing = [c.name for c in table.columns if c.name not in _SKIP and c.name not in labels]
        assert missing == [], f"{table.name}: {missing}"
    assert areas()[:4] == ["人员名册", "结对帮扶", "党员承诺", "老带新"]


def test_create_update_delete_read_back_in_chinese_newest_first(services):
    people = services.people
    unit = people.add_unit(UnitInput(name="滨江网格", kind=UnitKind.GRID))
    pid = people.add_person(
        PersonInput(name="张三", unit_id=unit, political_status=PoliticalStatus.MEMBER)
    )
    people.update_person(
        pid,
        PersonInput(
            name="张三", unit_id=unit, political_status=PoliticalStatus.MEMBER, phone="13800000000"
        ),
    )
    people.delete_person(pid)

    log = services.audit_log
    deleted, updated, created, unit_line = log.page(AuditFilter(), limit=4)
    assert [deleted.action, updated.action, created.action, unit_line.action] == [
        "删除",
        "修改",
        "新增",
        "新增",
    ]
    assert {deleted.area, updated.area, created.area} == {"人员名册"}
    assert created.record == "人员「张三」" and unit_line.record == "单位「滨江网格」"
    assert "所在单位：滨江网格" in created.changes  # the unit by name, not its id
    assert "政治面貌：中共党员" in created.changes  # the label, not the stored code
    assert "unit_id" not in created.changes and "political" not in created.changes
    assert updated.changes == "联系电话：（空） → 13800000000"
    assert "姓名：张三" in deleted.changes and "联系电话：13800000000" in deleted.changes
    assert deleted.actor == getpass.getuser()  # no 经办人 set: the system's user
    assert created.at.date() == TODAY  # local time, whatever the database stores
    assert abs((dt.datetime.now() - created.at).total_seconds()) < 3600
    assert log.count() == 4


def test_the_operator_setting_names_who_did_it_and_filters_work(services):
    people = services.people
    people.add_person(PersonInput(name="甲"))
    services.settings.save({OPERATOR: "王书记"})
    people.add_person(PersonInput(name="乙"))

    log = services.audit_log
    newest = log.page(AuditFilter(), limit=1)[0]
    assert newest.actor == "王书记" and newest.record == "人员「乙」"
    assert "王书记" in log.actors() and getpass.getuser() in log.actors()
    assert [line.record for line in log.page(AuditFilter(actor="王书记"))] == ["人员「乙」"]
    assert log.count(AuditFilter(actor="王书记")) == 1

    settings_lines = log.page(AuditFilter(area=SETTINGS_AREA))
    assert [line.record for line in settings_lines] == ["设置「经办人」"]
    assert settings_lines[0].changes.endswith("值：王书记")
    assert log.count(AuditFilter(area="人员名册")) == 2
    assert log.count(AuditFilter(area="结对帮扶")) == 0

    assert log.count(AuditFilter(date_from=TODAY, date_to=TODAY)) == 3
    assert log.count(AuditFilter(date_to=TODAY - dt.timedelta(days=1))) == 0
    assert log.count(AuditFilter(date_from=TODAY + dt.timedelta(days=1))) == 0


def test_an_import_of_ten_thousand_rows_is_one_entry_whose_records_open_a_page_at_a_time(
    services, tmp_path
):
    rows = [
        person(姓名=f"导入{i:05d}", 工号=f"D{i:05d}", 所在单位="北区分公司") for i in range(10_000)
    ]
    book = people_workbook(tmp_path / "人员名单.xlsx", *rows)
    before = services.audit_log.count()
    import_workbook(services, book)

    log = services.audit_log
    assert log.count() == before + 1  # the log's top level: one line for the import
    [line] = log.page(AuditFilter(), limit=1)
    assert line.action == "导入" and line.area == "导入工作簿"
    assert line.record == "「人员名单.xlsx」"
    assert "人员 新增 10000、更新 0、未变 0" in line.changes
    assert "单位 新增 2" in line.changes
    assert line.import_records == 10_002  # each record's before/after is still kept

    records = AuditFilter(batch_id=line.id)
    assert log.count(records) == 10_002
    first = log.page(records)
    assert len(first) == 200 and first[0].action == "新增"
    seen = [entry.id for chunk in log.lines(records, chunk=2500) for entry in chunk]
    assert len(seen) == len(set(seen)) == 10_002
    assert log.count(AuditFilter(area="导入工作簿")) == 1

    import_workbook(services, book)  # the same file again changes nothing: still logged
    again = log.page(AuditFilter(), limit=1)[0]
    assert "未变 10000" in again.changes and again.import_records == 0


def test_export_writes_every_line_as_text_never_a_formula(services, tmp_path):
    services.settings.save({OPERATOR: '=HYPERLINK("http://x","点我")'})
    services.people.add_person(PersonInput(name="李四", note="+1+1"))
    target = tmp_path / "操作记录.xlsx"
    done = []
    report = export_audit_log(services, AuditFilter(), target, lambda n, t: done.append((n, t)))
    assert report.rows == services.audit_log.count() == 2
    assert done[-1] == (2, 2)

    sheet = load_workbook(target)["操作记录"]
    rows = list(sheet.iter_rows(values_only=False))
    assert [c.value for c in rows[0]] == list(HEADERS)
    actor_cell = rows[1][1]
    assert actor_cell.value.startswith("=HYPERLINK") and actor_cell.data_type == "s"
    assert rows[1][4].value == "人员「李四」" and "备注：+1+1" in rows[1][5].value
    formulas = [c.coordinate for row in rows for c in row if c.data_type == "f"]
    assert formulas == []


def test_export_refuses_a_wrong_name_in_chinese(services, tmp_path):
    from app.domain.errors import UserError

    with pytest.raises(UserError, match="xlsx"):
        export_audit_log(services, AuditFilter(), tmp_path / "log.csv")
