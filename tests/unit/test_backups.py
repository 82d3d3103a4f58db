"""Backups: consistent copies through the backup API, rotation that never loses
the last good copy, a full disk that destroys nothing, restore, integrity."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from ledger_files import corrupt_middle_pages, make_ledger

import app.persistence.sqlite_copy as sqlite_copy
from app.bootstrap import open_services
from app.domain.enums import UnitKind
from app.domain.errors import DatabaseRefused
from app.domain.validation import PersonInput, UnitInput
from app.persistence import backups as backups_module
from app.persistence.backups import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_WEEKLY,
    BackupFailed,
    BackupInfo,
    BackupService,
    backups_to_remove,
    integrity_problems,
    list_backups,
    restore_damaged_database,
)
from app.persistence.database import Database
from app.persistence.schema import HEAD_REVISION
from app.persistence.sqlite_copy import parse_backup_file_name, quick_check
from app.services.people import PeopleService

EXTERNAL_DB = bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL"))
sqlite_only = pytest.mark.skipif(EXTERNAL_DB, reason="SQLite file backups: external DB URL set")

T0 = dt.datetime(2026, 3, 10, 9, 30, 0)


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


def names_in(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM people ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def ledger(tmp_path):
    """A SQLite ledger with a unit and two people, and its backups folder."""
    db = Database.open(tmp_path / "ledger.db", backups_dir=tmp_path / "backups")
    people = PeopleService(db)
    unit = people.add_unit(UnitInput("北区分公司", UnitKind.BRANCH_COMPANY))
    people.add_person(PersonInput(name="张伟", employee_no="A001", unit_id=unit))
    people.add_person(PersonInput(name="王芳", employee_no="A002", unit_id=unit))
    yield db
    db.close()


@pytest.fixture
def clock():
    return Clock(T0)


@pytest.fixture
def service(ledger, tmp_path, clock):
    return BackupService(ledger, tmp_path / "backups", clock=clock)


# ----- making a backup ------------------------------------------------------------


@sqlite_only
def test_backup_holds_rows_still_in_the_wal(service, ledger):
    wal = Path(f"{ledger.sqlite_file}-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the rows are not in the main file yet
    path = service.create("manual")
    assert names_in(path) == ["张伟", "王芳"]
    assert quick_check(path) == "ok"
    assert not Path(f"{path}-wal").exists()  # a self-contained single file
    parsed = parse_backup_file_name(path.name)
    assert (parsed.created, parsed.reason) == (T0, "manual")
    assert "20260310-093000" in path.name
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


@sqlite_only
def test_backup_opens_as_a_ledger(service):
    path = service.create("manual")
    copy = Database.open(path, read_only=True)
    try:
        assert [p.name for p in PeopleService(copy).list_people()] == ["王芳", "张伟"]
    finally:
        copy.close()


@sqlite_only
def test_two_backups_in_the_same_second_both_survive(service):
    first = service.create("manual", rotate=False)
    second = service.create("manual", rotate=False)
    assert first != second and first.exists() and second.exists()


@sqlite_only
def test_backup_to_a_chosen_file_refuses_to_overwrite(service, tmp_path, ledger):
    target = tmp_path / "elsewhere" / "我的备份.sqlite3"
    target.parent.mkdir()
    assert service.create("manual", destination=target) == target
    assert names_in(target) == ["张伟", "王芳"]
    before = target.read_bytes()
    with pytest.raises(BackupFailed, match="已存在"):
        service.create("manual", destination=target)
    assert target.read_bytes() == before
    with pytest.raises(BackupFailed, match="正在使用的数据库"):
        service.create("manual", destination=ledger.sqlite_file)
    in_folder = service.create("manual", destination=target.parent)
    assert in_folder.parent == target.parent and names_in(in_folder) == ["张伟", "王芳"]


class _FullDiskSource:
    """A source connection whose backup writes a little, then hits a full disk."""

    def __init__(self, real):
        self.real = real

    def backup(self, target, **_kw):
        self.real.backup(target, pages=1)  # some pages reach the .partial file
        raise sqlite3.OperationalError("database or disk is full")

    def close(self):
        self.real.close()

    def __getattr__(self, name):  # execute(), the counts' read transaction
        return getattr(self.real, name)


@sqlite_only
def test_full_disk_destroys_no_backup(service, tmp_path, clock, monkeypatch):
    backups = service.backups_dir
    existing = []
    for day in range(3):
        clock.now = T0 + dt.timedelta(days=day)
        existing.append(service.create("auto"))
    before = {p: p.read_bytes() for p in existing}

    real_connect = sqlite3.connect

    def connect(target, *args, **kwargs):
        conn = real_connect(target, *args, **kwargs)
        return _FullDiskSource(conn) if kwargs.get("uri") else conn

    monkeypatch.setattr(sqlite_copy.sqlite3, "connect", connect)
    clock.now = T0 + dt.timedelta(days=30)
    with pytest.raises(BackupFailed, match="磁盘空间不足") as info:
        service.create("auto")
    assert "已有的备份都保持不变" in info.value.message
    monkeypatch.undo()

    assert sorted(backups.iterdir()) == sorted(existing)  # no .partial left, none removed
    assert {p: p.read_bytes() for p in existing} == before


@sqlite_only
def test_oserror_enospc_while_copying_is_reported_and_harmless(service, clock, monkeypatch):
    first = service.create("auto")

    def no_space(path):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(sqlite_copy, "_create_private", no_space)
    clock.now = T0 + dt.timedelta(days=2)
    with pytest.raises(BackupFailed, match="磁盘空间不足"):
        service.create("auto")
    assert [b.path for b in service.list_backups()] == [first]


def test_server_database_has_no_file_backup(db, tmp_path):
    if db.sqlite_file is not None:
        pytest.skip("only for a database on a server")
    service = BackupService(db, tmp_path / "backups")
    assert service.create("manual") is None
    assert service.auto_backup_if_due() is None
    assert integrity_problems(db) == []


# ----- listing --------------------------------------------------------------------


@sqlite_only
def test_list_shows_date_reason_size_and_contents_newest_first(service, clock, ledger):
    service.create("manual")
    clock.now = T0 + dt.timedelta(hours=5)  # same day: a manual backup is never rotated away
    PeopleService(ledger).add_person(PersonInput(name="李娜"))
    service.create("auto")
    (service.backups_dir / "notes.txt").write_text("not a backup")  # ignored

    newest, oldest = service.list_backups()
    assert (newest.created, newest.reason, newest.reason_label) == (
        T0 + dt.timedelta(hours=5),
        "auto",
        "自动备份",
    )
    assert (newest.units, newest.people, newest.contents) == (1, 3, "1 个单位，3 人")
    assert (oldest.reason_label, oldest.people) == ("手动备份", 2)
    assert newest.size == newest.path.stat().st_size > 0


@sqlite_only
def test_an_unreadable_backup_is_listed_with_its_problem(service):
    path = service.create("manual")
    path.write_bytes(b"garbage" * 100)
    [info] = service.list_backups()
    assert info.problem and info.contents.startswith("无法读取")


def test_listing_a_missing_folder_is_empty(tmp_path):
    assert list_backups(tmp_path / "nowhere") == []


# ----- rotation -------------------------------------------------------------------


def fake(created: dt.datetime) -> BackupInfo:
    return BackupInfo(Path(f"/b/{created:%Y%m%d-%H%M%S}.sqlite3"), created, "auto", 1)


def test_rotation_keeps_dailies_weeklies_monthlies_and_the_newest():
    # Four backups a day for 400 days.
    start = dt.datetime(2025, 1, 1, 8)
    all_backups = [
        fake(start + dt.timedelta(days=d, hours=h)) for d in range(400) for h in (0, 2, 4, 6)
    ]
    removed = {b.path for b in backups_to_remove(all_backups)}
    kept = sorted((b for b in all_backups if b.path not in removed), key=lambda b: b.created)
    newest = max(all_backups, key=lambda b: b.created)
    assert kept[-1] == newest
    days = {b.created.date() for b in kept}
    last_days = sorted({b.created.date() for b in all_backups})[-KEEP_DAILY:]
    assert set(last_days) <= days
    months = {(b.created.year, b.created.month) for b in kept}
    assert len(months) == KEEP_MONTHLY
    assert len(kept) <= 1 + KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY
    # Each kept backup is the newest of its day.
    for b in kept:
        assert b.created == max(
            x.created for x in all_backups if x.created.date() == b.created.date()
        )


def test_rotation_of_few_backups_removes_nothing():
    few = [fake(T0 - dt.timedelta(days=d)) for d in range(5)]
    assert backups_to_remove(few) == []
    assert backups_to_remove([]) == []


@sqlite_only
def test_rotation_deletes_old_backups_on_disk(service, clock):
    for day in range(40):
        clock.now = T0 + dt.timedelta(days=day)
        service.create("auto")
    remaining = service.list_backups(with_contents=False)
    assert len(remaining) < 40
    assert remaining[0].created == T0 + dt.timedelta(days=39)
    assert len(remaining) == len(remaining) - len(backups_to_remove(remaining))


@sqlite_only
def test_rotation_leaves_manual_backups_alone(service, clock):
    manual = service.create("manual")
    for day in range(1, 60):
        clock.now = T0 + dt.timedelta(days=day)
        service.create("auto")
    assert manual.exists()


@sqlite_only
def test_rotation_never_deletes_the_last_good_backup(service, clock):
    good = []
    for day in range(20):
        clock.now = T0 + dt.timedelta(days=day)
        good.append(service.create("auto", rotate=False))
    oldest_good = good[0]
    # Every backup the policy keeps is damaged; only ones it would remove are good.
    remove = {b.path for b in backups_to_remove(service.list_backups(with_contents=False))}
    assert oldest_good in remove
    for path in good:
        if path not in remove:
            path.write_bytes(b"\x00" * 4096)
    service.rotate()
    survivors = {b.path for b in service.list_backups(with_contents=False)}
    good_left = [p for p in survivors if quick_check(p) == "ok"]
    assert len(good_left) == 1  # the newest good one, kept against the policy
    assert good_left[0] == max((p for p in remove), key=lambda p: p.name)


# ----- automatic backup at start --------------------------------------------------


@sqlite_only
def test_auto_backup_when_the_newest_is_older_than_a_day(service, clock, monkeypatch):
    first = service.auto_backup_if_due()
    assert first is not None and parse_backup_file_name(first.name).reason == "auto"

    # Not due: the folder is listed, no backup is opened, nothing is copied.
    def must_not_open(*_a, **_k):
        raise AssertionError("a backup was opened although none was due")

    clock.now = T0 + dt.timedelta(hours=23)
    monkeypatch.setattr(backups_module.sqlite3, "connect", must_not_open)
    monkeypatch.setattr(backups_module, "copy_sqlite_database", must_not_open)
    assert service.auto_backup_if_due() is None
    monkeypatch.undo()

    clock.now = T0 + dt.timedelta(hours=25)
    second = service.auto_backup_if_due()
    assert second is not None and second != first
    assert len(service.list_backups()) == 2


@sqlite_only
def test_an_empty_ledger_is_not_backed_up(tmp_path):
    db = Database.open(tmp_path / "empty.db", backups_dir=tmp_path / "backups")
    try:
        assert BackupService(db, tmp_path / "backups").auto_backup_if_due() is None
    finally:
        db.close()


@sqlite_only
def test_opening_the_app_makes_the_daily_backup_once(app_paths):
    services = open_services(None, app_paths)
    services.people.add_person(PersonInput(name="张伟"))
    services.db.close()
    folder = services.backups.backups_dir
    assert folder.parent == app_paths.backups_dir
    assert list_backups(folder) == []  # empty at first start

    for _ in range(2):
        services = open_services(None, app_paths)
        services.db.close()
    [backup] = list_backups(folder)
    assert backup.reason == "auto" and backup.people == 1


@sqlite_only
def test_a_failing_auto_backup_does_not_stop_the_start(app_paths, monkeypatch, caplog):
    services = open_services(None, app_paths)
    services.people.add_person(PersonInput(name="张伟"))
    services.db.close()

    def disk_full(_source, _destination, **_options):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups_module, "copy_sqlite_database", disk_full)
    services = open_services(None, app_paths)
    try:
        assert services.people.count_people() == 1
    finally:
        services.db.close()
    assert "自动备份失败" in caplog.text


# ----- restore --------------------------------------------------------------------


@sqlite_only
def test_restore_brings_back_the_backup_and_keeps_the_current_state(service, ledger, clock):
    backup = service.create("manual")
    PeopleService(ledger).add_person(PersonInput(name="李娜"))
    clock.now = T0 + dt.timedelta(minutes=5)

    safety = service.restore(backup)

    # The caller reopens the database after a restore.
    reopened = Database.open(ledger.sqlite_file, backups_dir=service.backups_dir)
    try:
        assert [p.name for p in PeopleService(reopened).list_people()] == ["王芳", "张伟"]
        PeopleService(reopened).add_person(PersonInput(name="赵磊"))  # still writable
        with reopened.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        reopened.close()
    assert parse_backup_file_name(safety.name).reason == "restore"
    assert names_in(safety) == ["张伟", "王芳", "李娜"]
    assert quick_check(ledger.sqlite_file) == "ok"


@sqlite_only
def test_restore_refuses_a_bad_backup_and_changes_nothing(service, ledger, tmp_path):
    garbage = tmp_path / "bad.sqlite3"
    garbage.write_bytes(os.urandom(4096))
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    newer = service.create("manual", destination=tmp_path / "newer.sqlite3")
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()

    for bad, words in ((garbage, "不是数据库"), (other, "其他程序"), (newer, "请升级程序")):
        with pytest.raises((BackupFailed, DatabaseRefused), match=words):
            service.restore(bad)
    with pytest.raises(BackupFailed, match="不存在"):
        service.restore(tmp_path / "missing.sqlite3")
    assert [p.name for p in PeopleService(ledger).list_people()] == ["王芳", "张伟"]
    assert service.list_backups() == []  # nothing was even backed up


@sqlite_only
def test_a_damaged_database_is_set_aside_and_replaced_by_a_backup(service, ledger, tmp_path):
    backup = service.create("manual")
    path = ledger.sqlite_file
    ledger.close()
    big = tmp_path / "big.db"
    make_ledger(big, people=300)
    corrupt_middle_pages(big)
    damaged_bytes = big.read_bytes()
    os.replace(big, path)
    Path(f"{path}-wal").unlink(missing_ok=True)
    Path(f"{path}-shm").unlink(missing_ok=True)
    with pytest.raises(DatabaseRefused, match="已损坏"):
        Database.open(path)

    kept = restore_damaged_database(path, backup, now=T0)
    assert kept.name == "ledger.db.damaged-20260310-093000"
    assert kept.read_bytes() == damaged_bytes  # never written to
    db = Database.open(path, backups_dir=service.backups_dir)
    try:
        assert [p.name for p in PeopleService(db).list_people()] == ["王芳", "张伟"]
    finally:
        db.close()


# ----- integrity ------------------------------------------------------------------


def test_a_sound_database_has_no_problems(db):
    assert integrity_problems(db) == []


@sqlite_only
def test_a_dangling_reference_is_reported(ledger):
    conn = sqlite3.connect(ledger.sqlite_file)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("UPDATE people SET unit_id = 999 WHERE name = '王芳'")
    conn.commit()
    conn.close()
    problems = integrity_problems(ledger)
    assert any("人员表" in p and "单位记录不存在" in p for p in problems)


def test_a_wrong_schema_revision_is_reported(db):
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0000'")
    problems = integrity_problems(db)
    assert problems == [f"数据库结构版本为 0000，本程序需要 {HEAD_REVISION}。"]


@sqlite_only
def test_backup_at_close_only_after_changes(service, ledger, clock):
    marker = service.change_marker()
    assert service.backup_at_close(marker) is None  # nothing changed
    PeopleService(ledger).add_person(PersonInput(name="李娜"))
    clock.now = T0 + dt.timedelta(minutes=30)
    path = service.backup_at_close(marker)
    assert path is not None and names_in(path) == ["张伟", "王芳", "李娜"]
    [info] = service.list_backups()
    assert info.reason_label == "关闭时备份"


@sqlite_only
@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_new_backups_folder_is_private(ledger, tmp_path, clock):
    root = tmp_path / "new-backups"
    path = BackupService(ledger, root, clock=clock).create("manual")
    assert path.parent.parent == root  # the database's own folder inside the backups folder
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


class _InterruptedSource:
    """A backup source whose copy stops half-way, as on a full disk."""

    def __init__(self, real):
        self.real = real

    def backup(self, target, **_kw):
        steps = []

        def progress(_status, _remaining, _total):
            steps.append(1)
            if len(steps) == 2:
                raise sqlite3.OperationalError("database or disk is full")

        self.real.backup(target, pages=1, progress=progress)

    def __getattr__(self, name):  # everything else as the real connection
        return getattr(self.real, name)


@sqlite_only
def test_a_restore_interrupted_half_way_leaves_the_database_as_it_was(
    service, ledger, tmp_path, monkeypatch
):
    other = tmp_path / "other.db"
    from_other = Database.open(other, backups_dir=tmp_path / "other-backups")
    for i in range(200):
        PeopleService(from_other).add_person(PersonInput(name=f"备份{i}", note="长备注" * 30))
    from_other.close()
    source = Database.open(other)
    backup = BackupService(source, tmp_path / "b2").create("manual")
    source.close()

    real_connect = sqlite3.connect

    def connect(target, *args, **kwargs):
        conn = real_connect(target, *args, **kwargs)
        return _InterruptedSource(conn) if backup.name in str(target) else conn

    monkeypatch.setattr(backups_module.sqlite3, "connect", connect)
    with pytest.raises(BackupFailed, match="恢复未完成，数据库保持原样"):
        service.restore(backup)
    monkeypatch.undo()

    assert quick_check(ledger.sqlite_file) == "ok"
    reopened = Database.open(ledger.sqlite_file)
    try:
        assert [p.name for p in PeopleService(reopened).list_people()] == ["王芳", "张伟"]
    finally:
        reopened.close()
    [safety] = [b for b in service.list_backups() if b.reason == "restore"]
    assert safety.people == 2
