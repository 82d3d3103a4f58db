"""The settings (支部名称, 书记 ... declared in domain/settings.py), kept in the
database's ``settings`` table so a backup carries them.

A save is one unit of work; the ORM listeners write its audit rows. The 经办人
setting, when filled in, is who the audit log names for the changes made
through this database (otherwise the system's user name)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from app.domain.errors import UserError, ValidationFailed
from app.domain.models import Setting as StoredSetting
from app.domain.settings import (
    BRANCH_NAME,
    BRANCH_ORGANIZER,
    BRANCH_SECRETARY,
    BY_KEY,
    MISSING_BRANCH_NAME,
    OPERATOR,
    PARENT_ORGANISATION,
    BranchDetails,
    Value,
    decode,
    encode,
    validate,
)
from app.persistence.database import Database


class SettingsService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._system_actor = db.actor
        self._use_operator(self.get(OPERATOR))

    def get(self, key: str) -> Value:
        """The value of the setting ``key``; its default when never saved."""
        setting = BY_KEY[key]
        with self.db.reading() as session:
            stored = session.get(StoredSetting, key)
            return decode(setting, stored.value if stored is not None else None)

    def get_all(self) -> dict[str, Value]:
        """Every declared setting's value, in declaration order."""
        with self.db.reading() as session:
            stored = dict(session.execute(select(StoredSetting.key, StoredSetting.value)).all())
        return {key: decode(setting, stored.get(key)) for key, setting in BY_KEY.items()}

    def save(self, values: Mapping[str, object]) -> dict[str, Value]:
        """Check ``values`` (key -> typed text or value) by the domain rules and
        store them all, or none (ValidationFailed, key -> message). Returns the
        values as stored."""
        parsed, errors = validate(values)
        if errors:
            raise ValidationFailed(errors)
        with self.db.unit_of_work() as session:
            for key, value in parsed.items():
                text = encode(value)
                row = session.get(StoredSetting, key)
                if row is None:
                    session.add(StoredSetting(key=key, value=text))
                elif row.value != text:
                    row.value = text
        if OPERATOR in parsed:
            self._use_operator(parsed[OPERATOR])
        return parsed

    def branch(self) -> BranchDetails:
        """The branch as reports print it; 支部名称 may still be empty."""
        values = self.get_all()
        return BranchDetails(
            name=str(values[BRANCH_NAME]),
            secretary=str(values[BRANCH_SECRETARY]),
            organizer=str(values[BRANCH_ORGANIZER]),
            parent_organisation=str(values[PARENT_ORGANISATION]),
        )

    def has_branch_name(self) -> bool:
        return bool(self.get(BRANCH_NAME))

    def require_branch(self) -> BranchDetails:
        """The branch, refusing (UserError) while 支部名称 is not set: a report
        never guesses the organisation it is printed for."""
        branch = self.branch()
        if not branch.name:
            raise UserError(f"{MISSING_BRANCH_NAME}。请先在“工具 → 设置…”中填写支部名称。")
        return branch

    def _use_operator(self, name: Value) -> None:
        self.db.actor = str(name) or self._system_actor
