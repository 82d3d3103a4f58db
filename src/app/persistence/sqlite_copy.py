"""Consistent copies of a live SQLite database through the backup API.

Copying the file itself can lose every row still in the -wal file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def copy_sqlite_database(source: Path, destination: Path) -> None:
    """Copy ``source`` to ``destination`` (written whole to a temp file, then renamed)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            # A self-contained single file: no -wal beside the copy.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    check = quick_check(partial)
    if check != "ok":
        partial.unlink(missing_ok=True)
        raise OSError(f"backup copy failed quick_check: {check}")
    os.replace(partial, destination)
    _restrict(destination)


def quick_check(path: Path) -> str:
    """'ok' or SQLite's first complaint; never writes."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        row = conn.execute("PRAGMA quick_check").fetchone()
        return str(row[0]) if row else "no result"
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        conn.close()


def _restrict(path: Path) -> None:
    if os.name == "posix":
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass
