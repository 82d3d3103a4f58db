"""May this database file be written? Asked before SQLite touches it.

A file (or, on POSIX, a folder) is *marked read-only* when the user may not
write it (``os.access``) or when nobody has a write permission bit on it
(``chmod a-w``, Windows' read-only attribute). The second rule holds for
root and Administrator too, who could write anyway: a file someone marked
read-only is opened read-only by everybody, and the tests (run as root in
CI) can prove it with real files.

``access`` is injectable so the ``os.access`` half can be tested as root.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

Access = Callable[[Path, int], bool]


def _os_access(path: Path, mode: int) -> bool:
    return os.access(path, mode)


def marked_read_only(path: Path, access: Access = _os_access) -> bool:
    """True when ``path`` exists and may not (or should not) be written."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    if stat.S_ISDIR(mode) and os.name != "posix":
        # Windows sets the read-only attribute on customised folders (Documents)
        # without meaning it, and ignores it for folders; os.access agrees.
        return not access(path, os.W_OK)
    return not (mode & 0o222) or not access(path, os.W_OK)


def read_only_reason(path: Path, access: Access = _os_access) -> str | None:
    """Why the SQLite file ``path`` cannot be written, in Chinese, or None.

    SQLite writes beside the file (its -wal and -shm), so a read-only folder
    makes the database read-only as well."""
    if marked_read_only(path, access):
        return f"数据库文件「{path.name}」是只读的"
    if path.exists() and marked_read_only(path.parent, access):
        return f"数据库所在的文件夹「{path.parent}」是只读的"
    return None


def wal_is_empty(path: Path) -> bool:
    """No -wal file beside ``path``, or an empty one: the file alone is the database."""
    try:
        return Path(f"{path}-wal").stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def immutable_ok(path: Path, access: Access = _os_access) -> bool:
    """May a read-only connection open ``path`` as ``immutable``: no locks and
    no -wal/-shm created beside it? Only when nobody can write the file (it or
    its folder is marked read-only) and no -wal holds records the file lacks.
    Without it SQLite leaves 0444 -shm/-wal files beside a read-only file and
    cannot open one in a read-only folder at all."""
    return read_only_reason(path, access) is not None and wal_is_empty(path)
