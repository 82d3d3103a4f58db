"""Is this file ours? Checked from its header bytes, before SQLite touches it.

A zero-byte file passes SQLite's own quick_check and would silently become an
empty new database; random bytes or another program's SQLite file must never
be written to. So the header is read as plain bytes first.
"""

from __future__ import annotations

import datetime as dt
import os
import struct
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from app.domain.errors import DatabaseDamaged, DatabaseRefused, PasswordNeeded
from app.persistence.encryption import SQLITE_MAGIC, looks_encrypted
from app.persistence.engine import SQLITE_APPLICATION_ID


class FileState(Enum):
    MISSING = "missing"  # will be created
    OURS = "ours"
    # Looks encrypted and a password was given: whether it is ours is checked
    # once it is opened with the password (persistence.schema).
    ENCRYPTED = "encrypted"


# Database files this process has open through SQLite, with how many times.
# POSIX locks belong to the process, and closing ANY descriptor of a file drops
# all of the process's locks on it: reading a live database's header (or its
# -shm) with a plain open() would silently release the locks SQLite holds for
# the open database. Another process closing its connection then believes it
# is the last one, checkpoints and deletes the -wal and -shm that this process
# still writes to ("disk I/O error", records lost). So files open here are never
# read with open(): they were checked when first opened.
_OPEN_HERE: dict[str, int] = {}


def _key(path: Path) -> str:
    try:
        return os.path.normcase(str(Path(path).resolve()))
    except OSError:
        return os.path.normcase(str(path))


def opened_here(path: Path) -> None:
    key = _key(path)
    _OPEN_HERE[key] = _OPEN_HERE.get(key, 0) + 1


def closed_here(path: Path) -> None:
    key = _key(path)
    count = _OPEN_HERE.get(key, 0) - 1
    if count > 0:
        _OPEN_HERE[key] = count
    else:
        _OPEN_HERE.pop(key, None)


def is_open_here(path: Path) -> bool:
    """True while a Database of this process has ``path`` open."""
    return _key(path) in _OPEN_HERE


def inspect_database_file(path: Path, key: str | None = None) -> FileState:
    """Return MISSING, OURS or (with a password, ``key``) ENCRYPTED; raise
    DatabaseRefused for anything else, PasswordNeeded for a file that looks
    encrypted when no password was given (see persistence.encryption).

    A file open in this process is not read (see _OPEN_HERE): it was checked
    when first opened, and its Database knows its password."""
    if not path.exists():
        return FileState.MISSING
    if is_open_here(path) and path.is_file():
        # checked when first opened; see _OPEN_HERE
        return FileState.ENCRYPTED if key is not None else FileState.OURS
    if path.is_dir():
        raise DatabaseDamaged(f"「{path}」是一个文件夹，不是数据库文件。")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(8192)
    except OSError as exc:
        raise DatabaseRefused(f"无法读取数据库文件「{path}」：{exc.strerror or exc}") from exc
    if len(header) == 0:
        raise DatabaseDamaged(
            f"「{path}」是一个空文件（0 字节），不是支部台账的数据库。"
            "为防止误用，程序不会写入它。请选择正确的数据库文件或从备份恢复。"
        )
    if looks_encrypted(header, size):
        if key is None:
            raise PasswordNeeded(
                f"「{path.name}」是加密的数据库，需要输入密码才能打开；"
                "如果它没有加密过，那么它不是数据库文件（可能已损坏）。程序不会写入它。"
            )
        lost = lost_wal_frames(path)
        if lost:
            raise DatabaseDamaged(_lost_wal_message(path, lost))
        return FileState.ENCRYPTED
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise DatabaseDamaged(
            f"「{path}」不是数据库文件（可能已损坏，或是其他类型的文件）。程序不会写入它。"
        )
    (application_id,) = struct.unpack(">I", header[68:72])
    if application_id != SQLITE_APPLICATION_ID:
        raise DatabaseDamaged(
            f"「{path}」是其他程序的数据库，不是支部台账的数据库。程序不会写入它。"
        )
    lost = lost_wal_frames(path)
    if lost:
        raise DatabaseDamaged(_lost_wal_message(path, lost))
    return FileState.OURS


def _lost_wal_message(path: Path, lost: int) -> str:
    return (
        f"「{path.name}」的日志文件（{path.name}-wal）丢失或不完整：最近写入的 {lost} 页"
        "修改不在数据库文件中。程序不会写入它；请从备份恢复。"
    )


# ----- the -wal and -shm files beside a database --------------------------------

SIDE_SUFFIXES = ("-wal", "-shm")
_WAL_INDEX_VERSION = 3007000
_WAL_HEADER = 32
_WAL_FRAME_HEADER = 24


def side_files(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in SIDE_SUFFIXES]


@dataclass(frozen=True)
class WalState:
    """What the -shm (SQLite's wal-index) says of the -wal beside a database."""

    frames: int  # frames written to the -wal since it was last reset
    backfilled: int  # of which already copied into the database file
    page_size: int

    @property
    def pending(self) -> int:
        """Pages written but not yet in the .sqlite3 file (lost if the -wal is)."""
        return max(0, self.frames - self.backfilled)


