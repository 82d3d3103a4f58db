"""Is this file ours? Checked from its header bytes, before SQLite touches it.

A zero-byte file passes SQLite's own quick_check and would silently become an
empty new database; random bytes or another program's SQLite file must never
be written to. So the header is read as plain bytes first.
"""

from __future__ import annotations

import struct
from enum import Enum
from pathlib import Path

from app.domain.errors import DatabaseRefused
from app.persistence.engine import SQLITE_APPLICATION_ID

SQLITE_MAGIC = b"SQLite format 3\x00"


class FileState(Enum):
    MISSING = "missing"  # will be created
    OURS = "ours"


def inspect_database_file(path: Path) -> FileState:
    """Return MISSING or OURS; raise DatabaseRefused for anything else."""
    if not path.exists():
        return FileState.MISSING
    if path.is_dir():
        raise DatabaseRefused(f"「{path}」是一个文件夹，不是数据库文件。")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise DatabaseRefused(f"无法读取数据库文件「{path}」：{exc.strerror or exc}") from exc
    if len(header) == 0:
        raise DatabaseRefused(
            f"「{path}」是一个空文件（0 字节），不是支部台账的数据库。"
            "为防止误用，程序不会写入它。请选择正确的数据库文件或从备份恢复。"
        )
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise DatabaseRefused(
            f"「{path}」不是数据库文件（可能已损坏，或是其他类型的文件）。程序不会写入它。"
        )
    (application_id,) = struct.unpack(">I", header[68:72])
    if application_id != SQLITE_APPLICATION_ID:
        raise DatabaseRefused(
            f"「{path}」是其他程序的数据库，不是支部台账的数据库。程序不会写入它。"
        )
    return FileState.OURS
