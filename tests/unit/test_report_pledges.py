"""The printed 党员承诺公示表 (亮身份·亮积分·亮承诺): read back with pypdf, the
heading and totals, one row per member with identity, points and pledges,
text as typed, headers repeated, fonts embedded, never a phone number; and
``main.py report pledges``."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pledge_data import PHONE, TRICKY, YEAR, add_members, build_pledges
from pypdf import PdfReader

from app.reports.pledge_notice import write_pledge_notice

MAIN = Path(__file__).resolve().parents[2] / "main.py"


@pytest.fixture(autouse=True)
def branch_named(services):
    """The header prints 支部名称 from the settings (without it a report refuses)."""
    services.settings.save({"branch.name": "北区分公司党支部"})


def text_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    return "".join(text.split())


def test_the_notice_shows_identity_points_and_pledges_of_every_member(services, tmp_path):
    ledger = build_pledges(services)
    path = write_pledge_notice(services, YEAR, tmp_path / "公示.pdf", today=dt.date(2021, 12, 20))
    pages = text_of(path)
    assert len(pages) == 1
    text = flat(pages[0])
    assert "2021年度党员承诺公示表（亮身份·亮积分·亮承诺）" in text
    # The totals line of the list (the withdrawn pledge is not counted), and 赵磊 made none.
    assert "共2名党员、3项承诺，已完成1项（33.3%），优秀1项；另有1名党员未作承诺" in text
    assert "积分：优秀（≥80分）1名，合格1名，不合格（<60分）1名" in text
    for header in ["序号", "姓名", "亮身份", "亮积分", "亮承诺"]:
        assert header in text
    # 亮身份: identity, unit and position, badges from the tags.
    assert "预备党员" in text and "东城网格·网格长" in text
    assert "【党员示范岗】【业务骨干】" in text and "【党员责任区】" in text
    # 亮积分: the points service's totals and levels.
    zw = services.points.total(ledger.people["张伟"], YEAR)
    assert zw == 60 + 10 + 3 + 10
    assert "83分优秀" in text
    assert services.points.total(ledger.people["王芳"], YEAR) == 60 and "60分合格" in text
    assert "55分不合格" in text
    # 亮承诺: numbered, with category, status and rating.
    assert "1.〔主责主业〕完成宽带新装300户（已完成·评议：优秀）" in text
    assert "2.〔创新创效〕" in text
    assert "1.〔学习提升〕学习新业务知识，考取2项认证（未完成·评议：基本合格）" in text
    assert "每月走访" not in text  # withdrawn
    assert "赵磊" in text and "（未作承诺）" in text
    assert "李娜" not in text  # 群众: not a member
    assert "北区分公司" in text and "第1页共1页" in text
    assert PHONE not in text and "联系电话" not in text
    # The signature lines close the notice, under the table: the branch and the date.
    assert text.index("北区分公司党支部2021年12月20日") > text.index("（未作承诺）")


def test_user_text_prints_as_typed(services, tmp_path):
    build_pledges(services)
    path = write_pledge_notice(services, YEAR, tmp_path / "公示.pdf")
    text = "".join(text_of(path))
    assert TRICKY in text


def test_headers_repeat_and_pages_are_numbered_with_60_members(services, tmp_path):
    build_pledges(services)
    add_members(services, 60, pledges_each=3)
    path = write_pledge_notice(services, YEAR, tmp_path / "公示.pdf")
    pages = text_of(path)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        text = flat(page)
        assert f"第{number}页共{len(pages)}页" in text
        assert "亮身份" in text and "亮积分" in text and "亮承诺" in text
    everything = flat("".join(pages))
    assert "共62名党员、183项承诺" in everything
    for i in range(60):
        assert f"党员{i:03d}" in everything
        assert f"139{i:08d}" not in everything
    assert PHONE not in everything


def test_a_member_taller_than_a_page_continues_on_the_next(services, tmp_path):
    build_pledges(services)
    from app.domain.enums import PoliticalStatus
    from app.domain.pledge_models import PledgeCategory
    from app.domain.pledge_rules import PledgeLine
    from app.domain.validation import PersonInput

    pid = services.people.add_person(
        PersonInput(name="钱多", political_status=PoliticalStatus.MEMBER)
    )
    lines = [
        PledgeLine(
            text=f"长承诺{n}：" + "认真完成各项工作任务，" * 45, category=PledgeCategory.CONDUCT
        )
        for n in range(5)
    ]
    services.pledges.save_member_pledges(pid, YEAR, lines)
    pages = [flat(p) for p in text_of(write_pledge_notice(services, YEAR, tmp_path / "公示.pdf"))]
    assert len(pages) >= 2
    everything = "".join(pages)
    for n in range(5):
        assert f"长承诺{n}" in everything
    assert "钱多（续）" in everything
    for page in pages:
        assert page.count("序号") == 1  # the header once at the top of every page


def test_every_font_is_embedded(services, tmp_path):
    build_pledges(services)
    reader = PdfReader(write_pledge_notice(services, YEAR, tmp_path / "公示.pdf"))
    fonts = {}
    for page in reader.pages:
        for name, ref in page["/Resources"]["/Font"].items():
            fonts[name] = ref.get_object()
    assert len(fonts) >= 2
    for font in fonts.values():
        descendants = font.get("/DescendantFonts")
        target = descendants[0].get_object() if descendants else font
        assert "/FontFile2" in target["/FontDescriptor"].get_object(), font


def test_a_year_without_pledges(services, tmp_path):
    build_pledges(services)
    text = flat("".join(text_of(write_pledge_notice(services, 2022, tmp_path / "公示.pdf"))))
    assert "2022年度党员承诺公示表" in text
    assert "共3名党员，暂无承诺" in text
    assert text.count("（未作承诺）") == 3


def _run(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "BRANCH_LEDGER_HOME": str(home), "PYTHONPATH": str(MAIN.parent / "src")}
    return subprocess.run(
        [sys.executable, str(MAIN), *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_the_report_command_prints_the_notice_of_a_year(services, tmp_path, db_target):
    if "://" in db_target:
        pytest.skip("the command line test uses a SQLite file")
    build_pledges(services)
    db_file = services.db.engine.url.database
    services.db.close()
    out = tmp_path / "公示.pdf"
    done = _run("--db", db_file, "report", "pledges", "--year", "2021", "--out", str(out),
                home=tmp_path / "home")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    text = flat("".join(text_of(out)))
    assert "2021年度党员承诺公示表" in text and "完成宽带新装300户" in text

    # Without --year: the current year.
    out2 = tmp_path / "今年.pdf"
    done = _run("--db", db_file, "report", "pledges", "--out", str(out2), home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert f"{dt.date.today().year}年度党员承诺公示表" in flat("".join(text_of(out2)))

    helped = _run("report", "--help", home=tmp_path / "home")
    assert "pledges" in helped.stdout
