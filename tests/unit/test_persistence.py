"""Opening databases: what is not ours is refused and never written to; every
SQLite connection is set up for durability; one unit of work is all or nothing."""

from __future__ import annotations

import os
import sqlite3
import stat
import struct
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.domain.enums import PoliticalStatus
from app.domain.errors import DatabaseRefused
from app.domain.models import AuditEntry, Person
from app.domain.validation import PersonInput
from app.paths import AppPaths
from app.persistence.database import Database
from app.persistence.engine import SQLITE_APPLICATION_ID
from app.persistence.sqlite_copy import quick_check
from app.services.people import PeopleService

EXTERNAL_DB = bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL"))
sqlite_only = pytest.mark.skipif(EXTERNAL_DB, reason="SQLite-specific: an external DB URL is set")
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def fingerprint(path: Path) -> tuple[bytes, int, list[str]]:
    """Bytes, mtime and the files beside it: all must be unchanged by a refusal."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


def assert_refused_untouched(path: Path, *expected_words: str) -> str:
    before = fingerprint(path)
    with pytest.raises(DatabaseRefused) as info:
        Database.open(path, backups_dir=path.parent / "backups")
    assert fingerprint(path) == before
    message = info.value.message
    for word in expected_words:
        assert word in message
    assert "程序不会写入它" in message
    return message


def make_our_database(path: Path, people: int = 0) -> None:
    db = Database.open(path, backups_dir=path.parent / "backups")
    try:
        service = PeopleService(db)
        for i in range(people):
            service.add_person(
                PersonInput(name=f"测试人员{i}", employee_no=f"E{i:05d}", note="备注" * 20)
            )
    finally:
        db.close()


# ----- files that are not ours ----------------------------------------------------


def test_zero_byte_file_is_refused_and_not_written(tmp_path):
    path = tmp_path / "zero.db"
    path.write_bytes(b"")
    message = assert_refused_untouched(path, "空文件")
    assert "0 字节" in message


def test_random_bytes_are_refused_and_not_written(tmp_path):
    path = tmp_path / "random.db"
    path.write_bytes(os.urandom(8192))
    assert_refused_untouched(path, "不是数据库文件")


def test_text_file_is_refused_and_not_written(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("这是一份会议记录，不是数据库。\n" * 50, encoding="utf-8")
    assert_refused_untouched(path, "不是数据库文件")


def test_a_short_file_starting_like_sqlite_is_refused(tmp_path):
    path = tmp_path / "short.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)
    assert_refused_untouched(path, "不是数据库文件")


def test_another_programs_sqlite_file_is_refused_and_not_written(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('别人的数据')")
    conn.commit()
    conn.close()
    assert_refused_untouched(path, "其他程序的数据库")


def test_sqlite_file_with_our_id_but_foreign_tables_is_refused(tmp_path):
    path = tmp_path / "odd.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id={SQLITE_APPLICATION_ID}")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    assert_refused_untouched(path, "其他程序的数据表")


def test_database_from_a_newer_version_is_refused_and_not_written(tmp_path):
    path = tmp_path / "newer.db"
    make_our_database(path, people=3)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    message = assert_refused_untouched(path, "请升级程序")
    assert "9999" in message


def test_a_folder_is_refused(tmp_path):
    folder = tmp_path / "folder.db"
    folder.mkdir()
    with pytest.raises(DatabaseRefused, match="文件夹"):
        Database.open(folder)
    assert os.listdir(folder) == []


def test_damaged_database_is_refused_and_not_written(tmp_path):
    path = tmp_path / "damaged.db"
    make_our_database(path, people=300)
    corrupt_middle_pages(path)
    assert_refused_untouched(path, "已损坏")


def corrupt_middle_pages(path: Path) -> None:
    """Overwrite three pages in the middle of the file, as a failing disk might."""
    data = bytearray(path.read_bytes())
    page_size = struct.unpack(">H", data[16:18])[0]
    pages = len(data) // page_size
    assert pages >= 8, "the test database must be several pages long"
    middle = pages // 2
    for page in range(middle - 1, middle + 2):
        start = page * page_size
        data[start : start + page_size] = bytes([0xA5]) * page_size
    path.write_bytes(bytes(data))
    assert quick_check(path) != "ok"


def test_missing_file_opened_read_only_is_refused_not_created(tmp_path):
    path = tmp_path / "missing.db"
    with pytest.raises(DatabaseRefused, match="不存在"):
        Database.open(path, read_only=True)
    assert not path.exists()


def test_a_malformed_url_is_refused_with_a_message_without_the_password():
    with pytest.raises(DatabaseRefused, match="数据库地址格式不正确") as info:
        Database.open("postgresql://clerk:secret@host:notaport/db")
    assert "secret" not in info.value.message


def test_a_database_kind_without_driver_is_refused_with_a_message():
    with pytest.raises(DatabaseRefused, match="驱动"):
        Database.open("nosuchdb://host/db")


def test_an_unreachable_server_is_refused_with_a_message():
    pytest.importorskip("psycopg")
    with pytest.raises(DatabaseRefused, match="无法打开数据库"):
        Database.open("postgresql+psycopg://clerk:secret@127.0.0.1:9/ledger?connect_timeout=2")


# ----- our own files ------------------------------------------------------------


def test_new_database_is_created_reopened_and_keeps_data(tmp_path):
    path = tmp_path / "new" / "ledger.db"
    path.parent.mkdir()
    make_our_database(path, people=2)
    db = Database.open(path)
    try:
        assert PeopleService(db).count_people() == 2
        assert db.sqlite_file == path.resolve()
        assert db.display_name == str(path.resolve())
    finally:
        db.close()
    header = path.read_bytes()[:100]
    assert struct.unpack(">I", header[68:72])[0] == SQLITE_APPLICATION_ID


def test_interrupted_creation_leaves_no_file_under_the_real_name(tmp_path, monkeypatch):
    import app.persistence.schema as schema

    path = tmp_path / "ledger.db"

    def boom(_engine):
        raise RuntimeError("power cut during creation")

    monkeypatch.setattr(schema, "upgrade_to_head", boom)
    with pytest.raises(RuntimeError):
        Database.open(path)
    assert not path.exists()
    monkeypatch.undo()
    make_our_database(path, people=1)  # the leftover .creating file does not get in the way
    assert not (tmp_path / "ledger.db.creating").exists()


@sqlite_only
def test_every_connection_has_wal_full_sync_and_foreign_keys(db):
    # Three connections at once: each is a new DBAPI connection from the pool.
    conns = [db.engine.connect() for _ in range(3)]
    try:
        for conn in conns:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        for conn in conns:
            conn.close()
    db.engine.dispose()  # connections made after a dispose are set up too
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with db.unit_of_work() as session:
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_read_only_open_never_writes_and_refuses_to_save(tmp_path):
    path = tmp_path / "ledger.db"
    make_our_database(path, people=2)
    before = fingerprint(path)
    db = Database.open(path, read_only=True)
    try:
        assert PeopleService(db).count_people() == 2
        with pytest.raises(DatabaseRefused, match="只读"):
            PeopleService(db).add_person(PersonInput(name="新人"))
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.close()
    assert fingerprint(path)[:2] == before[:2]


@posix_only
def test_data_folder_is_private_and_database_file_is_owner_only(tmp_path):
    paths = AppPaths.under(tmp_path / "home")
    paths.ensure()
    db = Database.open(paths.default_database, backups_dir=paths.backups_dir)
    try:
        PeopleService(db).add_person(PersonInput(name="王芳"))
        wal = Path(f"{paths.default_database}-wal")
        assert wal.exists()
        assert stat.S_IMODE(wal.stat().st_mode) == 0o600
    finally:
        db.close()
    assert stat.S_IMODE(paths.data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.backups_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.default_database.stat().st_mode) == 0o600


@posix_only
def test_a_new_database_is_private_in_a_folder_left_as_it_was(tmp_path):
    """The file is the user's alone; the folder (theirs, not created by the app:
    a missing one is refused, tests/unit/test_read_only_and_paths.py) keeps its mode."""
    path = tmp_path / "existing-folder" / "ledger.db"
    path.parent.mkdir(mode=0o755)
    path.parent.chmod(0o755)
    make_our_database(path)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o755
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# ----- unit of work ---------------------------------------------------------------


def test_unit_of_work_commits_everything_or_nothing(db):
    with pytest.raises(RuntimeError):
        with db.unit_of_work() as session:
            session.add(Person(name="甲", political_status=PoliticalStatus.MASSES))
            session.flush()
            session.add(Person(name="乙", political_status=PoliticalStatus.MASSES))
            session.flush()
            raise RuntimeError("the user's action fails half-way")
    with db.reading() as session:
        assert session.scalar(select(func.count(Person.id))) == 0
        assert session.scalar(select(func.count(AuditEntry.id))) == 0

    with db.unit_of_work() as session:
        session.add(Person(name="甲", political_status=PoliticalStatus.MASSES))
    with db.reading() as session:
        assert session.scalar(select(func.count(Person.id))) == 1
        assert session.scalar(select(func.count(AuditEntry.id))) == 1


def test_reading_never_commits(db):
    with db.reading() as session:
        session.add(Person(name="不应保存", political_status=PoliticalStatus.MASSES))
        session.flush()
    with db.reading() as session:
        assert session.scalar(select(func.count(Person.id))) == 0


def test_display_name_hides_a_server_password():
    from app.persistence.engine import to_url

    url = to_url("postgresql+psycopg://clerk:secret@localhost:5432/ledger")
    db = Database.__new__(Database)
    db.url = url
    assert "secret" not in db.display_name
    assert db.sqlite_file is None


@sqlite_only
def test_a_second_writer_holding_the_lock_gives_a_message_and_saves_nothing(tmp_path, monkeypatch):
    import app.persistence.engine as engine_module

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "ledger.db"
    db = Database.open(path)
    other = sqlite3.connect(path, timeout=0.2, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another program is in the middle of a save
        with pytest.raises(DatabaseRefused, match="另一个程序"):
            PeopleService(db).add_person(PersonInput(name="张伟"))
        other.execute("ROLLBACK")
        assert PeopleService(db).count_people() == 0
        PeopleService(db).add_person(PersonInput(name="张伟"))  # works once it is done
        assert PeopleService(db).count_people() == 1
    finally:
        other.close()
        db.close()


@sqlite_only
def test_a_database_locked_by_another_program_is_not_called_damaged(tmp_path, monkeypatch):
    import app.persistence.schema as schema

    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "ledger.db"
    make_our_database(path, people=1)
    other = sqlite3.connect(path, timeout=0.2, isolation_level=None)
    try:
        other.execute("PRAGMA locking_mode=EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(DatabaseRefused) as info:
            Database.open(path)
        assert "另一个程序" in info.value.message
        assert "损坏" not in info.value.message
    finally:
        other.close()
    db = Database.open(path)  # fine once the other program let go
    db.close()
