"""The 老带新, 带教记录 and 发展记录 sheets: import with people by name or 工号,
the form's rules with the row and column of every problem, merge on re-import,
a stage moving the roster's 政治面貌, and export -> import into an empty
database reproducing every record, column by column."""

from __future__ import annotations

import datetime as dt

import pytest
from exchange_workbooks import BASIC_UNITS, PEOPLE_HEADERS, build, import_fails, person
from mentoring_data import TRICKY, build_mentoring
from openpyxl import load_workbook
from sqlalchemy import select

from app.areas import AREAS
from app.domain.enums import PoliticalStatus
from app.domain.mentoring_models import (
    CheckIn,
    DevelopmentRecord,
    Mentorship,
    MentorshipFocus,
    MentorshipStatus,
    Stage,
)
from app.domain.models import Person
from app.exchange.workbook_export import export_workbook
from app.exchange.workbook_import import import_workbook
from app.persistence.database import Database
from app.services.mentoring import MentorshipFilter
from app.services.registry import Services

MENTORSHIP_HEADERS = ["导师", "学员", "开始日期", "计划结束日期", "培养方向", "目标", "状态",
                      "结束日期", "出师评价"]  # fmt: skip
CHECK_IN_HEADERS = ["导师", "学员", "日期", "内容", "导师评价", "开始日期"]
DEVELOPMENT_HEADERS = ["姓名", "工号", "阶段", "日期", "备注", "谈话日期", "入党介绍人",
                       "培训天数", "培训学时", "审批日期", "预备期延长(月)"]  # fmt: skip

PEOPLE = [
    PEOPLE_HEADERS,
    person(姓名="王芳", 工号="A1", 所在单位="北区分公司", 政治面貌="中共党员"),
    person(姓名="张伟", 工号="A2", 所在单位="网格一", 政治面貌="中共党员"),
    person(姓名="张伟", 工号="A3", 所在单位="北区分公司", 政治面貌="群众"),
    person(姓名="李　强", 所在单位="网格一", 政治面貌="群众"),
    person(姓名="赵六", 工号="A5", 所在单位="网格一", 政治面貌="入党积极分子"),
]
MENTORSHIPS = [
    ["王芳", "张伟(A3)", "2021-01-10", "2021-07-10", "业务知识、工作技能", "独立完成装维工单",
     "已出师", "2021-07-08", "按期出师"],
    ["张伟(A2)", "李强", "2021/9/1", "", "思想作风", TRICKY, "", "", ""],
    ["王芳", "李强", "2020-03-01", "", "技能", "", "已中止", "2020-06-01", ""],
]  # fmt: skip
CHECK_INS = [
    ["王芳", "张伟(A3)", "2021-01-15", "讲解宽带装维流程", "认真", ""],
    ["王芳", "张伟(A3)", "2021-03-02", "跟班实操光猫配置", "", None],
    ["张伟(A2)", "李强", "2021年9月5日", "学习党章 & 支部工作条例", "<好>", "2021-09-01"],
]  # fmt: skip
STAGES = [
    ["李强", "", "递交入党申请书", "2021-03-01", "", "2021-03-20", "", "", "", "", ""],
    ["", "A5", "预备党员", "2021-06-01", "支部大会通过", "", "王芳、张伟(A2)", "3", "24",
     "2021-07-15", ""],
    ["张伟", "A3", "输送", "2021-05-04", "团支部书记", "", "", "", "", "", ""],
]  # fmt: skip


def workbook(tmp_path, mentorships=MENTORSHIPS, check_ins=CHECK_INS, stages=STAGES, name="m.xlsx"):
    sheets = {"单位": BASIC_UNITS, "人员": PEOPLE,
              "老带新": [MENTORSHIP_HEADERS, *mentorships],
              "带教记录": [CHECK_IN_HEADERS, *check_ins],
              "发展记录": [DEVELOPMENT_HEADERS, *stages]}  # fmt: skip
    return build(tmp_path / name, sheets)


