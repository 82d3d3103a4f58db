"""The 党员承诺 sheet: import by 工号 or 姓名, 践诺情况 one note per line, 评议结果
with its comment, 积分 as the pledge's own adjustment; the form's rules, with
the row and column of every problem; merge on re-import; export -> import into
an empty database reproduces every pledge."""

from __future__ import annotations

import datetime as dt

import pytest
from exchange_workbooks import BASIC_UNITS, PEOPLE_HEADERS, build, import_fails, person
from openpyxl import load_workbook
from pledge_data import TRICKY, YEAR, build_pledges

from app.areas import AREAS
from app.domain.pledge_models import PledgeCategory, PledgeRating, PledgeStatus
from app.exchange.workbook_export import export_workbook
from app.exchange.workbook_import import import_workbook
from app.persistence.database import Database
from app.services.pledges import PledgeFilter
from app.services.registry import Services

PLEDGE_HEADERS = ["年度", "姓名", "工号", "承诺内容", "类别", "计划完成日期", "状态",
                  "践诺情况", "评议结果", "积分"]  # fmt: skip

PEOPLE = [
    PEOPLE_HEADERS,
    person(姓名="王芳", 工号="A1", 所在单位="北区分公司", 政治面貌="中共党员"),
    person(姓名="张伟", 工号="A2", 所在单位="网格一", 政治面貌="预备党员"),
    person(姓名="张伟", 工号="A3", 所在单位="北区分公司", 政治面貌="党员"),
    person(姓名="李　强", 所在单位="网格一", 政治面貌="中共党员"),
    person(姓名="赵六", 工号="A5", 所在单位="网格一", 政治面貌="群众"),
]

GOOD = [
    [2021, "王芳", "A1", "完成宽带新装 300 户", "主责主业", "2021-06-30", "已完成",
     "2021-03-01 已完成 120 户\n2021/6/20 已完成 310 户", "优秀：超额完成", 3],
    [2021, "张伟", "A2", "每月走访 10 户老人", "服务群众", "", "践诺中", "", "", ""],
    ["2021年", "李强", "", TRICKY, "创新", "2021年12月31日", "", "2021年9月1日：方案通过评审", "", ""],
]  # fmt: skip


def workbook(tmp_path, rows, name="承诺.xlsx", people=PEOPLE):
    sheets = {"单位": BASIC_UNITS, "人员": people, "党员承诺": [PLEDGE_HEADERS, *rows]}
    return build(tmp_path / name, sheets)


@pytest.fixture(autouse=True)
def today(services):
    services.pledges._today = lambda: dt.date(2021, 12, 20)


def everything(services) -> list[tuple]:
    """Every pledge as a user sees it: member, text, fields, notes, rating, points."""
    people = {p.id: (p.name, p.employee_no) for p in services.people.list_people()}
    found = []
    for year in services.pledges.years():
        for row in services.pledges.list_pledges(PledgeFilter(year=year)):
            d = services.pledges.get_pledge(row.id)
            found.append(
                (d.year, people[d.person_id], d.line.text, d.line.category, d.line.due_date,
                 d.line.status, d.line.extra_points, d.rating, d.rating_comment,
                 [(n.date, n.text) for n in d.progress])
            )  # fmt: skip
    ranking = [
        (people[t.person_id], t.total, t.level)
        for year in services.pledges.years()
        for t in services.points.totals(year)
    ]
    return sorted(found, key=repr) + sorted(ranking, key=repr)


def test_pledges_are_imported_with_notes_rating_and_points(services, tmp_path):
    report = import_workbook(services, workbook(tmp_path, GOOD))
    assert report.counts["党员承诺"].created == 3
    rows = services.pledges.list_pledges(PledgeFilter(year=YEAR))
    assert sorted(r.text for r in rows) == sorted(
        ["完成宽带新装 300 户", "每月走访 10 户老人", TRICKY]
    )
    by_text = {r.text: services.pledges.get_pledge(r.id) for r in rows}
    first = by_text["完成宽带新装 300 户"]
    assert first.person_name == "王芳" and first.line.category == PledgeCategory.MAIN_DUTY
    assert first.line.due_date == dt.date(2021, 6, 30) and first.line.status == PledgeStatus.DONE
    assert [(n.date, n.text) for n in first.progress] == [
        (dt.date(2021, 3, 1), "已完成 120 户"),
        (dt.date(2021, 6, 20), "已完成 310 户"),
    ]
    assert (first.rating, first.rating_comment, first.line.extra_points) == (
        PledgeRating.EXCELLENT, "超额完成", 3,
    )  # fmt: skip
    # 张伟(A2) by 工号, among two 张伟; 李强 by name; the category by its short form.
    zw = by_text["每月走访 10 户老人"]
    assert services.people.get_person(zw.person_id).values.employee_no == "A2"
    tricky = by_text[TRICKY]
    assert tricky.person_name == "李强" and tricky.line.category == PledgeCategory.INNOVATION
    assert tricky.line.status == PledgeStatus.IN_PROGRESS
    assert [(n.date, n.text) for n in tricky.progress] == [(dt.date(2021, 9, 1), "方案通过评审")]
    # 积分: base 60 + 优秀 10 + the pledge's own 3.
    assert services.points.total(first.person_id, YEAR) == 73
    assert services.pledges.totals(PledgeFilter(year=YEAR)).text() == (
        "2021 年度 共 3 名党员、3 项承诺，已完成 1 项（33.3%），优秀 1 项"
    )


