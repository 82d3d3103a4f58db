"""Where data, backups and settings live. Every path is injectable: tests and
benchmarks set BRANCH_LEDGER_HOME so nothing touches the real user folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app import APP_ID

HOME_ENV = "BRANCH_LEDGER_HOME"
DATABASE_FILE_NAME = "branch-ledger.sqlite3"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    backups_dir: Path
    config_dir: Path

    @property
    def default_database(self) -> Path:
        return self.data_dir / DATABASE_FILE_NAME

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        return cls(root / "data", root / "backups", root / "config")

    @classmethod
    def from_environment(cls) -> AppPaths:
        override = os.environ.get(HOME_ENV)
        if override:
            return cls.under(Path(override))
        import platformdirs

        data = Path(platformdirs.user_data_dir(APP_ID, appauthor=False, roaming=True))
        config = Path(platformdirs.user_config_dir(APP_ID, appauthor=False, roaming=True))
        return cls(data, data / "backups", config)

    def ensure(self) -> None:
        """Create the folders that are missing, private (0700 on POSIX). A
        folder that exists keeps the permissions its owner gave it."""
        for folder in (self.data_dir, self.backups_dir, self.config_dir):
            if folder.is_dir():
                continue
            folder.mkdir(parents=True, exist_ok=True)
            if os.name == "posix":
                try:
                    os.chmod(folder, 0o700)
                except OSError:
                    pass


def publish_file(temporary: str | Path, path: Path) -> None:
    """Rename a finished temporary file (from ``tempfile.mkstemp``, mode 0600)
    onto ``path`` with the mode a file the user saves normally gets (0666 less
    the umask), so a saved report or workbook can be shared like any other."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(temporary, 0o666 & ~mask)
    os.replace(temporary, path)
