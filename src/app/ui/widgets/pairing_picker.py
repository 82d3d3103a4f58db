"""Choose a 结对 by typing: its name, or a member's name, 工号 or pinyin initials.

A combo box whose text can be typed into. Typing shows the pairings that
match, best first; arrows move through them and Enter (or a click) chooses
one; a text that finds none says so in the list. Without typing it is a plain
combo: the arrow keys and the drop-down list work as before.

In a form, leaving the field with a typed text that chose nothing keeps the
text and the form says what is wrong (``pending_error``), so 保存 never
quietly keeps the pairing chosen before; Esc puts the chosen pairing back. As
a filter (``revert_on_leave``) leaving simply puts the chosen pairing back.

The members' pinyin initials come with the pairings (``PairingRow.member_search``,
from the stored initials), so no pinyin dictionary and no list of people is
needed here.

What it offers comes from a ``PairingChoices``: a list given whole
(``ListedPairings``, searched here), or the database asked as the user types
(the pages' ``StoredPairings``, app.services.pairing_choices): its drop-down
then lists the first pairings by name and typing finds any of them, so a
picker opens at once with 100,000 pairings on file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QComboBox, QCompleter, QWidget

from app.ui.widgets.people_search import needle_of

MAX_SUGGESTIONS = 15
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


def pairing_label(row: Any) -> str:
    return f"{row.name}（{row.kind.label}）"


def pairing_search_key(row: Any) -> str:
    """One lower-case string holding what finds ``row``: its name, kind, the
    helped unit, and each member's name, 工号 and pinyin initials."""
    parts = [row.name.lower(), row.kind.label, (getattr(row, "helped_unit_name", "") or "").lower()]
    parts.append(getattr(row, "member_search", "") or "")
    return "\x1e".join(parts)


def find_pairings(
    keys: Sequence[tuple[str, str]], text: str, limit: int = MAX_SUGGESTIONS
) -> list[int]:
    """Positions in ``keys`` ((lower-case name, key) pairs) that ``text``
    finds: a name starting with it first, then a name holding it, then a member
    or the unit; each in the list's order."""
    needle = needle_of(text)
    if not needle:
        return []
    buckets: tuple[list[int], list[int], list[int]] = ([], [], [])
    for position, (name, key) in enumerate(keys):
        if needle not in key:
            continue
        bucket = buckets[0 if name.startswith(needle) else 1 if needle in name else 2]
        if len(bucket) < limit:
            bucket.append(position)
            if bucket is buckets[0] and len(bucket) == limit:
                break  # nothing can come before these
    return (buckets[0] + buckets[1] + buckets[2])[:limit]


class PairingChoices(Protocol):
    """Where a picker's pairings come from (rows like ``PairingRow``)."""

    def offered(self) -> Sequence[Any]:
        """The pairings the drop-down lists, in order."""

    def find(self, text: str, limit: int) -> list[Any]:
        """The pairings a typed ``text`` finds, best first (``find_pairings``'s order)."""

    def row(self, pairing_id: int) -> Any | None:
        """One pairing (None when it is not there)."""


class ListedPairings:
    """Every pairing given as a list, searched in memory."""

    def __init__(self, rows: Sequence[Any]) -> None:
        self.rows = list(rows)
        self._by_id = {row.id: row for row in self.rows}
        self._keys: list[tuple[str, str]] | None = None

    def offered(self) -> Sequence[Any]:
        return self.rows

    def find(self, text: str, limit: int = MAX_SUGGESTIONS) -> list[Any]:
        if self._keys is None:
            self._keys = [(row.name.lower(), pairing_search_key(row)) for row in self.rows]
        return [self.rows[i] for i in find_pairings(self._keys, text, limit)]

    def row(self, pairing_id: int) -> Any | None:
        return self._by_id.get(pairing_id)


