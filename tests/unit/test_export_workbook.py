"""Export of the exchange workbook: same layout as the import, reproduces every
record in an empty database, and is safe to open (CWE-1236)."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from app.areas import AREAS
from app.domain.enums import Gender, PoliticalStatus, UnitKind
from app.domain.errors import UserError
from app.domain.models import Person
from app.domain.validation import PersonInput, UnitInput
from app.exchange.workbook_export import export_workbook
from app.exchange.workbook_import import import_workbook
from app.persistence.database import Database
from app.services.registry import Services

RISKY = ["=1+1", "+8613800138000", "-5", "@SUM(A1)", '=HYPERLINK("http://evil.example","点我")']


def fill(services) -> None:
    people = services.people
    branch = people.add_unit(UnitInput("北区分公司", UnitKind.BRANCH_COMPANY))
    town = people.add_unit(
        UnitInput("东城街镇分公司", UnitKind.TOWN_COMPANY, branch, "含 3 个网格")
    )
    grid = people.add_unit(UnitInput("东城一网格", UnitKind.GRID, town))
    partner = people.add_unit(UnitInput("南湖社区党委", UnitKind.CO_BUILDING))
    people.add_unit(UnitInput("南湖社区一支部", UnitKind.CO_BUILDING, partner))
    people.add_person(
        PersonInput(
            name="王芳",
            employee_no="A001",
            gender=Gender.FEMALE,
            birth_date=dt.date(1990, 3, 5),
            unit_id=grid,
            position="网格长",
            political_status=PoliticalStatus.MEMBER,
            party_join_date=dt.date(2015, 7, 1),
            phone="13800138000",
            tags=["业务骨干", "小CEO"],
            note="第一行\n第二行",
        )
    )
    people.add_person(PersonInput(name="张伟", unit_id=town, phone="021-12345678"))
    people.add_person(PersonInput(name="张伟", employee_no="00123", unit_id=town))
    gone = people.add_person(PersonInput(name="李娜", unit_id=partner))
    people.set_transferred_out(gone, dt.date(2023, 6, 30))
    for index, text in enumerate(RISKY):
        people.add_person(PersonInput(name=f"测试{index}", position=text, note=text))


def records(services) -> tuple:
    units = {u.id: u for u in services.people.list_units()}
    unit_rows = sorted(
        (u.name, units[u.parent_id].name if u.parent_id else "", u.kind, u.note)
        for u in units.values()
    )
    people = []
    for row in services.people.list_people():
        details = services.people.get_person(row.id)
        values = details.values
        people.append(
            (
                values.name,
                values.employee_no,
                values.gender,
                values.birth_date,
                row.unit_name,
                values.position,
                values.political_status,
                values.party_join_date,
                values.phone,
                tuple(values.tags),
                values.note,
                details.status,
                details.transferred_out_on,
                row.search_key,
            )
        )
    return unit_rows, sorted(people, key=repr)


@pytest.fixture
def empty_services(tmp_path, app_paths):
    db = Database.open(tmp_path / "empty.sqlite3", backups_dir=app_paths.backups_dir)
    yield Services.build(db, app_paths, AREAS)
    db.close()


def test_export_then_import_into_an_empty_database_reproduces_every_record(
    services, empty_services, tmp_path
):
    fill(services)
    path = tmp_path / "台账.xlsx"

    report = export_workbook(services, path)
    assert (
        report.summary()
        == f"导出完成：单位 5 行、人员 {4 + len(RISKY)} 行、结对 0 行、帮扶活动 0 行、党员承诺 0 行、老带新 0 行、带教记录 0 行、发展记录 0 行；已保存到 {path}"
    )

    imported = import_workbook(empty_services, path)
    assert imported.counts["人员"].created == 4 + len(RISKY)
    assert records(empty_services) == records(services)


def test_importing_an_export_into_the_same_database_changes_nothing(services, tmp_path):
    fill(services)
    path = tmp_path / "台账.xlsx"
    export_workbook(services, path)
    before = records(services)

    report = import_workbook(services, path)

    assert report.summary() == (
        f"导入完成：单位 新增 0、更新 0、未变 5；人员 新增 0、更新 0、未变 {4 + len(RISKY)}"
        "；结对 新增 0、更新 0、未变 0；帮扶活动 新增 0、更新 0、未变 0"
        "；党员承诺 新增 0、更新 0、未变 0"
        "；老带新 新增 0、更新 0、未变 0；带教记录 新增 0、更新 0、未变 0"
        "；发展记录 新增 0、更新 0、未变 0"
    )
    assert records(services) == before


def test_the_export_has_the_headers_the_import_reads(services, tmp_path):
    path = tmp_path / "台账.xlsx"
    export_workbook(services, path)
    book = load_workbook(path)

    assert book.sheetnames == [
        "单位",
        "人员",
        "结对",
        "帮扶活动",
        "党员承诺",
        "老带新",
        "带教记录",
        "发展记录",
    ]
    assert [c.value for c in book["单位"][1]] == ["单位名称", "上级单位", "类型", "备注"]
    assert [c.value for c in book["人员"][1]][:11] == [
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


def test_numbers_and_dates_are_written_so_excel_keeps_them(services, tmp_path):
    fill(services)
    path = tmp_path / "台账.xlsx"
    export_workbook(services, path)
    sheet = load_workbook(path)["人员"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2) if r[1].value == "A001"}
    wang = rows["王芳"]

    assert (wang[1].data_type, wang[8].data_type) == ("s", "s")  # 工号, 联系电话 as text
    assert wang[8].value == "13800138000"
    assert wang[3].is_date and wang[3].value.date() == dt.date(1990, 3, 5)
    leading_zero = [r for r in sheet.iter_rows(min_row=2) if r[1].value == "00123"]
    assert len(leading_zero) == 1 and leading_zero[0][1].data_type == "s"


def test_text_that_looks_like_a_formula_is_written_as_text(services, tmp_path):
    fill(services)
    with services.db.unit_of_work() as session:  # text a form would not let through
        session.execute(
            insert(Person.__table__).values(
                name="导入的", note="\t=cmd|' /C calc'!A0", position="\rX"
            )
        )
    path = tmp_path / "台账.xlsx"
    export_workbook(services, path)

    sheet = load_workbook(path)["人员"]
    cells = {c.value: c for row in sheet.iter_rows(min_row=2) for c in (row[5], row[10])}
    for text in [*RISKY, "\t=cmd|' /C calc'!A0", "\rX"]:
        cell = cells[text.replace("\r", "\n")]  # XML reads a bare CR back as LF
        assert cell.data_type == "s", text
        assert cell.quotePrefix, text
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml")
    assert b"<f>" not in xml and b"<f " not in xml


def test_export_refuses_a_bad_target_with_a_chinese_message(services, tmp_path):
    with pytest.raises(UserError, match="是文件夹"):
        export_workbook(services, tmp_path)
    with pytest.raises(UserError, match=r"必须以 \.xlsx 结尾"):
        export_workbook(services, tmp_path / "台账.xls")
    with pytest.raises(UserError, match="保存位置不存在"):
        export_workbook(services, tmp_path / "没有" / "台账.xlsx")


def test_a_failed_export_leaves_an_existing_file_untouched(services, tmp_path, monkeypatch):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"old")

    def full_disk(self, filename):
        raise OSError(28, "No space left on device")

    from openpyxl.workbook.workbook import Workbook

    monkeypatch.setattr(Workbook, "save", full_disk)
    with pytest.raises(UserError, match="磁盘空间不足"):
        export_workbook(services, path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []
