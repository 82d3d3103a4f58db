"""Backups the way Anki and Zotero make them: through the SQLite backup API,
verified before anything older is removed, rotated, restorable.

Every backup is a single self-contained SQLite file in the backups folder,
named ``branch-ledger-<YYYYmmdd-HHMMSS>-<reason>.sqlite3`` so the folder sorts
by date and the name alone says when and why it was made: listing the folder
(what a normal start does) never opens a backup.

A database on a server (PostgreSQL ...) is not backed up here: the server has
its own backup tools, and the methods below return None or only check the schema.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from app.domain.errors import DatabaseRefused, PasswordNeeded, UserError, WrongPassword
from app.persistence.database import Database
from app.persistence.database_file import (
    FileState,
    in_use_elsewhere,
    inspect_database_file,
    remove_unused_side_files,
    set_aside,
    side_files,
)
from app.persistence.encryption import (
    DB_ERRORS,
    check_key,
    connect,
    file_is_encrypted,
    is_wrong_key_error,
    key_for_file,
)
from app.persistence.engine import BUSY_TIMEOUT_MS, SQLITE_APPLICATION_ID, read_only_uri
from app.persistence.schema import HEAD_REVISION, KNOWN_REVISIONS, MIGRATION_BACKUP_REASON
from app.persistence.sqlite_copy import (
    PARTIAL_SUFFIX,
    copy_sqlite_database,
    database_backups_dir,
    describe_os_error,
    describe_sqlite_error,
    new_backup_path,
    parse_backup_file_name,
    quick_check,
)

AUTO = "auto"
MANUAL = "manual"
BEFORE_RESTORE = "restore"
BEFORE_IMPORT = "import"
AT_CLOSE = "close"

REASON_LABELS = {
    AUTO: "自动备份",
    MANUAL: "手动备份",
    BEFORE_RESTORE: "恢复前备份",
    BEFORE_IMPORT: "导入前备份",
    AT_CLOSE: "关闭时备份",
    MIGRATION_BACKUP_REASON: "升级前备份",
    "encrypt": "加密前备份",
    "password": "修改密码前备份",
    "decrypt": "取消密码前备份",
}

# Rotation: the newest backup is always kept, plus the newest of each of the
# last N days / ISO weeks / months that have backups. Backups the user made
# (reason MANUAL) are never rotated away: only the user deletes those.
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
# The copy made before an import, a restore or a migration is the state the
# user may want back once they see what the change did: whatever the rotation
# above does, each is kept for PROTECTED_DAYS, and the newest PROTECTED_LAST of
# them are kept however old.
PROTECTED_REASONS = frozenset(
    {"import", "restore", MIGRATION_BACKUP_REASON, "encrypt", "password", "decrypt"}
)
PROTECTED_DAYS = 30
PROTECTED_LAST = 10
AUTO_BACKUP_INTERVAL = dt.timedelta(days=1)

_TABLE_LABELS = {"units": "单位", "people": "人员", "audit_log": "工作留痕"}


class BackupFailed(UserError):
    """A backup or restore could not be made; existing backups are untouched."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    reason: str
    size: int
    units: int | None = None  # None: contents not read, or unreadable
    people: int | None = None
    problem: str | None = None  # why the contents could not be read

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)

    @property
    def contents(self) -> str:
        """What the restore dialog shows: 「3 个单位，120 人」."""
        if self.problem:
            return f"无法读取：{self.problem}"
        if self.units is None or self.people is None:
            return ""
        return f"{self.units} 个单位，{self.people} 人"