def test_importing_the_same_workbook_twice_changes_nothing(services, tmp_path):
    path = workbook(tmp_path, GOOD)
    import_workbook(services, path)
    before = everything(services)
    report = import_workbook(services, path)
    assert report.counts["党员承诺"].unchanged == 3
    assert report.counts["党员承诺"].created == report.counts["党员承诺"].updated == 0
    assert report.backup is None
    assert everything(services) == before


def test_reimport_updates_in_place(services, tmp_path):
    import_workbook(services, workbook(tmp_path, GOOD))
    changed = [list(row) for row in GOOD]
    changed[0][4:10] = [
        "学习提升",
        "2021-07-31",
        "未完成",
        "2021-03-01 已完成 120 户",
        "不合格：未完成",
        -2,
    ]
    changed[1][6], changed[1][8] = "", "合格"
    report = import_workbook(services, workbook(tmp_path, changed, "2.xlsx"))
    assert (report.counts["党员承诺"].updated, report.counts["党员承诺"].unchanged) == (2, 1)
    assert services.pledges.count_pledges(PledgeFilter()) == 3
    rows = {r.text: r for r in services.pledges.list_pledges(PledgeFilter(year=YEAR))}
    first = services.pledges.get_pledge(rows["完成宽带新装 300 户"].id)
    assert (first.line.category, first.line.due_date, first.line.status) == (
        PledgeCategory.LEARNING, dt.date(2021, 7, 31), PledgeStatus.NOT_DONE,
    )  # fmt: skip
    assert [(n.date, n.text) for n in first.progress] == [(dt.date(2021, 3, 1), "已完成 120 户")]
    assert (first.rating, first.rating_comment, first.line.extra_points) == (
        PledgeRating.UNQUALIFIED, "未完成", -2,
    )  # fmt: skip
    # A rating without a status: the status follows the rating, as in the form.
    second = services.pledges.get_pledge(rows["每月走访 10 户老人"].id)
    assert (second.rating, second.line.status) == (PledgeRating.QUALIFIED, PledgeStatus.DONE)


def test_a_non_members_pledge_is_refused_naming_row_and_column(services, tmp_path):
    rows = [*GOOD, [2021, "赵六", "", "带好新员工", "主责主业", "", "", "", "", ""]]
    [(sheet, row, column, message)] = import_fails(services, workbook(tmp_path, rows))
    assert (sheet, row, column) == ("党员承诺", 5, "姓名")
    assert message == "「赵六」的政治面貌是「群众」，只有中共党员和中共预备党员可以作出承诺"
    assert services.pledges.count_pledges(PledgeFilter()) == 0


def test_the_political_status_is_the_one_the_same_workbook_gives(services, tmp_path):
    people = [*PEOPLE[:-1], person(姓名="赵六", 工号="A5", 所在单位="网格一", 政治面貌="预备党员")]
    rows = [[2021, "", "A5", "带好新员工", "主责主业", "", "", "", "", ""]]
    report = import_workbook(services, workbook(tmp_path, rows, people=people))
    assert report.counts["党员承诺"].created == 1


