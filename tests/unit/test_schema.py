"""The schema: Alembic's head is the revision the program expects, the models
match the migrations, and a migration is preceded by a verified backup."""

from __future__ import annotations

import os
import shutil
import sqlite3
import textwrap
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

import app.persistence.schema as schema
from app.domain.errors import DatabaseRefused
from app.domain.models import all_models
from app.domain.validation import PersonInput
from app.persistence.database import Database
from app.persistence.sqlite_copy import database_backups_dir, parse_backup_file_name, quick_check
from app.services.people import PeopleService

EXTERNAL_DB = bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL"))
sqlite_only = pytest.mark.skipif(EXTERNAL_DB, reason="SQLite-specific: an external DB URL is set")


def script_directory(migrations_dir: Path = schema.MIGRATIONS_DIR) -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    return ScriptDirectory.from_config(config)


def test_head_revision_is_alembics_head():
    scripts = script_directory()
    assert scripts.get_heads() == [schema.HEAD_REVISION]
    known = {rev.revision for rev in scripts.walk_revisions()}
    assert known == set(schema.KNOWN_REVISIONS)


def test_models_match_the_migrations(db):
    """Autogenerate finds nothing to add: every model change has its migration."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, all_models())
    assert diff == []


def test_new_database_is_at_head(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            schema.HEAD_REVISION
        )


# The revision a later version of the program would add after today's head.
CURRENT = schema.HEAD_REVISION
NEXT = f"{int(CURRENT) + 1:04d}"

FAKE_MIGRATION = '''
"""test only: a later revision that adds a table"""

import sqlalchemy as sa
from alembic import op

revision = "{next}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("test_extra", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("UPDATE people SET note = note || '（已迁移）'")


def downgrade() -> None:
    op.drop_table("test_extra")
'''


@pytest.fixture
def next_revision(tmp_path, monkeypatch):
    """The program as a later version: its migrations folder has one more revision."""
    migrations = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / f"{NEXT}_test_extra.py").write_text(
        textwrap.dedent(FAKE_MIGRATION.format(head=schema.HEAD_REVISION, next=NEXT)),
        encoding="utf-8",
    )
    assert script_directory(migrations).get_heads() == [NEXT]
    return migrations


def use_next_revision(monkeypatch, migrations: Path) -> None:
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", migrations)
    monkeypatch.setattr(schema, "HEAD_REVISION", NEXT)
    monkeypatch.setattr(schema, "KNOWN_REVISIONS", (*schema.KNOWN_REVISIONS, NEXT))


def revision_of(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


@sqlite_only
def test_migration_is_preceded_by_a_backup_that_opens(tmp_path, monkeypatch, next_revision):
    path = tmp_path / "ledger.db"
    backups = tmp_path / "backups"
    db = Database.open(path, backups_dir=backups)
    PeopleService(db).add_person(PersonInput(name="王芳", employee_no="A1", note="原样"))
    db.close()
    assert not backups.exists() or not list(backups.iterdir())  # no migration, no backup

    use_next_revision(monkeypatch, next_revision)
    db = Database.open(path, backups_dir=backups)
    try:
        assert revision_of(path) == NEXT
        [person] = PeopleService(db).list_people()
        assert PeopleService(db).get_person(person.id).values.note == "原样（已迁移）"
    finally:
        db.close()

    [folder] = list(backups.iterdir())  # this database's own folder
    assert folder == database_backups_dir(backups, path)
    [backup] = list(folder.iterdir())
    assert parse_backup_file_name(backup.name).reason == schema.MIGRATION_BACKUP_REASON
    assert quick_check(backup) == "ok"
    assert revision_of(backup) == CURRENT
    monkeypatch.undo()  # the backup opens with the program it was made by
    old = Database.open(backup, read_only=True)
    try:
        [person] = PeopleService(old).list_people()
        assert (person.name, person.employee_no) == ("王芳", "A1")
        assert PeopleService(old).get_person(person.id).values.note == "原样"
    finally:
        old.close()


@sqlite_only
def test_failed_backup_means_no_migration(tmp_path, monkeypatch, next_revision):
    path = tmp_path / "ledger.db"
    db = Database.open(path, backups_dir=tmp_path / "backups")
    PeopleService(db).add_person(PersonInput(name="王芳"))
    db.close()
    use_next_revision(monkeypatch, next_revision)

    def disk_full(_source, _destination, **_options):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(schema, "copy_sqlite_database", disk_full)
    with pytest.raises(DatabaseRefused, match="备份失败"):
        Database.open(path, backups_dir=tmp_path / "backups")
    assert revision_of(path) == CURRENT


@sqlite_only
def test_failed_migration_leaves_the_database_as_it_was(tmp_path, monkeypatch, next_revision):
    path = tmp_path / "ledger.db"
    db = Database.open(path, backups_dir=tmp_path / "backups")
    PeopleService(db).add_person(PersonInput(name="王芳", note="原样"))
    db.close()
    broken = next_revision / "versions" / f"{NEXT}_test_extra.py"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace(
            "def downgrade", "    op.execute('SELECT * FROM no_such_table')\n\n\ndef downgrade"
        ),
        encoding="utf-8",
    )
    use_next_revision(monkeypatch, next_revision)
    with pytest.raises(DatabaseRefused):
        Database.open(path, backups_dir=tmp_path / "backups")
    # One transaction: the table made and the notes changed before the error are gone.
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        notes = [r[0] for r in conn.execute("SELECT note FROM people")]
    finally:
        conn.close()
    assert "test_extra" not in tables
    assert notes == ["原样"]
    assert revision_of(path) == CURRENT


@sqlite_only
def test_migrating_a_0002_database_fills_the_name_sort_key(tmp_path):
    """People saved before 0003 had no full-pinyin key; the migration computes
    it, so the roster sorts them like people saved today."""
    from alembic import command
    from sqlalchemy import create_engine

    from app.domain.search_keys import name_sort_key
    from app.persistence.engine import SQLITE_APPLICATION_ID

    path = tmp_path / "0002.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS_DIR))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={SQLITE_APPLICATION_ID}")
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        for name, initials in (("赵磊", "zl"), ("张伟", "zw"), ("安娜", "an")):
            conn.exec_driver_sql(
                "INSERT INTO people (name, position, political_status, phone, tags, note,"
                " status, name_initials) VALUES (?, '', 'member', '', '', '', 'active', ?)",
                (name, initials),
            )
    engine.dispose()
    assert revision_of(path) == "0002"

    db = Database.open(path, backups_dir=tmp_path / "backups")
    try:
        assert revision_of(path) == schema.HEAD_REVISION
        rows = PeopleService(db).list_people()
    finally:
        db.close()
    assert [r.name for r in rows] == ["安娜", "张伟", "赵磊"]
    assert {r.name: r.name_sort for r in rows} == {
        name: name_sort_key(name) for name in ("安娜", "张伟", "赵磊")
    }
    assert rows[1].name_sort.startswith("zhang wei")
