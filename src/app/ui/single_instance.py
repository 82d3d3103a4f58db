"""One window per database: a second start brings the first window forward.

Anki does this with QLocalServer (QtNetwork). QtNetwork is left out of the
frozen build (installer/branch-ledger.spec, UNUSED_QT), and adding it back
would ship libQt6Network and its TLS plugins for one local message; Python's
own ``multiprocessing.connection`` does the same over a Unix socket (POSIX)
or a named pipe (Windows), with nothing added to the package.

Keyed by the database (its resolved file path, or its URL), so two windows
on two databases do not meet. The first start takes a lock file (held by
the OS for the life of the process, so a crash never leaves it stale) and
listens; a later start that finds the lock taken asks the first to show
itself and exits. When the first cannot be reached (it hangs, or its socket
was removed), the later one opens the database read-only with a notice.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app import APP_ID
from app.ui.start_digest import sha256_hex

if TYPE_CHECKING:
    from multiprocessing.connection import Listener

AUTH = b"branch-ledger-instance"
RAISE = "raise"
CONNECT_TRIES = 3


class Claim(Enum):
    FIRST = "first"  # this process owns the database: it listens
    FORWARDED = "forwarded"  # the first window was asked to show itself
    UNREACHABLE = "unreachable"  # another owns it but did not answer: read-only


def instance_key(db_arg: str | None, default_database: Path) -> str:
    """What identifies a database across starts: the resolved file, or the URL."""
    if db_arg and "://" in db_arg:
        return db_arg
    path = Path(db_arg).expanduser() if db_arg else default_database
    try:
        return str(path.resolve())
    except OSError:
        return str(path.absolute())


class InstanceGuard(QObject):
    """``claim()`` once at start; ``activated`` is emitted (on the GUI thread,
    queued) each time a later start asks this window to show itself."""

    activated = Signal()

    def __init__(self, key: str, folder: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        digest = sha256_hex(key, 20)
        uid = os.getuid() if hasattr(os, "getuid") else 0
        name = f"{APP_ID.lower()}-{uid}-{digest}"
        folder = folder or Path(tempfile.gettempdir())
        self.lock_path = folder / f"{name}.lock"
        if sys.platform == "win32":
            self.address = rf"\\.\pipe\{name}"
            self._family = "AF_PIPE"
        else:
            self.address = str(folder / f"{name}.sock")
            self._family = "AF_UNIX"
        self._lock_handle = None
        self._listener: Listener | None = None
        self._thread: threading.Thread | None = None
        self._closing = False

    # ----- start ------------------------------------------------------------------

    def claim(self, *, listen: bool = True) -> Claim:
        """Take the database. ``listen=False``: the first start begins to
        listen for later starts only when ``listen()`` is called (the window
        calls it after its first paint; a later start retries meanwhile)."""
        if self._take_lock():
            if listen:
                self._listen()
            return Claim.FIRST
        for _ in range(CONNECT_TRIES):
            if self._ask_first():
                return Claim.FORWARDED
            threading.Event().wait(0.3)  # the first may be starting up
        return Claim.UNREACHABLE

    def _take_lock(self) -> bool:
        handle = open(self.lock_path, "a+b")  # noqa: SIM115 - held for the process's life
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._lock_handle = handle
        return True

    def listen(self) -> None:
        """Begin answering later starts (after ``claim(listen=False)``)."""
        if self._lock_handle is not None and self._listener is None and not self._closing:
            self._listen()

    def _ask_first(self) -> bool:
        from multiprocessing.connection import Client

        try:
            with Client(self.address, family=self._family, authkey=AUTH) as conn:
                conn.send(RAISE)
                return conn.recv() == "ok"
        except (OSError, EOFError, ValueError):
            return False

    def _listen(self) -> None:
        from multiprocessing.connection import Listener

        if self._family == "AF_UNIX":
            Path(self.address).unlink(missing_ok=True)  # left by a crash: we hold the lock
        try:
            self._listener = Listener(self.address, family=self._family, authkey=AUTH)
        except OSError:
            return  # no one can be forwarded here; later starts open read-only
        self._thread = threading.Thread(target=self._serve, name="instance-guard", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        listener = self._listener
        while listener is not None and not self._closing:
            try:
                conn = listener.accept()
            except (OSError, EOFError, ValueError):
                if self._closing:
                    return
                continue
            except Exception:  # noqa: BLE001 - a bad client (wrong key) must not stop us
                continue
            try:
                if conn.recv() == RAISE:
                    conn.send("ok")
                    self.activated.emit()  # queued to the GUI thread's receivers
            except (OSError, EOFError, ValueError):
                pass
            finally:
                conn.close()

    # ----- end --------------------------------------------------------------------

    def release(self) -> None:
        self._closing = True
        listener, self._listener = self._listener, None
        if listener is not None:
            # accept() blocks: a last connection wakes the thread up to see _closing.
            from multiprocessing.connection import Client

            try:
                Client(self.address, family=self._family, authkey=AUTH).close()
            except (OSError, EOFError, ValueError):
                pass
            listener.close()
            if self._thread is not None:
                self._thread.join(timeout=5)
        if self._lock_handle is not None:
            # The lock file stays: removing it while another start has it open
            # would let two processes each lock a file of that name.
            self._lock_handle.close()
            self._lock_handle = None


def bring_forward(window) -> None:
    """Show ``window`` on top: restored if minimised, raised and activated."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