def everything(services) -> tuple:
    """Every column of every mentorship, check-in and development record (people
    by name and 工号 instead of ids), and everyone's 政治面貌."""
    skip = {"id", "created_at", "updated_at"}
    with services.db.reading() as session:
        people = {
            r.id: (r.name, r.employee_no or "")
            for r in session.execute(select(Person.id, Person.name, Person.employee_no))
        }

        def rows(table, refs):
            found = []
            for r in session.execute(select(table)).mappings():
                found.append(tuple(
                    (k, refs[k](v) if k in refs and v is not None else v)
                    for k, v in r.items() if k not in skip
                ))  # fmt: skip
            return sorted(found, key=repr)

        mentorships = {
            r.id: (people[r.mentor_id], people[r.mentee_id], r.start_date)
            for r in session.execute(select(Mentorship.__table__))
        }
        by_person = {"mentor_id": people.get, "mentee_id": people.get, "person_id": people.get,
                     "introducer1_id": people.get, "introducer2_id": people.get}  # fmt: skip
        statuses = sorted(
            (people[r.id], r.political_status)
            for r in session.execute(select(Person.id, Person.political_status))
        )
        return (
            rows(Mentorship.__table__, by_person),
            rows(CheckIn.__table__, {"mentorship_id": mentorships.get}),
            rows(DevelopmentRecord.__table__, by_person),
            statuses,
        )


@pytest.fixture(autouse=True)
def today(services):
    services.mentoring._today = lambda: dt.date(2021, 12, 20)


def test_the_sheets_are_imported_with_people_by_name_or_number(services, tmp_path):
    report = import_workbook(services, workbook(tmp_path))
    assert report.counts["老带新"].created == 3
    assert report.counts["带教记录"].created == 3
    assert report.counts["发展记录"].created == 3
    rows = {(r.mentor_name, r.mentee_name, r.start_date): r
            for r in services.mentoring.list_mentorships(MentorshipFilter())}  # fmt: skip
    first = rows[("王芳", "张伟", dt.date(2021, 1, 10))]
    detail = services.mentoring.get_mentorship(first.id)
    assert detail.focus == [MentorshipFocus.KNOWLEDGE, MentorshipFocus.SKILLS]
    assert (detail.status, detail.ended_on, detail.evaluation, detail.planned_end) == (
        MentorshipStatus.GRADUATED, dt.date(2021, 7, 8), "按期出师", dt.date(2021, 7, 10)
    )  # fmt: skip
    assert services.people.get_person(detail.mentee_id).values.employee_no == "A3"
    assert [(c.date, c.content, c.comment) for c in services.mentoring.check_ins(first.id)] == [
        (dt.date(2021, 1, 15), "讲解宽带装维流程", "认真"),
        (dt.date(2021, 3, 2), "跟班实操光猫配置", ""),
    ]
    second = services.mentoring.get_mentorship(rows[("张伟", "李强", dt.date(2021, 9, 1))].id)
    assert second.goals == TRICKY and second.status == MentorshipStatus.ACTIVE
    stopped = services.mentoring.get_mentorship(rows[("王芳", "李强", dt.date(2020, 3, 1))].id)
    assert stopped.focus == [MentorshipFocus.SKILLS] and stopped.status == MentorshipStatus.STOPPED
    people = {(p.name, p.employee_no): p for p in services.people.list_people()}
    zhao = people[("赵六", "A5")]
    [stage] = services.development.stages(zhao.id)
    assert (stage.stage, stage.introducer_names, stage.training_days, stage.training_hours) == (
        Stage.PROBATIONARY, ["王芳", "张伟"], 3, 24
    )  # fmt: skip
    assert stage.approval_date == dt.date(2021, 7, 15) and stage.note == "支部大会通过"


def test_a_stage_import_moves_the_political_status_forward(services, tmp_path):
    import_workbook(services, workbook(tmp_path))
    people = {(p.name, p.employee_no): p for p in services.people.list_people()}
    # 入党积极分子 -> 预备党员; 群众 -> 入党申请人; a 输送 leaves 政治面貌 alone.
    assert people[("赵六", "A5")].political_status == PoliticalStatus.PROBATIONARY
    assert people[("李强", "")].political_status == PoliticalStatus.APPLICANT
    assert people[("张伟", "A3")].political_status == PoliticalStatus.MASSES
    # An earlier stage recorded later never moves anyone back.
    late = [["", "A5", "入党积极分子", "2020-05-01", "", "", "", "", "", "", ""]]
    import_workbook(
        services, build(tmp_path / "late.xlsx", {"发展记录": [DEVELOPMENT_HEADERS, *late]})
    )
    zhao = services.people.get_person(people[("赵六", "A5")].id)
    assert zhao.values.political_status == PoliticalStatus.PROBATIONARY


