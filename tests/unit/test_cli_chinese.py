"""The command line speaks Chinese: its help, argparse's headings and its errors
(issue 8: "usage:", "options:", "the following arguments are required" were English)."""

from __future__ import annotations

import re

import pytest

from app.cli import run

ENGLISH = re.compile(
    r"usage:|positional arguments|options:|show this help|the following arguments|"
    r"invalid choice|unrecognized arguments|expected one argument|show program"
)


def help_of(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        run([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_help_has_no_english_words_of_argparse(capsys):
    text = help_of(capsys)
    assert text.startswith("用法：branch-ledger")
    assert "选项" in text and "显示本帮助并退出" in text and "显示程序版本并退出" in text
    assert not ENGLISH.search(text), text


def test_report_help_lists_the_reports_that_exist(capsys):
    text = help_of(capsys, "report")
    assert "pairing（结对帮扶台账）" in text
    assert not ENGLISH.search(text), text


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["report"], "参数错误：缺少必需的参数：KIND, --out"),
        (["bogus"], "参数错误：参数 命令：无效的选项 'bogus'"),
        (["--nope"], "参数错误：无法识别的参数：--nope"),
        (["report", "pairing", "--out"], "参数错误：参数 --out：需要一个值"),
        (["report", "pairing", "--year", "26", "--out", "x.pdf"], "「26」不是有效年度"),
    ],
)
def test_mistakes_are_told_in_chinese(capsys, argv, expected):
    with pytest.raises(SystemExit) as done:
        run(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：branch-ledger")
    last = err.strip().splitlines()[-1]
    assert expected in last
    assert not ENGLISH.search(err), err
