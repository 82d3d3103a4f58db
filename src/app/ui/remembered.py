"""What the window shows before the database is open, remembered from the
last time it was: the 支部名称 of each database, in ``view-state.ini`` in the
config folder (see ``view_state``), keyed by what identifies the database
(``single_instance.instance_key``). A first paint reads it instead of the
database, which is opened only after that paint (issue 13)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from app.ui.start_digest import sha1_hex

FILE_NAME = "view-state.ini"  # the same file as the tables' widths (view_state)


class RememberedBranch:
    """The branch name last shown for one database."""

    def __init__(self, config_dir: Path, database_key: str) -> None:
        self.path = Path(config_dir) / FILE_NAME
        digest = sha1_hex(database_key, 16)
        self.key = f"databases/{digest}/branch_name"

    def name(self) -> str:
        """The remembered name; "" when none (first start, or never set)."""
        if not self.path.is_file():
            return ""
        value = QSettings(str(self.path), QSettings.Format.IniFormat).value(self.key, "")
        return str(value or "")

    def keep(self, name: str) -> None:
        """Remember ``name`` (only written when it changed)."""
        if name == self.name():
            return
        if not self.path.parent.is_dir():
            return  # no config folder (never created here): nothing to keep it in
        settings = QSettings(str(self.path), QSettings.Format.IniFormat)
        settings.setValue(self.key, name)
        settings.sync()
