"""The .sqlite3 file alone is complete whenever the app is not running
(checkpoint TRUNCATE at close, after an import, after a restore), ``check``
reports an open database's pages still only in its -wal, and command-line
runs next to an open database (another process, as the window is) never
delete or replace its -wal/-shm."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.domain.errors import DatabaseRefused
from app.domain.validation import PersonInput
from app.exchange.workbook_import import import_workbook
from app.paths import AppPaths
from app.persistence import schema
from app.persistence.database import Database
from app.persistence.database_file import remove_unused_side_files, side_files
from app.services.people import PeopleService

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL")), reason="SQLite files only"
)

MAIN = Path(__file__).resolve().parents[2] / "main.py"
RECORDS = 160


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(MAIN), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def people_in(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM people").fetchone()[0]
    finally:
        conn.close()


def file_alone(path: Path, tmp_path: Path) -> Path:
    """The .sqlite3 copied without its -wal/-shm, as to a USB stick."""
    stick = tmp_path / "stick"
    stick.mkdir(exist_ok=True)
    copy = stick / path.name
    shutil.copy(path, copy)
    return copy


class Holder:
    """Another process with the database open (a reading connection), as the
    window or a command-line run next to it would be."""

    def __init__(self, path: Path) -> None:
        code = (
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(path)!r})\n"
            "c.execute('PRAGMA journal_mode=WAL')\n"
            "c.execute('SELECT count(*) FROM sqlite_master').fetchall()\n"
            "print('ready', flush=True)\n"
            "sys.stdin.read()\n"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout.readline().strip() == "ready"

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def test_records_written_then_closed_are_in_the_file_alone(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    db = Database.open(path, backups_dir=tmp_path / "backups")
    people = PeopleService(db)
    people.add_person(PersonInput(name="第一个"))  # the file is in WAL mode from here
    # another program keeps the file open, so SQLite's own last-close checkpoint never runs
    other = sqlite3.connect(path)
    other.execute("SELECT count(*) FROM people").fetchone()
    for i in range(1, RECORDS):
        people.add_person(PersonInput(name=f"人员{i}", employee_no=f"E{i:04d}"))
    db.close()
    wal = Path(f"{path}-wal")
    assert wal.exists() and wal.stat().st_size == 0  # TRUNCATE: every page in the file
    assert people_in(file_alone(path, tmp_path)) == RECORDS  # -wal lost: nothing lost
    other.close()
    wal.unlink(missing_ok=True)
    assert people_in(path) == RECORDS


def test_an_import_is_in_the_file_alone_while_the_database_stays_open(tmp_path, services):
    if services.database_file is None:
        pytest.skip("SQLite file only")
    book = Workbook()
    sheet = book.active
    sheet.title = "人员"
    sheet.append(["姓名", "工号"])
    for i in range(RECORDS):
        sheet.append([f"导入{i}", f"I{i:04d}"])
    workbook = tmp_path / "people.xlsx"
    book.save(workbook)
    import_workbook(services, workbook)
    # the window is still open: the import must already be in the .sqlite3
    assert people_in(file_alone(services.database_file, tmp_path)) == RECORDS


def test_check_reports_pages_still_only_in_the_wal_of_an_open_database(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    db = Database.open(path, backups_dir=tmp_path / "backups")
    try:
        people = PeopleService(db)
        for i in range(40):
            people.add_person(PersonInput(name=f"人员{i}"))
        result = cli("--db", str(path), "check")
        assert result.returncode == 0, result.stderr
        assert "检查通过" in result.stdout
        assert "正被另一个程序" in result.stdout
        assert "页修改还只在日志文件" in result.stdout
    finally:
        db.close()
    result = cli("--db", str(path), "check")
    assert result.returncode == 0 and "日志文件" not in result.stdout  # closed: nothing pending


def identity(path: Path) -> list[tuple[int, int]]:
    return [(os.stat(p).st_dev, os.stat(p).st_ino) for p in side_files(path)]


def test_command_line_runs_next_to_an_open_database_leave_its_side_files(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    root = AppPaths.from_environment().backups_dir
    db = Database.open(path, backups_dir=root)
    try:
        from app.services.settings import SettingsService

        SettingsService(db).save({"branch.name": "测试支部"})
        people = PeopleService(db)
        people.add_person(PersonInput(name="开着的窗口"))
        before = identity(path)
        runs = [
            ("check",),
            ("backup",),
            ("backup", "--to", str(tmp_path / "manual.sqlite3")),
            ("export", str(tmp_path / "out.xlsx")),
            ("report", "pairing", "--year", "2026", "--out", str(tmp_path / "pairing.pdf")),
            ("settings",),
        ]
        for args in runs:
            result = cli("--db", str(path), *args)
            assert result.returncode == 0, (args, result.stderr)
            assert identity(path) == before, args  # same -wal and -shm, never deleted or replaced
            people.add_person(PersonInput(name=f"之后{args[0]}"))  # the window still writes
        # and the close-time backup still works (it failed with "disk I/O error" before)
        from app.persistence.backups import BackupService

        assert BackupService(db, root).create("close") is not None
    finally:
        db.close()
    assert people_in(file_alone(path, tmp_path)) == 1 + len(runs)


def test_a_refused_read_never_removes_side_files_another_program_created(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    Database.open(path, backups_dir=tmp_path / "backups").close()
    assert not any(p.exists() for p in side_files(path))
    holder = None
    try:
        with pytest.raises(DatabaseRefused):
            with schema._left_as_found(path):
                # while we read, the window opens the same file: its -wal/-shm appear
                holder = Holder(path)
                raise DatabaseRefused("refused for this test")
        assert all(p.exists() for p in side_files(path))
        assert remove_unused_side_files(path, side_files(path)) == []
    finally:
        if holder is not None:
            holder.stop()
    # no one has it open any more: our own leftovers may go
    Database.open(path, read_only=True).close()
    leftovers = [p for p in side_files(path) if p.exists()]
    assert remove_unused_side_files(path, leftovers) == leftovers


def test_opening_the_open_database_again_keeps_its_locks(tmp_path):
    """What a restore's reopen does: a second Database on the file this process
    has open. Reading the header with a plain open() here used to drop the
    process's POSIX locks, so the next command-line run, closing as "the last
    connection", deleted the -wal/-shm the window still wrote to."""
    path = tmp_path / "ledger.sqlite3"
    db = Database.open(path, backups_dir=tmp_path / "backups")
    second = None
    try:
        people = PeopleService(db)
        people.add_person(PersonInput(name="第一个"))
        before = identity(path)
        second = Database.open(path, backups_dir=tmp_path / "backups")
        result = cli("--db", str(path), "backup")
        assert result.returncode == 0, result.stderr
        assert identity(path) == before  # the -wal and -shm were not deleted
        for i in range(20):
            people.add_person(PersonInput(name=f"之后{i}"))
    finally:
        if second is not None:
            second.close()
        db.close()
    assert people_in(file_alone(path, tmp_path)) == 21
