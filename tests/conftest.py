"""Shared fixtures. Every test gets its own data folder: nothing touches the
real user data folder. Set BRANCH_LEDGER_TEST_DB_URL (e.g. a postgresql:// URL
of an empty database) to run the database tests against another server."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import MetaData, create_engine  # noqa: E402

from app.areas import AREAS
from app.paths import HOME_ENV, AppPaths  # noqa: E402
from app.persistence.database import Database  # noqa: E402
from app.services.registry import Services  # noqa: E402

TEST_DB_URL_ENV = "BRANCH_LEDGER_TEST_DB_URL"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Point the app's data, backup and config folders at a temporary folder."""
    home = tmp_path / "home"
    monkeypatch.setenv(HOME_ENV, str(home))
    return home


@pytest.fixture
def app_paths(isolated_home) -> AppPaths:
    paths = AppPaths.under(isolated_home)
    paths.ensure()
    return paths


def _wipe(url: str) -> None:
    engine = create_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        meta.drop_all(engine)
    finally:
        engine.dispose()


@pytest.fixture
def db_target(app_paths) -> str:
    """A database location: a new SQLite file, or the external test URL wiped clean."""
    url = os.environ.get(TEST_DB_URL_ENV)
    if url:
        _wipe(url)
        return url
    return str(app_paths.data_dir / "test.sqlite3")


@pytest.fixture
def db(db_target, app_paths):
    database = Database.open(db_target, backups_dir=app_paths.backups_dir)
    yield database
    database.close()


@pytest.fixture
def services(db, app_paths) -> Services:
    return Services.build(db, app_paths, AREAS)
