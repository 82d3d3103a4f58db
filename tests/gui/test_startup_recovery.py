"""At start, a damaged or foreign database file: the dialog explains it and
offers the newest good backup (date and counts), another backup, a new empty
database, or quit; the file is set aside untouched, with its -wal/-shm. Every
damage case of tests/damaged_files.py, answered through the scripted prompts,
then the window shows what was restored."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.bootstrap import open_services, recovery_for
from app.domain.validation import PersonInput
from app.persistence.backups import BackupService
from app.persistence.database import Database
from app.services.people import PeopleService
from app.ui.application import open_or_recover, run_application
from app.ui.main_window import MainWindow
from app.ui.startup_recovery import recovery_actions
from damaged_files import (
    BACKED_UP_PEOPLE,
    DAMAGES,
    make_backed_up_ledger,
    people_in,
    set_aside_files,
    snapshot,
)

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL")), reason="SQLite files only"
)

LATEST, OTHER, EMPTY = recovery_actions()


@pytest.fixture
def ledger(tmp_path, app_paths):
    path = tmp_path / "台账.sqlite3"
    backup = make_backed_up_ledger(path, app_paths.backups_dir)
    return path, backup


def start(path: Path, prompts):
    return open_or_recover(str(path), prompts, open_services, recovery_for=recovery_for)


def show(qtbot, services, prompts) -> MainWindow:
    window = MainWindow(services, prompts)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_every_damage_is_detected_and_the_newest_backup_restored(
    damage, app, qtbot, prompts, ledger
):
    path, backup = ledger
    DAMAGES[damage](path)
    before = snapshot(path)
    prompts.choice_answers.append(LATEST)

    services = start(path, prompts)

    # Random bytes cannot be told from an encrypted ledger without its password:
    # the password is asked for first, and 取消 leads to the same way back.
    asked = [text for kind, _t, text in prompts.shown if kind == "password"]
    assert len(asked) == (1 if damage == "random_bytes" else 0)
    kind, title, text = prompts.shown[len(asked)]
    assert (kind, title) == ("choose", "数据库文件无法使用")
    assert (
        f"最新的完好备份：{backup_time(backup)} 手动备份（0 个单位，{BACKED_UP_PEOPLE} 人）" in text
    )
    assert prompts.offered[0] == [LATEST, OTHER, EMPTY]
    assert services is not None
    window = show(qtbot, services, prompts)
    assert services.people.count_people() == BACKED_UP_PEOPLE
    assert f"{BACKED_UP_PEOPLE}" in window.counts_label.text()
    [kept] = set_aside_files(path)
    assert snapshot(kept) == before  # untouched, with its -wal/-shm
    [done] = prompts.texts("info")
    assert "已恢复" in done and str(kept) in done
    window.close()
    services.close()


def backup_time(backup: Path) -> str:
    stamp = backup.name.split("-")[2:4]  # branch-ledger-YYYYmmdd-HHMMSS-…
    day, time = stamp
    return f"{day[:4]}-{day[4:6]}-{day[6:]} {time[:2]}:{time[2:4]}"


def test_another_backup_can_be_chosen_from_the_list(app, qtbot, prompts, ledger, app_paths):
    path, first = ledger
    db = Database.open(path, backups_dir=app_paths.backups_dir)
    PeopleService(db).add_person(PersonInput(name="后来的人"))
    second = BackupService(db, app_paths.backups_dir).create("manual", rotate=False)
    db.close()
    DAMAGES["garbage_pages"](path)
    prompts.choice_answers.append(OTHER)
    # the list offers both backups, newest first; the user picks the older one
    prompts.backup_answers.append(lambda backups: backups[-1])

    services = start(path, prompts)

    assert [b.path for b in prompts.backups_offered[0]] == [second, first]
    assert services.people.count_people() == BACKED_UP_PEOPLE
    services.close()


def test_cancelling_the_list_asks_again_and_quit_leaves_the_file_in_place(app, prompts, ledger):
    path, _backup = ledger
    DAMAGES["random_bytes"](path)
    before = snapshot(path)
    prompts.choice_answers.extend([OTHER, None])  # 选择其他备份… → 取消, then 关闭
    prompts.backup_answers.append(None)

    assert start(path, prompts) is None

    # the password first: random bytes may be an encrypted ledger (取消 here)
    assert [k for k, _t, _x in prompts.shown] == ["password", "choose", "choose_backup", "choose"]
    assert snapshot(path) == before and set_aside_files(path) == []  # quit: nothing moved


def test_a_new_empty_database_sets_the_file_aside(app, qtbot, prompts, ledger):
    path, _backup = ledger
    DAMAGES["foreign_sqlite"](path)
    before = snapshot(path)
    prompts.choice_answers.append(EMPTY)

    services = start(path, prompts)

    assert services.people.count_people() == 0
    [kept] = set_aside_files(path)
    assert snapshot(kept) == before
    services.close()


def test_without_a_backup_only_a_new_database_or_quit_is_offered(app, prompts, tmp_path):
    path = tmp_path / "新.sqlite3"
    path.write_bytes(b"")
    assert start(path, prompts) is None
    [(kind, _title, text)] = prompts.shown
    assert kind == "choose" and "没有找到这个数据库的完好备份" in text
    assert prompts.offered[0] == [EMPTY]


def test_run_application_quits_with_one_when_the_user_closes_the_dialog(app, prompts, ledger):
    path, _backup = ledger
    DAMAGES["zero_bytes"](path)
    code = run_application(
        str(path),
        smoke=False,
        open_services=open_services,
        prompts=prompts,
        recovery_for=recovery_for,
    )
    assert code == 1
    assert prompts.shown[0][0] == "choose"
    assert path.read_bytes() == b""


def test_a_newer_versions_file_is_refused_not_set_aside(app, prompts, ledger, monkeypatch):
    path, _backup = ledger
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    assert start(path, prompts) is None
    [(kind, _title, text)] = prompts.shown
    assert kind == "error" and "更新版本" in text
    assert set_aside_files(path) == [] and people_in(path) == BACKED_UP_PEOPLE
