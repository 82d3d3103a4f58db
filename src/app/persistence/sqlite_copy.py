"""Consistent copies of a live SQLite database through the backup API.

Copying the file itself can lose every row still in the -wal file. A copy is
written whole to ``<name>.partial``, checked with ``quick_check`` and only then
renamed into place, so a full disk or a crash never leaves a half-written file
under a backup's name and never touches an existing backup.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import WrongPassword
from app.persistence.encryption import DB_ERRORS, check_key, connect
from app.persistence.engine import read_only_uri

BACKUP_SUFFIX = ".sqlite3"
PARTIAL_SUFFIX = ".partial"
_STAMP_FORMAT = "%Y%m%d-%H%M%S"
_BACKUP_NAME = re.compile(
    r"^branch-ledger-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z][a-z0-9_]*)(?:-(?P<counter>\d+))?"
    + re.escape(BACKUP_SUFFIX)
    + "$"
)


class CopyFailed(OSError):
    """The copy could not be written or did not pass quick_check; nothing was replaced.

    Its text is Chinese: the backup's error message shows it to the user."""


# SQLite's primary result codes (https://sqlite.org/rescode.html) in the user's words.
_SQLITE_REASONS = {
    3: "没有访问权限",  # SQLITE_PERM
    5: "数据库正被其他程序占用",  # SQLITE_BUSY
    6: "数据库正被其他程序占用",  # SQLITE_LOCKED
    7: "内存不足",  # SQLITE_NOMEM
    8: "文件只能读取，不能写入",  # SQLITE_READONLY
    9: "操作被中断",  # SQLITE_INTERRUPT
    10: "磁盘读写错误",  # SQLITE_IOERR
    11: "文件已损坏",  # SQLITE_CORRUPT
    13: "磁盘空间不足",  # SQLITE_FULL
    14: "无法打开文件",  # SQLITE_CANTOPEN
    23: "没有访问权限",  # SQLITE_AUTH
    26: "文件不是数据库，或已损坏",  # SQLITE_NOTADB
}
# The same, for errors that carry only SQLite's English text.
_SQLITE_TEXTS = (
    ("disk i/o error", 10),
    ("full", 13),
    ("locked", 5),
    ("busy", 5),
    ("malformed", 11),
    ("not a database", 26),
    ("unable to open", 14),
    ("readonly", 8),
    ("read-only", 8),
    ("interrupted", 9),
)
_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "磁盘是只读的",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EIO: "磁盘读写错误",
    errno.EEXIST: "文件已存在",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "文件正被其他程序占用",
}


def describe_sqlite_error(exc: Exception) -> str:
    """What went wrong, in Chinese (SQLite's own text is English)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE_REASONS:
        return _SQLITE_REASONS[code & 0xFF]
    text = str(exc).lower()
    for words, primary in _SQLITE_TEXTS:
        if words in text:
            return _SQLITE_REASONS[primary]
    return "数据库出错"


def describe_os_error(exc: OSError) -> str:
    """What went wrong, in Chinese (the system's strerror is English)."""
    if isinstance(exc, CopyFailed):
        return str(exc)
    known = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    if known:
        return known
    return f"系统错误（错误号 {exc.errno}）" if exc.errno is not None else "系统错误"


def copy_sqlite_database(
    source: Path, destination: Path, *, key: str | None = None
) -> dict[str, int]:
    """Copy ``source`` to ``destination`` through the backup API; return the
    copy's record counts per table.

    ``key``: the password of an encrypted source; the copy is encrypted with
    the same password (SQLCipher's backup API copies between two connections
    with the same key), so a backup of an encrypted database stays encrypted.

    The copy is a self-contained single file (journal_mode=DELETE, no -wal beside
    it), readable only by the owner on POSIX. Before it takes its name it passes
    ``PRAGMA integrity_check`` and holds as many records in every table as the
    source did at the moment of copying (counted in the same read transaction).
    Raises OSError (CopyFailed or the original error, e.g. ENOSPC) when it cannot
    be made; then ``destination`` and every other file are as they were.
    """
    make_private_folder(destination.parent)  # personal data
    partial = destination.with_name(destination.name + PARTIAL_SUFFIX)
    _remove_with_journal(partial)
    try:
        _create_private(partial)
        src = connect(read_only_uri(source), key=key, uri=True, isolation_level=None)
        try:
            if key is not None:
                check_key(src)
            # One read transaction: the counts and the copy see the same snapshot,
            # whatever another connection commits meanwhile.
            src.execute("BEGIN")
            expected = table_counts(src)
            dst = connect(partial, key=key)
            try:
                # Nothing is under the backup's name until the end: one fsync
                # below instead of SQLite's several (the file is new and whole
                # or removed, so its own journal protects nothing).
                dst.execute("PRAGMA synchronous=OFF")
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
            src.execute("COMMIT")
        finally:
            src.close()
        _fsync(partial)
        problem = verify_copy(partial, expected, key=key)
        if problem:
            raise CopyFailed(problem)
        os.replace(partial, destination)
    except DB_ERRORS as exc:
        _remove_with_journal(partial)
        raise CopyFailed(describe_sqlite_error(exc)) from exc
    except WrongPassword as exc:
        _remove_with_journal(partial)
        raise CopyFailed(exc.message) from exc
    except BaseException:
        _remove_with_journal(partial)
        raise
    return expected


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows in every table of the connection's database (SQLite's own excluded)."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: conn.execute(
            f'SELECT count(*) FROM "{name.replace(chr(34), chr(34) * 2)}"'
        ).fetchone()[0]
        for name in sorted(names)
    }


