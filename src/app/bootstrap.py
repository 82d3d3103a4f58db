"""Composition root: paths, database, services; the window when asked for."""

from __future__ import annotations

from app.paths import AppPaths
from app.persistence.database import Database
from app.services.registry import Services


def open_services(db_arg: str | None, paths: AppPaths | None = None) -> Services:
    """Open (create, migrate) the database named on the command line or the default."""
    paths = paths or AppPaths.from_environment()
    paths.ensure()
    target = db_arg or str(paths.default_database)
    db = Database.open(target, backups_dir=paths.backups_dir)
    return Services.build(db, paths)


def run_gui(db_arg: str | None, *, smoke: bool = False) -> int:
    """Start the Qt application. Imports Qt only here."""
    from app.ui.application import run_application

    return run_application(db_arg, smoke=smoke)