class PairingPicker(QComboBox):
    """Item 0 is ``none_label`` (none chosen, or 全部 in a filter), then one
    item per pairing with its id as the item data (``currentData``)."""

    editingFinished = Signal()  # noqa: N815 - left the field (FormDialog.watch listens)

    def __init__(
        self,
        pairings: Sequence[Any] | PairingChoices,
        none_label: str,
        parent: QWidget | None = None,
        *,
        revert_on_leave: bool = False,
    ) -> None:
        super().__init__(parent)
        self._revert_on_leave = revert_on_leave
        self._none_label = none_label
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setCompleter(None)  # ours searches members too, and anywhere in a name
        self.setMaxVisibleItems(20)
        self._choices: PairingChoices = ListedPairings(())
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
        self.set_pairings(pairings)

    def set_pairings(self, pairings: Sequence[Any] | PairingChoices) -> None:
        """Offer these pairings (``PairingService.list_pairings`` rows, or a
        ``PairingChoices``), keeping the one chosen when it is still there."""
        chosen = self.currentData()
        self._choices = pairings if hasattr(pairings, "find") else ListedPairings(pairings)
        blocked = self.blockSignals(True)
        self.clear()
        self.addItem(self._none_label, None)
        for row in self._choices.offered():
            self.addItem(pairing_label(row), row.id)
        self.setCurrentIndex(self._index_of(chosen) if chosen is not None else 0)
        self.blockSignals(blocked)
        if self.currentData() != chosen:
            self.currentIndexChanged.emit(self.currentIndex())
        self._show_current()

    def choose_id(self, pairing_id: int | None) -> None:
        """Choose a pairing by id (none for None or one not there)."""
        self.setCurrentIndex(self._index_of(pairing_id) if pairing_id is not None else 0)

    def chosen_row(self) -> Any | None:
        """The chosen pairing's row (its members), None for none."""
        pairing_id = self.currentData()
        return self._choices.row(pairing_id) if pairing_id is not None else None

    def _index_of(self, pairing_id: int | None) -> int:
        """The item of ``pairing_id``, added when the drop-down does not list it
        (a pairing found by typing); 0 (none) when there is no such pairing."""
        index = self.findData(pairing_id)
        if index >= 0 or pairing_id is None:
            return max(index, 0)
        row = self._choices.row(pairing_id)
        if row is None:
            return 0
        self.addItem(pairing_label(row), row.id)
        return self.count() - 1

    # ----- searching -----------------------------------------------------------

    def matches(self, text: str) -> list[str]:
        """The labels of the pairings ``text`` finds, best first."""
        return [pairing_label(row) for row in self._choices.find(text, MAX_SUGGESTIONS)]

    def suggestion_texts(self) -> list[str]:
        """The pairings the list offers (not its "nothing found" line)."""
        model = self.suggestions
        return [
            model.item(r).text()
            for r in range(model.rowCount())
            if model.item(r).data(ROW_ROLE) is not None
        ]

    def popup_texts(self) -> list[str]:
        """Every line of the open suggestion list, the "nothing found" line too."""
        if not self.completer_.popup().isVisible():
            return []
        return [self.suggestions.item(r).text() for r in range(self.suggestions.rowCount())]

    def _suggest(self, text: str) -> None:
        self.suggestions.clear()
        popup = self.completer_.popup()
        if not text.strip():
            popup.hide()
            return
        found = self._choices.find(text, MAX_SUGGESTIONS)
        for row in found:
            item = QStandardItem(pairing_label(row))
            item.setData(row.id, ROW_ROLE)
            self.suggestions.appendRow(item)
        if not found:
            note = QStandardItem(self.tr("没有找到相符的结对"))
            note.setFlags(Qt.ItemFlag.NoItemFlags)
            self.suggestions.appendRow(note)
        # as wide as the whole combo (or the longest name), not just its text field
        edit = self.lineEdit()
        origin = edit.mapFrom(self, QPoint(0, 0))
        width = max(
            self.width(),
            popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 12,
        )
        self.completer_.complete(QRect(origin.x(), 0, width, edit.height()))
        if found:
            popup.setCurrentIndex(self.suggestions.index(0, 0))

    def _activated(self, index: QModelIndex) -> None:
        pairing_id = index.data(ROW_ROLE)
        if pairing_id is not None:
            self._choose(int(pairing_id))

    def _choose(self, pairing_id: int) -> None:
        self.suggestions.clear()
        self.completer_.popup().hide()
        self.setCurrentIndex(self._index_of(pairing_id))
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
        found = self._choices.find(self.lineEdit().text(), 1)
        if not found:
            return False
        self._choose(found[0].id)
        return True

    def typing(self) -> bool:
        """Whether the text is a search rather than the chosen pairing's name."""
        text = self.lineEdit().text()
        return bool(text.strip()) and text != self._shown_text()

    def pending_error(self) -> str | None:
        """Why the typed text cannot stand (None when it is the chosen pairing):
        a form refuses to save rather than keep another pairing than it shows."""
        if not self.typing():
            return None
        text = self.lineEdit().text().strip()
        shown = text if len(text) <= 20 else text[:20] + "…"
        if self._choices.find(text, 1):
            return self.tr("「{text}」还没有选定：请按回车或在列表中点选，Esc 恢复").format(
                text=shown
            )
        return self.tr("没有找到「{text}」：请输入结对名称、成员姓名或拼音首字母").format(
            text=shown
        )

    def _shown_text(self) -> str:
        return self.itemText(self.currentIndex()) if self.currentIndex() > 0 else ""

    def _left(self) -> None:
        """Left the field: a half-typed search stays for the form to question,
        or (as a filter) gives way to the chosen pairing."""
        focus = QApplication.focusWidget()
        if focus is not None and (focus is self or self.isAncestorOf(focus)):
            return  # the suggestions opened (a popup takes the focus event), not left
        self.completer_.popup().hide()
        self.suggestions.clear()
        if self._revert_on_leave or not self.typing():
            self._show_current()
        self.editingFinished.emit()

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
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.typing():
                # typed text is a search: Enter chooses a pairing, it does not save the form
                self.choose_best_match()
                return True
            if event.key() == Qt.Key.Key_Escape and self.typing():
                self.completer_.popup().hide()
                self._show_current()
                return True
        return super().eventFilter(watched, event)
