"""设置、修改、取消数据库密码: the whole file rewritten encrypted (or plain).

The steps, so that a failure at any point loses nothing:
1. a verified backup of the database as it is (reason encrypt / password /
   decrypt; kept like the backups before an import);
2. the database closed (checkpointed) and no other program may have it open;
3. ``sqlcipher_export`` into a new file beside it, checked (integrity_check,
   the application id, the same records in every table);
4. only then the new file moved over the old one (``os.replace``, atomic).
Whatever fails, the old file is opened again as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import DatabaseRefused, UserError
from app.persistence.backups import BackupService, list_backups
from app.persistence.database import Database
from app.persistence.database_file import (
    in_use_elsewhere,
    remove_unused_side_files,
    side_files,
)
from app.persistence.encryption import (
    DB_ERRORS,
    check_key,
    cipher_module,
    connect,
    file_is_encrypted,
    quote_key,
)
from app.persistence.engine import SQLITE_APPLICATION_ID
from app.persistence.sqlite_copy import describe_sqlite_error, table_counts

ENCRYPT = "encrypt"
CHANGE = "password"
DECRYPT = "decrypt"
NEW_FILE_SUFFIX = ".password-new"


@dataclass
class PasswordChange:
    """What ``change_password`` did: ``database`` is open either way (the new
    file, or the old one again when ``problem`` says why nothing changed)."""

    database: Database
    problem: str | None = None
    backup: Path | None = None
    # Backups in the database's folder that are not encrypted (those made
    # before the password was set): they still hold the records in plain form.
    plain_backups: int = 0


def change_password(
    db: Database, new_password: str | None, backups: BackupService
) -> PasswordChange:
    """Encrypt ``db``'s file with ``new_password`` (None: decrypt it). ``db``
    is closed by this call; use the returned ``database``."""
    path = db.sqlite_file
    if path is None:
        return PasswordChange(
            db, "数据库密码只适用于本机的数据库文件；服务器上的数据库请用服务器的加密功能。"
        )
    if db.read_only:
        return PasswordChange(db, "数据库以只读方式打开，不能设置密码。")
    if new_password is None and db.key is None:
        return PasswordChange(db, "数据库没有设置密码。")
    if new_password is not None and new_password == db.key:
        return PasswordChange(db, "新密码与原来的密码相同。")
    try:
        cipher_module()
    except DatabaseRefused as exc:
        return PasswordChange(db, exc.message)
    reason = ENCRYPT if db.key is None else (DECRYPT if new_password is None else CHANGE)
    try:
        backup = backups.create(reason, rotate=False)
    except UserError as exc:
        return PasswordChange(db, f"设置密码前需要先备份，但备份失败：{exc.message}")
    old_key = db.key
    backups_root = backups.backups_root
    db.close()
    new_file = path.with_name(path.name + NEW_FILE_SUFFIX)
    try:
        if in_use_elsewhere(path):
            raise DatabaseRefused(
                f"「{path.name}」正被另一个程序（例如另一个支部台账窗口）打开，"
                "请先关闭它再设置密码。"
            )
        for leftover in (new_file, *side_files(new_file)):
            leftover.unlink(missing_ok=True)
        export_database(path, old_key, new_file, new_password, application_id=SQLITE_APPLICATION_ID)
        remove_unused_side_files(path, [side for side in side_files(path) if side.exists()])
        os.replace(new_file, path)
        _fsync_folder(path.parent)
    except (UserError, OSError) as exc:
        for leftover in (new_file, *side_files(new_file)):
            leftover.unlink(missing_ok=True)
        message = exc.message if isinstance(exc, UserError) else str(exc)
        again = Database.open(path, backups_dir=backups_root, key=old_key)
        return PasswordChange(again, f"{message}数据库保持原样。", backup)
    reopened = Database.open(path, backups_dir=backups_root, key=new_password)
    plain = 0
    if new_password is not None:
        folder = BackupService(reopened, backups_root).backups_dir
        plain = sum(
            not file_is_encrypted(b.path) for b in list_backups(folder, with_contents=False)
        )
    return PasswordChange(reopened, None, backup, plain)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def export_database(
    source: Path,
    source_key: str | None,
    destination: Path,
    destination_key: str | None,
    *,
    application_id: int,
) -> dict[str, int]:
    """Write ``source``'s contents to the new file ``destination``, encrypted
    with ``destination_key`` (plain when None), through ``sqlcipher_export``.
    Before returning, the new file passes integrity_check and holds as many
    records in every table as the source. Returns those counts. Raises
    DatabaseRefused (WrongPassword for a wrong ``source_key``); then
    ``destination`` does not exist."""
    module = cipher_module()
    if destination.exists():
        raise DatabaseRefused(f"「{destination}」已存在，无法写入加密后的文件。")
    fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        src = module.connect(str(source), isolation_level=None)
        try:
            src.execute("PRAGMA cipher_log_level = NONE")
            if source_key is not None:
                src.execute(f"PRAGMA key = {quote_key(source_key)}")
            check_key(src)
            user_version = src.execute("PRAGMA user_version").fetchone()[0]
            # The caller has closed the database and checked no other program
            # has it open: nothing changes it while it is exported and counted.
            expected = table_counts(src)
            src.execute(
                f"ATTACH DATABASE ? AS exported KEY {quote_key(destination_key or '')}",
                (str(destination),),
            )
            src.execute("SELECT sqlcipher_export('exported')")
            src.execute(f"PRAGMA exported.application_id = {int(application_id)}")
            src.execute(f"PRAGMA exported.user_version = {int(user_version)}")
            src.execute("DETACH DATABASE exported")
        finally:
            src.close()
        _fsync(destination)
        problem = _verify(destination, destination_key, expected, application_id)
        if problem:
            raise DatabaseRefused(problem)
    except DB_ERRORS as exc:
        _remove(destination)
        raise DatabaseRefused(f"无法写入新的数据库文件：{describe_sqlite_error(exc)}") from exc
    except BaseException:
        _remove(destination)
        raise
    return expected


def _verify(path: Path, key: str | None, expected: dict[str, int], application_id: int):
    conn = connect(path, key=key)
    try:
        check_key(conn)
        if [r[0] for r in conn.execute("PRAGMA integrity_check(5)")] != ["ok"]:
            return "新的数据库文件没有通过完整性检查，原文件保持不变。"
        if conn.execute("PRAGMA application_id").fetchone()[0] != application_id:
            return "新的数据库文件缺少程序标识，原文件保持不变。"
        if table_counts(conn) != expected:
            return "新的数据库文件记录数与原文件不一致，原文件保持不变。"
    finally:
        conn.close()
    return None


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass
