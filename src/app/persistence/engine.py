"""Engine creation: a path means a SQLite file, a URL goes to SQLAlchemy as is."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from app.domain.errors import DatabaseRefused
from app.persistence.file_access import immutable_ok

# 'ZBTZ' (支部台账): written into every SQLite file this app creates, checked before opening.
SQLITE_APPLICATION_ID = 0x5A42545A

# Execution option read by the "begin" listener: writers take SQLite's write lock
# when their transaction starts (waiting up to busy_timeout for another writer)
# instead of failing half-way when a read turns into a write.
SQLITE_BEGIN_OPTION = "branch_ledger_sqlite_begin"
BUSY_TIMEOUT_MS = 5000


def to_url(path_or_url: str | os.PathLike[str]) -> str:
    """Turn a ``--db`` argument into a SQLAlchemy URL."""
    text = str(path_or_url)
    if "://" in text:
        try:
            make_url(text)
        except (ArgumentError, ValueError) as exc:
            raise DatabaseRefused(f"数据库地址格式不正确：{_hide_password(text)}") from exc
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def _hide_password(text: str) -> str:
    """The URL as typed, with anything between ':' and '@' after the scheme masked."""
    scheme, _, rest = text.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return text
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and :memory:."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def read_only_uri(path: Path) -> str:
    """A SQLite URI that opens ``path`` without ever writing to it.

    ``Path.as_uri`` percent-encodes characters such as ``?`` and ``#`` that
    would otherwise end the path part of the URI. A file nobody may write (or
    in a folder nobody may write) whose -wal is empty opens ``immutable``, so
    reading it creates no -wal/-shm beside it (see persistence.file_access).
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    if immutable_ok(path):
        uri += "&immutable=1"
    return uri


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    # Transactions are begun by the "begin" listener below, not by the driver:
    # pysqlite's own implicit BEGIN is only sent before INSERT/UPDATE/DELETE, so
    # reads and DDL (migrations) would otherwise run outside the transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def _set_read_only_pragmas(dbapi_connection, _record) -> None:
    # Same settings, but the journal mode is left as the file has it: switching
    # it writes the header, and a read-only connection must never write.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA query_only=ON")
    finally:
        cursor.close()


def _begin(conn) -> None:
    mode = conn.get_execution_options().get(SQLITE_BEGIN_OPTION, "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, *, read_only: bool = False, key: str | None = None) -> Engine:
    """An engine with this app's connection settings applied on every connection.

    SQLite: WAL, synchronous=FULL, foreign keys on, explicit transactions. Read-only
    engines open the file with ``mode=ro`` so not even the journal mode is written.
    With ``key`` the file is an encrypted one (see persistence.encryption): every
    connection is a sqlcipher3 one with the password applied, and SQLAlchemy
    wraps that driver's errors as it does sqlite3's.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if key is not None and path is not None:
            from app.persistence import encryption

            target = read_only_uri(path) if read_only else str(path)
            engine = create_engine(
                url,
                module=encryption.cipher_module(),
                creator=lambda: encryption.connect(
                    target,
                    key=key,
                    uri=read_only,
                    timeout=BUSY_TIMEOUT_MS / 1000,
                    check_same_thread=False,
                ),
            )
        elif read_only and path is not None:
            uri = read_only_uri(path)
            engine = create_engine(
                url,
                creator=lambda: sqlite3.connect(
                    uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
                ),
            )
        else:
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(
            engine, "connect", _set_read_only_pragmas if read_only else _set_sqlite_pragmas
        )
        event.listen(engine, "begin", _begin)
        return engine
    connect_args = {}
    if read_only and parsed.get_backend_name() == "postgresql":
        connect_args["options"] = "-c default_transaction_read_only=on"
    try:
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseRefused(
            f"不支持这种数据库，或缺少它的驱动程序（{parsed.drivername}）。"
            "PostgreSQL 需要安装 psycopg。"
        ) from exc


def writing(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions take the write lock at BEGIN."""
    if engine.dialect.name != "sqlite":
        return engine
    return engine.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})
