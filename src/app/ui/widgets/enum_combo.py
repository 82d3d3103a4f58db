"""A combo box over one of the domain's enums.

Qt turns a StrEnum stored as item data into a plain str, so the member's
value is stored and turned back into the member when read."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QComboBox, QWidget


class EnumCombo(QComboBox):
    def __init__(
        self,
        enum_cls: type[Enum],
        parent: QWidget | None = None,
        *,
        none_label: str | None = None,
        members: list | None = None,
    ) -> None:
        super().__init__(parent)
        self.enum_cls = enum_cls
        if none_label is not None:
            self.addItem(none_label, None)
        for member in members if members is not None else list(enum_cls):
            self.addItem(getattr(member, "label", str(member.value)), member.value)

    def current_member(self):
        value = self.currentData()
        return None if value is None else self.enum_cls(value)

    def set_member(self, member) -> None:
        index = self.findData(None if member is None else member.value)
        self.setCurrentIndex(max(0, index))
