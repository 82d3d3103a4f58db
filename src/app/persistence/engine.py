"""Engine creation: a path means a SQLite file, a URL goes to SQLAlchemy as is."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from app.domain.errors import DatabaseRefused

# 'ZBTZ' (支部台账): written into every SQLite file this app creates, checked before opening.
SQLITE_APPLICATION_ID = 0x5A42545A


def to_url(path_or_url: str | os.PathLike[str]) -> str:
    """Turn a ``--db`` argument into a SQLAlchemy URL."""
    text = str(path_or_url)
    if "://" in text:
        try:
            make_url(text)
        except ArgumentError as exc:
            raise DatabaseRefused(f"数据库地址格式不正确：{text}") from exc
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and :memory:."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine with this app's connection settings applied on every connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _set_sqlite_pragmas)
        if read_only:
            event.listen(
                engine,
                "connect",
                lambda conn, _rec: conn.execute("PRAGMA query_only=ON"),
            )
        return engine
    return create_engine(url, pool_pre_ping=True)
