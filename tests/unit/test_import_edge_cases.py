"""Workbooks that used to import wrongly without a word (issue 12, point 8):
merged header cells that hid a column, a date or a number in 姓名, invisible
characters (one rule for the forms and the import), and sheets the app does
not read. Every workbook is a real .xlsx written by openpyxl; a refused import
leaves the database as it was (``import_fails`` checks rows, audit and backups)."""

from __future__ import annotations

import datetime as dt

import pytest
from exchange_workbooks import (
    BASIC_UNITS,
    PEOPLE_HEADERS,
    build,
    import_fails,
    only_problem,
    people_workbook,
    person,
)

from app.domain.enums import UnitKind
from app.domain.errors import ImportFailed, format_problem
from app.domain.validation import PersonInput, UnitInput, validate_person, validate_unit
from app.exchange.workbook_import import import_workbook


def as_excel_writes(text: str) -> str:
    """A control character as Excel stores it in a cell: _x000B_."""
    return "".join(f"_x{ord(c):04X}_" if ord(c) < 32 and c not in "\t\n\r" else c for c in text)


def people_by_name(services) -> dict:
    return {p.name: p for p in services.people.list_people()}


# ----- merged header cells ----------------------------------------------------------


def test_a_header_merged_over_the_next_column_is_refused_naming_the_cells(services, tmp_path):
    # 姓名 and 工号 merged into one header cell: Excel (and openpyxl) keep only
    # 姓名, so the 工号 column had no header and the people were stored without it.
    path = build(
        tmp_path / "名册.xlsx",
        {
            "单位": BASIC_UNITS,
            "人员": [
                ["姓名", "工号", "所在单位"],
                ["王芳", "A001", "网格一"],
                ["张伟", "A002", "网格一"],
            ],
        },
        merges={"人员": ["A1:B1"]},
    )
    services.people.add_unit(UnitInput("北区分公司", UnitKind.BRANCH_COMPANY))

    problem = only_problem(services, path)

    assert problem == (
        "人员",
        1,
        None,
        "表头单元格 A1:B1 是合并单元格，第 B 列（如 B2）有数据却没有自己的表头"
        "（合并后只剩左上角的「姓名」），这一列会被漏掉。请取消合并，给每一列填写表头后再导入",
    )
    assert format_problem(problem).startswith(
        "工作表「人员」第 1 行：表头单元格 A1:B1 是合并单元格"
    )


def test_a_merged_header_over_empty_columns_loses_nothing_and_imports(services, tmp_path):
    path = build(
        tmp_path / "名册.xlsx",
        {"单位": BASIC_UNITS, "人员": [["姓名", None, "工号"], ["王芳", None, "A001"]]},
        merges={"人员": ["A1:B1"]},
    )

    import_workbook(services, path)

    assert people_by_name(services)["王芳"].employee_no == "A001"


def test_a_header_merged_down_from_a_two_row_header_is_read(services, tmp_path):
    # 工号 in A1:A2 beside a group title 基本信息 (B1:C1) over 姓名 and 性别 in row 2:
    # the header row is row 2, and 工号's cell there is the hidden half of A1:A2.
    path = build(
        tmp_path / "名册.xlsx",
        {
            "单位": BASIC_UNITS,
            "人员": [
                ["工号", "基本信息", None, "所在单位"],
                [None, "姓名", "性别", None],
                ["A001", "王芳", "女", "网格一"],
            ],
        },
        merges={"人员": ["A1:A2", "B1:C1", "D1:D2"]},
    )

    import_workbook(services, path)

    [row] = services.people.list_people()
    assert (row.name, row.employee_no, row.unit_name) == ("王芳", "A001", "网格一")


def test_a_group_header_reads_the_sub_headers_below_it(services, tmp_path):
    # 联系方式 over B1:C1 with 手机 and 座机 below: 手机 is the 联系电话 column.
    path = build(
        tmp_path / "名册.xlsx",
        {
            "单位": BASIC_UNITS,
            "人员": [
                ["姓名", "联系方式", None, "工号"],
                [None, "手机", "座机", None],
                ["王芳", "13800138000", "021-1234567", "A001"],
            ],
        },
        merges={"人员": ["A1:A2", "B1:C1", "D1:D2"]},
    )

    import_workbook(services, path)

    [row] = services.people.list_people()
    assert (row.name, row.phone, row.employee_no) == ("王芳", "13800138000", "A001")


def test_a_merged_header_without_sub_headers_over_data_is_refused(services, tmp_path):
    path = build(
        tmp_path / "名册.xlsx",
        {
            "单位": BASIC_UNITS,
            "人员": [["姓名", "联系方式", None], ["王芳", "13800138000", "021-1234567"]],
        },
        merges={"人员": ["B1:C1"]},
    )

    sheet, row, column, message = only_problem(services, path)

    assert (sheet, row, column) == ("人员", 1, None)
    assert message.startswith("表头单元格 B1:C1 是合并单元格，第 C 列（如 C2）有数据")


# ----- a date or a number in 姓名 -----------------------------------------------------


def test_a_date_or_a_number_in_the_name_column_is_refused_with_row_and_column(services, tmp_path):
    path = people_workbook(
        tmp_path / "名册.xlsx",
        person(姓名="王芳", 所在单位="网格一"),
        person(姓名=dt.datetime(2020, 1, 1), 所在单位="网格一"),
        person(姓名=12345, 所在单位="网格一"),
        person(姓名="12345", 所在单位="网格一"),  # the digits as text
        person(姓名="2020-01-01", 所在单位="网格一"),
    )

    problems = import_fails(services, path)

    assert problems == [
        ("人员", 3, "姓名", "这里是一个日期（2020-01-01），不是姓名。请检查这一行是否错列，"
                          "或把姓名填写为文字后再导入"),
        ("人员", 4, "姓名", "这里是一个数字（12345），不是姓名。请检查这一行是否错列，"
                          "或把姓名填写为文字后再导入"),
        ("人员", 5, "姓名", "姓名「12345」不是人名（没有汉字或字母），请检查是否填错了列"),
        ("人员", 6, "姓名", "姓名「2020-01-01」不是人名（没有汉字或字母），请检查是否填错了列"),
    ]  # fmt: skip
    assert services.people.count_people() == 0


