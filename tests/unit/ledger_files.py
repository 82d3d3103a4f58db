"""Real ledger files for the backup and check tests: a filled database and a
damaged copy, as a failing disk would leave it."""

from __future__ import annotations

from pathlib import Path

from app.domain.validation import PersonInput
from app.persistence.database import Database
from app.persistence.sqlite_copy import quick_check
from app.services.people import PeopleService


def make_ledger(path: Path, people: int = 2) -> None:
    """A database file at ``path`` holding ``people`` people (with long notes, so
    a few hundred span many pages)."""
    db = Database.open(path, backups_dir=path.parent / "backups")
    try:
        service = PeopleService(db)
        for i in range(people):
            service.add_person(
                PersonInput(name=f"人员{i}", employee_no=f"E{i:05d}", note="备注" * 20)
            )
    finally:
        db.close()


def corrupt_middle_pages(path: Path) -> None:
    """Overwrite three pages in the middle of the file, as a failing disk might."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    middle = len(data) // page_size // 2
    start = (middle - 1) * page_size
    data[start : start + 3 * page_size] = b"\xa5" * (3 * page_size)
    path.write_bytes(bytes(data))
    assert quick_check(path) != "ok"
