"""All services of one open database, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from app.paths import AppPaths
from app.persistence.database import Database
from app.services.people import PeopleService


@dataclass
class Services:
    db: Database
    paths: AppPaths
    people: PeopleService

    @classmethod
    def build(cls, db: Database, paths: AppPaths) -> Services:
        return cls(db=db, paths=paths, people=PeopleService(db))
