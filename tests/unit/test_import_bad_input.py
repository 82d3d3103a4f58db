"""quality.md, "Bad input": a workbook with one bad cell imports nothing and the
message names the sheet, the Excel row and the column. Every case of the list
has a test here; each checks that the database (and the backups folder) is
exactly as before."""

from __future__ import annotations

import zipfile

import pytest
from exchange_workbooks import (
    PEOPLE_HEADERS,
    UNIT_HEADERS,
    build,
    import_fails,
    only_problem,
    people_workbook,
    person,
    replace_member,
)

from app.domain.errors import ImportFailed, format_problem
from app.domain.validation import PersonInput
from app.exchange import xlsx_reader
from app.exchange.workbook_import import import_workbook


@pytest.fixture
def services_with_person(services):
    services.people.add_person(PersonInput(name="老张", employee_no="Z001"))
    return services


def message_of(problem) -> str:
    return format_problem(problem)


# ----- cells -------------------------------------------------------------------------


def test_an_18_digit_id_stored_as_a_number_is_rejected(services_with_person, tmp_path):
    path = people_workbook(
        tmp_path / "身份证.xlsx",
        person(姓名="王芳", 工号=110101199003071234),
        person(姓名="张伟", 工号=1.10101199003071e17),
    )
    problems = import_fails(services_with_person, path)

    assert [(p[0], p[1], p[2]) for p in problems] == [("人员", 2, "工号"), ("人员", 3, "工号")]
    assert "15 位" in problems[0][3] and "文本" in problems[0][3]
    assert message_of(problems[0]).startswith("工作表「人员」第 2 行「工号」列：")


def test_a_formula_never_calculated_is_rejected(services_with_person, tmp_path):
    # openpyxl writes a formula without a cached value, as any generator does.
    path = people_workbook(tmp_path / "公式.xlsx", person(姓名="王芳", 联系电话="=13800138000+0"))
    sheet, row, column, message = only_problem(services_with_person, path)

    assert (sheet, row, column) == ("人员", 2, "联系电话")
    assert "公式" in message and "计算结果" in message


def test_an_excel_error_value_is_rejected(services_with_person, tmp_path):
    path = people_workbook(tmp_path / "错误值.xlsx", person(姓名="王芳", 所在单位="#N/A"))
    assert only_problem(services_with_person, path) == (
        "人员",
        2,
        "所在单位",
        "单元格是错误值 #N/A，请改正公式或填写数值",
    )


def test_very_long_text_is_rejected(services_with_person, tmp_path):
    path = people_workbook(
        tmp_path / "过长.xlsx",
        person(姓名="王芳", 备注="很" * 2001),
        person(姓名="张" * 51),
    )
    problems = import_fails(services_with_person, path)

    assert [(p[1], p[2]) for p in problems] == [(2, "备注"), (3, "姓名")]
    assert "内容过长（2001 个字，最多 2000 个字）" in problems[0][3]


def test_a_date_that_is_not_a_date_is_rejected(services_with_person, tmp_path):
    path = people_workbook(
        tmp_path / "日期.xlsx",
        person(姓名="王芳", 出生日期="1990-02-30"),
        person(姓名="张伟", 入党日期="去年七月", 政治面貌="党员"),
    )
    problems = import_fails(services_with_person, path)

    assert [(p[1], p[2]) for p in problems] == [(2, "出生日期"), (3, "入党日期")]
    assert "「去年七月」不是有效日期" in problems[1][3]


def test_validation_rules_of_a_person_are_reported_with_row_and_column(
    services_with_person, tmp_path
):
    path = people_workbook(
        tmp_path / "规则.xlsx",
        person(姓名="王芳", 出生日期="1990-03-05", 政治面貌="党员", 入党日期="1989-01-01"),
        person(姓名="张伟", 政治面貌="群众", 入党日期="2015-07-01"),
        person(姓名="李娜", 联系电话="12345"),
        person(姓名="", 工号="A004"),
        person(姓名="赵强", 性别="未知", 政治面貌="党外人士"),
    )
    problems = import_fails(services_with_person, path)

    assert [(p[1], p[2]) for p in problems] == [
        (2, "入党日期"),
        (3, "入党日期"),
        (4, "联系电话"),
        (5, "姓名"),
        (6, "性别"),
        (6, "政治面貌"),
    ]
    assert problems[0][3] == "入党日期必须晚于出生日期"
    assert "只有中共党员或预备党员才填写入党日期" in problems[1][3]
    assert problems[3][3] == "请填写姓名"
    assert "中共党员" in problems[5][3]


