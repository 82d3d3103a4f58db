"""Encryption at rest: SQLite files encrypted with SQLCipher (``sqlcipher3``).

An encrypted file has no plain header: its first 16 bytes are SQLCipher's
random salt and every page looks like random bytes. Without the password it
cannot be told from a file of random bytes, so a file that *looks* encrypted
(``looks_encrypted``) is one the password is asked for before anything else.

Every connection to an encrypted file is made by ``connect`` with the
password (``key``); a plain file is opened by the standard ``sqlite3`` as
before, so nothing about an unencrypted database changes. The password is
given to SQLCipher as a passphrase: SQLCipher 4 derives the key with
PBKDF2-HMAC-SHA512 (256,000 iterations) and the file's own salt.

Setting, changing and removing the password all write a new file through
``sqlcipher_export`` (the documented way to encrypt or decrypt a database),
check it, and only then move it over the old one (persistence.database_password).
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from app.domain.errors import DatabaseRefused, WrongPassword

SQLITE_MAGIC = b"SQLite format 3\x00"

try:  # the native library ships in sqlcipher3's wheels; without it, no encryption
    import sqlcipher3 as _sqlcipher
except ImportError:  # pragma: no cover - a dependency of the app
    _sqlcipher = None

# Both drivers' errors: code that reads SQLite files catches these.
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,) + (
    (_sqlcipher.Error,) if _sqlcipher is not None else ()
)

OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (sqlite3.OperationalError,) + (
    (_sqlcipher.OperationalError,) if _sqlcipher is not None else ()
)

WRONG_PASSWORD = "数据库密码不正确。"


def cipher_module() -> ModuleType:
    """The DB-API module for encrypted files (sqlcipher3)."""
    if _sqlcipher is None:
        raise DatabaseRefused(
            "这个数据库已加密，但本程序缺少 SQLCipher 组件（sqlcipher3），无法打开它。"
        )
    return _sqlcipher


def quote_key(key: str) -> str:
    """The password as an SQL string literal for ``PRAGMA key`` / ``ATTACH ... KEY``."""
    return "'" + key.replace("'", "''") + "'"


def connect(target: str | os.PathLike[str], *, key: str | None = None, **kwargs: Any):
    """A DB-API connection: ``sqlite3`` for a plain file (``key`` None),
    ``sqlcipher3`` with the password applied for an encrypted one. Keyword
    arguments are ``sqlite3.connect``'s (uri, timeout, isolation_level ...).

    A wrong password is only noticed at the first read: see ``check_key``."""
    if key is None:
        return sqlite3.connect(target, **kwargs)
    conn = cipher_module().connect(str(target), **kwargs)
    try:
        # SQLCipher logs a failed decryption to stderr; the user gets our message.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {quote_key(key)}")
    except BaseException:
        conn.close()
        raise
    return conn


def is_wrong_key_error(exc: BaseException) -> bool:
    """SQLITE_NOTADB: what an encrypted file gives for a wrong password (and a
    plain one for a file that is not a database)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) == 26:
        return True
    return "not a database" in str(exc).lower()


def check_key(conn) -> None:
    """Read the schema once: raises WrongPassword when the password is wrong."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DB_ERRORS as exc:
        if is_wrong_key_error(exc):
            raise WrongPassword(WRONG_PASSWORD) from exc
        raise


def looks_encrypted(sample: bytes, size: int) -> bool:
    """Could a file starting with ``sample`` (its first bytes, up to 8 KiB)
    and ``size`` bytes long be a SQLCipher database? No SQLite header, a whole
    number of pages (512 bytes at least), and no byte value more common than
    random bytes would make it: a plain database, a text or an office file
    has long runs of zeros or letters. Random bytes pass too; only the
    password tells them apart."""
    if size < 512 or size % 512 or sample.startswith(SQLITE_MAGIC) or len(sample) < 512:
        return False
    most = Counter(sample).most_common(1)[0][1]
    # Random bytes: about len/256 of each value; 4x that is far beyond chance.
    return most <= max(8, 4 * len(sample) // 256)


def file_is_encrypted(path: Path) -> bool:
    """Does the file at ``path`` look encrypted (see ``looks_encrypted``)?
    Reads its first bytes with open(): never call it for a file this process
    has open (see database_file._OPEN_HERE)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            sample = handle.read(8192)
    except OSError:
        return False
    return looks_encrypted(sample, size)


def key_for_file(path: Path, key: str | None) -> str | None:
    """The key to open ``path`` (a file not open here, e.g. a backup) with:
    ``key`` when the file is encrypted, None when it is plain."""
    return key if key is not None and file_is_encrypted(path) else None
