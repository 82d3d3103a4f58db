"""Opening a database: refuse what is not ours, create, back up, migrate.

Alembic is imported only when the schema must change, so a normal start does
not pay for it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError

from app.domain.errors import DatabaseDamaged, DatabaseRefused
from app.persistence.database_file import (
    FileState,
    inspect_database_file,
    remove_unused_side_files,
    side_files,
)
from app.persistence.encryption import DB_ERRORS, OPERATIONAL_ERRORS, check_key, connect
from app.persistence.engine import (
    BUSY_TIMEOUT_MS,
    SQLITE_APPLICATION_ID,
    make_engine,
    read_only_uri,
    sqlite_path,
    writing,
)
from app.persistence.file_access import marked_read_only
from app.persistence.sqlite_copy import (
    copy_sqlite_database,
    database_backups_dir,
    new_backup_path,
)

# Reason code in the names of the backups made before a migration (see persistence.backups).
MIGRATION_BACKUP_REASON = "migration"

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _revisions_on_disk() -> tuple[str, ...]:
    """The migrations' revision ids, oldest first: each is the leading number of
    its file name (0001_initial.py, 0002_pairing.py ...), so an area's new
    migration is picked up by adding its file. tests/unit/test_schema.py checks
    the newest equals Alembic's own head."""
    names = (p.name for p in (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return tuple(sorted({name[:4] for name in names}))


KNOWN_REVISIONS = _revisions_on_disk()
HEAD_REVISION = KNOWN_REVISIONS[-1]


def open_database_engine(
    url: str,
    *,
    backups_dir: Path | None = None,
    read_only: bool = False,
    now: Callable[[], dt.datetime] = dt.datetime.now,
    key: str | None = None,
) -> Engine:
    """An engine on a database that is this app's and at the newest schema.

    A SQLite file is examined read-only (header, quick_check, tables, revision)
    before any connection that could write to it (even setting WAL writes the
    header) is made; a file that is refused is never written to.
    """
    return open_database(url, backups_dir=backups_dir, read_only=read_only, now=now, key=key)[0]


def open_database(
    url: str,
    *,
    backups_dir: Path | None = None,
    read_only: bool = False,
    now: Callable[[], dt.datetime] = dt.datetime.now,
    key: str | None = None,
) -> tuple[Engine, str | None]:
    """``open_database_engine``, and the password the file was opened with:
    ``key`` for an encrypted file, None for a plain one (a password given for
    a plain file is not used). An encrypted file without ``key`` raises
    PasswordNeeded, a wrong ``key`` WrongPassword; neither writes to it."""
    path = sqlite_path(url)
    revision: str | None = None
    used_key: str | None = None
    if path is not None:
        state = inspect_database_file(path, key)
        if state is FileState.MISSING:
            if read_only:
                raise DatabaseRefused(f"数据库文件不存在：{path}")
            _create_sqlite_file(path)
        used_key = key if state is FileState.ENCRYPTED else None
        with _left_as_found(path):
            revision = _sqlite_revision(path, used_key)
            _refuse_unknown(revision)
            if revision != HEAD_REVISION and read_only:
                raise DatabaseRefused("数据库需要升级结构，但当前为只读打开。")
    engine = make_engine(url, read_only=read_only, key=used_key)
    try:
        if path is None:
            with engine.connect() as conn:
                revision = _server_revision(conn)
            _refuse_unknown(revision)
            if revision != HEAD_REVISION and read_only:
                raise DatabaseRefused("数据库需要升级结构，但当前为只读打开。")
        if revision == HEAD_REVISION:
            return engine, used_key
        if revision is not None and path is not None:
            _backup_before_migration(path, backups_dir or path.parent / "backups", now(), used_key)
        upgrade_to_head(engine)
        return engine, used_key
    except DatabaseRefused:
        engine.dispose()
        raise
    except (OperationalError, DBAPIError) as exc:
        engine.dispose()
        raise DatabaseRefused(f"无法打开数据库：{_short(exc)}") from exc
    except BaseException:
        engine.dispose()
        raise


def _refuse_unknown(revision: str | None) -> None:
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseRefused(
            "这个数据库由更新版本的支部台账创建（结构版本 "
            f"{revision}），请升级程序后再打开。程序不会写入它。"
        )


@contextmanager
def _left_as_found(path: Path) -> Iterator[None]:
    """Reading a WAL file creates empty -wal/-shm files beside it, which a
    read-only connection cannot remove; when the file is refused, the empty ones
    created here are removed, so a refused file is left exactly as it was.

    Never those of a database another program has open: a window may have
    created them while we read (remove_unused_side_files checks under lock)."""
    sides = side_files(path)
    existed = [side.exists() for side in sides]
    try:
        yield
    except DatabaseRefused:
        created = [side for side, was_there in zip(sides, existed, strict=True) if not was_there]
        if created:
            remove_unused_side_files(path, created)
        raise


def _sqlite_revision(path: Path, key: str | None = None) -> str | None:
    """quick_check and the revision, read through a read-only connection
    (with the password ``key`` for an encrypted file)."""
    try:
        conn = connect(read_only_uri(path), key=key, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except DB_ERRORS as exc:
        raise DatabaseRefused(f"无法打开数据库文件「{path}」：{exc}") from exc
    try:
        if key is not None:
            check_key(conn)
            if conn.execute("PRAGMA application_id").fetchone()[0] != SQLITE_APPLICATION_ID:
                raise DatabaseDamaged(
                    f"「{path}」是其他程序的加密数据库，不是支部台账的数据库。程序不会写入它。"
                )
        quick = conn.execute("PRAGMA quick_check").fetchone()[0]
        if quick != "ok":
            raise DatabaseDamaged(
                f"数据库文件「{path.name}」已损坏（完整性检查：{quick}）。"
                "程序不会写入它；请从备份恢复。"
            )
        tables = {
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not row[0].startswith("sqlite_")
        }
        rows: list[str] = []
        if "alembic_version" in tables:
            rows = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
    except OPERATIONAL_ERRORS as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseRefused(
                f"数据库文件「{path.name}」正被另一个程序独占使用，请稍后再试。"
            ) from exc
        raise DatabaseRefused(f"无法读取数据库文件「{path.name}」：{exc}") from exc
    except DB_ERRORS as exc:
        raise DatabaseDamaged(
            f"数据库文件「{path.name}」已损坏或无法读取（{exc}）。程序不会写入它；请从备份恢复。"
        ) from exc
    finally:
        conn.close()
    return _revision_from(tables, rows)


def _server_revision(conn: Connection) -> str | None:
    tables = set(inspect(conn).get_table_names())
    rows: list[str] = []
    if "alembic_version" in tables:
        rows = list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    return _revision_from(tables, rows)


def _revision_from(tables: set[str], rows: list[str]) -> str | None:
    """The Alembic revision, None for an empty new database; refuses foreign ones."""
    if "alembic_version" not in tables:
        if tables:
            raise DatabaseDamaged(
                "这个数据库里已有其他程序的数据表，不是支部台账的数据库。程序不会写入它。"
            )
        return None
    if len(rows) != 1:
        raise DatabaseDamaged("数据库的结构版本记录不完整，可能已损坏。程序不会写入它。")
    return rows[0]


def _backup_before_migration(
    path: Path, backups_dir: Path, when: dt.datetime, key: str | None = None
) -> Path:
    """A verified copy, in this database's own backups folder, before the schema
    changes; no copy, no migration."""
    folder = database_backups_dir(backups_dir, path)
    destination = new_backup_path(folder, when, MIGRATION_BACKUP_REASON)
    try:
        copy_sqlite_database(path, destination, key=key)
    except OSError as exc:
        raise DatabaseRefused(
            "升级数据库结构前需要先备份，但备份失败"
            f"（{exc.strerror or exc}）。数据库未做任何修改；请腾出磁盘空间后重试。"
        ) from exc
    return destination


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # One transaction (BEGIN IMMEDIATE): SQLite DDL is transactional, so a failed
    # migration leaves the database as it was.
    with writing(engine).begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _create_sqlite_file(path: Path) -> None:
    """Create a new database beside ``path`` and move it in place when complete,
    so a crash never leaves a half-made file that would later be refused."""
    # The folder must exist: a typo in --db must not open a new, empty ledger,
    # and a folder the user made keeps the permissions they gave it.
    if not path.parent.is_dir():
        raise DatabaseRefused(
            f"文件夹「{path.parent}」不存在，无法在其中新建数据库。"
            "请检查路径是否写错；程序不会自动创建文件夹。"
        )
    if marked_read_only(path.parent):
        raise DatabaseRefused(
            f"文件夹「{path.parent}」是只读的，无法在其中新建数据库。请选择可以写入的文件夹。"
        )
    partial = path.with_name(path.name + ".creating")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    # Private from the first byte; SQLite gives -wal/-shm the same permissions.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    engine = make_engine("sqlite:///" + str(partial))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id={SQLITE_APPLICATION_ID}")
        upgrade_to_head(engine)
        raw = engine.raw_connection()
        try:
            # Fold the WAL into the main file before the rename (outside a transaction).
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.driver_connection.execute("PRAGMA journal_mode=DELETE")
        finally:
            raw.close()
    finally:
        engine.dispose()
    os.replace(partial, path)


def _short(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0][:200]