def test_one_bad_cell_among_many_good_rows_imports_nothing(services_with_person, tmp_path):
    rows = [person(姓名=f"人员{i}", 工号=f"A{i:03d}", 所在单位="网格一") for i in range(200)]
    rows[150] = person(姓名="人员150", 工号="A150", 所在单位="网格一", 出生日期="2099-01-01")
    problems = import_fails(services_with_person, people_workbook(tmp_path / "名册.xlsx", *rows))

    assert problems == [("人员", 152, "出生日期", "出生日期不能晚于今天")]


# ----- rows that contradict each other or the database --------------------------------


def test_a_unit_that_exists_nowhere_is_named_with_row_and_column(services_with_person, tmp_path):
    path = people_workbook(tmp_path / "单位.xlsx", person(姓名="王芳", 所在单位="不存在的网格"))
    sheet, row, column, message = only_problem(services_with_person, path)

    assert (sheet, row, column) == ("人员", 2, "所在单位")
    assert "「不存在的网格」不存在" in message


def test_duplicate_employee_numbers_name_both_rows(services_with_person, tmp_path):
    path = people_workbook(
        tmp_path / "重复.xlsx",
        person(姓名="王芳", 工号="A001"),
        person(姓名="张伟", 工号="A002"),
        person(姓名="李娜", 工号="A001"),
    )
    assert only_problem(services_with_person, path) == (
        "人员",
        4,
        "工号",
        "工号 A001 与第 2 行重复（同一个工号只能出现一次）",
    )


def test_the_same_person_twice_without_employee_number_is_an_error(services_with_person, tmp_path):
    path = people_workbook(
        tmp_path / "重复.xlsx",
        person(姓名="王芳", 所在单位="网格一"),
        person(姓名="王　芳", 所在单位="网格一"),
    )
    sheet, row, column, message = only_problem(services_with_person, path)
    assert (sheet, row, column) == ("人员", 3, "姓名")
    assert "与第 2 行同名同单位" in message


def test_the_same_person_by_employee_number_and_by_name_is_an_error(services, tmp_path):
    services.people.add_person(PersonInput(name="王芳", employee_no="A001"))
    path = build(
        tmp_path / "重复.xlsx",
        {"人员": [PEOPLE_HEADERS, person(姓名="王芳", 工号="A001"), person(姓名="王芳")]},
    )
    sheet, row, column, message = only_problem(services, path)
    assert (sheet, row, column) == ("人员", 3, "姓名")
    assert "与第 2 行是同一个人" in message


def test_an_ambiguous_name_is_an_error_naming_the_row(services, tmp_path):
    services.people.add_person(PersonInput(name="张伟", employee_no="A001"))
    services.people.add_person(PersonInput(name="张伟", employee_no="A002"))
    path = build(tmp_path / "同名.xlsx", {"人员": [["姓名", "岗位"], ["张伟", "网格长"]]})

    sheet, row, column, message = only_problem(services, path)
    assert (sheet, row, column) == ("人员", 2, "姓名")
    assert "有 2 名「张伟」" in message and "工号" in message


def test_a_cycle_of_parent_units_is_an_error(services_with_person, tmp_path):
    path = build(
        tmp_path / "循环.xlsx",
        {
            "单位": [
                UNIT_HEADERS,
                ["甲", "乙", "部门"],
                ["乙", "丙", "部门"],
                ["丙", "甲", "部门"],
                ["丁", "丁", "部门"],
            ]
        },
    )
    problems = import_fails(services_with_person, path)

    assert [(p[0], p[1], p[2]) for p in problems] == [
        ("单位", 2, "上级单位"),
        ("单位", 5, "上级单位"),
    ]
    assert "循环：甲 → 乙 → 丙 → 甲" in problems[0][3]
    assert problems[1][3] == "上级单位不能是它自己"


