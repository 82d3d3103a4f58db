"""The 工作汇总 (PDF and Word) on a hand-counted quarter: every figure is the one
the pages count, each area has its section, an empty area says so in one line,
the pages render inside the paper, and the ``report summary`` command writes
either format by the file name."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest
from docx import Document
from pypdf import PdfReader
from summary_data import Q1_FROM, Q1_TO, TODAY, build_summary_data

from app.area import ReportRequest
from app.areas import report_kinds
from app.domain.errors import UserError
from app.domain.settings import BRANCH_NAME
from app.domain.summary import SummaryPeriod
from app.reports.summary_pdf import write_summary_pdf
from app.reports.summary_word import write_summary_word
from app.services.mentoring import MentorshipFilter
from app.services.pairing_rows import SessionFilter
from app.services.pairing_summary import month_chart
from app.services.pledges import PledgeFilter
from app.services.summary import collect_summary

MAIN = Path(__file__).resolve().parents[2] / "main.py"
BRANCH = "城东街道党支部"
Q1 = ReportRequest(date_from=Q1_FROM, date_to=Q1_TO)


@pytest.fixture
def branch(services):
    services.settings.save(
        {
            BRANCH_NAME: BRANCH,
            "branch.secretary": "王建国",
            "branch.parent_organisation": "城东党委",
        }
    )


@pytest.fixture
def ledger(services, branch):
    return build_summary_data(services)


def flat(text: str) -> str:
    return "".join(text.split())


def pdf_text(path: Path) -> str:
    return flat("".join(page.extract_text() for page in PdfReader(path).pages))


def in_order(text: str, parts: list[str]) -> None:
    """Each part appears in ``text``, after the one before it."""
    at = 0
    for part in parts:
        found = text.find(flat(part), at)
        assert found >= 0, f"{part!r} missing (or out of order) in {text[at : at + 300]!r}"
        at = found + len(flat(part))


GOLDEN = [
    "城东街道党支部2026年第一季度工作汇总",
    "统计期间：2026年1月1日至2026年3月31日",
    "编制日期：2026-04-15",
    "一、党员队伍",
    "支部现有党员 3 名，其中正式党员 2 名、预备党员 1 名；另有入党申请人 1 名",
    "二、结对帮扶",
    "共计 9+2 场，参与 22+23 人次，发现问题 4 个，已解决 1 个",
    "各月帮扶场次",
    "A 本支部结对（9 场）",
    "B 共建结对（2 场）",
    "按服务类型",
    "业务指导 8 38",
    "三、党员承诺践诺",
    "2026 年度 共 2 名党员、3 项承诺，已完成 2 项（66.7%），优秀 1 项",
    "评诺结果：优秀 1 项，合格 1 项，基本合格 0 项，不合格 0 项，尚未评诺 1 项",
    "2026 年度承诺按类别",
    "2026 年度积分前 5 名",
    "四、老带新",
    "本期在带导师与学员 1 对",
    "带教中 1 对，已出师 0 对；本期带教记录 2 次",
    "孙丽 李强 2026-01-10 带教中 3 次",
    "五、双培养一输送",
    "本期培养业务骨干 1 人，递交入党申请书 1 人，输送 1 人；其中向关键岗位输送 1 人",
    "张伟（团支部书记）",
    "城东街道党支部",
    "支部书记：王建国",
    "2026年4月15日",
]


def test_the_pdf_reads_as_counted_by_hand(services, ledger, tmp_path):
    out = write_summary_pdf(services, Q1, tmp_path / "汇总.pdf", today=TODAY)
    text = pdf_text(out)
    in_order(text, GOLDEN)
    assert flat("城东党委 城东街道党支部") in text  # the page header
    pages = len(PdfReader(out).pages)
    assert flat(f"第 {pages} 页 共 {pages} 页") in text
    # Sessions outside the quarter (30 Dec, 1 Apr) are not counted anywhere.
    assert "年终总结" not in text and "四月活动" not in text


def test_every_figure_is_the_one_the_pages_show(services, ledger, tmp_path):
    """The pages' totals lines come from these services; the summary prints
    their sentences unchanged, and its chart adds up to them."""
    out = write_summary_pdf(services, Q1, tmp_path / "汇总.pdf", today=TODAY)
    text = pdf_text(out)
    q1 = SessionFilter(Q1_FROM, Q1_TO)
    pairing = services.pairing_stats.totals(q1)
    assert flat(pairing.sentence()) in text
    assert flat(services.pledges.totals(PledgeFilter(year=2026)).text()) in text
    mentoring = services.mentoring.totals(MentorshipFilter(date_from=Q1_FROM, date_to=Q1_TO))
    assert flat(mentoring.text()) in text
    summary = collect_summary(services, Q1_FROM, Q1_TO, TODAY)
    (chart,) = next(s for s in summary.sections if s.title == "结对帮扶").charts
    assert chart.categories == ("1月", "2月", "3月")
    assert dict(chart.series) == {"A 本支部结对": (3, 3, 3), "B 共建结对": (0, 1, 1)}
    assert sum(chart.totals) == pairing.sessions
    leaders = next(s for s in summary.sections if s.title == "党员承诺践诺").tables[1]
    ranking = services.points.totals(2026)
    assert [row[1] for row in leaders.rows] == [r.name for r in ranking if r.rank <= 5][:10]
    assert [row[3] for row in leaders.rows] == [str(r.total) for r in ranking if r.rank <= 5][:10]


def test_an_area_without_records_says_so_in_one_line(services, branch, tmp_path):
    out = write_summary_pdf(services, Q1, tmp_path / "空.pdf", today=TODAY)
    text = pdf_text(out)
    in_order(
        text,
        [
            "一、党员队伍", "名册中尚无人员。",
            "二、结对帮扶", "本期没有结对帮扶活动记录。",
            "三、党员承诺践诺", "本期没有党员承诺记录。",
            "四、老带新", "本期没有老带新带教记录。",
            "五、双培养一输送", "本期没有双培养一输送记录。",
        ],
    )  # fmt: skip
    assert "各月帮扶场次" not in text and "按服务类型" not in text


def test_the_pages_render_inside_the_paper(services, ledger, tmp_path):
    """Every page is A4 portrait, has ink, and nothing is drawn in the outer
    8 mm where a printer cannot print (a clipped table would be)."""
    out = write_summary_pdf(services, Q1, tmp_path / "汇总.pdf", today=TODAY)
    document = pypdfium2.PdfDocument(out)
    try:
        assert len(document) >= 2
        for page in document:
            width, height = page.get_size()
            assert (round(width), round(height)) == (595, 842)
            image = page.render(scale=1).to_pil().convert("L")
            pixels = image.load()
            w, h = image.size
            inked = [(x, y) for x in range(0, w, 2) for y in range(0, h, 2) if pixels[x, y] < 128]
            assert len(inked) > 500, "a blank page"
            border = round(8 / 25.4 * 72)
            outside = [
                (x, y)
                for x, y in inked
                if not (border <= x < w - border and border <= y < h - border)
            ]  # noqa: E501
            assert outside == []
    finally:
        document.close()


def test_the_word_copy_has_the_same_sections_figures_and_tables(services, ledger, tmp_path):
    out = write_summary_word(services, Q1, tmp_path / "汇总.docx", today=TODAY)
    document = Document(out)
    paragraphs = flat("".join(p.text for p in document.paragraphs))
    in_order(
        paragraphs,
        [g for g in GOLDEN if g != "编制日期：2026-04-15"
         and not g.startswith(("业务指导", "孙丽 李强", "张伟", "A 本支部", "B 共建"))],
    )  # fmt: skip
    assert "2026年4月15日" in paragraphs
    summary = collect_summary(services, Q1_FROM, Q1_TO, TODAY)
    expected = [t for s in summary.sections for t in s.tables]
    assert len(document.tables) == len(expected)
    for table, want in zip(document.tables, expected, strict=True):
        cells = [[c.text for c in row.cells] for row in table.rows]
        assert cells == [list(want.header), *map(list, want.rows)]
    assert document.core_properties.title == "城东街道党支部2026年第一季度工作汇总"
    # The chart is there as a picture.
    assert len(document.inline_shapes) == 1


def test_the_word_copy_refuses_a_name_that_is_not_docx(services, branch, tmp_path):
    with pytest.raises(UserError, match=r"\.docx"):
        write_summary_word(services, Q1, tmp_path / "汇总.doc")
    assert not list(tmp_path.glob("*汇总*"))


def test_without_a_branch_name_no_summary_is_written(services, tmp_path):
    with pytest.raises(UserError, match="支部名称"):
        write_summary_pdf(services, Q1, tmp_path / "汇总.pdf")
    assert not (tmp_path / "汇总.pdf").exists()


def test_only_the_summary_has_a_word_copy():
    kinds = report_kinds()
    assert kinds["summary"].writer_for(Path("a.docx")) is not None
    assert kinds["pairing"].writer_for(Path("a.docx")) is None
    assert kinds["pairing"].writer_for(Path("a.pdf")) is kinds["pairing"].write


def test_a_long_period_is_charted_by_year(services, ledger):
    months = services.pairing_stats.breakdown(SessionFilter()).months
    chart = month_chart(months, SummaryPeriod(dt.date(2023, 1, 1), dt.date(2026, 12, 31)))
    assert chart.categories == ("2023年", "2024年", "2025年", "2026年")
    assert dict(chart.series)["A 本支部结对"] == (0, 0, 1, 9)
    assert dict(chart.series)["B 共建结对"] == (0, 0, 0, 3)
    chart = month_chart(months, SummaryPeriod(dt.date(2025, 12, 1), dt.date(2026, 2, 28)))
    assert chart.categories == ("25年12月", "26年1月", "26年2月")


@pytest.mark.parametrize(
    ("start", "end", "heading"),
    [
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31), "2026年度"),
        (dt.date(2026, 4, 1), dt.date(2026, 6, 30), "2026年第二季度"),
        (dt.date(2026, 7, 1), dt.date(2026, 12, 31), "2026年下半年"),
        (dt.date(2026, 2, 1), dt.date(2026, 2, 28), "2026年2月"),
        (dt.date(2026, 2, 3), dt.date(2026, 5, 9), "2026年2月3日至2026年5月9日"),
        (None, None, "全部时间"),
    ],
)
def test_the_title_names_the_period_as_a_secretary_would(start, end, heading):
    assert SummaryPeriod(start, end).heading() == heading


@pytest.fixture
def on_file(db_target):
    if "://" in db_target:
        pytest.skip("the command line test runs on a SQLite file")
    return db_target


def _run(*args):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, str(MAIN), *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_the_command_writes_pdf_or_word_by_the_file_name(services, ledger, on_file, tmp_path):
    services.close()
    for name in ("汇总.pdf", "汇总.docx"):
        result = _run("--db", on_file, "report", "summary", "--from", "2026-01-01",
                      "--to", "2026-03-31", "--out", str(tmp_path / name))  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "报表已保存到" in result.stdout
    assert "共计9+2场" in pdf_text(tmp_path / "汇总.pdf")
    words = flat("".join(p.text for p in Document(tmp_path / "汇总.docx").paragraphs))
    assert "共计9+2场" in words
    result = _run("--db", on_file, "report", "pairing", "--out", str(tmp_path / "台账.docx"))
    assert result.returncode != 0
    assert "结对帮扶台账只能保存为 PDF" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "台账.docx").exists()