def test_importing_the_same_workbook_twice_changes_nothing(services, tmp_path):
    path = workbook(tmp_path)
    import_workbook(services, path)
    before = everything(services)
    report = import_workbook(services, path)
    for sheet in ("老带新", "带教记录", "发展记录"):
        assert report.counts[sheet].unchanged == 3, sheet
        assert report.counts[sheet].created == report.counts[sheet].updated == 0
    assert everything(services) == before


def test_reimport_updates_in_place(services, tmp_path):
    import_workbook(services, workbook(tmp_path))
    mentorships = [list(r) for r in MENTORSHIPS]
    mentorships[1][6:9] = ["已出师", "2021-12-01", "表现优秀"]
    check_ins = [list(r) for r in CHECK_INS]
    check_ins[1][4] = "熟练"
    stages = [list(r) for r in STAGES]
    stages[0][5] = "2021-03-25"
    report = import_workbook(
        services, workbook(tmp_path, mentorships, check_ins, stages, name="changed.xlsx")
    )
    for sheet in ("老带新", "带教记录", "发展记录"):
        assert (report.counts[sheet].updated, report.counts[sheet].created) == (1, 0), sheet
    rows = services.mentoring.list_mentorships(MentorshipFilter())
    assert len(rows) == 3
    second = next(r for r in rows if r.mentor_name == "张伟")
    detail = services.mentoring.get_mentorship(second.id)
    assert (detail.status, detail.ended_on, detail.evaluation) == (
        MentorshipStatus.GRADUATED, dt.date(2021, 12, 1), "表现优秀"
    )  # fmt: skip
    first = next(r for r in rows if r.start_date == dt.date(2021, 1, 10))
    assert [c.comment for c in services.mentoring.check_ins(first.id)] == ["认真", "熟练"]
    li = next(p for p in services.people.list_people() if p.name == "李强")
    [stage] = services.development.stages(li.id)
    assert stage.talk_date == dt.date(2021, 3, 25)


def test_a_check_in_finds_its_mentorship_when_a_pair_has_several(services, tmp_path):
    mentorships = [*MENTORSHIPS, ["王芳", "张伟(A3)", "2021-10-01", "", "思想作风", "", "", "", ""]]
    check_ins = [
        ["王芳", "张伟(A3)", "2021-10-05", "第二段的带教", "", ""],  # by its date
        ["王芳", "张伟(A3)", "2021-11-05", "写明开始日期", "", "2021-01-10"],
    ]
    import_workbook(services, workbook(tmp_path, mentorships, check_ins))
    by_start = {r.start_date: r.id for r in services.mentoring.list_mentorships(MentorshipFilter())
                if r.mentor_name == "王芳" and r.mentee_name == "张伟"}  # fmt: skip
    assert [c.content for c in services.mentoring.check_ins(by_start[dt.date(2021, 10, 1)])] == [
        "第二段的带教"
    ]
    assert [c.content for c in services.mentoring.check_ins(by_start[dt.date(2021, 1, 10)])] == [
        "写明开始日期"
    ]


