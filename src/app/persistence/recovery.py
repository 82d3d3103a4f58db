"""The way back from a damaged or foreign file at the database's place.

What happens, for the window at start and for ``restore`` on the command line:
the file (or folder) is set aside as ``<name>.damaged-<time>``, untouched and
with its -wal/-shm, and a good backup of this database (or a new, empty
database) takes its place. Nothing here writes to the damaged file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import DatabaseDamaged, DatabaseRefused
from app.persistence.backups import (
    BackupFailed,
    BackupInfo,
    check_restorable,
    list_backups,
)
from app.persistence.database_file import FileState, inspect_database_file, set_aside
from app.persistence.encryption import key_for_file
from app.persistence.sqlite_copy import copy_sqlite_database, database_backups_dir


def damage_of(database: Path, key: str | None = None) -> str | None:
    """Why the file at ``database`` cannot be used (Chinese), or None when it is
    sound or missing. Reads only; a refusal that no backup can help with (a
    newer version's file, a locked or unreadable one, a wrong password) is
    raised as it is. ``key``: the password of an encrypted file; without it an
    encrypted file is reported (PasswordNeeded's message), as it cannot be
    told from random bytes."""
    from app.persistence.database import Database

    try:
        if inspect_database_file(database, key) is FileState.MISSING:
            return None
        Database.open(database, read_only=True, key=key).close()
    except DatabaseDamaged as exc:
        return exc.message
    except DatabaseRefused as exc:
        if "需要升级结构" in exc.message:  # an older version's file: sound, migrated on open
            return None
        raise
    return None


@dataclass
class Recovery:
    """One damaged database file and the backups that can take its place."""

    database: Path
    backups_root: Path
    problem: str
    clock: Callable[[], dt.datetime] = dt.datetime.now
    # The password encrypted backups are opened with (see persistence.encryption).
    key: str | None = field(default=None, repr=False)
    set_aside_as: Path | None = field(default=None, init=False)

    @property
    def backups_dir(self) -> Path:
        return database_backups_dir(self.backups_root, self.database)

    def backups(self) -> list[BackupInfo]:
        """This database's backups, newest first, with their record counts."""
        return list_backups(self.backups_dir, key=self.key)

    def shared_backups(self) -> list[BackupInfo]:
        """Backups from before each database had its own folder that no
        database has claimed yet (they may be this one's)."""
        return list_backups(self.backups_root, key=self.key)

    def choices(self) -> list[BackupInfo]:
        """Every backup the user may pick: this database's, then the shared ones."""
        return self.backups() + self.shared_backups()

    def newest_good(self) -> BackupInfo | None:
        """This database's newest backup that passes the restore checks."""
        for backup in self.backups():
            if backup.problem:
                continue
            try:
                check_restorable(backup.path, key=self.key)
            except (BackupFailed, DatabaseRefused):
                continue
            return backup
        return None

    def set_aside(self) -> Path:
        """Rename the damaged file (once); returns its new name."""
        if self.set_aside_as is None:
            if self.database.exists():
                self.set_aside_as = set_aside(self.database, self.clock())
            else:
                self.set_aside_as = self.database
        return self.set_aside_as

    def restore(self, backup: Path) -> Path:
        """Set the damaged file aside and put a verified copy of ``backup`` in its
        place; returns the damaged file's new name."""
        check_restorable(Path(backup), key=self.key)
        kept = self.set_aside()
        try:
            copy_sqlite_database(
                Path(backup), self.database, key=key_for_file(Path(backup), self.key)
            )
        except OSError as exc:
            raise BackupFailed(
                f"无法把备份复制到「{self.database}」：{exc}。损坏的文件已保存为「{kept.name}」。"
            ) from exc
        return kept

    def start_empty(self) -> Path:
        """Set the damaged file aside; opening the path then creates a new, empty
        database. Returns the damaged file's new name."""
        return self.set_aside()


def describe_backup(backup: BackupInfo) -> str:
    """「2026-03-10 09:30 自动备份（3 个单位，120 人）」"""
    contents = f"（{backup.contents}）" if backup.contents else ""
    return f"{backup.created:%Y-%m-%d %H:%M} {backup.reason_label}{contents}"
