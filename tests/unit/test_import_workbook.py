"""Importing the exchange workbook: what a secretary's real workbooks look like
(title rows, merged cells, odd column orders, numbers and dates typed every
which way) and merging instead of duplicating."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from exchange_workbooks import (
    BASIC_UNITS,
    PEOPLE_HEADERS,
    UNIT_HEADERS,
    build,
    database_state,
    people_workbook,
    person,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils.datetime import to_excel
from sqlalchemy import select

from app.areas import AREAS
from app.domain.enums import Gender, PersonStatus, PoliticalStatus, UnitKind
from app.domain.errors import UserError
from app.domain.models import AuditEntry
from app.domain.validation import PersonInput, UnitInput
from app.exchange.workbook_import import import_workbook
from app.exchange.xlsx_reader import UNCALCULATED, CellError, Column, Kind, convert
from app.services.registry import Services


def people_by_name(services) -> dict:
    return {p.name: p for p in services.people.list_people()}


def units_by_name(services) -> dict:
    return {u.name: u for u in services.people.list_units()}


def test_units_and_people_are_imported_with_every_field(services, tmp_path):
    path = people_workbook(
        tmp_path / "名册.xlsx",
        person(
            姓名="王芳",
            工号="A001",
            性别="女",
            出生日期="1990-03-05",
            所在单位="网格一",
            岗位="网格长",
            政治面貌="中共党员",
            入党日期="2015-07-01",
            联系电话="13800138000",
            标签="业务骨干、小CEO",
            备注="先进个人",
        ),
    )

    report = import_workbook(services, path)

    assert report.summary() == (
        "导入完成：单位 新增 2、更新 0、未变 0；人员 新增 1、更新 0、未变 0"
        "；工作簿中没有「结对」「帮扶活动」「党员承诺」「老带新」「带教记录」「发展记录」工作表，这些数据未改动"
    )
    units = units_by_name(services)
    assert units["网格一"].parent_id == units["北区分公司"].id
    assert units["网格一"].kind == UnitKind.GRID
    wang = people_by_name(services)["王芳"]
    assert (wang.employee_no, wang.gender, wang.unit_name, wang.position) == (
        "A001",
        Gender.FEMALE,
        "网格一",
        "网格长",
    )
    assert wang.political_status == PoliticalStatus.MEMBER
    assert (wang.birth_date, wang.party_join_date) == (dt.date(1990, 3, 5), dt.date(2015, 7, 1))
    assert (wang.phone, wang.tags) == ("13800138000", "业务骨干、小CEO")
    assert services.people.get_person(wang.id).values.note == "先进个人"
    assert "wf" in wang.search_key  # pinyin initials computed on import


def test_importing_the_same_workbook_twice_changes_nothing(services, tmp_path):
    path = people_workbook(
        tmp_path / "名册.xlsx",
        person(姓名="王芳", 工号="A001", 所在单位="网格一", 政治面貌="党员"),
        person(姓名="张伟", 所在单位="北区分公司"),
    )
    import_workbook(services, path)
    state = database_state(services)[:2]

    report = import_workbook(services, path)

    assert report.summary() == (
        "导入完成：单位 新增 0、更新 0、未变 2；人员 新增 0、更新 0、未变 2"
        "；工作簿中没有「结对」「帮扶活动」「党员承诺」「老带新」「带教记录」「发展记录」工作表，这些数据未改动"
    )
    assert database_state(services)[:2] == state


def test_title_rows_merged_title_free_column_order_extra_columns_and_blank_rows(services, tmp_path):
    headers = ["序号", "所在单位", "姓名", "身份证号", "联系电话", "工号"]
    path = build(
        tmp_path / "名册.xlsx",
        {
            "单位": [["类型", "单位名称"], ["分公司", "北区分公司"]],
            "人员": [
                ["北区分公司 2024 年党员名册"],
                ["填表日期：2024-01-05"],
                headers,
                [1, "北区分公司", "王芳", "（不导入）", "13800138000", "A001"],
                [],
                [None, None, None, None, None, None],
                [2, "北区分公司", "张伟", None, None, "A002"],
            ],
        },
        merges={"人员": ["A1:F1"]},
    )

    report = import_workbook(services, path)

    assert report.counts["人员"].created == 2
    people = people_by_name(services)
    assert people["王芳"].phone == "13800138000"
    assert people["张伟"].employee_no == "A002"
    assert {p.unit_name for p in people.values()} == {"北区分公司"}


def test_a_unit_cell_merged_down_several_rows_belongs_to_each_row(services, tmp_path):
    headers = ["所在单位", "姓名"]
    path = build(
        tmp_path / "名册.xlsx",
        {
            "单位": BASIC_UNITS,
            "人员": [
                headers,
                ["网格一", "王芳"],
                [None, "张伟"],
                [None, "李娜"],
                [None, None],  # the merged cell reaches one row past the names
                ["北区分公司", "赵强"],
            ],
        },
        merges={"人员": ["A2:A5"]},
    )

    import_workbook(services, path)

    units = {p.name: p.unit_name for p in services.people.list_people()}
    assert units == {"王芳": "网格一", "张伟": "网格一", "李娜": "网格一", "赵强": "北区分公司"}


def test_dates_as_excel_dates_serial_numbers_and_text(services, tmp_path):
    names = ["甲", "乙", "丙", "丁", "戊", "己", "庚"]
    births = [
        dt.datetime(1990, 3, 5),  # a real Excel date cell
        to_excel(dt.datetime(1990, 3, 5)),  # the serial number, not formatted as a date
        "1990-03-05",
        "1990/3/5",
        "1990.3.5",
        "1990年3月5日",
        19900305,
    ]
    rows = [person(姓名=n, 出生日期=b) for n, b in zip(names, births, strict=True)]
    import_workbook(services, people_workbook(tmp_path / "日期.xlsx", *rows))

    assert {p.birth_date for p in services.people.list_people()} == {dt.date(1990, 3, 5)}


def test_numbers_typed_into_text_columns_come_back_as_their_digits(services, tmp_path):
    path = people_workbook(
        tmp_path / "数字.xlsx",
        person(姓名="王芳", 工号=1001, 联系电话=13800138000),
        person(姓名="张伟", 工号=1002.0, 联系电话=13900139000.0, 岗位=12.5),
    )
    import_workbook(services, path)

    people = people_by_name(services)
    assert (people["王芳"].employee_no, people["王芳"].phone) == ("1001", "13800138000")
    assert (people["张伟"].employee_no, people["张伟"].phone) == ("1002", "13900139000")
    assert people["张伟"].position == "12.5"


def test_names_are_cleaned_and_short_forms_and_lists_understood(services, tmp_path):
    path = people_workbook(
        tmp_path / "名册.xlsx",
        person(
            姓名=" 王　芳 ",
            政治面貌="预备党员",
            标签="业务骨干，小CEO;党员示范岗",
            所在单位="网格　一",
        ),
        person(姓名="张伟", 政治面貌="积极分子", 标签="新员工,业务骨干、新员工"),
        person(姓名="李娜", 政治面貌="团员", 性别="女"),
    )
    import_workbook(services, path)

    people = people_by_name(services)
    assert set(people) == {"王芳", "张伟", "李娜"}
    assert people["王芳"].political_status == PoliticalStatus.PROBATIONARY
    assert people["王芳"].tags == "业务骨干、小CEO、党员示范岗"
    assert people["王芳"].unit_name == "网格一"
    assert people["张伟"].political_status == PoliticalStatus.ACTIVIST
    assert people["张伟"].tags == "新员工、业务骨干"
    assert people["李娜"].political_status == PoliticalStatus.LEAGUE_MEMBER


def test_control_characters_are_stripped(services, tmp_path):
    # Excel stores a control character in a cell as _xHHHH_ (openpyxl keeps the
    # escape as text); either way the invisible character is removed.
    path = people_workbook(
        tmp_path / "控制字符.xlsx",
        person(姓名="张_x0007_伟", 岗位="网格_x001B_长", 备注="第一行_x000D_\n第二行"),
        person(姓名="李\t娜"),
    )
    import_workbook(services, path)

    people = people_by_name(services)
    assert set(people) == {"张伟", "李娜"}
    assert people["张伟"].position == "网格长"
    assert services.people.get_person(people["张伟"].id).values.note == "第一行\n第二行"


def test_a_person_with_the_same_employee_number_is_updated_in_place(services, tmp_path):
    unit = services.people.add_unit(UnitInput("北区分公司", UnitKind.BRANCH_COMPANY))
    person_id = services.people.add_person(
        PersonInput(name="王芳", employee_no="A001", unit_id=unit, phone="13800138000")
    )
    path = people_workbook(
        tmp_path / "名册.xlsx",
        person(姓名="王芳", 工号="A001", 所在单位="网格一", 联系电话="13900139000"),
    )

    report = import_workbook(services, path)

    assert report.counts["人员"].updated == 1
    [row] = services.people.list_people()
    assert (row.id, row.unit_name, row.phone) == (person_id, "网格一", "13900139000")
    assert report.counts["单位"].unchanged == 1 and report.counts["单位"].created == 1


def test_without_employee_number_the_same_name_in_the_same_unit_is_the_same_person(
    services, tmp_path
):
    unit = services.people.add_unit(UnitInput("北区分公司", UnitKind.BRANCH_COMPANY))
    other = services.people.add_unit(UnitInput("南区分公司", UnitKind.BRANCH_COMPANY))
    kept = services.people.add_person(PersonInput(name="张伟", employee_no="A009", unit_id=unit))
    services.people.add_person(PersonInput(name="张伟", unit_id=other))
    path = build(
        tmp_path / "名册.xlsx",
        {"人员": [PEOPLE_HEADERS, person(姓名="张　伟", 所在单位="北区分公司", 岗位="网格长")]},
    )

    report = import_workbook(services, path)

    assert report.summary().startswith("导入完成：人员 新增 0、更新 1、未变 0")
    assert "单位" in report.summary()  # the missing sheet is mentioned
    updated = services.people.get_person(kept)
    assert updated.values.position == "网格长"
    assert updated.values.employee_no == "A009"  # an empty 工号 cell keeps the one on file
    assert services.people.count_people() == 2


def test_columns_missing_from_the_sheet_are_left_as_they_are(services, tmp_path):
    person_id = services.people.add_person(
        PersonInput(name="王芳", employee_no="A001", phone="13800138000", position="网格长")
    )
    path = build(
        tmp_path / "名册.xlsx", {"人员": [["工号", "姓名", "岗位"], ["A001", "王芳", "支部书记"]]}
    )

    import_workbook(services, path)

    values = services.people.get_person(person_id).values
    assert (values.position, values.phone) == ("支部书记", "13800138000")


def test_a_parent_unit_may_be_defined_later_in_the_sheet_or_already_on_file(services, tmp_path):
    services.people.add_unit(UnitInput("北区分公司", UnitKind.BRANCH_COMPANY))
    path = build(
        tmp_path / "单位.xlsx",
        {
            "单位": [
                UNIT_HEADERS,
                ["一网格", "东城街镇分公司", "网格"],
                ["东城街镇分公司", "北区分公司", "街镇分公司"],
                ["社区党委", "", "共建单位"],
                ["社区一支部", "社区党委", ""],  # type left empty: under a co-building unit
            ]
        },
    )

    import_workbook(services, path)

    units = units_by_name(services)
    assert units["一网格"].parent_id == units["东城街镇分公司"].id
    assert units["东城街镇分公司"].parent_id == units["北区分公司"].id
    assert units["社区一支部"].kind == UnitKind.CO_BUILDING


def test_a_missing_people_sheet_means_no_people_are_touched(services, tmp_path):
    services.people.add_person(PersonInput(name="王芳"))
    report = import_workbook(services, build(tmp_path / "单位.xlsx", {"单位": BASIC_UNITS}))

    assert report.summary() == (
        "导入完成：单位 新增 2、更新 0、未变 0；"
        "工作簿中没有「人员」「结对」「帮扶活动」「党员承诺」「老带新」「带教记录」「发展记录」工作表，这些数据未改动"
    )
    assert [p.name for p in services.people.list_people()] == ["王芳"]


def test_transferred_out_people_keep_their_status(services, tmp_path):
    headers = [*PEOPLE_HEADERS, "状态", "转出日期"]
    path = build(
        tmp_path / "名册.xlsx",
        {"人员": [headers, person(headers, 姓名="王芳", 状态="已转出", 转出日期="2023-06-30")]},
    )
    import_workbook(services, path)

    [row] = services.people.list_people()
    assert row.status == PersonStatus.TRANSFERRED_OUT
    assert services.people.get_person(row.id).transferred_out_on == dt.date(2023, 6, 30)


def test_import_writes_audit_rows_and_a_backup_first(services, tmp_path):
    path = people_workbook(tmp_path / "名册.xlsx", person(姓名="王芳", 所在单位="网格一"))
    import_workbook(services, path)

    with services.db.reading() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.entity, AuditEntry.summary)
        ).all()
    assert ("import", "workbook") in {(a, e) for a, e, _ in rows}
    assert ("create", "people", "王芳") in rows
    assert ("create", "units", "网格一") in rows
    if services.db.sqlite_file is not None:  # a database server keeps its own backups
        assert any("import" in p.name for p in services.backups.backups_dir.iterdir())


def test_progress_is_reported_and_cancel_writes_nothing(services, tmp_path):
    rows = [person(姓名=f"人员{i}", 工号=f"A{i:04d}") for i in range(600)]
    path = people_workbook(tmp_path / "名册.xlsx", *rows)
    calls: list[tuple[int, int]] = []

    import_workbook(services, path, progress=lambda done, total: calls.append((done, total)))
    assert len(calls) > 2
    assert calls[-1][0] == calls[-1][1]
    assert all(done <= total for done, total in calls)

    before = database_state(services)
    changed = people_workbook(tmp_path / "改.xlsx", *[r[:5] + ["新岗位"] for r in rows])
    with pytest.raises(UserError, match="导入已取消，未写入任何数据"):
        import_workbook(services, changed, cancel=lambda: len(calls) > 5)
    assert database_state(services) == before


@pytest.mark.parametrize("when", [1, 3, 10_000])
def test_cancel_at_any_point_writes_nothing(services, tmp_path, when):
    path = people_workbook(tmp_path / "名册.xlsx", *[person(姓名=f"人员{i}") for i in range(300)])
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) >= when

    before = database_state(services)
    if when > 100:  # never reached: the import completes
        import_workbook(services, path, cancel=cancel)
        assert services.people.count_people() == 300
        return
    with pytest.raises(UserError, match="导入已取消"):
        import_workbook(services, path, cancel=cancel)
    assert database_state(services) == before


def test_a_two_row_header_with_merged_cells_and_spaced_headers(services, tmp_path):
    path = build(
        tmp_path / "名册.xlsx",
        {
            "单位": [
                ["单位名称", "类型（分公司/街镇分公司/网格/部门/共建单位）"],
                ["北区分公司", "分公司"],
            ],
            "人员": [
                ["姓　　名", "联系方式", None, "所在单位"],
                [None, "手机", "座机", None],
                ["王芳", "13800138000", "021-1234567", "北区分公司"],
            ],
        },
        merges={"人员": ["A1:A2", "B1:C1", "D1:D2"]},
    )

    report = import_workbook(services, path)

    assert report.counts["人员"].created == 1
    [row] = services.people.list_people()
    assert (row.name, row.unit_name) == ("王芳", "北区分公司")
    assert services.people.list_units()[0].kind == UnitKind.BRANCH_COMPANY


_CELL_VALUES = st.one_of(
    st.text(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.just(UNCALCULATED),
    st.builds(CellError, st.text(max_size=8)),
)


@settings(max_examples=1000, deadline=None)
@given(value=_CELL_VALUES, kind=st.sampled_from(list(Kind)))
def test_converting_any_cell_never_raises(value, kind):
    converted, error = convert(value, Column("x", "列", kind, max_length=50))
    assert (error is None) or (converted is None and isinstance(error, str) and error)


def test_a_formula_calculated_by_excel_imports_its_value(services, tmp_path):
    import zipfile

    from exchange_workbooks import replace_member

    path = people_workbook(tmp_path / "公式.xlsx", person(姓名="王芳", 工号="=1000+1"))
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet2.xml")
    assert b"<f>1000+1</f><v />" in sheet
    replace_member(path, "xl/worksheets/sheet2.xml", sheet.replace(b"<v />", b"<v>1001</v>"))

    import_workbook(services, path)

    assert services.people.list_people()[0].employee_no == "1001"


@pytest.mark.skipif(
    bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL")),
    reason="SQLite file backups: external DB URL set",
)
def test_the_backup_holds_the_database_as_it_was_before_the_import(services, tmp_path):
    from app.persistence.database import Database

    services.people.add_person(PersonInput(name="老张"))
    path = people_workbook(tmp_path / "名册.xlsx", person(姓名="王芳", 所在单位="网格一"))

    report = import_workbook(services, path)

    assert report.backup is not None and report.backup.exists()
    backup = Database.open(report.backup, backups_dir=tmp_path / "unused", read_only=True)
    try:
        assert [
            p.name for p in Services.build(backup, services.paths, AREAS).people.list_people()
        ] == ["老张"]
    finally:
        backup.close()
    assert services.people.count_people() == 2

    again = import_workbook(services, path)  # nothing changes: no new backup
    assert again.backup is None
    assert sorted(services.backups.backups_dir.iterdir()) == [report.backup]


def test_serial_numbers_follow_the_workbook_date_system(services, tmp_path):
    from openpyxl import Workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = Workbook()
    book.epoch = CALENDAR_MAC_1904  # an old Mac workbook counts days from 1904
    sheet = book.active
    sheet.title = "人员"
    sheet.append(["姓名", "出生日期"])
    sheet.append(["王芳", to_excel(dt.datetime(1990, 3, 5), CALENDAR_MAC_1904)])
    book.save(tmp_path / "mac.xlsx")

    import_workbook(services, tmp_path / "mac.xlsx")

    assert services.people.list_people()[0].birth_date == dt.date(1990, 3, 5)
