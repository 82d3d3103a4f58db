"""One person chosen by typing (name, 工号 or pinyin initials), as the person
picker does: once chosen, the person shows as a chip in place of the search
field; clicking the chip clears the choice and the field comes back. Used by
the 党员承诺 filter and its member form."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QWidget

from app.services.people import PersonRow
from app.ui.widgets.person_picker import PersonPicker


class MemberPicker(PersonPicker):
    """``person_id()`` the one chosen (or None); ``changed`` when it changes."""

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "") -> None:
        super().__init__(
            parent, placeholder=placeholder or self.tr("输入姓名、工号或拼音首字母，回车选定")
        )
        self.setObjectName("memberPicker")

    def add(self, person_id: int) -> bool:
        """Choosing someone replaces the one chosen before."""
        if self._ids == [person_id] or person_id not in self._by_id:
            return False
        self._ids = [person_id]
        self._rebuild_chips()
        self.changed.emit()
        return True

    def set_people(self, rows: Iterable[PersonRow]) -> None:
        before = self.ids()
        super().set_people(rows)
        if self.ids() != before:
            self.changed.emit()

    def person_id(self) -> int | None:
        return self._ids[0] if self._ids else None

    def person(self) -> PersonRow | None:
        return self._by_id.get(self._ids[0]) if self._ids else None

    def set_person_id(self, person_id: int | None) -> None:
        self.set_ids([] if person_id is None else [person_id])

    def _rebuild_chips(self) -> None:
        super()._rebuild_chips()
        chosen = bool(self._ids)
        self.line_edit.setVisible(not chosen)
        self.setFocusProxy(None if chosen else self.line_edit)
        for person_id, button in self.chip_buttons.items():
            button.setToolTip(button.toolTip().replace("点击移除", self.tr("点击后重新选择")))
            button.setAccessibleName(
                self.tr("已选：{name}").format(name=self._by_id[person_id].name)
            )
