"""Every way the file at a ledger's place can be unusable, made for real:
a sound ledger with a verified backup in its own folder, then the file damaged
in place as a failing disk, a careless copy or another program would leave it.

Used by the CLI (tests/unit) and the window (tests/gui) recovery tests.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from app.domain.validation import PersonInput
from app.persistence.backups import BackupService
from app.persistence.database import Database
from app.persistence.engine import SQLITE_APPLICATION_ID
from app.services.people import PeopleService

BACKED_UP_PEOPLE = 40  # in the backup (and in the file before the damage)


def make_backed_up_ledger(path: Path, backups_root: Path, people: int = BACKED_UP_PEOPLE) -> Path:
    """A ledger at ``path`` with ``people`` people and one manual backup of it
    (in its own folder under ``backups_root``); returns the backup."""
    db = Database.open(path, backups_dir=backups_root)
    try:
        service = PeopleService(db)
        for i in range(people):
            service.add_person(
                PersonInput(name=f"人员{i}", employee_no=f"E{i:05d}", note="备注" * 20)
            )
        backup = BackupService(db, backups_root).create("manual")
    finally:
        db.close()
    assert backup is not None
    return backup


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def garbage_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = b"\x5a" * 100
    path.write_bytes(bytes(data))


def garbage_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    middle = len(data) // page_size // 2
    start = (middle - 1) * page_size
    data[start : start + 3 * page_size] = b"\xa5" * (3 * page_size)
    path.write_bytes(bytes(data))


def foreign_sqlite(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('another program')")
    conn.commit()
    conn.close()


def our_id_foreign_tables(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id={SQLITE_APPLICATION_ID}")
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()


def a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "something.txt").write_text("不是数据库", encoding="utf-8")


def lost_wal(path: Path) -> None:
    """More people written while another connection holds the file open (as the
    window does), then the program dies and the -wal is lost: the .sqlite3 and
    its -shm are copied, the -wal is not."""
    elsewhere = path.with_name("live-" + path.name)
    shutil.copy(path, elsewhere)
    holder = sqlite3.connect(elsewhere)
    holder.execute("SELECT count(*) FROM people").fetchone()  # keeps the WAL alive
    db = Database.open(elsewhere, backups_dir=path.parent / "unused-backups")
    service = PeopleService(db)
    for i in range(20):
        service.add_person(PersonInput(name=f"新人{i}", employee_no=f"N{i:05d}"))
    # copied while open: what a killed program and a lost -wal leave
    shutil.copy(elsewhere, path)
    shutil.copy(f"{elsewhere}-shm", f"{path}-shm")
    db.engine.dispose()  # not close(): no checkpoint, as after a crash
    holder.close()


DAMAGES: dict[str, Callable[[Path], None]] = {
    "zero_bytes": zero_bytes,
    "random_bytes": random_bytes,
    "truncated": truncated,
    "garbage_header": garbage_header,
    "garbage_pages": garbage_pages,
    "foreign_sqlite": foreign_sqlite,
    "our_id_foreign_tables": our_id_foreign_tables,
    "a_folder": a_folder,
    "lost_wal": lost_wal,
}


def snapshot(path: Path) -> dict[str, bytes | None]:
    """What a damaged file (and its -wal/-shm) holds, to prove it is kept untouched."""
    found: dict[str, bytes | None] = {}
    for suffix in ("", "-wal", "-shm"):
        item = Path(f"{path}{suffix}")
        if item.is_dir():
            found[suffix] = b"<folder>" + (item / "something.txt").read_bytes()
        elif item.exists():
            found[suffix] = item.read_bytes()
    return found


def set_aside_files(path: Path) -> list[Path]:
    """The ``<name>.damaged-<time>`` files beside ``path`` (without -wal/-shm)."""
    return sorted(
        p
        for p in path.parent.iterdir()
        if p.name.startswith(path.name + ".damaged-") and not p.name.endswith(("-wal", "-shm"))
    )


def people_in(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM people").fetchone()[0]
    finally:
        conn.close()
