"""The printed 老带新带教记录表: read back with pypdf, each mentorship of the
period with its check-ins of the period, text as typed, the header on every
page, fonts embedded; and ``main.py report mentoring``."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mentoring_data import TRICKY, build_mentoring
from pypdf import PdfReader

from app.domain.mentoring_models import MentorshipFocus
from app.reports.mentoring_record import write_mentoring_record
from app.services.mentoring import MentorshipFilter, MentorshipInput

MAIN = Path(__file__).resolve().parents[2] / "main.py"
YEAR_2021 = MentorshipFilter(date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 12, 31))


@pytest.fixture(autouse=True)
def branch_named(services):
    services.settings.save({"branch.name": "北区分公司党支部"})


def text_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    return "".join(text.split())


def test_the_record_shows_each_mentorship_of_the_period_with_its_check_ins(services, tmp_path):
    build_mentoring(services)
    services.settings.save({"branch.secretary": "周建国"})
    path = write_mentoring_record(services, YEAR_2021, tmp_path / "带教.pdf",
                                  today=dt.date(2021, 12, 20))  # fmt: skip
    pages = text_of(path)
    assert len(pages) == 1
    text = flat(pages[0])
    assert "老带新带教记录表" in text and "统计期间：2021-01-01至2021-12-31" in text
    assert "本期共2对带教，带教记录3次。" in text
    assert "1.导师张伟—学员李娜" in text and "2.导师王芳—学员赵磊" in text
    assert "2021-01-10" in text and "2021-07-10" in text
    assert "业务知识、工作技能" in text and "半年内独立完成装维工单" in text
    assert "已出师（2021-07-08）" in text and "按期出师，业务熟练" in text and "带教中" in text
    for header in ["日期", "带教内容", "导师评价"]:
        assert header in text
    assert "2021-01-15讲解宽带装维流程认真" in text
    assert "2021-03-02跟班实操光猫配置进步快" in text
    # The 2019 mentorship ran outside the period.
    assert "刘洋" not in text and "二〇一九年的带教" not in text
    assert "北区分公司党支部" in text and "第1页共1页" in text
    # The signature lines close the record: the branch, its 书记 as set, the date.
    signature = "北区分公司党支部支部书记：周建国2021年12月20日"
    assert text.index(signature) > text.index("进步快")


def test_only_the_check_ins_of_the_period_are_printed(services, tmp_path):
    build_mentoring(services)
    f = MentorshipFilter(date_from=dt.date(2021, 2, 1), date_to=dt.date(2021, 6, 30))
    text = flat("".join(text_of(write_mentoring_record(services, f, tmp_path / "a.pdf"))))
    assert "跟班实操光猫配置" in text and "讲解宽带装维流程" not in text
    assert "本期共1对带教，带教记录1次。" in text and "赵磊" not in text


def test_user_text_prints_as_typed(services, tmp_path):
    build_mentoring(services)
    text = "".join(text_of(write_mentoring_record(services, YEAR_2021, tmp_path / "a.pdf")))
    assert TRICKY in text
    assert "学习党章 & 支部工作条例" in text and "<好>" in text


def test_an_empty_period_says_so(services, tmp_path):
    build_mentoring(services)
    f = MentorshipFilter(date_from=dt.date(2018, 1, 1), date_to=dt.date(2018, 12, 31))
    text = flat("".join(text_of(write_mentoring_record(services, f, tmp_path / "a.pdf"))))
    assert "本期没有带教关系，也没有带教记录。" in text
    # A mentorship that ran in the period without a check-in in it says so too.
    f = MentorshipFilter(date_from=dt.date(2021, 7, 1), date_to=dt.date(2021, 8, 31))
    text = flat("".join(text_of(write_mentoring_record(services, f, tmp_path / "b.pdf"))))
    assert "1.导师张伟—学员李娜" in text and "本期没有带教记录。" in text
    assert "本期共1对带教，带教记录0次。" in text


def test_many_check_ins_repeat_the_headers_on_numbered_pages(services, tmp_path):
    ledger = build_mentoring(services)
    for day in range(1, 200):
        services.mentoring.add_check_in(
            ledger.mentorships["active"], dt.date(2021, 9, 1) + dt.timedelta(days=day % 100),
            f"第{day:03d}次带教：" + "现场讲解操作规范，" * (day % 7), "良好",
        )  # fmt: skip
    long_one = services.mentoring.add_mentorship(
        MentorshipInput(mentor_id=ledger.people["张伟"], mentee_id=ledger.people["刘洋"],
                        start_date=dt.date(2021, 11, 1), focus=[MentorshipFocus.SKILLS])
    )  # fmt: skip
    services.mentoring.add_check_in(long_one, dt.date(2021, 11, 2), "很长的一次带教，" * 240)
    pages = text_of(write_mentoring_record(services, YEAR_2021, tmp_path / "a.pdf"))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        text = flat(page)
        assert f"第{number}页共{len(pages)}页" in text
        assert "北区分公司党支部" in text and "老带新带教记录表" in text
    everything = flat("".join(pages))
    for day in range(1, 200):
        assert f"第{day:03d}次带教" in everything
    # the check-in table's header repeats on the pages the table continues on
    assert "带教内容" in flat(pages[1]) and "导师评价" in flat(pages[1])
    # The check-in taller than a page continues in rows marked （续）, on the next
    # page; nothing is lost (a row break may cut one phrase in two).
    assert everything.count("很长的一次带教") >= 235 and "（续）" in everything
    assert sum("很长的一次带教" in flat(p) for p in pages) >= 2


def test_every_font_is_embedded(services, tmp_path):
    build_mentoring(services)
    reader = PdfReader(write_mentoring_record(services, YEAR_2021, tmp_path / "a.pdf"))
    fonts = {}
    for page in reader.pages:
        for name, ref in page["/Resources"]["/Font"].items():
            fonts[name] = ref.get_object()
    assert len(fonts) >= 2
    for font in fonts.values():
        descendants = font.get("/DescendantFonts")
        target = descendants[0].get_object() if descendants else font
        assert "/FontFile2" in target["/FontDescriptor"].get_object(), font


def _run(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "BRANCH_LEDGER_HOME": str(home), "PYTHONPATH": str(MAIN.parent / "src")}
    return subprocess.run(
        [sys.executable, str(MAIN), *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_the_report_command_prints_the_record_of_a_period(services, tmp_path, db_target):
    if "://" in db_target:
        pytest.skip("the command line test uses a SQLite file")
    build_mentoring(services)
    db_file = services.db.engine.url.database
    services.db.close()
    out = tmp_path / "带教.pdf"
    done = _run("--db", db_file, "report", "mentoring", "--from", "2021-01-01",
                "--to", "2021-12-31", "--out", str(out), home=tmp_path / "home")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    text = flat("".join(text_of(out)))
    assert "老带新带教记录表" in text and "讲解宽带装维流程" in text and "刘洋" not in text
    # Without a period: everything, the 2019 mentorship included.
    out2 = tmp_path / "全部.pdf"
    done = _run("--db", db_file, "report", "mentoring", "--out", str(out2), home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert "二〇一九年的带教" in flat("".join(text_of(out2)))
    helped = _run("report", "--help", home=tmp_path / "home")
    assert "mentoring" in helped.stdout
