"""Child side of the kill harness (tests/e2e/test_kill_safety.py). POSIX only.

Started once as a "zygote": it imports the app, then for every ``go ROUND``
line on stdin forks a worker that opens the database and saves real records
through PeopleService in a loop, reporting each one on stdout only after the
commit has returned. The parent SIGKILLs the worker at a random moment; the
zygote reaps it and reports ``DEAD``. Forking from a warm process keeps each
round to milliseconds instead of a second of interpreter start and imports.

Lines on stdout (each written with one os.write, so lines never interleave):
  PID <round> <pid>        the worker was forked
  OPENED <round>           the worker opened the database
  BEGIN <round> unit       the worker starts writing its unit
  UNIT <round> <id>        a unit was committed
  BEGIN <round> <i>        the worker starts writing person number i
  SAVED <round> <i> <id>   person number i of the round was committed

A BEGIN without its UNIT or SAVED before DEAD: the kill landed mid-write (the
record may or may not have been committed, but never half of it).
  DEAD <round>             the worker is gone (everything it wrote is above)
  ERROR <round> <text>     the worker failed by itself (a bug)
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from app.domain.enums import Gender, PoliticalStatus, UnitKind  # noqa: E402
from app.domain.search_keys import pinyin_initials  # noqa: E402
from app.domain.validation import PersonInput, UnitInput  # noqa: E402
from app.persistence.database import Database  # noqa: E402
from app.services.people import PeopleService  # noqa: E402

SURNAMES = "张王李赵刘陈杨黄周吴"
GIVEN = "伟芳娜敏静丽强磊军洋"
STATUSES = list(PoliticalStatus)


def unit_name(round_no: int) -> str:
    return f"第{round_no}网格"


def person_values(round_no: int, i: int, unit_id: int | None) -> PersonInput:
    """What the worker saves as person ``i`` of a round: the parent recomputes it."""
    status = STATUSES[(round_no + i) % len(STATUSES)]
    birth = dt.date(1960 + (i % 40), 1 + (round_no % 12), 1 + (i % 28))
    joined = birth.replace(year=birth.year + 25) if status.is_party_member else None
    return PersonInput(
        name=SURNAMES[round_no % 10] + GIVEN[i % 10] + GIVEN[(i // 10) % 10],
        employee_no=f"K{round_no:04d}-{i:05d}",
        gender=Gender.FEMALE if i % 2 else Gender.MALE,
        birth_date=birth,
        unit_id=unit_id,
        position=f"岗位{i % 7}",
        political_status=status,
        party_join_date=joined,
        phone=f"139{round_no % 10000:04d}{i % 10000:04d}",
        tags=["网格长", f"标签{i % 3}"] if i % 4 == 0 else [],
        note=f"第 {round_no} 轮第 {i} 条记录。" * (1 + i % 5),
    )


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode("utf-8"))


def _work(db_path: str, round_no: int) -> None:
    db = Database.open(db_path, backups_dir=Path(db_path).parent / "backups")
    people = PeopleService(db)
    _say(f"OPENED {round_no}")
    _say(f"BEGIN {round_no} unit")
    unit_id = people.add_unit(UnitInput(unit_name(round_no), UnitKind.GRID))
    _say(f"UNIT {round_no} {unit_id}")
    i = 0
    while True:
        _say(f"BEGIN {round_no} {i}")
        person_id = people.add_person(person_values(round_no, i, unit_id))
        _say(f"SAVED {round_no} {i} {person_id}")
        i += 1


def main() -> None:
    db_path = sys.argv[1]
    pinyin_initials("张伟")  # load the dictionary once, before any fork
    _say("READY")
    for line in sys.stdin:
        command = line.split()
        if not command or command[0] != "go":
            break
        round_no = int(command[1])
        pid = os.fork()
        if pid == 0:
            try:
                _work(db_path, round_no)
            except BaseException:  # noqa: BLE001 - report, never return into the zygote
                text = traceback.format_exc().replace("\n", " | ")
                _say(f"ERROR {round_no} {text}")
            finally:
                os._exit(1)
        _say(f"PID {round_no} {pid}")
        os.waitpid(pid, 0)
        _say(f"DEAD {round_no}")


if __name__ == "__main__":
    main()
