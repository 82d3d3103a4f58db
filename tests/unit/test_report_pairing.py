"""The printed 结对帮扶台账: read back with pypdf, the figures and rows are there,
headers repeat, fonts are embedded, user text prints as typed; and the
``report`` command."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pairing_data import Q1_FROM, Q1_TO, build_ledger
from pypdf import PdfReader

from app.domain.errors import UserError
from app.domain.pairing_validation import ProblemInput, SessionInput
from app.domain.settings import BRANCH_NAME
from app.domain.validation import PersonInput
from app.reports.pairing_ledger import write_pairing_ledger
from app.services.pairing import SessionFilter

MAIN = Path(__file__).resolve().parents[2] / "main.py"
Q1 = SessionFilter(Q1_FROM, Q1_TO)
BRANCH = "城东街道党支部"


@pytest.fixture(autouse=True)
def branch_named(services):
    """The header prints 支部名称 from the settings (without it a report refuses:
    tests/unit/test_settings.py)."""
    services.settings.save({BRANCH_NAME: BRANCH})


def text_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    return "".join(text.split())


def add_many(services, ledger, count: int) -> None:
    for i in range(count):
        services.pairing.add_session(
            SessionInput(
                date=dt.date(2026, 2, 1) + dt.timedelta(days=i % 28),
                pairing_id=ledger.pairings["信安共建"],
                topic=f"R&D <安全> 第{i}期",
                participant_ids=[ledger.people["韩雪"], ledger.people["陈静"]],
                outside_count=1,
                problems=[ProblemInput(text=f"问题 A&B <c> {i} " + "很长的描述" * 8)],
            )
        )


def test_the_ledger_has_the_period_totals_and_rows(services, tmp_path):
    ledger = build_ledger(services)
    details = services.people.get_person(ledger.people["王芳"])
    details.values.phone = "13812345678"
    services.people.update_person(ledger.people["王芳"], details.values)
    path = write_pairing_ledger(services, Q1, tmp_path / "台账.pdf", today=dt.date(2026, 4, 2))
    [page] = text_of(path)
    text = flat(page)
    assert "结对帮扶台账" in text
    assert "统计期间：2026-01-01至2026-03-31" in text
    assert "共计9+2场，参与22+23人次，发现问题4个，已解决1个" in text
    for header in ["日期", "结对", "主题", "服务类型", "参与人员", "人次", "发现问题", "已解决"]:
        assert header in text
    assert "2026-02-20" in text and "网络安全讲座" in text and "弱口令" in text
    assert "2025-12-30" not in text and "四月活动" not in text  # outside the period
    assert BRANCH in text  # the branch in the header
    assert "第1页共1页" in text
    assert "王芳" in text and "13812345678" not in text  # names, never phone numbers
    # The signature lines close the ledger: the branch and the date (no 书记 set).
    assert text.index(f"{BRANCH}2026年4月2日") > text.index("弱口令")
    assert "支部书记" not in text


def test_headers_repeat_and_pages_are_numbered(services, tmp_path):
    ledger = build_ledger(services)
    add_many(services, ledger, 60)
    path = write_pairing_ledger(services, Q1, tmp_path / "台账.pdf")
    pages = text_of(path)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        text = flat(page)
        assert f"第{number}页共{len(pages)}页" in text
        assert "服务类型" in text and "参与人员" in text  # the table header on every page
    assert "共计9+62场" in flat(pages[0])


def test_user_text_prints_as_typed(services, tmp_path):
    ledger = build_ledger(services)
    add_many(services, ledger, 1)
    path = write_pairing_ledger(services, Q1, tmp_path / "台账.pdf")
    text = "".join(text_of(path))
    assert "R&D <安全> 第0期" in text
    assert "问题 A&B <c> 0" in text


def test_every_font_is_embedded(services, tmp_path):
    build_ledger(services)
    path = write_pairing_ledger(services, Q1, tmp_path / "台账.pdf")
    reader = PdfReader(path)
    fonts = {}
    for page in reader.pages:
        for name, ref in page["/Resources"]["/Font"].items():
            fonts[name] = ref.get_object()
    assert len(fonts) >= 2
    for font in fonts.values():
        descendants = font.get("/DescendantFonts")
        target = descendants[0].get_object() if descendants else font
        descriptor = target["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font


def test_a_character_the_fonts_lack_is_refused_naming_it(services, tmp_path):
    ledger = build_ledger(services)
    services.pairing.add_session(
        SessionInput(
            date=dt.date(2026, 3, 1),
            pairing_id=ledger.pairings["信安共建"],
            topic="庆功 \U0001f389",
            outside_count=1,
        )
    )
    with pytest.raises(UserError) as caught:
        write_pairing_ledger(services, Q1, tmp_path / "台账.pdf")
    assert "\U0001f389" in caught.value.message and "U+1F389" in caught.value.message
    assert "庆功" in caught.value.message
    assert not (tmp_path / "台账.pdf").exists()


def test_rare_name_characters_print(services, tmp_path):
    ledger = build_ledger(services)
    rare = services.people.add_person(PersonInput(name="王䶮"))
    services.pairing.add_session(
        SessionInput(
            date=dt.date(2026, 3, 1),
            pairing_id=ledger.pairings["信安共建"],
            topic="走访",
            participant_ids=[rare],
        )
    )
    path = write_pairing_ledger(services, Q1, tmp_path / "台账.pdf")
    assert "王䶮" in "".join(text_of(path))


def test_an_empty_period_says_so(services, tmp_path):
    path = write_pairing_ledger(
        services, SessionFilter(dt.date(2020, 1, 1), dt.date(2020, 3, 31)), tmp_path / "空.pdf"
    )
    text = flat("".join(text_of(path)))
    assert "共计0+0场" in text and "本期没有帮扶活动记录" in text
    assert BRANCH in text  # no units: the branch as set


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(MAIN), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def test_report_pairing_from_the_command_line(services, db_target, tmp_path):
    if "://" in db_target:
        pytest.skip("the command line test uses a SQLite file")
    build_ledger(services)
    services.db.close()
    out = tmp_path / "结对帮扶台账.pdf"
    done = cli(
        "--db", db_target, "report", "pairing", "--from", "2026-01-01", "--to", "2026/3/31",
        "--out", str(out),
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.strip() == f"报表已保存到：{out}"
    assert "共计9+2场，参与22+23人次" in flat("".join(text_of(out)))

    # Only reports that exist are offered (issue 8.7): the list comes from the areas.
    done = cli("--db", db_target, "report", "members", "--out", str(tmp_path / "x.pdf"))
    assert (done.returncode, done.stderr.strip()) == (
        2,
        "错误：没有名为「members」的报表；可用：signin、pairing、pledges、mentoring、summary",
    )
    done = cli("--db", db_target, "report", "pairing", "--from", "明天", "--out", str(out))
    assert done.returncode == 2 and "不是有效日期" in done.stderr
    assert "Traceback" not in done.stderr
    done = cli(
        "--db", db_target, "report", "pairing", "--from", "2026-04-01", "--to", "2026-03-01",
        "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 1 and "开始日期（--from）不能晚于结束日期（--to）" in done.stderr
    done = cli("--db", db_target, "report", "pairing", "--out", str(tmp_path / "台账.txt"))
    assert done.returncode == 1 and "必须以 .pdf 结尾" in done.stderr
