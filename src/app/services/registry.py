"""All services of one open database, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.paths import AppPaths
from app.persistence.backups import BackupService
from app.persistence.database import Database
from app.services.pairing import PairingService
from app.services.pairing_stats import PairingStatsService
from app.services.people import PeopleService


@dataclass
class Services:
    db: Database
    paths: AppPaths
    backups: BackupService
    people: PeopleService
    pairing: PairingService
    pairing_stats: PairingStatsService

    @classmethod
    def build(cls, db: Database, paths: AppPaths) -> Services:
        people = PeopleService(db)
        return cls(
            db=db,
            paths=paths,
            backups=BackupService(db, paths.backups_dir),
            people=people,
            pairing=PairingService(db, people),
            pairing_stats=PairingStatsService(db),
        )

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

    def close(self) -> None:
        self.db.close()
