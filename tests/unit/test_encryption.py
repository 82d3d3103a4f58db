"""Encryption at rest (issue 12, point 7): a password set, changed and removed
rewrites the file encrypted (or plain) with every record kept; an encrypted
file is asked a password for, not taken for a damaged one; its backups stay
encrypted and restore with the password; the command line reads the password
from BRANCH_LEDGER_PASSWORD and refuses a wrong one in Chinese."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.areas import AREAS
from app.cli import PASSWORD_ENV, run
from app.domain.errors import PasswordNeeded, WrongPassword
from app.domain.passwords import password_problem
from app.domain.validation import PersonInput
from app.persistence.backups import list_backups
from app.persistence.database import Database
from app.persistence.encryption import SQLITE_MAGIC, file_is_encrypted
from app.persistence.recovery import damage_of
from app.services.people import PeopleService
from app.services.registry import Services
from damaged_files import DAMAGES, set_aside_files, snapshot

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL")), reason="SQLite files only"
)

PASSWORD = "支部密码2026"


def head(path: Path) -> bytes:
    return path.read_bytes()[:16]


@pytest.fixture
def ledger(app_paths) -> Path:
    """A plain ledger with three people, closed."""
    path = app_paths.data_dir / "台账.sqlite3"
    db = Database.open(path, backups_dir=app_paths.backups_dir)
    people = PeopleService(db)
    for name in ("张伟", "李娜", "王芳"):
        people.add_person(PersonInput(name=name))
    db.close()
    return path


def names(services: Services) -> list[str]:
    return sorted(p.name for p in services.people.list_people())


def encrypt(path: Path, app_paths, password: str = PASSWORD) -> Services:
    services = Services.build(
        Database.open(path, backups_dir=app_paths.backups_dir), app_paths, AREAS
    )
    new, result = services.change_password(password)
    assert result.problem is None, result.problem
    return new


def test_setting_a_password_encrypts_the_file_and_keeps_every_record(ledger, app_paths):
    assert head(ledger) == SQLITE_MAGIC
    services = encrypt(ledger, app_paths)
    try:
        assert services.encrypted
        assert names(services) == ["张伟", "李娜", "王芳"]
        services.people.add_person(PersonInput(name="赵强"))  # still writable
    finally:
        services.close()
    assert head(ledger) != SQLITE_MAGIC
    assert b"\xe5\xbc\xa0\xe4\xbc\x9f" not in ledger.read_bytes()  # 张伟 not in clear
    assert not ledger.with_name(ledger.name + ".password-new").exists()
    with pytest.raises(PasswordNeeded):
        Database.open(ledger, backups_dir=app_paths.backups_dir)
    with pytest.raises(WrongPassword, match="数据库密码不正确"):
        Database.open(ledger, backups_dir=app_paths.backups_dir, key="不对的密码")
    db = Database.open(ledger, backups_dir=app_paths.backups_dir, key=PASSWORD)
    try:
        assert sorted(p.name for p in PeopleService(db).list_people()) == [
            "张伟",
            "李娜",
            "王芳",
            "赵强",
        ]
    finally:
        db.close()


def test_the_state_before_encryption_is_backed_up_and_counted_as_plain(ledger, app_paths):
    services = Services.build(
        Database.open(ledger, backups_dir=app_paths.backups_dir), app_paths, AREAS
    )
    new, result = services.change_password(PASSWORD)
    try:
        assert result.backup is not None and result.backup.exists()
        assert head(result.backup) == SQLITE_MAGIC  # the copy from before
        assert result.plain_backups == 1  # the user is told it is not encrypted
        [info] = new.backups.list_backups()
        assert info.reason_label == "加密前备份" and info.people == 3
    finally:
        new.close()


def test_changing_the_password(ledger, app_paths):
    services = encrypt(ledger, app_paths)
    new, result = services.change_password("新的密码abc")
    new.close()
    assert result.problem is None
    with pytest.raises(WrongPassword):
        Database.open(ledger, backups_dir=app_paths.backups_dir, key=PASSWORD)
    db = Database.open(ledger, backups_dir=app_paths.backups_dir, key="新的密码abc")
    assert len(PeopleService(db).list_people()) == 3
    db.close()
    assert head(ledger) != SQLITE_MAGIC


def test_removing_the_password_makes_the_file_plain_again(ledger, app_paths):
    services = encrypt(ledger, app_paths)
    new, result = services.change_password(None)
    try:
        assert result.problem is None
        assert not new.encrypted
        assert names(new) == ["张伟", "李娜", "王芳"]
    finally:
        new.close()
    assert head(ledger) == SQLITE_MAGIC
    db = Database.open(ledger, backups_dir=app_paths.backups_dir)  # no password needed
    db.close()


def test_a_failure_while_writing_the_new_file_changes_nothing(ledger, app_paths, monkeypatch):
    import app.persistence.database_password as module

    before = ledger.read_bytes()
    services = Services.build(
        Database.open(ledger, backups_dir=app_paths.backups_dir), app_paths, AREAS
    )

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "export_database", disk_full)
    new, result = services.change_password(PASSWORD)
    try:
        assert result.problem and "数据库保持原样" in result.problem
        assert not new.encrypted and names(new) == ["张伟", "李娜", "王芳"]
    finally:
        new.close()
    assert head(ledger) == SQLITE_MAGIC
    assert ledger.read_bytes()[:100] == before[:100]


def test_a_server_database_is_refused_in_chinese(app_paths):
    class ServerDb:
        sqlite_file = None
        read_only = False
        key = None

    from app.persistence.database_password import change_password

    result = change_password(ServerDb(), PASSWORD, backups=None)  # type: ignore[arg-type]
    assert "服务器" in (result.problem or "")


def test_an_encrypted_file_is_not_damaged_it_needs_the_password(ledger, app_paths):
    encrypt(ledger, app_paths).close()
    before = snapshot(ledger)
    with pytest.raises(PasswordNeeded, match="加密的数据库，需要输入密码"):
        Database.open(ledger, backups_dir=app_paths.backups_dir)
    assert snapshot(ledger) == before and set_aside_files(ledger) == []
    assert damage_of(ledger, PASSWORD) is None  # with the password: sound


def test_a_random_bytes_file_with_a_password_is_refused_as_wrong_password(ledger, app_paths):
    DAMAGES["random_bytes"](ledger)
    assert file_is_encrypted(ledger)  # cannot be told apart without the password
    before = snapshot(ledger)
    with pytest.raises(WrongPassword):
        Database.open(ledger, backups_dir=app_paths.backups_dir, key=PASSWORD)
    assert snapshot(ledger) == before


@pytest.mark.parametrize("damage", ["zero_bytes", "truncated", "garbage_header", "foreign_sqlite"])
def test_other_damage_is_not_taken_for_encryption(damage, ledger, app_paths):
    DAMAGES[damage](ledger)
    assert not file_is_encrypted(ledger)


def test_backups_of_an_encrypted_database_are_encrypted_and_restore(ledger, app_paths):
    services = encrypt(ledger, app_paths)
    try:
        backup = services.backups.create("manual", rotate=False)
        assert backup is not None
        assert head(backup) != SQLITE_MAGIC and file_is_encrypted(backup)
        with pytest.raises(PasswordNeeded):
            Database.open(backup, read_only=True)
        listed = {b.path: b for b in services.backups.list_backups()}
        assert listed[backup].people == 3  # read with the password
        services.people.add_person(PersonInput(name="后来的人"))
        safety = services.backups.restore(backup)
        assert file_is_encrypted(safety)
        restored = services.reopen()
    finally:
        services.close()
    try:
        assert restored.encrypted
        assert names(restored) == ["张伟", "李娜", "王芳"]
    finally:
        restored.close()
    assert head(ledger) != SQLITE_MAGIC


def test_restoring_the_backup_from_before_encryption_makes_the_file_plain(ledger, app_paths):
    services = Services.build(
        Database.open(ledger, backups_dir=app_paths.backups_dir), app_paths, AREAS
    )
    encrypted, result = services.change_password(PASSWORD)
    try:
        encrypted.backups.restore(result.backup)
        restored = encrypted.reopen()
    finally:
        encrypted.close()
    try:
        assert not restored.encrypted and names(restored) == ["张伟", "李娜", "王芳"]
    finally:
        restored.close()
    assert head(ledger) == SQLITE_MAGIC


def test_a_backup_with_an_older_password_is_refused_for_restore(ledger, app_paths):
    services = encrypt(ledger, app_paths)
    old_backup = services.backups.create("manual", rotate=False)
    services, _result = services.change_password("另一个密码123")
    try:
        from app.persistence.backups import BackupFailed

        with pytest.raises(BackupFailed, match="密码与当前数据库的密码不同"):
            services.backups.restore(old_backup)
        assert names(services) == ["张伟", "李娜", "王芳"]  # nothing changed
        info = {b.path: b for b in services.backups.list_backups()}[old_backup]
        assert "密码" in info.contents
    finally:
        services.close()


def test_rotation_and_listing_read_encrypted_backups(ledger, app_paths):
    services = encrypt(ledger, app_paths)
    try:
        for _ in range(3):
            services.backups.create("manual", rotate=False)
        assert all(b.problem is None for b in services.backups.list_backups())
        assert list_backups(services.backups.backups_dir)[0].problem  # no password: unreadable
    finally:
        services.close()


# ----- command line ----------------------------------------------------------------


def test_cli_reads_the_password_from_the_environment(ledger, app_paths, monkeypatch, capsys):
    encrypt(ledger, app_paths).close()
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    assert run(["--db", str(ledger), "check"]) == 0
    assert "检查通过" in capsys.readouterr().out
    backup = app_paths.data_dir / "副本.sqlite3"
    assert run(["--db", str(ledger), "backup", "--to", str(backup)]) == 0
    assert file_is_encrypted(backup)
    assert run(["--db", str(ledger), "restore", str(backup)]) == 0
    assert run(["--db", str(ledger), "settings"]) == 0


def test_cli_refuses_a_wrong_password_in_chinese(ledger, app_paths, monkeypatch, capsys):
    encrypt(ledger, app_paths).close()
    before = snapshot(ledger)
    monkeypatch.setenv(PASSWORD_ENV, "错误的密码")
    for command in (["settings"], ["check"], ["backup"], ["restore", "--latest"]):
        assert run(["--db", str(ledger), *command]) == 1, command
        assert "错误：数据库密码不正确" in capsys.readouterr().err
    assert snapshot(ledger) == before and set_aside_files(ledger) == []


def test_cli_without_the_password_says_the_file_is_encrypted(
    ledger, app_paths, monkeypatch, capsys
):
    encrypt(ledger, app_paths).close()
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    assert run(["--db", str(ledger), "settings"]) == 1
    err = capsys.readouterr().err
    assert "加密的数据库，需要输入密码" in err
    # both ways on: the password (terminal or variable), or a backup if it never was encrypted
    assert PASSWORD_ENV in err and "restore --latest" in err


def test_cli_asks_on_the_terminal_three_times(ledger, app_paths, monkeypatch, capsys):
    encrypt(ledger, app_paths).close()
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    typed = iter(["错1", "错2", "错3"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(typed))
    assert run(["--db", str(ledger), "settings"]) == 1
    err = capsys.readouterr().err
    assert err.count("密码不正确，请重试") == 2 and "已尝试 3 次" in err
    typed = iter(["错1", PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(typed))
    assert run(["--db", str(ledger), "settings"]) == 0


def test_a_plain_database_ignores_the_password_variable(ledger, monkeypatch, capsys):
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    assert run(["--db", str(ledger), "check"]) == 0
    assert head(ledger) == SQLITE_MAGIC


def test_password_rule():
    assert password_problem("", "") == "请输入新密码。"
    assert "至少" in password_problem("abc", "abc")
    assert password_problem("abcdef", "abcdeg") == "两次输入的密码不一致。"
    assert password_problem(PASSWORD, PASSWORD) is None
