"""Consistent copies of a live SQLite database through the backup API.

Copying the file itself can lose every row still in the -wal file. A copy is
written whole to ``<name>.partial``, checked with ``quick_check`` and only then
renamed into place, so a full disk or a crash never leaves a half-written file
under a backup's name and never touches an existing backup.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.persistence.engine import read_only_uri

BACKUP_SUFFIX = ".sqlite3"
PARTIAL_SUFFIX = ".partial"
_STAMP_FORMAT = "%Y%m%d-%H%M%S"
_BACKUP_NAME = re.compile(
    r"^branch-ledger-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z][a-z0-9_]*)(?:-\d+)?"
    + re.escape(BACKUP_SUFFIX)
    + "$"
)


class CopyFailed(OSError):
    """The copy could not be written or did not pass quick_check; nothing was replaced."""


def copy_sqlite_database(source: Path, destination: Path) -> None:
    """Copy ``source`` to ``destination`` through the backup API.

    The copy is a self-contained single file (journal_mode=DELETE, no -wal beside
    it), readable only by the owner on POSIX. Raises OSError (CopyFailed or the
    original error, e.g. ENOSPC) when it cannot be made; then ``destination`` and
    every other file are as they were.
    """
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # personal data
    partial = destination.with_name(destination.name + PARTIAL_SUFFIX)
    _remove_with_journal(partial)
    try:
        _create_private(partial)
        src = sqlite3.connect(read_only_uri(source), uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        check = quick_check(partial)
        if check != "ok":
            raise CopyFailed(f"copy of {source} failed quick_check: {check}")
        os.replace(partial, destination)
    except sqlite3.Error as exc:
        _remove_with_journal(partial)
        raise CopyFailed(f"copy of {source} failed: {exc}") from exc
    except BaseException:
        _remove_with_journal(partial)
        raise


def quick_check(path: Path) -> str:
    """'ok' or SQLite's first complaint; never writes."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        row = conn.execute("PRAGMA quick_check").fetchone()
        return str(row[0]) if row else "no result"
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        conn.close()


@dataclass(frozen=True)
class BackupName:
    created: dt.datetime
    reason: str


def backup_file_name(created: dt.datetime, reason: str, counter: int = 0) -> str:
    """``branch-ledger-20260125-093000-auto.sqlite3``: sortable, date and reason visible."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", reason):
        raise ValueError(f"backup reason must be a lower-case code: {reason!r}")
    extra = f"-{counter}" if counter else ""
    return f"branch-ledger-{created.strftime(_STAMP_FORMAT)}-{reason}{extra}{BACKUP_SUFFIX}"


def parse_backup_file_name(name: str) -> BackupName | None:
    match = _BACKUP_NAME.match(name)
    if not match:
        return None
    try:
        created = dt.datetime.strptime(match["stamp"], _STAMP_FORMAT)
    except ValueError:
        return None
    return BackupName(created, match["reason"])


def new_backup_path(folder: Path, created: dt.datetime, reason: str) -> Path:
    """A backup path in ``folder`` that does not exist yet."""
    counter = 0
    while True:
        candidate = folder / backup_file_name(created, reason, counter)
        if not candidate.exists():
            return candidate
        counter += 1


def _create_private(path: Path) -> None:
    """Create an empty file readable only by its owner before SQLite writes it,
    so personal data is never briefly world-readable (SQLite gives its journal
    files the same permissions)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _remove_with_journal(path: Path) -> None:
    for leftover in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass
