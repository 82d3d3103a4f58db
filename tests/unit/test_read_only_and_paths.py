"""Read-only files and folders, and --db paths that lead nowhere (issue 12, point 4).

The suite runs as root in CI, and root may write whatever the mode bits say.
The app honours the bits themselves (a file nobody may write is opened
read-only by everybody, root included), so these tests chmod real files and
folders and hold as root and as an ordinary user alike. The other half of the
rule, ``os.access`` for a file owned by someone else, is tested with an
injected ``access``. Every test here works on SQLite files in tmp_path: with a
PostgreSQL URL there is no file or folder to be read-only.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from ledger_files import make_ledger

from app.domain.errors import DatabaseRefused
from app.domain.validation import PersonInput
from app.paths import AppPaths
from app.persistence.database import Database
from app.persistence.file_access import marked_read_only, read_only_reason
from app.services.people import PeopleService

MAIN = Path(__file__).resolve().parents[2] / "main.py"

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(MAIN), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen"},
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.fixture
def restore_modes():
    """chmod-ed paths get their write bits back, so tmp_path can be removed."""
    changed: list[Path] = []
    yield changed
    for path in changed:
        if path.exists():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


def make_read_only(path: Path, changed: list[Path]) -> None:
    path.chmod(path.stat().st_mode & ~0o222)
    changed.append(path)


def test_a_read_only_file_opens_read_only_saying_why_and_writes_nothing(tmp_path, restore_modes):
    path = tmp_path / "台账.sqlite3"
    make_ledger(path, people=3)
    make_read_only(path, restore_modes)
    before, files = digest(path), listing(tmp_path)

    db = Database.open(path)  # asked for a writable database
    try:
        assert db.read_only
        assert "只读" in db.read_only_reason and "台账.sqlite3" in db.read_only_reason
        assert PeopleService(db).count_people() == 3
        with pytest.raises(DatabaseRefused, match="只读.*不能保存修改"):
            PeopleService(db).add_person(PersonInput(name="新人"))
    finally:
        db.close()
    assert digest(path) == before
    assert listing(tmp_path) == files  # no 0444 -wal/-shm left beside it


def test_a_ledger_in_a_read_only_folder_opens_read_only(tmp_path, restore_modes):
    folder = tmp_path / "只读文件夹"
    folder.mkdir()
    path = folder / "ledger.sqlite3"
    make_ledger(path, people=2)
    make_read_only(folder, restore_modes)
    before = digest(path)

    db = Database.open(path)
    try:
        assert db.read_only and "文件夹" in db.read_only_reason
        assert PeopleService(db).count_people() == 2
        with pytest.raises(DatabaseRefused, match="只读"):
            PeopleService(db).add_person(PersonInput(name="新人"))
    finally:
        db.close()
    assert digest(path) == before
    assert listing(folder) == ["ledger.sqlite3"]


def test_a_new_ledger_in_a_read_only_folder_is_refused_in_chinese(tmp_path, restore_modes):
    folder = tmp_path / "只读"
    folder.mkdir()
    make_read_only(folder, restore_modes)
    with pytest.raises(DatabaseRefused) as info:
        Database.open(folder / "new.sqlite3")
    assert "只读" in info.value.message and "readonly" not in info.value.message
    assert listing(folder) == []


def test_a_path_whose_folder_does_not_exist_is_refused_and_nothing_is_created(tmp_path):
    target = tmp_path / "打错的" / "文件夹" / "ledger.sqlite3"
    with pytest.raises(DatabaseRefused) as info:
        Database.open(target)
    assert "不存在" in info.value.message and "打错的" in info.value.message
    assert not (tmp_path / "打错的").exists()


def test_os_access_denial_alone_makes_a_file_read_only(tmp_path):
    """A file owned by someone else (0644, not ours): its bits allow writing, but
    os.access says no. Injected, since root is always allowed."""
    path = tmp_path / "theirs.sqlite3"
    path.write_bytes(b"x")
    assert not marked_read_only(path)

    def denied(p: Path, mode: int) -> bool:
        return p != path

    assert marked_read_only(path, denied)
    assert "只读" in read_only_reason(path, denied)

    def folder_denied(p: Path, mode: int) -> bool:
        return p != tmp_path

    assert "文件夹" in read_only_reason(path, folder_denied)


@posix_only
def test_existing_folders_keep_their_mode_new_ones_are_private(tmp_path):
    home = tmp_path / "home"
    paths = AppPaths.under(home)
    paths.data_dir.mkdir(parents=True)
    paths.data_dir.chmod(0o755)
    paths.ensure()
    assert stat.S_IMODE(paths.data_dir.stat().st_mode) == 0o755  # theirs: untouched
    assert stat.S_IMODE(paths.backups_dir.stat().st_mode) == 0o700  # ours: private
    assert stat.S_IMODE(paths.config_dir.stat().st_mode) == 0o700

    shared = tmp_path / "共享"
    shared.mkdir()
    shared.chmod(0o755)
    Database.open(shared / "ledger.sqlite3").close()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE((shared / "ledger.sqlite3").stat().st_mode) == 0o600


def test_cli_smoke_with_a_mistyped_folder_is_refused_and_creates_nothing(tmp_path):
    target = tmp_path / "没有这个文件夹" / "ledger.sqlite3"
    done = cli("--db", str(target), "--smoke")
    assert done.returncode == 1
    assert "不存在" in done.stderr and "Traceback" not in done.stderr
    assert not target.parent.exists()


def test_cli_import_into_a_read_only_file_says_so_in_chinese(tmp_path, restore_modes):
    from exchange_workbooks import people_workbook, person

    path = tmp_path / "ledger.sqlite3"
    make_ledger(path, people=1)
    make_read_only(path, restore_modes)
    book = people_workbook(tmp_path / "book.xlsx", person(姓名="张三"))
    before = digest(path)
    done = cli("--db", str(path), "import", str(book))
    assert done.returncode == 1, done.stdout
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "只读" in lines[0] and "readonly" not in lines[0]
    assert digest(path) == before

    checked = cli("--db", str(path), "check")
    assert checked.returncode == 0, checked.stderr
    assert not [name for name in listing(tmp_path) if name.startswith("ledger.sqlite3-")]