def wal_state(path: Path) -> WalState | None:
    """Read the wal-index header from ``<path>-shm`` as plain bytes (no SQLite
    connection, no lock, nothing written). None when there is no -shm or its
    header is not a valid, settled one (a writer may be changing it), and
    for a database open in this process (see _OPEN_HERE)."""
    if is_open_here(path):
        return None
    try:
        with open(f"{path}-shm", "rb") as handle:
            data = handle.read(136)
    except OSError:
        return None
    if len(data) < 100 or data[:48] != data[48:96]:
        return None
    # The wal-index is in the machine's own byte order (it is never shared between machines).
    version, _unused, _change, is_init, _big_end, page_size, frames = struct.unpack(
        "=IIIBBHI", data[:20]
    )
    if version != _WAL_INDEX_VERSION or not is_init:
        return None
    page_size = 65536 if page_size == 1 else page_size
    (backfilled,) = struct.unpack("=I", data[96:100])
    return WalState(frames, backfilled, page_size)


def lost_wal_frames(path: Path) -> int:
    """Pages the -shm says are in the -wal, not yet in the database file, when
    the -wal is missing or shorter than that: the -wal was deleted or not
    copied with the database. 0 when nothing is missing."""
    state = wal_state(path)
    if state is None or state.pending == 0:
        return 0
    needed = _WAL_HEADER + state.frames * (_WAL_FRAME_HEADER + state.page_size)
    try:
        size = os.stat(f"{path}-wal").st_size
    except FileNotFoundError:
        return state.pending
    except OSError:
        return 0
    return state.pending if size < needed else 0


def in_use_elsewhere(path: Path) -> bool:
    """True when another process has this SQLite database open (in WAL mode).

    Every SQLite connection holds a shared lock on the "DMS" byte of the -shm
    for as long as it is open (unix VFS); taking it exclusively fails then.
    POSIX only: on Windows an open file cannot be renamed or deleted anyway,
    so what this guards against fails there with a clear error instead.
    """
    if is_open_here(path):
        return True  # this process's own: in use all the same (and see _OPEN_HERE)
    if sys.platform == "win32":
        return False
    import fcntl

    shm = Path(f"{path}-shm")
    try:
        fd = os.open(shm, os.O_RDWR)
    except OSError:
        return False  # no -shm: no connection in WAL mode
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_BYTE)
        except OSError:
            return True
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _SHM_DMS_BYTE)
        return False
    finally:
        os.close(fd)


def remove_unused_side_files(path: Path, created: list[Path]) -> list[Path]:
    """Remove the empty -wal/-shm in ``created`` (made by our own read of a file
    we then refused) unless any other connection has the database open; the
    -shm's lock is held while removing, so no SQLite connection can start using
    them in between. Returns what was removed. Windows: an open file cannot be
    deleted there, so a live one fails to go and is left alone."""
    wal = Path(f"{path}-wal")
    if is_open_here(path) or (wal.exists() and wal.stat().st_size > 0):
        return []  # open here, or it holds pages: never ours to remove
    removed: list[Path] = []
    lock_fd = None
    if sys.platform != "win32" and Path(f"{path}-shm").exists():
        import fcntl

        try:
            lock_fd = os.open(f"{path}-shm", os.O_RDWR)
            fcntl.lockf(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_BYTE)
        except OSError:
            if lock_fd is not None:
                os.close(lock_fd)
            return []  # someone has the database open: its files stay
    try:
        for side in created:
            try:
                side.unlink()
                removed.append(side)
            except OSError:
                pass
    finally:
        if lock_fd is not None:
            os.close(lock_fd)
    return removed


# The unix VFS's "dead man switch" byte in the -shm (UNIX_SHM_DMS in os_unix.c).
_SHM_DMS_BYTE = 128


def damaged_name(path: Path, now: dt.datetime) -> Path:
    """``<name>.damaged-<YYYYmmdd-HHMMSS>`` beside ``path``, not yet taken."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while candidate.exists() or any(p.exists() for p in side_files(candidate)):
        counter += 1
        candidate = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
    return candidate


def set_aside(path: Path, now: dt.datetime) -> Path:
    """Rename a damaged or foreign file (or folder) to ``<name>.damaged-<time>``,
    with its -wal and -shm, never opening or writing it. Returns the new name.

    Refuses (DatabaseRefused) while another process has the file open: moving a
    live database away from under it would lose what it writes next."""
    if in_use_elsewhere(path):
        raise DatabaseRefused(
            f"「{path.name}」正被另一个程序（例如另一个支部台账窗口）打开，请先关闭它再恢复。"
        )
    kept = damaged_name(path, now)
    try:
        os.replace(path, kept)
        for side, kept_side in zip(side_files(path), side_files(kept), strict=True):
            if side.exists():
                os.replace(side, kept_side)
    except OSError as exc:
        raise DatabaseRefused(
            f"无法把损坏的文件「{path.name}」改名保存：{exc.strerror or exc}。"
            "文件没有被修改；请关闭正在使用它的程序后重试。"
        ) from exc
    return kept