def verify_copy(path: Path, expected: dict[str, int], *, key: str | None = None) -> str | None:
    """None when ``path`` passes integrity_check and holds ``expected`` records;
    otherwise why not, in Chinese."""
    try:
        conn = connect(read_only_uri(path), key=key, uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
            if rows != ["ok"]:
                return "复制出的文件没有通过完整性检查"
            found = table_counts(conn)
        finally:
            conn.close()
    except DB_ERRORS as exc:
        return f"无法检查复制出的文件：{describe_sqlite_error(exc)}"
    if found != expected:
        return "复制出的文件记录数与数据库不一致"
    return None


def quick_check(path: Path, *, key: str | None = None) -> str:
    """'ok' or SQLite's first complaint; never writes. ``key``: the password,
    used when the file is encrypted (a plain file is checked without it)."""
    from app.persistence.encryption import key_for_file

    try:
        conn = connect(read_only_uri(path), key=key_for_file(path, key), uri=True)
    except DB_ERRORS as exc:
        return str(exc)
    try:
        row = conn.execute("PRAGMA quick_check").fetchone()
        return str(row[0]) if row else "no result"
    except DB_ERRORS as exc:
        return str(exc)
    finally:
        conn.close()


@dataclass(frozen=True)
class BackupName:
    created: dt.datetime
    reason: str
    counter: int = 0  # the second, third ... backup made in the same second


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
    return BackupName(created, match["reason"], int(match["counter"] or 0))


def database_backups_dir(backups_root: Path, database: Path) -> Path:
    """The folder of one database file's backups inside the backups folder:
    ``<file name>-<8 hex digits of its full path>``. Readable (the name says
    which ledger), and two files of the same name in different folders (a
    copy on a USB stick) never share a folder, so one's rotation never touches
    another's backups."""
    resolved = os.path.normcase(str(Path(database).expanduser().resolve()))
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    stem = Path(database).stem or "database"
    stem = re.sub(r"[^\w.-]+", "_", stem)[:40]
    return Path(backups_root) / f"{stem}-{digest}"


def new_backup_path(folder: Path, created: dt.datetime, reason: str) -> Path:
    """A backup path in ``folder`` that does not exist yet."""
    counter = 0
    while True:
        candidate = folder / backup_file_name(created, reason, counter)
        if not candidate.exists():
            return candidate
        counter += 1


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parent readable only by the owner
    (``mkdir(parents=True, mode=...)`` gives the parents the default mode)."""
    missing: list[Path] = []
    current = Path(folder)
    while not current.exists() and current.parent != current:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            pass


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
