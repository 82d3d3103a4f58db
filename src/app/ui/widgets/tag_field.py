"""Tags typed freely (separated by 、，, ;) with the common ones one click away."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QMenu, QToolButton, QWidget

from app.domain.enums import COMMON_PERSON_TAGS
from app.domain.text import split_list

COMMON_TAGS = COMMON_PERSON_TAGS


class TagField(QWidget):
    edited = Signal()
    editingFinished = Signal()  # noqa: N815 - mirrors QLineEdit's signal name

    def __init__(self, parent: QWidget | None = None, common: tuple[str, ...] = COMMON_TAGS):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText(self.tr("多个标签用、分隔"))
        self.line_edit.textEdited.connect(self.edited)
        self.line_edit.editingFinished.connect(self.editingFinished)
        self.button = QToolButton(self)
        self.button.setText(self.tr("常用标签"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.actions_by_tag: dict[str, QAction] = {}
        for tag in common:
            action = self.menu.addAction(tag)
            action.setCheckable(True)
            action.toggled.connect(lambda on, t=tag: self._toggle(t, on))
            self.actions_by_tag[tag] = action
        self.menu.aboutToShow.connect(self._sync_checks)
        self.button.setMenu(self.menu)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line_edit)
        self._syncing = False

    def tags(self) -> list[str]:
        return list(dict.fromkeys(split_list(self.line_edit.text())))

    def set_tags(self, tags: list[str]) -> None:
        self.line_edit.setText("、".join(tags))

    def _sync_checks(self) -> None:
        current = set(self.tags())
        self._syncing = True
        for tag, action in self.actions_by_tag.items():
            action.setChecked(tag in current)
        self._syncing = False

    def _toggle(self, tag: str, on: bool) -> None:
        if self._syncing:
            return
        tags = self.tags()
        if on and tag not in tags:
            tags.append(tag)
        elif not on and tag in tags:
            tags.remove(tag)
        self.set_tags(tags)
        self.edited.emit()