def list_backups(
    backups_dir: Path, *, with_contents: bool = True, key: str | None = None
) -> list[BackupInfo]:
    """Backups in ``backups_dir``, newest first.

    With ``with_contents`` each copy is opened read-only to count its units and
    people (for the restore dialog), an encrypted one with the password ``key``;
    without, only the folder is listed.
    """
    found: list[BackupInfo] = []
    try:
        entries = list(os.scandir(backups_dir))
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise BackupFailed(
            f"无法读取备份文件夹「{backups_dir}」：{describe_os_error(exc)}"
        ) from exc
    for entry in entries:
        parsed = parse_backup_file_name(entry.name)
        if parsed is None or not entry.is_file():
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        info = BackupInfo(Path(entry.path), parsed.created, parsed.reason, size)
        if with_contents:
            info = _with_contents(info, key)
        found.append(info)
    found.sort(key=_made_order, reverse=True)
    return found


def _made_order(backup: BackupInfo) -> tuple:
    """Oldest first: by time, then the order made within the same second."""
    parsed = parse_backup_file_name(backup.path.name)
    return (backup.created, parsed.counter if parsed else 0, backup.path.name)


def _with_contents(info: BackupInfo, key: str | None = None) -> BackupInfo:
    try:
        conn = connect(read_only_uri(info.path), key=key_for_file(info.path, key), uri=True)
        try:
            units = conn.execute("SELECT count(*) FROM units").fetchone()[0]
            people = conn.execute("SELECT count(*) FROM people").fetchone()[0]
        finally:
            conn.close()
    except DB_ERRORS as exc:
        problem = describe_sqlite_error(exc)
        if is_wrong_key_error(exc) and file_is_encrypted(info.path):
            problem = "已加密，密码与当前数据库的不同" if key else "已加密，需要密码"
        return BackupInfo(info.path, info.created, info.reason, info.size, problem=problem)
    return BackupInfo(info.path, info.created, info.reason, info.size, units, people)