def test_bad_cells_are_refused_with_row_and_column(services, tmp_path):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    rows = [
        [2021, "王芳", "", "甲", "唱歌", "", "", "", "", ""],
        [2021, "王芳", "", "乙", "主责主业", "2022-01-05", "", "", "", ""],
        [2021, "王芳", "", "丙", "主责主业", "2021-13-45", "", "", "", ""],
        [2021, "王芳", "", "丁", "主责主业", "", "", "", "很好", ""],
        [2021, "王芳", "", "戊", "主责主业", "", "", "", "", "十分"],
        [2021, "王芳", "", "己", "主责主业", "", "进行到一半", "", "", ""],
        [2021, "王芳", "", "庚", "主责主业", "", "", f"{tomorrow} 提前写了", "", ""],
        [2021, "王芳", "", "辛", "主责主业", "", "", "没有日期的记录", "", ""],
        [2021, "张伟", "", "壬", "主责主业", "", "", "", "", ""],
        ["明年", "王芳", "", "癸", "主责主业", "", "", "", "", ""],
        [2021, "王芳", "", "", "", "", "", "", "", ""],
        [2021, "王芳", "", "甲", "学习提升", "", "", "", "", ""],
        [2021, "王芳", "A9", "子", "主责主业", "", "", "", "", ""],
    ]
    problems = import_fails(services, workbook(tmp_path, rows))
    assert [(p[0], p[1], p[2]) for p in problems] == [
        ("党员承诺", 2, "类别"),
        ("党员承诺", 3, "计划完成日期"),
        ("党员承诺", 4, "计划完成日期"),
        ("党员承诺", 5, "评议结果"),
        ("党员承诺", 6, "积分"),
        ("党员承诺", 7, "状态"),
        ("党员承诺", 8, "践诺情况"),
        ("党员承诺", 9, "践诺情况"),
        ("党员承诺", 10, "姓名"),
        ("党员承诺", 11, "年度"),
        ("党员承诺", 12, "承诺内容"),
        ("党员承诺", 12, "类别"),
        ("党员承诺", 13, "承诺内容"),
        ("党员承诺", 14, "工号"),
    ]
    messages = [p[3] for p in problems]
    assert (
        messages[0]
        == "类别「唱歌」无法识别，应为 主责主业、服务群众、创新创效、作风建设、学习提升 之一"
    )
    assert messages[1] == "计划完成日期应在 2021 年内"  # the form's rule
    assert "优秀、合格、基本合格、不合格" in messages[3]
    assert messages[5].startswith("状态「进行到一半」无法识别")
    assert messages[6] == f"「{tomorrow:%Y-%m-%d} 提前写了」：践诺日期不能晚于今天"
    assert messages[7].startswith("「没有日期的记录」前面没有日期")
    assert "有 2 名「张伟」" in messages[8]
    assert messages[10] == "请填写承诺内容" and messages[11].startswith("请选择类别")
    assert messages[12] == "与第 2 行是同一项承诺（年度、党员、承诺内容都相同）"
    assert messages[13] == "没有工号为 A9 的人员：请先在「人员」工作表或名册中添加"


@pytest.fixture
def empty_services(tmp_path, app_paths):
    db = Database.open(tmp_path / "empty.sqlite3", backups_dir=app_paths.backups_dir)
    built = Services.build(db, app_paths, AREAS)
    built.pledges._today = lambda: dt.date(2021, 12, 20)
    yield built
    db.close()


def test_export_then_import_into_an_empty_database_reproduces_every_pledge(
    services, empty_services, tmp_path
):
    ledger = build_pledges(services)
    # A note of two lines and a rating of the withdrawn pledge survive the trip too.
    services.pledges.add_progress(ledger.pledges[TRICKY], dt.date(2021, 10, 1), "第一行\n第二行")
    path = tmp_path / "台账.xlsx"
    report = export_workbook(services, path)
    assert report.counts["党员承诺"] == 4
    book = load_workbook(path)
    assert [c.value for c in book["党员承诺"][1]] == PLEDGE_HEADERS
    written = {row[3]: row for row in book["党员承诺"].iter_rows(min_row=2, values_only=True)}
    first = written["完成宽带新装 300 户"]
    assert first[:3] == (2021, "张伟", "A1")
    assert first[5:9] == (
        dt.datetime(2021, 6, 30), "已完成",
        "2021-03-01 已完成 120 户\n2021-06-20 已完成 310 户，超额完成", "优秀：超额完成",
    )  # fmt: skip
    assert written[TRICKY][9] == 3 and written[TRICKY][4] == "创新创效"

    imported = import_workbook(empty_services, path)
    assert imported.counts["党员承诺"].created == 4
    # Manual points entries are not in the workbook; everything else is.
    for entry in services.points.ledger(ledger.people["张伟"], YEAR):
        if entry.entry_id is not None:
            services.points.delete_entry(entry.entry_id)
    for entry in services.points.ledger(ledger.people["赵磊"], YEAR):
        if entry.entry_id is not None:
            services.points.delete_entry(entry.entry_id)
    assert everything(empty_services) == everything(services)

    again = import_workbook(empty_services, path)
    assert again.counts["党员承诺"].unchanged == 4
    assert everything(empty_services) == everything(services)
