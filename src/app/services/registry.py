"""All services of one open database, built once by the composition root.

The services come from the areas' descriptors (``app.areas.AREAS``, passed in
by the composition root): this module names no area. An area's services are
reached as attributes, ``services.people``, ``services.pairing`` ...
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.area import Area
from app.paths import AppPaths
from app.persistence.backups import BackupService
from app.persistence.database import Database
from app.persistence.database_password import PasswordChange, change_password
from app.services.audit_log import AuditLogService
from app.services.dependents import DependentChecks
from app.services.settings import SettingsService


class Services:
    def __init__(self, db: Database, paths: AppPaths, areas: Sequence[Area]) -> None:
        self.db = db
        self.paths = paths
        self.areas: tuple[Area, ...] = tuple(areas)
        self.backups = BackupService(db, paths.backups_dir) if paths is not None else None
        self.settings = SettingsService(db)
        self.audit_log = AuditLogService(db)
        self.dependents = DependentChecks()
        self._by_name: dict[str, object] = {}

    @classmethod
    def build(cls, db: Database, paths: AppPaths, areas: Sequence[Area]) -> Services:
        """Every area's services, in the order of ``areas`` (a later area's
        factory may use an earlier one's services), and their delete checks."""
        services = cls(db, paths, areas)
        for area in services.areas:
            for name, service in area.services(services).items():
                if name in services._by_name or name in vars(services):
                    raise ValueError(f"two areas define the service {name!r}")
                services._by_name[name] = service
            for entity, check in area.dependents().items():
                services.dependents.register(entity, check)
        return services

    def __getattr__(self, name: str) -> Any:
        # Only called for names that are not ordinary attributes: the areas' services.
        by_name = self.__dict__.get("_by_name", {})
        if name in by_name:
            return by_name[name]
        raise AttributeError(f"no service named {name!r}")

    def sheet_handlers(self) -> list[type]:
        """Every sheet of the exchange workbook, in import and export order."""
        return [sheet for area in self.areas for sheet in area.sheets()]

    def reopen(self) -> Services:
        """The same SQLite file opened anew (after a restore replaced it)."""
        target = self.database_file
        if target is None:
            raise ValueError("only a database file can be reopened")
        db = Database.open(str(target), backups_dir=self.paths.backups_dir, key=self.db.key)
        return Services.build(db, self.paths, self.areas)

    def change_password(self, new_password: str | None) -> tuple[Services, PasswordChange]:
        """Set, change (a str) or remove (None) the database file's password
        (see persistence.database_password). These services are closed by the
        call: use the returned ones, open whether it worked (``problem`` None)
        or not."""
        result = change_password(self.db, new_password, self.backups)
        return Services.build(result.database, self.paths, self.areas), result

    @property
    def encrypted(self) -> bool:
        """The database file is encrypted with a password."""
        return self.db.key is not None

    # What the window and the command line may know of the database itself;
    # they ask these instead of reaching into ``db``.
    @property
    def database_name(self) -> str:
        """The file path, or the server URL without its password."""
        return self.db.display_name

    @property
    def database_file(self) -> Path | None:
        """The SQLite file, or None for a database on a server."""
        return self.db.sqlite_file

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    @property
    def read_only_reason(self) -> str | None:
        """Why the database opened read-only (a read-only file, another window), if known."""
        return self.db.read_only_reason

    def close(self) -> None:
        self.db.close()
