"""The printed 签到表: read back with pypdf, it lists the 在册 党员 and 预备党员 in
the roster's order with their unit, says how many should attend, carries the
meeting's name, date and the branch; portrait A4; long rosters continue on
pages with the header repeated; and ``report signin`` on the command line."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.area import ReportRequest
from app.areas import report_kinds
from app.domain.enums import PoliticalStatus, UnitKind
from app.domain.errors import UserError
from app.domain.settings import BRANCH_NAME, PARENT_ORGANISATION
from app.domain.validation import PersonInput, UnitInput
from app.reports.signin_sheet import write_signin_sheet

MAIN = Path(__file__).resolve().parents[2] / "main.py"
BRANCH = "城东街道第一党支部"
MEETING = ReportRequest(title="2026年第一季度党员大会", day=dt.date(2026, 3, 5))
TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def branch(services):
    """The header prints 支部名称 and 上级党组织 from the settings."""
    services.settings.save({BRANCH_NAME: BRANCH, PARENT_ORGANISATION: "中共城东街道工委"})


def text_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    return "".join(text.split())


def build_roster(services) -> dict[str, int]:
    """Three 在册 members (one 预备党员, one without a unit), and people the
    sheet must leave out: one 已转出, a 共青团员, an 入党积极分子, and a 党员 of a
    共建单位 (another organisation's member)."""
    office = services.people.add_unit(UnitInput("综合办公室"))
    works = services.people.add_unit(UnitInput("生产技术部"))
    partner = services.people.add_unit(UnitInput("信安部", UnitKind.CO_BUILDING))
    member, probationary = PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY
    ids = {}
    for name, unit, status, phone in [
        ("王芳", office, member, "13812345678"),
        ("李强", works, probationary, ""),
        ("韩雪", None, member, ""),
        ("张伟", works, member, ""),
        ("赵敏", office, PoliticalStatus.LEAGUE_MEMBER, ""),
        ("陈静", works, PoliticalStatus.ACTIVIST, ""),
        ("周敏", partner, member, ""),
    ]:
        ids[name] = services.people.add_person(
            PersonInput(name=name, unit_id=unit, political_status=status, phone=phone)
        )
    services.people.set_transferred_out(ids["张伟"], dt.date(2025, 12, 1))
    return ids


def test_the_sheet_lists_the_members_on_the_roster_in_roster_order(services, branch, tmp_path):
    build_roster(services)
    path = write_signin_sheet(services, MEETING, tmp_path / "签到表.pdf", today=TODAY)
    [page] = text_of(path)
    assert flat(page) == flat(
        "2026年第一季度党员大会签到表"
        "城东街道第一党支部"
        "会议日期：2026年3月5日 地点：____________________"
        "序号 姓名 所在单位 政治面貌 签名 备注"
        "1 韩雪 党员"
        "2 李强 生产技术部 预备党员"
        "3 王芳 综合办公室 党员"
        "应到 3 人，实到 __________ 人，请假 __________ 人"
        # the page header and footer (drawn once the page count is known)
        "中共城东街道工委 城东街道第一党支部 签到表 · 打印日期：2026-03-01"
        "第 1 页 共 1 页"
    )
    assert "13812345678" not in page  # names, never phone numbers
    reader = PdfReader(path)
    assert reader.metadata.title == "2026年第一季度党员大会签到表"
    width, height = (float(x) for x in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points


def test_without_a_meeting_name_or_date_they_are_left_to_fill_in(services, branch, tmp_path):
    build_roster(services)
    path = write_signin_sheet(services, ReportRequest(), tmp_path / "签到表.pdf")
    text = flat("".join(text_of(path)))
    assert "党员大会签到表" in text
    assert "会议日期：______年____月____日" in text and "地点：" in text
    # A name that already says 签到 is kept as it is.
    path = write_signin_sheet(
        services, ReportRequest(title="  支委会  签到 "), tmp_path / "签到表.pdf"
    )
    assert "支委会签到" in flat("".join(text_of(path)))
    assert "签到签到表" not in flat("".join(text_of(path)))


def test_sixty_members_continue_on_pages_with_the_header_repeated(services, branch, tmp_path):
    for i in range(60):
        services.people.add_person(
            PersonInput(name=f"党员{i:02d}", political_status=PoliticalStatus.MEMBER)
        )
    path = write_signin_sheet(services, MEETING, tmp_path / "签到表.pdf")
    pages = text_of(path)
    # A 10 mm row for each signature: about 22 rows on a portrait page.
    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        text = flat(page)
        assert "序号姓名所在单位政治面貌签名备注" in text
        assert f"第{number}页共3页" in text
    everything = flat("".join(pages))
    assert all(f"党员{i:02d}" in everything for i in range(60))
    assert "应到60人" in flat(pages[-1])


def test_an_empty_roster_says_so(services, branch, tmp_path):
    path = write_signin_sheet(services, MEETING, tmp_path / "签到表.pdf")
    text = flat("".join(text_of(path)))
    assert "名册中没有在册的党员" in text and "应到0人" in text


def test_the_sheet_needs_the_branch_name(services, tmp_path):
    with pytest.raises(UserError, match="尚未设置支部名称"):
        write_signin_sheet(services, MEETING, tmp_path / "签到表.pdf")


def test_a_meeting_name_the_fonts_cannot_print_is_refused(services, branch, tmp_path):
    build_roster(services)
    with pytest.raises(UserError) as caught:
        write_signin_sheet(services, ReportRequest(title="庆功会 \U0001f389"), tmp_path / "x.pdf")
    assert "U+1F389" in caught.value.message and "会议名称" in caught.value.message


def test_signin_is_a_meeting_report_of_the_roster():
    kind = report_kinds()["signin"]
    assert (kind.title, kind.period, kind.meeting) == ("签到表", "none", True)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(MAIN), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def test_report_signin_from_the_command_line(services, branch, db_target, tmp_path):
    if "://" in db_target:
        pytest.skip("the command line test uses a SQLite file")
    build_roster(services)
    services.db.close()
    out = tmp_path / "签到表.pdf"
    done = cli(
        "--db", db_target, "report", "signin", "--title", "七一主题党日", "--date", "2026-07-01",
        "--out", str(out),
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.strip() == f"报表已保存到：{out}"
    text = flat("".join(text_of(out)))
    assert "七一主题党日签到表" in text and "会议日期：2026年7月1日" in text
    assert "1韩雪党员2李强生产技术部预备党员3王芳综合办公室党员" in text
    assert "应到3人" in text

    done = cli("--db", db_target, "report", "signin", "--date", "7月1日", "--out", str(out))
    assert done.returncode == 2 and "不是有效日期" in done.stderr
    assert "Traceback" not in done.stderr
