"""Backups belong to their database: each in its own folder, listed, rotated and
restored apart; the backup before an import, restore or migration kept for 30
days (or the last 10) whatever the rotation does; each new backup verified
before an older one goes; a full disk never removes a good backup. Old backups
from the shared folder move to the database they came from."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

import app.persistence.sqlite_copy as sqlite_copy
from app.domain.validation import PersonInput
from app.persistence.backups import (
    PROTECTED_DAYS,
    PROTECTED_LAST,
    BackupFailed,
    BackupService,
    list_backups,
)
from app.persistence.database import Database
from app.persistence.sqlite_copy import parse_backup_file_name, quick_check
from app.services.people import PeopleService

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL")), reason="SQLite file backups only"
)

T0 = dt.datetime(2025, 1, 1)
PROTECTED = {"import", "restore", "migration"}


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def ledger(path: Path, root: Path, names: list[str]) -> Database:
    path.parent.mkdir(parents=True, exist_ok=True)  # the app never creates the folder
    db = Database.open(path, backups_dir=root)
    for name in names:
        PeopleService(db).add_person(PersonInput(name=name))
    return db


def names_in(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM people ORDER BY id")]
    finally:
        conn.close()


def folder_state(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} if folder.exists() else {}


@pytest.mark.slow
def test_rotation_over_400_days_two_databases_side_by_side(tmp_path, monkeypatch):
    root = tmp_path / "backups"
    db_a = ledger(tmp_path / "a" / "ledger.sqlite3", root, ["甲"])
    db_b = ledger(tmp_path / "b" / "ledger.sqlite3", root, ["乙", "丙"])  # same file name
    clock_a, clock_b = Clock(T0), Clock(T0)
    service_a = BackupService(db_a, root, clock=clock_a)
    service_b = BackupService(db_b, root, clock=clock_b)
    assert service_a.backups_dir != service_b.backups_dir
    assert service_a.backups_dir.parent == service_b.backups_dir.parent == root
    made_protected: list[tuple[dt.datetime, Path]] = []
    full_disk_days = 0

    def make(service, clock, when, reason):
        clock.now = when
        path = service.create(reason, when=when)
        if reason in PROTECTED:
            made_protected.append((when, path))
        return path

    for day in range(400):
        morning = T0 + dt.timedelta(days=day, hours=9)
        b_before = folder_state(service_b.backups_dir)
        if day % 50 == 49:  # the disk is full today: nothing is made, nothing removed
            full_disk_days += 1
            a_before = folder_state(service_a.backups_dir)

            def no_space(path):
                raise OSError(28, "No space left on device", str(path))

            monkeypatch.setattr(sqlite_copy, "_create_private", no_space)
            clock_a.now = morning
            with pytest.raises(BackupFailed, match="磁盘空间不足"):
                service_a.create("auto", when=morning)
            monkeypatch.undo()
            assert folder_state(service_a.backups_dir) == a_before
            continue
        make(service_a, clock_a, morning, "auto")
        if day % 5 == 0:  # three imports that day, then a close backup of the day's work
            for hour in (10, 11, 12):
                make(service_a, clock_a, morning.replace(hour=hour), "import")
        if day % 17 == 0:
            make(service_a, clock_a, morning.replace(hour=14), "restore")
        make(service_a, clock_a, morning.replace(hour=18), "close")
        # A's rotation never touches B's folder
        assert folder_state(service_b.backups_dir) == b_before
        if day % 2 == 0:
            make(service_b, clock_b, morning.replace(hour=8), "auto")

        # every protected backup younger than 30 days, and the newest 10, are still there
        now = morning.replace(hour=18)
        newest_ten = [p for _w, p in made_protected[-PROTECTED_LAST:]]
        recent = [p for w, p in made_protected if now - w < dt.timedelta(days=PROTECTED_DAYS)]
        missing = [p.name for p in newest_ten + recent if not p.exists()]
        assert missing == [], (day, missing)

    kept_a = list_backups(service_a.backups_dir)
    kept_b = list_backups(service_b.backups_dir)
    # each folder holds only its own database's backups, all readable
    assert {b.people for b in kept_a} == {1} and {b.people for b in kept_b} == {2}
    assert all(quick_check(b.path) == "ok" for b in kept_a + kept_b)
    assert names_in(kept_a[0].path) == ["甲"]
    # bounded: the newest, 7 days, 4 weeks, 12 months, plus the protected ones
    protected_kept = [b for b in kept_a if b.reason in PROTECTED]
    assert len(kept_a) - len(protected_kept) <= 1 + 7 + 4 + 12
    assert len(protected_kept) <= PROTECTED_LAST + 3 * (PROTECTED_DAYS // 5 + 1) + 2
    # the last 7 days with backups each still have one (day 399 the disk was full)
    last_days = {b.created.date() for b in kept_a}
    assert {(T0 + dt.timedelta(days=d)).date() for d in range(392, 399)} <= last_days
    # and a year ago is still reachable through the monthly ones
    assert min(b.created for b in kept_a) < T0 + dt.timedelta(days=400 - 300)
    assert full_disk_days == 8
    db_a.close()
    db_b.close()


def test_three_imports_in_a_day_and_a_close_backup_keep_every_import_backup(tmp_path):
    root = tmp_path / "backups"
    db = ledger(tmp_path / "ledger.sqlite3", root, ["甲"])
    clock = Clock(T0)
    service = BackupService(db, root, clock=clock)
    made = []
    for hour in (9, 10, 11):
        clock.now = T0.replace(hour=hour)
        made.append(service.create("import"))
        PeopleService(db).add_person(PersonInput(name=f"导入{hour}"))
    clock.now = T0.replace(hour=18)
    service.create("close")
    assert all(p.exists() for p in made)  # the state before the day's first import too
    assert names_in(made[0]) == ["甲"]
    db.close()


def test_each_new_backup_is_verified_before_an_older_one_is_removed(tmp_path, monkeypatch):
    root = tmp_path / "backups"
    db = ledger(tmp_path / "ledger.sqlite3", root, ["甲", "乙"])
    clock = Clock(T0)
    service = BackupService(db, root, clock=clock)
    for day in range(30):
        clock.now = T0 + dt.timedelta(days=day)
        service.create("auto")
    before = folder_state(service.backups_dir)

    # a copy that loses a record (as a faulty disk or driver might) is refused
    real = sqlite_copy.table_counts
    calls = []

    def short_by_one(conn):
        counts = real(conn)
        calls.append(1)
        if len(calls) == 2:  # the second count is the copy's
            counts["people"] -= 1
        return counts

    monkeypatch.setattr(sqlite_copy, "table_counts", short_by_one)
    clock.now = T0 + dt.timedelta(days=60)
    with pytest.raises(BackupFailed, match="记录数"):
        service.create("auto")
    monkeypatch.undo()
    assert folder_state(service.backups_dir) == before  # nothing rotated away, no .partial left

    # a copy that fails integrity_check is refused the same way
    monkeypatch.setattr(
        sqlite_copy,
        "verify_copy",
        lambda path, expected, **_options: "复制出的文件没有通过完整性检查",
    )
    with pytest.raises(BackupFailed, match="完整性检查"):
        service.create("auto")
    monkeypatch.undo()
    assert folder_state(service.backups_dir) == before
    db.close()


def test_restore_lists_only_this_databases_backups(tmp_path):
    root = tmp_path / "backups"
    db_a = ledger(tmp_path / "a.sqlite3", root, ["甲"])
    db_b = ledger(tmp_path / "b.sqlite3", root, ["乙"])
    a = BackupService(db_a, root).create("manual")
    b = BackupService(db_b, root).create("manual")
    assert [x.path for x in BackupService(db_a, root).list_backups()] == [a]
    assert [x.path for x in BackupService(db_b, root).list_backups()] == [b]
    db_a.close()
    db_b.close()


def test_old_shared_backups_move_to_the_database_they_came_from(tmp_path):
    root = tmp_path / "backups"
    db_a = ledger(tmp_path / "a.sqlite3", root, ["甲"])
    db_b = ledger(tmp_path / "b.sqlite3", root, ["乙"])
    # as the previous version made them: straight into the shared folder
    root.mkdir()
    old_a = BackupService(db_a, root).create("auto", destination=root)
    old_b = BackupService(db_b, root).create("auto", destination=root)
    stranger = root / "branch-ledger-20240101-090000-auto.sqlite3"
    stranger.write_bytes(b"\x00" * 4096)

    moved = BackupService(db_a, root).claim_shared_backups()

    assert [p.name for p in moved] == [old_a.name]
    assert [b.path.name for b in BackupService(db_a, root).list_backups()] == [old_a.name]
    assert old_b.exists() and stranger.exists()  # not A's: left where they were
    assert BackupService(db_b, root).claim_shared_backups()[0].name == old_b.name
    assert parse_backup_file_name(old_b.name) is not None
    db_a.close()
    db_b.close()
