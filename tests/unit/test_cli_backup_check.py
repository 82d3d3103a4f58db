"""The command line's backup, check, --version and bad --db: one clear Chinese
line and a non-zero exit for every user mistake, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from ledger_files import corrupt_middle_pages, make_ledger

from app import APP_NAME, __version__
from app.cli import run
from app.paths import AppPaths
from app.persistence.backups import list_backups
from app.persistence.sqlite_copy import database_backups_dir, quick_check

MAIN = Path(__file__).resolve().parents[2] / "main.py"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python main.py ...`` as a user would (BRANCH_LEDGER_HOME is the test's)."""
    return subprocess.run(
        [sys.executable, str(MAIN), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def assert_one_chinese_error_line(stderr: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in lines[0])


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        run(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"{APP_NAME} {__version__}"


def test_zero_byte_file_check_through_main_py(tmp_path):
    path = tmp_path / "zero.db"
    path.write_bytes(b"")
    before = path.stat().st_mtime_ns
    result = cli("--db", str(path), "check")
    assert result.returncode != 0
    assert_one_chinese_error_line(result.stderr)
    assert "空文件" in result.stderr
    assert path.read_bytes() == b"" and path.stat().st_mtime_ns == before
    assert "zero.db-wal" not in os.listdir(tmp_path)


def test_damaged_file_check_through_main_py(tmp_path):
    path = tmp_path / "damaged.db"
    make_ledger(path, people=300)
    corrupt_middle_pages(path)
    before = path.read_bytes()
    result = cli("--db", str(path), "check")
    assert result.returncode == 3
    assert_one_chinese_error_line(result.stderr)
    assert "已损坏" in result.stderr and "备份" in result.stderr
    assert path.read_bytes() == before


def _foreign_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    random_file = tmp_path / "random.db"
    random_file.write_bytes(os.urandom(4096))
    text_file = tmp_path / "text.db"
    text_file.write_text("姓名,工号\n张伟,A001\n", encoding="utf-8")
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer.db"
    make_ledger(newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    folder = tmp_path / "folder.db"
    folder.mkdir()
    return {
        "random": (random_file, "不是数据库文件"),
        "text": (text_file, "不是数据库文件"),
        "other": (other, "其他程序"),
        "newer": (newer, "请升级程序"),
        "folder": (folder, "文件夹"),
    }


@pytest.mark.parametrize("command", [["check"], ["backup"]])
def test_files_that_are_not_ours_are_refused_and_left_untouched(tmp_path, capsys, command):
    for path, words in _foreign_files(tmp_path).values():
        before = None if path.is_dir() else (path.read_bytes(), path.stat().st_mtime_ns)
        neighbours = sorted(set(os.listdir(tmp_path)) - {"home"})
        code = run(["--db", str(path), *command])
        err = capsys.readouterr().err
        assert code != 0, path
        assert_one_chinese_error_line(err)
        assert words in err
        if before is not None:
            assert (path.read_bytes(), path.stat().st_mtime_ns) == before
        else:
            assert os.listdir(path) == []
        # No -wal, -shm or copies beside it ("home" is the app's data folder).
        assert sorted(set(os.listdir(tmp_path)) - {"home"}) == neighbours


def test_check_a_missing_file_does_not_create_it(tmp_path, capsys):
    path = tmp_path / "missing.db"
    assert run(["--db", str(path), "check"]) == 3
    assert_one_chinese_error_line(capsys.readouterr().err)
    assert not path.exists()


def test_check_a_sound_ledger(tmp_path, capsys):
    path = tmp_path / "ledger.db"
    make_ledger(path)
    assert run(["--db", str(path), "check"]) == 0
    assert "完整性检查通过" in capsys.readouterr().out


def test_check_reports_a_dangling_reference(tmp_path, capsys):
    path = tmp_path / "ledger.db"
    make_ledger(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE people SET unit_id = 42")
    conn.commit()
    conn.close()
    assert run(["--db", str(path), "check"]) == 3
    err = capsys.readouterr().err
    assert "单位记录不存在" in err and "Traceback" not in err


def test_bad_database_url(capsys):
    code = run(["--db", "postgresql://clerk:secret@host:notaport/db", "check"])
    err = capsys.readouterr().err
    assert code != 0
    assert_one_chinese_error_line(err)
    assert "secret" not in err


def test_backup_into_the_backups_folder(tmp_path, capsys):
    path = tmp_path / "ledger.db"
    make_ledger(path)
    assert run(["--db", str(path), "backup"]) == 0
    out = capsys.readouterr().out
    folder = database_backups_dir(AppPaths.from_environment().backups_dir, path)
    [backup] = list_backups(folder)
    assert str(backup.path) in out
    assert (backup.reason_label, backup.people) == ("手动备份", 2)


def test_backup_to_a_chosen_file(tmp_path, capsys):
    path = tmp_path / "ledger.db"
    make_ledger(path)
    target = tmp_path / "U盘" / "台账备份.sqlite3"
    target.parent.mkdir()
    assert run(["--db", str(path), "backup", "--to", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    assert quick_check(target) == "ok"
    before = target.read_bytes()
    assert run(["--db", str(path), "backup", "--to", str(target)]) == 1
    err = capsys.readouterr().err
    assert_one_chinese_error_line(err)
    assert "已存在" in err
    assert target.read_bytes() == before


def test_check_never_writes_not_even_the_journal_mode(tmp_path, capsys):
    path = tmp_path / "ledger.db"
    make_ledger(path)
    backup = tmp_path / "copy.sqlite3"
    assert run(["--db", str(path), "backup", "--to", str(backup)]) == 0
    # A backup is a single file in rollback-journal mode; opening it for writing
    # would switch it to WAL. A check must leave it byte for byte as it was.
    before = (backup.read_bytes(), backup.stat().st_mtime_ns)
    assert run(["--db", str(backup), "check"]) == 0
    assert (backup.read_bytes(), backup.stat().st_mtime_ns) == before
    capsys.readouterr()
