"""One window per database (issue 12, point 5): a second start on the same
database brings the first window forward and exits; when the first cannot be
reached, the second opens read-only with a notice."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.bootstrap import open_services
from app.ui.main_window import MainWindow
from app.ui.single_instance import Claim, InstanceGuard, instance_key

ROOT = Path(__file__).resolve().parents[2]

sqlite_file_only = pytest.mark.skipif(
    bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL")),
    reason="starts the app on a SQLite file of its own",
)


def test_a_second_start_on_the_same_database_asks_the_first_to_show_itself(app, qtbot, tmp_path):
    key = instance_key(str(tmp_path / "台账.sqlite3"), tmp_path / "default.sqlite3")
    first = InstanceGuard(key, tmp_path)
    second = InstanceGuard(key, tmp_path)
    try:
        assert first.claim() is Claim.FIRST
        with qtbot.waitSignal(first.activated, timeout=10_000):
            assert second.claim() is Claim.FORWARDED
    finally:
        second.release()
        first.release()
    third = InstanceGuard(key, tmp_path)
    try:
        assert third.claim() is Claim.FIRST  # the first has closed: the database is free
    finally:
        third.release()


def test_two_databases_do_not_meet(app, tmp_path):
    default = tmp_path / "default.sqlite3"
    one = InstanceGuard(instance_key(str(tmp_path / "甲.sqlite3"), default), tmp_path)
    two = InstanceGuard(instance_key(str(tmp_path / "乙.sqlite3"), default), tmp_path)
    try:
        assert one.claim() is Claim.FIRST and two.claim() is Claim.FIRST
    finally:
        one.release()
        two.release()
    # the same file named two ways is one database; no --db is the default file
    assert instance_key(str(tmp_path / "x" / ".." / "甲.sqlite3"), default) == instance_key(
        str(tmp_path / "甲.sqlite3"), default
    )
    assert instance_key(None, default) == instance_key(str(default), default)


@sqlite_file_only
def test_when_the_first_cannot_be_reached_the_second_opens_read_only_with_a_notice(
    app, qtbot, tmp_path, app_paths, prompts
):
    path = tmp_path / "台账.sqlite3"
    open_services(str(path), app_paths).close()
    key = instance_key(str(path), app_paths.default_database)
    hung = InstanceGuard(key, tmp_path)
    assert hung._take_lock()  # holds the database but never answers
    later = InstanceGuard(key, tmp_path)
    try:
        assert later.claim() is Claim.UNREACHABLE
        services = open_services(
            str(path), app_paths, read_only_reason="另一个支部台账窗口正在使用这个数据库"
        )
        window = MainWindow(services, prompts)
        qtbot.addWidget(window)
        window.show()
        assert window.read_only_banner.isVisible()
        assert "另一个支部台账窗口正在使用这个数据库" in window.read_only_banner.text()
        services.close()
    finally:
        later.release()
        hung.release()


def _main(home: Path, *args: str, **popen) -> subprocess.Popen:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        BRANCH_LEDGER_HOME=str(home),
        PYTHONIOENCODING="utf-8",
    )
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        **popen,
    )


@sqlite_file_only
@pytest.mark.skipif(sys.platform == "win32", reason="watches the Unix socket appear")
def test_starting_the_app_twice_on_one_file_opens_one_window(tmp_path):
    db = tmp_path / "台账.sqlite3"
    home = tmp_path / "home"
    first = _main(home, "--db", str(db))
    try:
        socket = Path(InstanceGuard(instance_key(str(db), db)).address)
        deadline = time.monotonic() + 120
        while not socket.exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert socket.exists(), first.stderr.read() if first.poll() is not None else "no socket"
        second = _main(home, "--db", str(db), "--smoke")
        out, err = second.communicate(timeout=120)
        assert second.returncode == 0, err
        assert "已在另一个窗口中打开" in err and "Traceback" not in err
        assert first.poll() is None  # the first window is still there
    finally:
        first.terminate()
        first.communicate(timeout=60)