def test_the_person_form_refuses_a_name_without_a_letter_as_the_import_does():
    for name in ("12345", "2020-01-01", "—"):
        assert validate_person(PersonInput(name=name))["name"] == (
            f"姓名「{name}」不是人名（没有汉字或字母），请检查是否填错了列"
        )
    for name in ("王芳", "Li Ming", "阿依古丽·买买提", "王2芳"):
        assert validate_person(PersonInput(name=name)) == {}


def test_a_date_in_the_mentor_column_of_the_mentoring_sheet_is_refused(services, tmp_path):
    path = build(
        tmp_path / "老带新.xlsx",
        {"老带新": [["导师", "学员", "开始日期"], [dt.datetime(2021, 3, 5), "李强", "2021-03-05"]]},
    )

    assert import_fails(services, path)[0] == (
        "老带新",
        2,
        "导师",
        "这里是一个日期（2021-03-05），不是姓名。请检查这一行是否错列，或把姓名填写为文字后再导入",
    )


# ----- invisible characters: one rule for both paths ---------------------------------

# (what is typed or in the cell, what is saved) - the same on both paths
NAME_CASES = [
    ("王\u200b芳", "王芳"),  # zero width space, pasted from a web page
    ("\ufeff王芳", "王芳"),  # BOM, from a text file
    ("王\x07芳", "王芳"),  # BEL
    ("王\u202e芳", "王芳"),  # right-to-left override
]
NOTE_CASES = [
    ("第一行\x0b第二行", "第一行\n第二行"),  # Word's manual line break (Shift+Enter)
    ("第一行\r\n第二行", "第一行\n第二行"),
    ("第一行\u2028第二行", "第一行\n第二行"),
    ("先进\x1b个人\x00", "先进个人"),
]


@pytest.mark.parametrize(("typed", "saved"), NAME_CASES)
def test_invisible_characters_in_a_name_are_removed_by_the_forms_and_the_import_alike(
    services, tmp_path, typed, saved
):
    # The forms: the rule shows no message, the service saves the cleaned text.
    assert validate_unit(UnitInput(f"{typed}网格", UnitKind.GRID)) == {}
    assert validate_person(PersonInput(name=typed)) == {}
    unit_id = services.people.add_unit(UnitInput(f"{typed}网格", UnitKind.GRID))
    services.people.add_person(PersonInput(name=typed, employee_no="A1", unit_id=unit_id))
    assert [u.name for u in services.people.list_units()] == [f"{saved}网格"]
    assert [p.name for p in services.people.list_people()] == [saved]

    # The import of the same text finds the same unit and person (no namesake).
    path = build(
        tmp_path / "名册.xlsx",
        {
            "单位": [["单位名称", "类型"], [as_excel_writes(f"{typed}网格"), "网格"]],
            "人员": [
                PEOPLE_HEADERS,
                person(
                    姓名=as_excel_writes(typed), 工号="A1", 所在单位=as_excel_writes(f"{typed}网格")
                ),
            ],
        },
    )
    report = import_workbook(services, path)
    assert (report.counts["单位"].unchanged, report.counts["人员"].unchanged) == (1, 1)
    assert [p.name for p in services.people.list_people()] == [saved]


@pytest.mark.parametrize(("typed", "saved"), NOTE_CASES)
def test_line_breaks_in_a_note_are_kept_by_the_forms_and_the_import_alike(
    services, tmp_path, typed, saved
):
    form_id = services.people.add_person(PersonInput(name="王芳", employee_no="F1", note=typed))
    path = people_workbook(
        tmp_path / "名册.xlsx",
        person(姓名="张伟", 工号="I1", 备注=as_excel_writes(typed)),
        units=None,
    )
    import_workbook(services, path)
    imported_id = people_by_name(services)["张伟"].id

    assert services.people.get_person(form_id).values.note == saved
    assert services.people.get_person(imported_id).values.note == saved


# ----- sheets the app does not read ---------------------------------------------------


def test_the_summary_names_the_sheets_that_were_not_read(services, tmp_path):
    path = build(
        tmp_path / "名册.xlsx",
        {
            "单位": BASIC_UNITS,
            "会议记录": [["日期", "内容"], ["2024-01-05", "支部大会"]],
            "人员": [PEOPLE_HEADERS, person(姓名="王芳", 所在单位="网格一")],
            "Sheet3": [],
        },
    )

    report = import_workbook(services, path)

    assert report.unread_sheets == ["会议记录", "Sheet3"]
    assert report.summary().endswith("；未读取的工作表：会议记录、Sheet3")
    assert report.summary().startswith("导入完成：单位 新增 2、更新 0、未变 0；人员 新增 1")


def test_a_workbook_of_only_sheets_the_app_does_not_read_is_refused(services, tmp_path):
    path = build(tmp_path / "会议.xlsx", {"会议记录": [["日期"], ["2024-01-05"]]})

    with pytest.raises(ImportFailed) as caught:
        import_workbook(services, path)

    [(_, _, _, message)] = caught.value.problems
    assert message.startswith("工作簿中没有可导入的工作表")
    assert message.endswith("现有：「会议记录」）")
