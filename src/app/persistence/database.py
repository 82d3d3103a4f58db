"""The open database: engine, sessions and the unit of work."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.errors import DatabaseRefused
from app.persistence.audit import install_audit_listeners
from app.persistence.database_file import closed_here, opened_here
from app.persistence.engine import sqlite_path, to_url, writing
from app.persistence.file_access import read_only_reason as file_read_only_reason
from app.persistence.schema import open_database


def _actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not worth failing for
        return ""


@dataclass
class Database:
    engine: Engine
    url: str
    read_only: bool = False
    actor: str = field(default_factory=_actor)
    # Why it is read-only when the file decided it (a read-only file or folder,
    # another window), shown in the window's notice; None when asked for.
    read_only_reason: str | None = None
    # The password of an encrypted SQLite file (None: a plain file or a server).
    # Kept for the connections, backups and restores of this open database.
    key: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        install_audit_listeners()
        self._closed = False
        if self.sqlite_file is not None:
            opened_here(self.sqlite_file)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Writers take SQLite's write lock at BEGIN, so the checks a unit of work
        # makes (e.g. 工号 unique) still hold when it commits.
        self._writing_sessions = sessionmaker(writing(self.engine), expire_on_commit=False)

    @classmethod
    def open(
        cls,
        path_or_url: str | Path,
        *,
        backups_dir: Path | None = None,
        read_only: bool = False,
        read_only_reason: str | None = None,
        key: str | None = None,
    ) -> Database:
        """Open ``path_or_url``; a SQLite file that may not be written (see
        persistence.file_access) opens read-only whatever was asked, and says why
        in ``read_only_reason``; so does one ``read_only_reason`` is given for.

        ``key``: the password of an encrypted file (see persistence.encryption);
        not used for a plain one. An encrypted file without it raises
        PasswordNeeded, with a wrong one WrongPassword."""
        url = to_url(path_or_url)
        path = sqlite_path(url)
        if read_only_reason is None and path is not None and path.exists():
            read_only_reason = file_read_only_reason(path)
        read_only = read_only or read_only_reason is not None
        engine, used_key = open_database(url, backups_dir=backups_dir, read_only=read_only, key=key)
        return cls(
            engine=engine,
            url=url,
            read_only=read_only,
            read_only_reason=read_only_reason,
            key=used_key,
        )

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    @property
    def sqlite_file(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def display_name(self) -> str:
        """What the status bar shows: the file path, or the URL without password."""
        path = self.sqlite_file
        if path is not None:
            return str(path)
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One user action: commit everything at the end, or nothing on error."""
        if self.read_only:
            raise DatabaseRefused(read_only_message(self.read_only_reason))
        session = self._writing_sessions()
        session.info["actor"] = self.actor
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            raise _as_user_error(exc) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only; never commits."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def checkpoint(self) -> int | None:
        """Copy every page of the -wal into the .sqlite3 file and empty the -wal
        (``wal_checkpoint(TRUNCATE)``), so the file alone holds everything.

        Returns the pages still only in the -wal afterwards (0 when complete;
        more while another program is reading an older state), or None when
        there is nothing to do (a server, or opened read-only).
        """
        if self.sqlite_file is None or self.read_only:
            return None
        raw = self.engine.raw_connection()
        try:
            # Outside any transaction (the pool's connections use explicit BEGIN).
            busy, log, done = raw.driver_connection.execute(
                "PRAGMA wal_checkpoint(TRUNCATE)"
            ).fetchone()
        except Exception:  # noqa: BLE001 - a checkpoint that cannot run loses nothing
            return None
        finally:
            raw.close()
        if log < 0:  # not in WAL mode: every commit is already in the file
            return 0
        return max(0, log - done) if busy else 0

    def close(self) -> None:
        """Checkpoint (see ``checkpoint``), then close every connection. Once:
        closing again (a restore closes the database it replaces) does nothing."""
        if self._closed:
            return
        self._closed = True
        try:
            self.checkpoint()
        finally:
            self.engine.dispose()
            if self.sqlite_file is not None:
                closed_here(self.sqlite_file)


def read_only_message(reason: str | None) -> str:
    """What a refused save says: why the database is read-only, when known."""
    if reason:
        return f"数据库以只读方式打开（{reason}），不能保存修改。"
    return "数据库以只读方式打开，不能保存修改。"


def _as_user_error(exc: OperationalError) -> Exception:
    """The failures a user can do something about, in words they can act on;
    anything else stays the (unexpected) error it is."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseRefused(
            "数据库正被另一个程序使用（例如另一个支部台账窗口），这次修改没有保存。请稍后再试。"
        )
    if "disk is full" in text or "no space" in text:
        return DatabaseRefused("磁盘空间不足，这次修改没有保存。请腾出空间后再试。")
    if "readonly" in text or "read-only" in text:
        return DatabaseRefused("数据库文件是只读的，这次修改没有保存。")
    return exc
