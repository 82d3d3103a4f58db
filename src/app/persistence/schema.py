"""Opening a database: refuse what is not ours, create, back up, migrate.

Alembic is imported only when the schema must change, so a normal start does
not pay for it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError

from app.domain.errors import DatabaseRefused
from app.persistence.database_file import FileState, inspect_database_file
from app.persistence.engine import SQLITE_APPLICATION_ID, make_engine, sqlite_path
from app.persistence.sqlite_copy import copy_sqlite_database

# The newest migration; tests/unit/test_schema.py checks it equals Alembic's head.
HEAD_REVISION = "0001"
KNOWN_REVISIONS = ("0001",)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def open_database_engine(
    url: str,
    *,
    backups_dir: Path | None = None,
    read_only: bool = False,
    now: Callable[[], dt.datetime] = dt.datetime.now,
) -> Engine:
    """An engine on a database that is this app's and at the newest schema."""
    path = sqlite_path(url)
    if path is not None:
        state = inspect_database_file(path)
        if state is FileState.MISSING:
            if read_only:
                raise DatabaseRefused(f"数据库文件不存在：{path}")
            _create_sqlite_file(path)
    engine = make_engine(url, read_only=read_only)
    try:
        with engine.connect() as conn:
            revision = _current_revision(conn, is_sqlite=path is not None)
        if revision == HEAD_REVISION:
            return engine
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise DatabaseRefused(
                "这个数据库由更新版本的支部台账创建（结构版本 "
                f"{revision}），请升级程序后再打开。程序不会写入它。"
            )
        if read_only:
            raise DatabaseRefused("数据库需要升级结构，但当前为只读打开。")
        if revision is not None and path is not None and backups_dir is not None:
            stamp = now().strftime("%Y%m%d-%H%M%S")
            copy_sqlite_database(path, backups_dir / f"迁移前备份-{revision}-{stamp}.sqlite3")
        upgrade_to_head(engine)
        return engine
    except DatabaseRefused:
        engine.dispose()
        raise
    except (OperationalError, DBAPIError) as exc:
        engine.dispose()
        raise DatabaseRefused(f"无法打开数据库：{_short(exc)}") from exc


def _current_revision(conn: Connection, *, is_sqlite: bool) -> str | None:
    """The Alembic revision, None for an empty new database; refuses foreign ones."""
    if is_sqlite:
        quick = conn.exec_driver_sql("PRAGMA quick_check").scalar()
        if quick != "ok":
            raise DatabaseRefused(f"数据库文件已损坏（完整性检查：{quick}）。程序不会写入它。")
    tables = set(inspect(conn).get_table_names())
    if "alembic_version" not in tables:
        if tables:
            raise DatabaseRefused(
                "这个数据库里已有其他程序的数据表，不是支部台账的数据库。程序不会写入它。"
            )
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) != 1:
        raise DatabaseRefused("数据库的结构版本记录不完整，可能已损坏。程序不会写入它。")
    return rows[0]


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _create_sqlite_file(path: Path) -> None:
    """Create a new database beside ``path`` and move it in place when complete,
    so a crash never leaves a half-made file that would later be refused."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.name == "posix" and not any(path.parent.iterdir()):
        try:
            os.chmod(path.parent, 0o700)
        except OSError:
            pass
    partial = path.with_name(path.name + ".creating")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    engine = make_engine("sqlite:///" + str(partial))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id={SQLITE_APPLICATION_ID}")
        upgrade_to_head(engine)
        with engine.connect() as conn:
            # Fold the WAL into the main file before the rename.
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
    finally:
        engine.dispose()
    if os.name == "posix":
        os.chmod(partial, 0o600)
    os.replace(partial, path)


def _short(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0][:200]