def test_unit_problems_name_row_and_column(services_with_person, tmp_path):
    path = build(
        tmp_path / "单位.xlsx",
        {
            "单位": [
                ["北区 2024 单位表"],
                UNIT_HEADERS,
                ["北区分公司", "", "分公司"],
                ["网格一", "北区分公司", "小区"],
                ["网格二", "南区", "网格"],
                ["北区分公司", "", "分公司"],
                ["社区", "北区分公司", "共建单位"],
            ]
        },
    )
    problems = import_fails(services_with_person, path)

    assert [(p[1], p[2]) for p in problems] == [
        (4, "类型"),
        (5, "上级单位"),
        (6, "单位名称"),
        (7, "上级单位"),
    ]
    assert "「小区」无法识别" in problems[0][3]
    assert "「南区」不存在" in problems[1][3]
    assert "第 3 行已经出现过" in problems[2][3]
    assert "共建单位不能放在本支部的单位" in problems[3][3]


def test_a_sheet_without_a_header_row_is_an_error(services_with_person, tmp_path):
    path = build(tmp_path / "无表头.xlsx", {"人员": [["王芳", "A001"], ["张伟", "A002"]]})
    assert only_problem(services_with_person, path) == (
        "人员",
        None,
        None,
        "在前 10 行中找不到包含「姓名」的表头行",
    )


def test_a_header_written_twice_is_an_error(services_with_person, tmp_path):
    path = build(
        tmp_path / "两列.xlsx", {"人员": [["姓名", "工号", "姓名"], ["王芳", "A1", "王芳"]]}
    )
    sheet, row, column, message = only_problem(services_with_person, path)
    assert (sheet, row, column) == ("人员", 1, "姓名")
    assert "第 A 列和第 C 列" in message


def test_a_workbook_with_none_of_our_sheets_is_an_error(services_with_person, tmp_path):
    path = build(tmp_path / "别的.xlsx", {"Sheet1": [["姓名"], ["王芳"]]})
    [(sheet, row, column, message)] = import_fails(services_with_person, path)
    assert "没有可导入的工作表" in message and "Sheet1" in message


# ----- files that are not (safe) workbooks ------------------------------------------


def file_problem(services, path) -> str:
    [(sheet, row, column, message)] = import_fails(services, path)
    assert (sheet, row, column) == (None, None, None)
    return message


def test_an_old_xls_file_is_refused(services_with_person, tmp_path):
    path = tmp_path / "名册.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    assert "旧版 Excel（.xls）" in file_problem(services_with_person, path)


def test_a_csv_file_is_refused(services_with_person, tmp_path):
    path = tmp_path / "名册.xlsx"
    path.write_text("姓名,工号\n王芳,A001\n", encoding="gb18030")
    assert "文本（CSV）文件" in file_problem(services_with_person, path)


def test_random_bytes_are_refused(services_with_person, tmp_path):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(bytes(range(256)) * 10)
    assert "不是 Excel 工作簿" in file_problem(services_with_person, path)


def test_an_empty_file_is_refused(services_with_person, tmp_path):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(b"")
    assert "空文件" in file_problem(services_with_person, path)


def test_a_folder_and_a_missing_file_are_refused(services_with_person, tmp_path):
    assert "是文件夹" in file_problem(services_with_person, tmp_path)
    assert "找不到文件" in file_problem(services_with_person, tmp_path / "没有.xlsx")


def test_a_zip_that_is_not_a_workbook_is_refused(services_with_person, tmp_path):
    path = tmp_path / "名册.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "不是 Excel 工作簿" in file_problem(services_with_person, path)


def test_a_truncated_workbook_is_refused(services_with_person, tmp_path):
    path = people_workbook(tmp_path / "名册.xlsx", person(姓名="王芳"))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert "损坏" in file_problem(services_with_person, path)


def test_a_workbook_with_a_damaged_part_is_refused(services_with_person, tmp_path):
    path = people_workbook(tmp_path / "名册.xlsx", person(姓名="王芳"))
    replace_member(path, "xl/worksheets/sheet2.xml", b"<worksheet><sheetData><row>")
    assert "损坏" in file_problem(services_with_person, path)


