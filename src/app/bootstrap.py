"""Composition root: paths, database, the areas' services; the window when asked for."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.paths import AppPaths

if TYPE_CHECKING:
    from app.services.registry import Services


def open_services(
    db_arg: str | None,
    paths: AppPaths | None = None,
    *,
    auto_backup: bool = True,
    read_only_reason: str | None = None,
    password: str | None = None,
) -> Services:
    """Open (create, migrate) the database named on the command line or the default.

    With ``auto_backup`` a backup is made when the newest is more than a day old
    (one folder listing when not due). A failed automatic backup does not stop
    the start; it is logged. ``read_only_reason`` opens the database read-only
    and says why (another window has it). ``password``: of an encrypted file
    (PasswordNeeded without it, WrongPassword for a wrong one).
    """
    # The database layer loads here, not at start: the window paints first.
    from app.areas import AREAS
    from app.persistence.database import Database
    from app.services.registry import Services

    paths = paths or AppPaths.from_environment()
    paths.ensure()
    target = database_target(db_arg, paths)
    db = Database.open(
        target,
        backups_dir=paths.backups_dir,
        read_only_reason=read_only_reason,
        key=password,
    )
    services = Services.build(db, paths, AREAS)
    if not db.read_only:
        _claim_shared_backups(services)
    if auto_backup:
        _auto_backup(services)
    return services


def database_target(db_arg: str | None, paths: AppPaths | None = None) -> str:
    """The ``--db`` argument, or the default database file."""
    paths = paths or AppPaths.from_environment()
    return db_arg or str(paths.default_database)


def recovery_for(db_arg: str | None, problem: str, paths: AppPaths | None = None):
    """A Recovery for the damaged file named on the command line (or the
    default one); None for a database on a server, which has its own tools."""
    from app.persistence.recovery import Recovery

    paths = paths or AppPaths.from_environment()
    target = database_target(db_arg, paths)
    if "://" in target:
        return None
    return Recovery(Path(target).expanduser().resolve(), paths.backups_dir, problem)


def _log(name: str):
    import logging

    return logging.getLogger(name)


def _claim_shared_backups(services: Services) -> None:
    try:
        moved = services.backups.claim_shared_backups()
    except OSError as exc:
        _log(__name__).warning("整理旧备份失败：%s", exc)
        return
    if moved:
        _log(__name__).info("已把 %d 个旧备份移入本数据库的备份文件夹", len(moved))


def _auto_backup(services: Services) -> None:
    from app.domain.errors import UserError

    try:
        services.backups.auto_backup_if_due()
    except (UserError, OSError) as exc:
        message = exc.message if isinstance(exc, UserError) else str(exc)
        _log(__name__).warning("自动备份失败：%s", message)


def run_gui(
    db_arg: str | None,
    *,
    smoke: bool = False,
    smoke_pdf: Path | None = None,
    smoke_until: str = "rows",
) -> int:
    """Start the Qt application. Imports Qt only here; the window is handed the
    way to open the database, so the UI never imports this module."""
    from app.ui.application import run_application

    return run_application(
        db_arg,
        smoke=smoke,
        open_services=open_services,
        smoke_pdf=smoke_pdf,
        smoke_until=smoke_until,
        recovery_for=recovery_for,
    )
