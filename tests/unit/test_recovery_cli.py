"""The way back from a damaged file on the command line: ``check`` names the
backup it would restore, ``restore --latest`` and ``restore FILE`` set the
damaged file aside untouched (with its -wal/-shm) and put a good backup in its
place; a sound file is backed up before it is replaced. Every damage case of
tests/damaged_files.py, each detected and recovered."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from app.cli import run
from app.domain.validation import PersonInput
from app.paths import AppPaths
from app.persistence.backups import list_backups
from app.persistence.database import Database
from app.persistence.sqlite_copy import database_backups_dir
from app.services.people import PeopleService
from damaged_files import (
    BACKED_UP_PEOPLE,
    DAMAGES,
    make_backed_up_ledger,
    people_in,
    set_aside_files,
    snapshot,
)

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL")), reason="SQLite files only"
)


@pytest.fixture
def backups_root() -> Path:
    return AppPaths.from_environment().backups_dir


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_check_then_restore_latest_recovers_every_damage(damage, tmp_path, backups_root, capsys):
    path = tmp_path / "ledger.sqlite3"
    backup = make_backed_up_ledger(path, backups_root)
    DAMAGES[damage](path)
    before = snapshot(path)

    assert run(["--db", str(path), "check"]) == 3  # detected
    out, err = capsys.readouterr()
    assert err.startswith("发现问题：") and "Traceback" not in err
    assert str(backup) in out and f"{BACKED_UP_PEOPLE} 人" in out  # the backup it would restore
    assert "restore --latest" in out
    assert snapshot(path) == before  # check wrote nothing, created no -wal/-shm

    assert run(["--db", str(path), "restore", "--latest"]) == 0  # recovered
    out, err = capsys.readouterr()
    assert err == "" and "已恢复" in out
    [kept] = set_aside_files(path)
    assert str(kept) in out
    assert snapshot(kept) == before  # set aside untouched, with its -wal/-shm
    assert people_in(path) == BACKED_UP_PEOPLE
    assert run(["--db", str(path), "check"]) == 0
    assert "检查通过" in capsys.readouterr().out


@pytest.mark.parametrize("damage", ["garbage_pages", "a_folder"])
def test_other_commands_on_a_damaged_file_point_to_restore(damage, tmp_path, backups_root, capsys):
    path = tmp_path / "ledger.sqlite3"
    make_backed_up_ledger(path, backups_root)
    DAMAGES[damage](path)
    assert run(["--db", str(path), "export", str(tmp_path / "out.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "restore --latest" in err and len(err.splitlines()) == 1


def test_restore_a_chosen_backup_over_a_sound_file_backs_it_up_first(
    tmp_path, backups_root, capsys
):
    path = tmp_path / "ledger.sqlite3"
    backup = make_backed_up_ledger(path, backups_root, people=3)
    db = Database.open(path, backups_dir=backups_root)
    PeopleService(db).add_person(PersonInput(name="后来的人"))
    db.close()

    assert run(["--db", str(path), "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert people_in(path) == 3
    assert set_aside_files(path) == []  # a sound file is not set aside: it is backed up
    safety = [
        b for b in list_backups(database_backups_dir(backups_root, path)) if b.reason == "restore"
    ]
    assert len(safety) == 1 and safety[0].people == 4 and str(safety[0].path) in out
    # the restored state is in the .sqlite3 itself (checkpointed), not only its -wal
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_restore_by_name_finds_the_backup_in_the_databases_folder(tmp_path, backups_root, capsys):
    path = tmp_path / "ledger.sqlite3"
    backup = make_backed_up_ledger(path, backups_root, people=2)
    DAMAGES["zero_bytes"](path)
    assert run(["--db", str(path), "restore", backup.name]) == 0
    assert people_in(path) == 2


def test_restore_latest_without_backups_says_so(tmp_path, capsys):
    path = tmp_path / "ledger.sqlite3"
    path.write_bytes(b"")
    assert run(["--db", str(path), "restore", "--latest"]) == 1
    err = capsys.readouterr().err
    assert "没有找到这个数据库的完好备份" in err and "Traceback" not in err
    assert path.read_bytes() == b""  # nothing set aside when there is nothing to put there


def test_restore_refuses_a_file_that_is_no_backup(tmp_path, backups_root, capsys):
    path = tmp_path / "ledger.sqlite3"
    make_backed_up_ledger(path, backups_root, people=2)
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(os.urandom(8192))
    assert run(["--db", str(path), "restore", str(bogus)]) == 1
    assert capsys.readouterr().err.startswith("错误：")
    assert people_in(path) == 2


def test_restore_needs_a_file_or_latest(capsys):
    with pytest.raises(SystemExit) as info:
        run(["restore"])
    assert info.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_a_newest_backup_that_is_damaged_is_skipped(tmp_path, backups_root, capsys):
    path = tmp_path / "ledger.sqlite3"
    good = make_backed_up_ledger(path, backups_root, people=5)
    newer = good.with_name(good.name.replace(good.name[14:29], "20991231-235959"))
    newer.write_bytes(os.urandom(8192))
    DAMAGES["garbage_pages"](path)
    assert run(["--db", str(path), "check"]) == 3
    assert str(good) in capsys.readouterr().out
    assert run(["--db", str(path), "restore", "--latest"]) == 0
    assert people_in(path) == 5
    assert sqlite3.connect(path).execute("PRAGMA quick_check").fetchone()[0] == "ok"