def test_bad_cells_are_refused_with_sheet_row_and_column(services, tmp_path):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    mentorships = [
        *MENTORSHIPS,
        ["王芳", "王芳", "2021-02-01", "", "业务知识", "", "", "", ""],
        ["王芳", "李强", "2021-02-01", "2021-01-01", "唱歌", "", "进行到一半", "", ""],
        ["张伟", "李强", "2021-02-01", "", "", "", "", "", ""],
        ["王芳", "张伟(A3)", "2021-01-10", "", "业务知识", "", "", "", ""],
    ]
    check_ins = [
        *CHECK_INS,
        ["王芳", "赵六", "2021-05-01", "没有这对带教", "", ""],
        ["王芳", "张伟(A3)", str(tomorrow), "", "", ""],
        ["王芳", "张伟(A3)", "2021-05-01", "写错开始日期", "", "2021-02-02"],
    ]
    stages = [
        *STAGES,
        ["李强", "", "入党", "2021-03-01", "", "", "", "", "", "", ""],
        ["李强", "", "输送", "2021-03-01", "", "", "", "", "", "", ""],
        ["", "A5", "预备党员", "2021-08-01", "", "", "王芳、钱七", "三天", "", "", ""],
        ["张伟", "", "业务骨干", "2021-03-01", "", "", "", "", "", "", ""],
    ]
    problems = import_fails(services, workbook(tmp_path, mentorships, check_ins, stages))
    assert [(p[0], p[1], p[2]) for p in problems] == [
        ("老带新", 5, "学员"),
        ("老带新", 6, "培养方向"),
        ("老带新", 6, "状态"),
        ("老带新", 6, "计划结束日期"),
        ("老带新", 7, "导师"),
        ("老带新", 7, "培养方向"),
        ("老带新", 8, "开始日期"),
        ("带教记录", 5, "学员"),
        ("带教记录", 6, "日期"),
        ("带教记录", 6, "内容"),
        ("带教记录", 7, "开始日期"),
        ("发展记录", 5, "阶段"),
        ("发展记录", 6, "备注"),
        ("发展记录", 7, "培训天数"),
        ("发展记录", 7, "入党介绍人"),
        ("发展记录", 8, "姓名"),
    ]
    messages = [p[3] for p in problems]
    assert messages[0] == "导师和学员不能是同一个人"  # the form's rule
    assert messages[1] == "培养方向「唱歌」无法识别，应为 业务知识、工作技能、思想作风"
    assert messages[2].startswith("状态「进行到一半」无法识别")
    assert messages[3] == "计划结束日期不能早于开始日期"
    assert "有 2 名「张伟」" in messages[4]
    assert messages[5].startswith("请至少选择一个培养方向")
    messages.pop(5)
    assert messages[5] == "与第 2 行是同一对带教（导师、学员、开始日期都相同）"
    assert messages[6].startswith("「王芳」和「赵六」之间没有带教关系")
    assert messages[7] == "带教日期不能晚于今天" and messages[8] == "请填写带教内容"
    assert messages[9].startswith("这对导师和学员没有在 2021-02-02 开始的带教")
    assert messages[10].startswith("阶段「入党」无法识别")
    assert messages[11] == "输送请写明去向（如 团支部书记）"
    assert messages[12] == "应为整数（现为「三天」）"
    assert messages[13].startswith("人员「钱七」不存在")
    assert "有 2 名「张伟」" in messages[14]


@pytest.fixture
def empty_services(tmp_path, app_paths):
    db = Database.open(tmp_path / "empty.sqlite3", backups_dir=app_paths.backups_dir)
    built = Services.build(db, app_paths, AREAS)
    yield built
    db.close()


def test_export_then_import_into_an_empty_database_reproduces_every_record(
    services, empty_services, tmp_path
):
    ledger = build_mentoring(services)
    # A namesake, so that the sheets must write 姓名(工号).
    from app.domain.validation import PersonInput

    services.people.add_person(PersonInput(name="张伟", employee_no="B9"))
    services.mentoring.add_check_in(ledger.mentorships["active"], dt.date(2021, 9, 6),
                                    "第一行\n第二行", "")  # fmt: skip
    path = tmp_path / "台账.xlsx"
    report = export_workbook(services, path)
    assert (report.counts["老带新"], report.counts["带教记录"], report.counts["发展记录"]) == (
        3, 5, 5)  # fmt: skip
    book = load_workbook(path)
    assert [c.value for c in book["老带新"][1]] == MENTORSHIP_HEADERS
    assert [c.value for c in book["带教记录"][1]] == CHECK_IN_HEADERS
    assert [c.value for c in book["发展记录"][1]] == DEVELOPMENT_HEADERS
    written = list(book["发展记录"].iter_rows(min_row=2, values_only=True))
    probationary = next(r for r in written if r[2] == "预备党员")
    assert probationary[6] == "张伟(A1)、王芳" and probationary[7:9] == (3, 24)

    imported = import_workbook(empty_services, path)
    assert imported.counts["老带新"].created == 3
    assert everything(empty_services) == everything(services)

    again = import_workbook(empty_services, path)
    for sheet, n in (("老带新", 3), ("带教记录", 5), ("发展记录", 5)):
        assert again.counts[sheet].unchanged == n, sheet
    assert everything(empty_services) == everything(services)
