"""Choose a 结对 by typing: its name, or a member's name or pinyin initials.

A combo box whose text can be typed into. Typing shows the pairings that
match, best first; arrows move through them and Enter (or a click) chooses
one. Without typing it is a plain combo: the arrow keys and the drop-down
list work as before. Leaving it with a half-typed text puts the chosen
pairing's name back.

The members' pinyin initials come from their stored search keys, so no
pinyin dictionary is loaded here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QComboBox, QCompleter, QWidget

from app.services.people import PersonRow

MAX_SUGGESTIONS = 15
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


def pairing_label(row: Any) -> str:
    return f"{row.name}（{row.kind.label}）"


def pairing_search_key(row: Any, people: dict[int, PersonRow]) -> str:
    """One lower-case string holding what finds ``row``: its name, kind, the
    helped unit, and each member's name, 工号 and pinyin initials."""
    parts = [row.name.lower(), row.kind.label, getattr(row, "helped_unit_name", "") or ""]
    for person_id in sorted(row.member_ids):
        person = people.get(person_id)
        if person is not None:
            parts.append(person.search_key)
    return "\x1e".join(parts)


def find_pairings(
    keys: Sequence[tuple[str, str]], text: str, limit: int = MAX_SUGGESTIONS
) -> list[int]:
    """Positions in ``keys`` ((name, key) pairs) that ``text`` finds: a name
    starting with it first, then a name holding it, then a member or unit."""
    needle = text.strip().lower()
    if not needle:
        return []
    ranked = []
    for position, (name, key) in enumerate(keys):
        if needle not in key:
            continue
        lowered = name.lower()
        rank = 0 if lowered.startswith(needle) else 1 if needle in lowered else 2
        ranked.append((rank, position))
    ranked.sort()
    return [position for _rank, position in ranked[:limit]]


class PairingPicker(QComboBox):
    """The form's 结对 field: item 0 is "none chosen", then one item per pairing
    with its id as the item data (``currentData``)."""

    def __init__(
        self,
        pairings: Sequence[Any],
        people: Sequence[PersonRow],
        none_label: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setCompleter(None)  # ours searches members too, and anywhere in a name
        self.setMaxVisibleItems(20)
        by_id = {row.id: row for row in people}
        self.addItem(none_label, None)
        self._keys: list[tuple[str, str]] = [("", "")]
        for row in pairings:
            self.addItem(pairing_label(row), row.id)
            self._keys.append((row.name, pairing_search_key(row, by_id)))
        edit = self.lineEdit()
        edit.setPlaceholderText(self.tr("输入结对名称、成员姓名或拼音首字母"))
        edit.textEdited.connect(self._suggest)
        edit.editingFinished.connect(self._left)
        edit.installEventFilter(self)
        self.currentIndexChanged.connect(self._show_current)

        self.suggestions = QStandardItemModel(self)
        self.completer_ = QCompleter(self.suggestions, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setMaxVisibleItems(MAX_SUGGESTIONS)
        self.completer_.setWidget(edit)
        self.completer_.popup().setObjectName("pairingSuggestions")
        self.completer_.activated[QModelIndex].connect(self._activated)
        self._show_current()

    # ----- searching -----------------------------------------------------------

    def matches(self, text: str) -> list[str]:
        """The labels of the pairings ``text`` finds, best first."""
        return [self.itemText(i) for i in find_pairings(self._keys, text)]

    def suggestion_texts(self) -> list[str]:
        return [self.suggestions.item(r).text() for r in range(self.suggestions.rowCount())]

    def _suggest(self, text: str) -> None:
        self.suggestions.clear()
        for index in find_pairings(self._keys, text):
            item = QStandardItem(self.itemText(index))
            item.setData(index, ROW_ROLE)
            self.suggestions.appendRow(item)
        popup = self.completer_.popup()
        if not self.suggestions.rowCount():
            popup.hide()
            return
        # as wide as the whole combo (or the longest name), not just its text field
        edit = self.lineEdit()
        origin = edit.mapFrom(self, QPoint(0, 0))
        width = max(
            self.width(),
            popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 12,
        )
        self.completer_.complete(QRect(origin.x(), 0, width, edit.height()))
        popup.setCurrentIndex(self.suggestions.index(0, 0))

    def _activated(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row is not None:
            self._choose(int(row))

    def _choose(self, index: int) -> None:
        self.suggestions.clear()
        self.completer_.popup().hide()
        self.setCurrentIndex(index)
        self._show_current()
        # the completer writes the suggestion's text into the line edit after this
        QTimer.singleShot(0, self._show_current)

    def choose_best_match(self) -> bool:
        """Enter after typing: the highlighted suggestion, else the best one."""
        popup = self.completer_.popup()
        current = popup.currentIndex() if popup.isVisible() else QModelIndex()
        if current.isValid() and current.data(ROW_ROLE) is not None:
            self._choose(int(current.data(ROW_ROLE)))
            return True
        found = find_pairings(self._keys, self.lineEdit().text())
        if not found:
            return False
        self._choose(found[0])
        return True

    def _typing(self) -> bool:
        """Whether the text is a search rather than the chosen pairing's name."""
        text = self.lineEdit().text()
        return bool(text.strip()) and text != self._shown_text()

    def _shown_text(self) -> str:
        return self.itemText(self.currentIndex()) if self.currentIndex() > 0 else ""

    def _left(self) -> None:
        """Leaving with a half-typed search: the chosen pairing stays."""
        focus = QApplication.focusWidget()
        if focus is not None and (focus is self or self.isAncestorOf(focus)):
            return  # the suggestions opened (a popup takes the focus event), not left
        self.completer_.popup().hide()
        self.suggestions.clear()
        self._show_current()

    def _show_current(self, *_args) -> None:
        """The line edit shows the chosen pairing (empty, with the hint, for none)."""
        if self.completer_.popup().isVisible():
            return
        if self.lineEdit().text() != self._shown_text():
            self.lineEdit().setText(self._shown_text())

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self._left()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.lineEdit() and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._typing():
                # typed text is a search: Enter chooses a pairing, it does not save the form
                self.choose_best_match()
                return True
            if event.key() == Qt.Key.Key_Escape and self._typing():
                self.completer_.popup().hide()
                self._show_current()
                return True
        return super().eventFilter(watched, event)
