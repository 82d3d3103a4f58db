"""The database may be used from the GUI's worker thread: no connection or
Session is shared between threads, and in WAL mode a read on one thread
neither waits for nor fails on another thread's open write transaction."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import select
from sqlalchemy.pool import QueuePool

from app.domain.models import Person
from app.domain.validation import PersonInput
from app.persistence.database import Database
from app.persistence.engine import make_engine, to_url
from app.services.people import PeopleService

SQLITE_FILE_ONLY = pytest.mark.skipif(
    bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL")),
    reason="the SQLite pool and WAL mode",
)
WAIT_S = 60


@SQLITE_FILE_ONLY
@pytest.mark.parametrize("read_only", [False, True])
def test_a_sqlite_file_engine_pools_connections_any_thread_may_use(tmp_path, read_only):
    url = to_url(tmp_path / "a.sqlite3")
    creating = make_engine(url)  # the file must exist for mode=ro
    with creating.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
    creating.dispose()
    engine = make_engine(url, read_only=read_only)
    try:
        assert isinstance(engine.pool, QueuePool)
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        used = []

        def other_thread() -> None:  # gets the connection the main thread returned
            with engine.connect() as conn:
                used.append(conn.exec_driver_sql("SELECT 1").scalar_one())

        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join(WAIT_S)
        assert used == [1]
    finally:
        engine.dispose()


@SQLITE_FILE_ONLY
def test_reads_go_on_while_a_worker_holds_the_write_transaction(db):
    people = PeopleService(db)
    people.add_person(PersonInput(name="张茜"))
    inside, finish = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def worker() -> None:  # like the import: one long unit of work on another thread
        try:
            with db.unit_of_work() as session:
                session.add(Person(name="李明", name_initials="lm"))
                session.flush()
                inside.set()
                finish.wait(WAIT_S)
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert inside.wait(WAIT_S)
        # The "GUI thread" reads (with its own sessions) while the worker holds
        # SQLite's write lock: committed rows only, no "database is locked".
        assert people.count_people() == 1
        with db.reading() as session:
            assert session.scalars(select(Person.name)).all() == ["张茜"]
    finally:
        finish.set()
        thread.join(WAIT_S)
    assert errors == []
    assert sorted(p.name for p in people.list_people()) == ["张茜", "李明"]


def test_each_unit_of_work_has_its_own_session(db: Database):
    sessions = {}

    def open_one(key: str) -> None:
        with db.reading() as session:
            sessions[key] = session

    thread = threading.Thread(target=open_one, args=("worker",))
    thread.start()
    thread.join(WAIT_S)
    open_one("gui")
    assert sessions["worker"] is not sessions["gui"]
