"""All services of one open database, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from app.paths import AppPaths
from app.persistence.database import Database
from app.services.pairing import PairingService
from app.services.pairing_stats import PairingStatsService
from app.services.people import PeopleService


@dataclass
class Services:
    db: Database
    paths: AppPaths
    people: PeopleService
    pairing: PairingService
    pairing_stats: PairingStatsService

    @classmethod
    def build(cls, db: Database, paths: AppPaths) -> Services:
        people = PeopleService(db)
        return cls(
            db=db,
            paths=paths,
            people=people,
            pairing=PairingService(db, people),
            pairing_stats=PairingStatsService(db),
        )
