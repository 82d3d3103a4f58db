"""``python main.py --db X import FILE`` and ``export FILE``: a summary on stdout,
or one clear Chinese message on stderr and a non-zero exit; never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from exchange_workbooks import people_workbook, person

from app.cli import run

MAIN = Path(__file__).resolve().parents[2] / "main.py"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(MAIN), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def test_import_and_export_from_the_command_line(tmp_path):
    db = tmp_path / "台账.sqlite3"
    workbook = people_workbook(tmp_path / "名册.xlsx", person(姓名="王芳", 所在单位="网格一"))

    done = cli("--db", str(db), "import", str(workbook))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.strip() == (
        "导入完成：单位 新增 2、更新 0、未变 0；人员 新增 1、更新 0、未变 0"
        "；工作簿中没有「结对」「帮扶活动」「党员承诺」「老带新」「带教记录」「发展记录」工作表，这些数据未改动"
    )

    out = tmp_path / "导出.xlsx"
    done = cli("--db", str(db), "export", str(out))
    assert (done.returncode, done.stderr) == (0, "")
    assert (
        done.stdout.strip()
        == f"导出完成：单位 2 行、人员 1 行、结对 0 行、帮扶活动 0 行、党员承诺 0 行、老带新 0 行、带教记录 0 行、发展记录 0 行；已保存到 {out}"
    )
    assert out.exists()


def test_a_bad_file_gives_chinese_on_stderr_and_a_non_zero_exit(tmp_path):
    db = tmp_path / "台账.sqlite3"
    bad = tmp_path / "名册.xlsx"
    bad.write_text("姓名,工号\n王芳,A001\n", encoding="utf-8")

    done = cli("--db", str(db), "import", str(bad))

    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.startswith(
        "错误：导入失败，未写入任何数据：\n「名册.xlsx」是文本（CSV）文件"
    )
    assert "Traceback" not in done.stderr


def test_a_bad_cell_is_named_on_stderr(tmp_path, capsys):
    db = tmp_path / "台账.sqlite3"
    workbook = people_workbook(tmp_path / "名册.xlsx", person(姓名="王芳", 出生日期="1990-13-01"))

    assert run(["--db", str(db), "import", str(workbook)]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "错误：导入失败，未写入任何数据：",
        "工作表「人员」第 2 行「出生日期」列：「1990-13-01」不是有效日期，请填写如 2021-03-05、2021/3/5、2021年3月5日",
    ]


def test_export_to_a_missing_folder_is_refused_in_chinese(tmp_path, capsys):
    assert (
        run(["--db", str(tmp_path / "台账.sqlite3"), "export", str(tmp_path / "无" / "a.xlsx")])
        == 1
    )
    assert capsys.readouterr().err.startswith("错误：保存位置不存在")
