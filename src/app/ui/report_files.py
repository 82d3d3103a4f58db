"""Where reports are written before the user decides what to do with them.

A report is generated into a folder of its own under one temporary folder per
session (the file keeps its readable name, which a PDF viewer shows); the
preview then saves a copy where the user chooses, prints it or opens it. The
folder goes when the window closes, or at the latest when the process exits;
folders left behind by a crash are removed the next time one is made.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import time
from pathlib import Path

PREFIX = "branch-ledger-reports-"
# A folder of a session that ended without cleaning up (a crash): gone after this.
STALE_SECONDS = 2 * 24 * 3600


class ReportFiles:
    def __init__(self, base: Path | None = None) -> None:
        self._base = Path(base) if base is not None else Path(tempfile.gettempdir())
        self._folder: Path | None = None
        self._count = 0

    @property
    def folder(self) -> Path | None:
        """The session's folder, None until the first report is written."""
        return self._folder

    def new_path(self, name: str) -> Path:
        """A path named ``name`` that no other report of this session uses."""
        if self._folder is None or not self._folder.is_dir():
            _remove_stale(self._base)
            self._folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=self._base))
            atexit.register(shutil.rmtree, self._folder, True)
        self._count += 1
        own = self._folder / str(self._count)
        own.mkdir()
        return own / Path(name).name

    def remove(self) -> None:
        """Delete every file written (a file still open elsewhere may stay)."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def _remove_stale(base: Path) -> None:
    now = time.time()
    try:
        candidates = list(base.glob(PREFIX + "*"))
    except OSError:
        return
    for folder in candidates:
        try:
            if folder.is_dir() and now - folder.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue
