"""Composition root: paths, database, the areas' services; the window when asked for."""

from __future__ import annotations

import logging
from pathlib import Path

from app.areas import AREAS
from app.paths import AppPaths
from app.persistence.database import Database
from app.services.registry import Services


def open_services(
    db_arg: str | None,
    paths: AppPaths | None = None,
    *,
    auto_backup: bool = True,
    read_only_reason: str | None = None,
) -> Services:
    """Open (create, migrate) the database named on the command line or the default.

    With ``auto_backup`` a backup is made when the newest is more than a day old
    (one folder listing when not due). A failed automatic backup does not stop
    the start; it is logged. ``read_only_reason`` opens the database read-only
    and says why (another window has it).
    """
    paths = paths or AppPaths.from_environment()
    paths.ensure()
    target = db_arg or str(paths.default_database)
    db = Database.open(target, backups_dir=paths.backups_dir, read_only_reason=read_only_reason)
    services = Services.build(db, paths, AREAS)
    if auto_backup:
        _auto_backup(services)
    return services


def _auto_backup(services: Services) -> None:
    from app.domain.errors import UserError

    try:
        services.backups.auto_backup_if_due()
    except (UserError, OSError) as exc:
        message = exc.message if isinstance(exc, UserError) else str(exc)
        logging.getLogger(__name__).warning("自动备份失败：%s", message)


def run_gui(db_arg: str | None, *, smoke: bool = False, smoke_pdf: Path | None = None) -> int:
    """Start the Qt application. Imports Qt only here; the window is handed the
    way to open the database, so the UI never imports this module."""
    from app.ui.application import run_application

    return run_application(db_arg, smoke=smoke, open_services=open_services, smoke_pdf=smoke_pdf)