def _never_parse(monkeypatch):
    import openpyxl

    def refuse(*_args, **_kwargs):
        raise AssertionError("openpyxl must not parse a refused file")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_zip_bomb_is_refused_before_parsing(services_with_person, tmp_path, monkeypatch):
    path = people_workbook(tmp_path / "炸弹.xlsx", person(姓名="王芳"))
    # 64 MB of one repeated byte deflates to ~64 KB: a 1000x ratio.
    replace_member(path, "xl/worksheets/sheet2.xml", b"<" * (64 * 1024 * 1024))
    _never_parse(monkeypatch)
    message = file_problem(services_with_person, path)
    assert "压缩炸弹" in message and "压缩比异常" in message


def test_a_workbook_too_large_once_uncompressed_is_refused(
    services_with_person, tmp_path, monkeypatch
):
    path = people_workbook(tmp_path / "大.xlsx", *[person(姓名=f"人员{i}") for i in range(200)])
    monkeypatch.setattr(xlsx_reader, "MAX_UNCOMPRESSED_BYTES", 20_000)
    _never_parse(monkeypatch)
    assert "解压后过大" in file_problem(services_with_person, path)


_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)
_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def test_a_billion_laughs_shared_strings_part_is_refused(services_with_person, tmp_path):
    path = people_workbook(tmp_path / "实体.xlsx", person(姓名="王芳"))
    strings = (
        _LAUGHS + f'<sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    replace_member(path, "xl/sharedStrings.xml", strings.encode(), content_type=_SST)
    assert "不安全的 XML 内容" in file_problem(services_with_person, path)


def test_an_entity_in_a_sheet_part_is_refused(services_with_person, tmp_path):
    path = people_workbook(tmp_path / "实体.xlsx", person(姓名="王芳"))
    sheet = (
        _LAUGHS + f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
        "<is><t>&lol9;</t></is></c></row></sheetData></worksheet>"
    )
    replace_member(path, "xl/worksheets/sheet2.xml", sheet.encode())
    assert "不安全的 XML 内容" in file_problem(services_with_person, path)


def test_the_failure_message_lists_every_problem_in_chinese(services_with_person, tmp_path):
    rows = [person(姓名=f"人员{i}", 出生日期="不详") for i in range(25)]
    with pytest.raises(ImportFailed) as caught:
        import_workbook(services_with_person, people_workbook(tmp_path / "多.xlsx", *rows))
    lines = caught.value.message.splitlines()
    assert lines[0] == "导入失败，未写入任何数据："
    assert lines[1].startswith("工作表「人员」第 2 行「出生日期」列：「不详」不是有效日期")
    assert lines[-1] == "……另有 5 处错误"


def test_a_binary_xlsb_workbook_is_refused(services_with_person, tmp_path):
    path = tmp_path / "名册.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    assert "二进制工作簿（.xlsb）" in file_problem(services_with_person, path)


@pytest.mark.parametrize("seed", range(40))
def test_a_damaged_workbook_never_gives_anything_but_a_clear_refusal(
    services_with_person, tmp_path, seed
):
    import random

    path = people_workbook(
        tmp_path / "名册.xlsx", *[person(姓名=f"人员{i}", 出生日期="1990-03-05") for i in range(20)]
    )
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    path.write_bytes(bytes(data))

    try:
        import_workbook(services_with_person, path)
    except ImportFailed as exc:
        assert exc.message.startswith("导入失败，未写入任何数据")
    # Any other exception fails the test: a damaged file is the user's, not a bug.


@pytest.mark.parametrize("seed", range(40))
def test_a_damaged_sheet_part_never_gives_anything_but_a_clear_refusal(
    services_with_person, tmp_path, seed
):
    import random

    path = people_workbook(
        tmp_path / "名册.xlsx",
        *[
            person(姓名=f"人员{i}", 出生日期=19900305 + i, 工号=i, 联系电话=13800138000 + i)
            for i in range(20)
        ],
    )
    with zipfile.ZipFile(path) as archive:
        sheet = bytearray(archive.read("xl/worksheets/sheet2.xml"))
    rng = random.Random(seed)
    for _ in range(rng.randint(1, 6)):
        sheet[rng.randrange(len(sheet))] = rng.choice(b'<>/"=&0123456789 rcvtsAZ:')
    replace_member(path, "xl/worksheets/sheet2.xml", bytes(sheet))

    try:
        import_workbook(services_with_person, path)
    except ImportFailed as exc:
        assert exc.message.startswith("导入失败，未写入任何数据")