def backups_to_remove(
    backups: list[BackupInfo], now: dt.datetime | None = None
) -> list[BackupInfo]:
    """Which backups the rotation policy would delete (the others are kept).

    Kept: the newest, and the newest of each of the last KEEP_DAILY days,
    KEEP_WEEKLY ISO weeks and KEEP_MONTHLY months that have a backup; and every
    backup made before an import, restore or migration that is less than
    PROTECTED_DAYS old (at ``now``, default the newest backup's time) or among
    the newest PROTECTED_LAST of those.
    """
    ordered = sorted(backups, key=_made_order, reverse=True)
    if not ordered:
        return []
    keep = {ordered[0].path}
    periods: list[tuple[Callable[[dt.datetime], object], int]] = [
        (lambda d: d.date(), KEEP_DAILY),
        (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
        (lambda d: (d.year, d.month), KEEP_MONTHLY),
    ]
    for key, count in periods:
        seen: set[object] = set()
        for backup in ordered:
            period = key(backup.created)
            if period in seen:
                continue
            if len(seen) == count:
                break
            seen.add(period)
            keep.add(backup.path)
    now = now or ordered[0].created
    protected = [b for b in ordered if b.reason in PROTECTED_REASONS]
    for index, backup in enumerate(protected):
        if index < PROTECTED_LAST or now - backup.created < dt.timedelta(days=PROTECTED_DAYS):
            keep.add(backup.path)
    return [b for b in ordered if b.path not in keep]


def backups_folder(backups_root: Path, database: Path) -> Path:
    """Where the backups of the database file ``database`` are kept."""
    return database_backups_dir(backups_root, database)


class BackupService:
    """Backups of one open database, in its own folder inside ``backups_root``
    (``backups_dir``, see ``database_backups_dir``): listed, rotated and
    restored apart from any other database's.

    For a database on a server (``db.sqlite_file`` is None) there is nothing to
    copy here: ``create``, ``auto_backup_if_due`` return None and ``restore``
    refuses; use the server's own backup tools.
    """

    def __init__(
        self,
        db: Database,
        backups_root: Path,
        *,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self.db = db
        self.backups_root = Path(backups_root)
        source = db.sqlite_file
        self.backups_dir = (
            self.backups_root if source is None else database_backups_dir(self.backups_root, source)
        )
        self.clock = clock

    # ----- making backups ----------------------------------------------------

    def create(
        self,
        reason: str,
        destination: Path | None = None,
        *,
        rotate: bool = True,
        when: dt.datetime | None = None,
    ) -> Path | None:
        """Make a verified copy of the database; return its path.

        Without ``destination`` the copy goes into the backups folder, and the
        rotation runs afterwards (only once the new copy passed quick_check).
        With ``destination`` (a file that does not exist yet, or a folder) the
        copy goes there and nothing is rotated. Returns None for a database on
        a server, which has its own backups. Raises BackupFailed with a Chinese
        message (disk full, folder not writable...); no existing file is
        changed then.
        """
        source = self.db.sqlite_file
        if source is None:
            return None
        now = when or self.clock()
        if destination is None:
            target = new_backup_path(self.backups_dir, now, reason)
        else:
            target = self._explicit_target(Path(destination).expanduser(), now, reason)
        self._remove_stale_partials()
        try:
            copy_sqlite_database(source, target, key=self.db.key)
        except OSError as exc:
            raise BackupFailed(_copy_failure_message(exc, target)) from exc
        if destination is None and rotate:
            try:
                self.rotate()
            except (BackupFailed, OSError):
                pass  # the new backup is made; old ones are cleaned up next time
        return target

    def _explicit_target(self, destination: Path, now: dt.datetime, reason: str) -> Path:
        if destination.is_dir():
            return new_backup_path(destination, now, reason)
        source = self.db.sqlite_file
        if source is not None and destination.resolve() == source.resolve():
            raise BackupFailed("备份文件不能是正在使用的数据库本身，请换一个文件名。")
        if destination.exists():
            raise BackupFailed(f"「{destination}」已存在，为防止覆盖，请换一个文件名。")
        return destination

    def _remove_stale_partials(self) -> None:
        """Leftovers of a copy interrupted by a crash (never a finished backup)."""
        try:
            entries = list(os.scandir(self.backups_dir))
        except OSError:
            return
        cutoff = dt.datetime.now().timestamp() - 3600
        for entry in entries:
            if PARTIAL_SUFFIX not in entry.name:
                continue
            try:
                if entry.stat().st_mtime < cutoff:
                    os.unlink(entry.path)
            except OSError:
                pass

    def auto_backup_if_due(self, now: dt.datetime | None = None) -> Path | None:
        """At start: back up when the newest backup is more than a day old.

        Cheap when not due: one folder listing, no backup opened. An empty
        database (no units, no people) is not backed up: there is nothing to lose.
        """
        if self.db.sqlite_file is None or self.db.read_only:
            return None
        now = now or self.clock()
        newest = self.newest_backup_time()
        if newest is not None and dt.timedelta(0) <= now - newest < AUTO_BACKUP_INTERVAL:
            return None
        if newest is not None and newest > now and newest - now < AUTO_BACKUP_INTERVAL:
            return None  # clock moved back a little: not worth a copy
        if self._is_empty():
            return None
        return self.create(AUTO, when=now)

    def change_marker(self) -> int:
        """Where the audit log stands: compare at close with ``backup_at_close``."""
        with self.db.reading() as session:
            return session.execute(text("SELECT coalesce(max(id), 0) FROM audit_log")).scalar_one()

    def backup_at_close(self, marker_at_open: int) -> Path | None:
        """At close: back up when anything changed since ``change_marker()`` was
        taken (every change writes an audit row). None when nothing changed."""
        if self.db.sqlite_file is None or self.db.read_only:
            return None
        if self.change_marker() == marker_at_open:
            return None
        return self.create(AT_CLOSE)

    def newest_backup_time(self) -> dt.datetime | None:
        backups = list_backups(self.backups_dir, with_contents=False)
        return backups[0].created if backups else None

    def _is_empty(self) -> bool:
        with self.db.reading() as session:
            has_units = session.execute(text("SELECT 1 FROM units LIMIT 1")).first()
            has_people = session.execute(text("SELECT 1 FROM people LIMIT 1")).first()
        return has_units is None and has_people is None

    # ----- backups from before each database had its own folder ----------------

    def claim_shared_backups(self) -> list[Path]:
        """Move the backups this database made when all databases shared one
        folder (files directly in ``backups_root``) into its own folder.

        A backup is this database's when its oldest 工作留痕 row (id, time,
        record) equals the database's: every backup of a ledger carries the
        ledger's first audit row, and two ledgers started apart never share it.
        Backups of other databases, and unreadable ones, stay where they are.
        """
        if self.db.sqlite_file is None or self.backups_dir == self.backups_root:
            return []
        shared = list_backups(self.backups_root, with_contents=False)
        if not shared:
            return []
        try:
            with self.db.engine.connect() as conn:
                ours = _first_audit_row(conn.connection.driver_connection)
        except Exception:  # noqa: BLE001 - no fingerprint: claim nothing
            return []
        if ours is None:
            return []
        moved: list[Path] = []
        for backup in shared:
            try:
                conn = connect(
                    read_only_uri(backup.path),
                    key=key_for_file(backup.path, self.db.key),
                    uri=True,
                )
                try:
                    theirs = _first_audit_row(conn)
                finally:
                    conn.close()
            except DB_ERRORS:
                continue
            if theirs != ours:
                continue
            target = self.backups_dir / backup.path.name
            if target.exists():
                continue
            try:
                self.backups_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
                os.replace(backup.path, target)
            except OSError:
                continue
            moved.append(target)
        return moved

    # ----- listing and rotation ----------------------------------------------

    def list_backups(self, *, with_contents: bool = True) -> list[BackupInfo]:
        """Backups in the folder, newest first, each with its date, reason, size and contents."""
        return list_backups(self.backups_dir, with_contents=with_contents, key=self.db.key)

    def rotate(self) -> list[Path]:
        """Delete automatic backups the policy no longer keeps; return what was deleted.

        Never deletes the newest backup that passes quick_check: if every kept
        backup is damaged, the newest good one among the others is kept too,
        and if none is good nothing is deleted.
        """
        backups = [b for b in self.list_backups(with_contents=False) if b.reason != MANUAL]
        remove = backups_to_remove(backups, self.clock())
        if not remove:
            return []
        removing = {b.path for b in remove}
        kept = [b for b in backups if b.path not in removing]
        key = self.db.key
        if not any(quick_check(b.path, key=key) == "ok" for b in kept):
            good = next((b for b in remove if quick_check(b.path, key=key) == "ok"), None)
            if good is None:
                return []
            remove = [b for b in remove if b.path != good.path]
        deleted: list[Path] = []
        for backup in remove:
            try:
                backup.path.unlink()
            except OSError:
                continue
            deleted.append(backup.path)
        return deleted

    # ----- restore -----------------------------------------------------------

    def restore(self, backup_path: Path) -> Path:
        """Replace the database's contents with ``backup_path``'s.

        The current contents are first backed up (reason ``restore``; that path
        is returned). The copy goes through the SQLite backup API inside one
        transaction, so an interruption leaves the database as it was.

        The Database given to this service is CLOSED by this call (its engine
        disposed): the caller must not use it again, but open the file anew with
        ``Database.open(path, backups_dir=...)`` (which also migrates a backup
        made by an older version) and rebuild the services on the new object.
        """
        target = self.db.sqlite_file
        if target is None:
            raise BackupFailed("当前数据库在服务器上，请用数据库服务器自己的备份工具恢复。")
        if self.db.read_only:
            raise BackupFailed("数据库以只读方式打开，不能恢复。")
        backup_path = Path(backup_path)
        if backup_path.resolve() == target.resolve():
            raise BackupFailed("不能用正在使用的数据库本身恢复，请选择一个备份文件。")
        key = self.db.key
        check_restorable(backup_path, key=key)
        safety = self.create(BEFORE_RESTORE, rotate=False)
        assert safety is not None
        self.db.close()
        try:
            _copy_into(backup_path, target, key)
        except DB_ERRORS as exc:
            raise BackupFailed(
                f"恢复未完成，数据库保持原样：{describe_sqlite_error(exc)}。"
                f"恢复前的备份在「{safety}」。"
            ) from exc
        try:
            self.rotate()
        except (BackupFailed, OSError):
            pass
        return safety


def check_restorable(backup_path: Path, *, key: str | None = None) -> None:
    """Refuse (DatabaseRefused/BackupFailed) a file that is not a good backup of
    ours. ``key``: the password an encrypted backup is opened with."""
    if not backup_path.is_file():
        raise BackupFailed(f"备份文件不存在：{backup_path}")
    try:
        # ours? raises DatabaseRefused otherwise
        state = inspect_database_file(backup_path, key)
    except PasswordNeeded as exc:
        raise BackupFailed(
            f"备份「{backup_path.name}」是加密的备份（需要数据库密码才能恢复），"
            "或者不是数据库文件（可能已损坏）。"
        ) from exc
    backup_key = key if state is FileState.ENCRYPTED else None
    try:
        conn = connect(read_only_uri(backup_path), key=backup_key, uri=True)
        try:
            if backup_key is not None:
                check_key(conn)
        finally:
            conn.close()
    except WrongPassword as exc:
        raise BackupFailed(
            f"备份「{backup_path.name}」的密码与当前数据库的密码不同"
            "（可能是修改密码前的备份），不能用来恢复。"
        ) from exc
    except DB_ERRORS:
        pass  # quick_check below says what is wrong
    check = quick_check(backup_path, key=backup_key)
    if check != "ok":
        raise BackupFailed(
            f"备份文件「{backup_path.name}」已损坏（没有通过完整性检查），不能用来恢复。"
        )
    try:
        conn = connect(read_only_uri(backup_path), key=backup_key, uri=True)
        try:
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            conn.close()
    except DB_ERRORS as exc:
        raise BackupFailed(
            f"「{backup_path.name}」不是完整的支部台账备份：{describe_sqlite_error(exc)}"
        ) from exc
    if len(rows) != 1:
        raise BackupFailed(f"「{backup_path.name}」的结构版本记录不完整，不能用来恢复。")
    if rows[0][0] not in KNOWN_REVISIONS:
        raise DatabaseRefused(
            f"「{backup_path.name}」由更新版本的支部台账创建（结构版本 {rows[0][0]}），"
            "请升级程序后再恢复。"
        )


def restore_damaged_database(
    damaged: Path, backup_path: Path, *, now: dt.datetime | None = None, key: str | None = None
) -> Path:
    """For a database file refused as damaged (no Database can be opened on it):
    rename it (and its -wal/-shm) to ``<name>.damaged-<time>``, never writing to
    it, and put a verified copy of ``backup_path`` in its place. Returns the
    renamed file. (``persistence.recovery.Recovery`` does the same step by step.)
    """
    check_restorable(backup_path, key=key)
    if damaged.exists():
        kept = set_aside(damaged, now or dt.datetime.now())
    else:
        kept = damaged
    try:
        copy_sqlite_database(backup_path, damaged, key=key_for_file(backup_path, key))
    except OSError as exc:
        raise BackupFailed(_copy_failure_message(exc, damaged)) from exc
    return kept


def _first_audit_row(conn) -> tuple | None:
    try:
        return conn.execute(
            "SELECT id, at, action, entity, entity_id, summary FROM audit_log ORDER BY id LIMIT 1"
        ).fetchone()
    except DB_ERRORS:
        return None


def _copy_into(backup_path: Path, target: Path, key: str | None = None) -> None:
    """Put ``backup_path``'s contents into ``target`` (closed by the caller),
    whose password is ``key``. A backup encrypted as the target is (both plain,
    or both with ``key``) is copied in through the backup API in one
    transaction; one that is not (a backup made before the password was set or
    removed) replaces the file whole: the database becomes what it was then."""
    backup_key = key_for_file(backup_path, key)
    if backup_key != key:
        _replace_with_copy(backup_path, target, backup_key)
        return
    src = connect(read_only_uri(backup_path), key=key, uri=True)
    try:
        dst = connect(target, key=key, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst.execute("PRAGMA journal_mode=WAL")
            dst.execute("PRAGMA synchronous=FULL")
            src.backup(dst)
            check = dst.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {check}")
            # The restored state into the .sqlite3 file itself, not only its -wal.
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dst.close()
    finally:
        src.close()


def _replace_with_copy(backup_path: Path, target: Path, backup_key: str | None) -> None:
    """A verified copy of the backup beside ``target``, then moved over it."""
    if in_use_elsewhere(target):
        raise BackupFailed(
            f"「{target.name}」正被另一个程序（例如另一个支部台账窗口）打开，请先关闭它再恢复。"
        )
    partial = target.with_name(target.name + ".restoring")
    for leftover in (partial, *side_files(partial)):
        leftover.unlink(missing_ok=True)
    try:
        copy_sqlite_database(backup_path, partial, key=backup_key)
    except OSError as exc:
        raise BackupFailed(_copy_failure_message(exc, target)) from exc
    remove_unused_side_files(target, [side for side in side_files(target) if side.exists()])
    os.replace(partial, target)


def _copy_failure_message(exc: OSError, target: Path) -> str:
    cause = exc.__cause__ if isinstance(exc.__cause__, Exception) else exc
    full = getattr(exc, "errno", None) == errno.ENOSPC or "full" in str(cause).lower()
    if full:
        return f"磁盘空间不足，备份未完成（{target.parent}）。已有的备份都保持不变。"
    return f"备份失败（{describe_os_error(exc)}）：{target}。已有的备份都保持不变。"


# ----- integrity --------------------------------------------------------------


def integrity_problems(db: Database) -> list[str]:
    """Problems found in the database, in Chinese; empty when all is well.

    SQLite: PRAGMA integrity_check, foreign_key_check and the application id.
    Every database: the schema revision equals this program's.
    """
    problems: list[str] = []
    is_sqlite = db.sqlite_file is not None
    try:
        with db.engine.connect() as conn:
            if is_sqlite:
                problems.extend(_sqlite_problems(conn))
            problems.extend(_revision_problems(conn))
    except DatabaseRefused as exc:
        problems.append(exc.message)
    except Exception as exc:  # noqa: BLE001 - a damaged file may fail any query
        orig = getattr(exc, "orig", None) or exc
        problems.append(f"读取数据库时出错，文件可能已损坏：{str(orig).splitlines()[0][:200]}")
    return problems


def _sqlite_problems(conn) -> list[str]:
    problems: list[str] = []
    rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check(50)")]
    if rows != ["ok"]:
        problems.extend(f"数据库文件损坏：{r}" for r in rows)
        return problems  # the rest reads the same broken pages
    app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
    if app_id != SQLITE_APPLICATION_ID:
        problems.append("文件头中的程序标识不是支部台账，这可能不是本程序的数据库。")
    for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check").all()[:50]:
        problems.append(
            f"{_TABLE_LABELS.get(table, table)}表第 {rowid} 行引用的"
            f"{_TABLE_LABELS.get(parent, parent)}记录不存在"
        )
    return problems


def _revision_problems(conn) -> list[str]:
    try:
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except Exception:  # noqa: BLE001 - table missing: reported below
        return ["缺少结构版本记录（alembic_version），这不是完整的支部台账数据库。"]
    if rows != [HEAD_REVISION]:
        found = "、".join(rows) or "无"
        return [f"数据库结构版本为 {found}，本程序需要 {HEAD_REVISION}。"]
    return []
