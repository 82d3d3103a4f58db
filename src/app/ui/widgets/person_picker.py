"""Choose people by typing: name, 工号 or pinyin initials ("zw" finds 张伟).

The chosen people show as chips (click one to remove it). Namesakes are told
apart by unit and 工号, in the suggestions and on the chips. People marked
已转出 are only suggested when searched for by their full name or 工号, so
the usual suggestions are the people on the roll; a 已转出 person already
chosen stays chosen and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)

from app.domain.enums import PersonStatus
from app.services.people import PersonRow
from app.ui.widgets.people_search import MAX_SUGGESTIONS, PeopleIndex

PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def grow_window(widget: QWidget) -> None:
    """Let the dialog holding ``widget`` grow when the widget needs more room
    than it had (chips wrapping to a new line, a problem line added)."""
    window = widget.window()
    if window is widget or not window.isVisible() or window.layout() is None:
        return
    window.layout().activate()
    hint = window.sizeHint().height()
    if hint > window.height():
        window.resize(window.width(), hint)


def describe(row: PersonRow) -> str:
    """What tells a person apart: unit and 工号, and 已转出 when so."""
    parts = [part for part in (row.unit_name, row.employee_no) if part]
    text = " · ".join(parts)
    if row.status is PersonStatus.TRANSFERRED_OUT:
        text = f"{text}（{row.status.label}）" if text else row.status.label
    return text


class FlowLayout(QLayout):
    """Lays its items left to right and wraps them (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line_height > 0:
                x = rect.x()
                y += line_height + self._spacing
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


class _Chips(QWidget):
    """The chosen people; a widget so the flow layout's height follows its width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = FlowLayout(self)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add(self, widget: QWidget) -> None:
        self.flow.addItem(QWidgetItem(widget))
        widget.setParent(self)
        widget.show()
        self.updateGeometry()

    def clear(self) -> None:
        while self.flow.count():
            item = self.flow.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self.updateGeometry()


class PersonPicker(QWidget):
    """``ids()`` the chosen people in the order chosen; ``changed`` on every change."""

    changed = Signal()
    edited = Signal()  # FormDialog.watch listens to it
    editingFinished = Signal()  # noqa: N815 - mirrors QLineEdit's signal name

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        placeholder: str = "",
    ) -> None:
        super().__init__(parent)
        self._people = PeopleIndex(())
        # set_people_source: who may be chosen, read when first needed
        self._load: Callable[[], Iterable[PersonRow] | PeopleIndex] | None = None
        self._ids: list[int] = []
        self.chip_buttons: dict[int, QToolButton] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.line_edit = QLineEdit(self)
        self.line_edit.setObjectName("personSearch")
        self.line_edit.setPlaceholderText(
            placeholder or self.tr("输入姓名、工号或拼音首字母（如 zw），回车添加")
        )
        self.line_edit.setClearButtonEnabled(True)
        self.line_edit.setMinimumHeight(30)
        self.line_edit.textEdited.connect(self._suggest)
        # a form re-checks the field: a message about the typed text goes once it is cleared
        self.line_edit.textEdited.connect(lambda *_: self.edited.emit())
        self.line_edit.editingFinished.connect(self.editingFinished)
        self.line_edit.installEventFilter(self)
        layout.addWidget(self.line_edit)
        self.chips = _Chips(self)
        self.chips.setObjectName("personChips")
        layout.addWidget(self.chips)
        self.setFocusProxy(self.line_edit)
        self.changed.connect(self.edited)

        self.suggestions = QStandardItemModel(self)
        self.completer = QCompleter(self.suggestions, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(MAX_SUGGESTIONS)
        self.completer.setWidget(self.line_edit)
        self.completer.popup().setObjectName("personSuggestions")  # styled in ui/style.py
        self.completer.activated[QModelIndex].connect(self._activated)

    # ----- data ----------------------------------------------------------------

    def set_people(self, rows: Iterable[PersonRow] | PeopleIndex) -> None:
        """Everyone who may be chosen (``PeopleService.list_people`` rows, or
        an index of them that several pickers of one form share)."""
        self._load = None
        self._people = rows if isinstance(rows, PeopleIndex) else PeopleIndex(rows)
        self._ids = [i for i in self._ids if i in self._by_id]
        self._rebuild_chips()

    def set_people_source(self, load: Callable[[], Iterable[PersonRow] | PeopleIndex]) -> None:
        """Everyone who may be chosen, read by ``load()`` only when the picker
        first needs them (it gets the focus, a text is searched, someone is
        chosen): a filter nobody uses never reads 10,000 people. With someone
        chosen they are read now, so the chip shows that person as they are
        now (or goes, when they are gone)."""
        if self._ids:
            self.set_people(load())
        else:
            self._load = load

    @property
    def _index(self) -> PeopleIndex:
        if self._load is not None:
            self.set_people(self._load())
        return self._people

    @property
    def _by_id(self) -> dict[int, PersonRow]:
        return self._index.by_id

    def ids(self) -> list[int]:
        return list(self._ids)

    def set_ids(self, ids: Iterable[int]) -> None:
        """Choose exactly these people (unknown ids are dropped)."""
        chosen = [i for i in dict.fromkeys(ids) if i in self._by_id]
        if chosen == self._ids:
            return
        self._ids = chosen
        self._rebuild_chips()
        self.changed.emit()

    def add(self, person_id: int) -> bool:
        if person_id in self._ids or person_id not in self._by_id:
            return False
        self._ids.append(person_id)
        self._rebuild_chips()
        self.changed.emit()
        return True

    def remove(self, person_id: int) -> None:
        if person_id not in self._ids:
            return
        self._ids.remove(person_id)
        self._rebuild_chips()
        self.changed.emit()
        self.line_edit.setFocus()

    def text(self) -> str:
        """The chosen ids as text: what a form compares to see unsaved changes."""
        return ",".join(map(str, self._ids))

    def names(self) -> list[str]:
        """What the chips say, in order."""
        return [self.chip_text(self._by_id[i]) for i in self._ids]

    def chip_text(self, row: PersonRow) -> str:
        """A name, with 工号 or unit when someone else has the same name."""
        text = row.name
        if self._index.name_counts[row.name] > 1:
            text += f"（{row.employee_no or row.unit_name or row.id}）"
        if row.status is PersonStatus.TRANSFERRED_OUT:
            text += self.tr("·已转出")
        return text

    def pending_error(self) -> str | None:
        """Why the typed text cannot stand as it is (None when nothing is typed):
        it chose no one yet, so a form refuses to save rather than drop it."""
        text = self.line_edit.text().strip()
        if not text or self.line_edit.isHidden():
            return None
        shown = text if len(text) <= 20 else text[:20] + "…"
        if self.matches(text):
            return self.tr("「{text}」还没有选定：请按回车或在列表中点选").format(text=shown)
        if self._index.find(text, 1):
            return self.tr("「{text}」已经选上了，请清空输入框").format(text=shown)
        return self.tr("没有找到「{text}」：请输入姓名、工号或拼音首字母").format(text=shown)

    # ----- suggestions ---------------------------------------------------------

    def matches(self, text: str) -> list[PersonRow]:
        """Who ``text`` finds, best first; people already chosen are left out."""
        return self._index.find(text, MAX_SUGGESTIONS, exclude=self._ids)

    def suggestion_texts(self) -> list[str]:
        """The people the list offers (not its "nothing found" line)."""
        model = self.suggestions
        return [
            model.item(r).text()
            for r in range(model.rowCount())
            if model.item(r).data(PERSON_ID_ROLE) is not None
        ]

    def popup_texts(self) -> list[str]:
        """Every line of the open suggestion list, the "nothing found" line too."""
        if not self.completer.popup().isVisible():
            return []
        return [self.suggestions.item(r).text() for r in range(self.suggestions.rowCount())]

    def _suggest(self, text: str) -> None:
        self.suggestions.clear()
        popup = self.completer.popup()
        if not text.strip():
            popup.hide()
            return
        found = self.matches(text)
        for row in found:
            detail = describe(row)
            item = QStandardItem(f"{row.name}　{detail}" if detail else row.name)
            item.setData(row.id, PERSON_ID_ROLE)
            item.setToolTip(f"{row.name}　{row.position}" if row.position else row.name)
            self.suggestions.appendRow(item)
        if not found:
            note = QStandardItem(self._nothing_found(text))
            note.setFlags(Qt.ItemFlag.NoItemFlags)
            self.suggestions.appendRow(note)
        # at least as wide as the field, wider when a unit's name needs it
        width = max(
            self.line_edit.width(),
            popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 12,
        )
        self.completer.complete(QRect(0, 0, width, self.line_edit.height()))
        if found:
            popup.setCurrentIndex(self.suggestions.index(0, 0))

    def _nothing_found(self, text: str) -> str:
        if self._index.find(text, 1):
            return self.tr("找到的人员都已选上")
        return self.tr("没有找到相符的人员")

    def _activated(self, index: QModelIndex) -> None:
        person_id = index.data(PERSON_ID_ROLE)
        if person_id is not None:
            self._choose(int(person_id))

    def _choose(self, person_id: int) -> None:
        self.add(person_id)
        # the completer writes the chosen text into the line edit after this
        QTimer.singleShot(0, self.line_edit.clear)
        self.line_edit.clear()
        self.suggestions.clear()

    def choose_first_match(self) -> bool:
        """Enter: take the best suggestion for the typed text."""
        found = self.matches(self.line_edit.text())
        if not found:
            return False
        self._choose(found[0].id)
        self.completer.popup().hide()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.line_edit and event.type() == QEvent.Type.FocusIn:
            self._index.prepare()  # about 15 ms at 10,000 people: before the first key
        if watched is self.line_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.line_edit.text().strip():
                # typed text is a search: Enter adds a person, it does not save the form
                self.choose_first_match()
                return True
            if key == Qt.Key.Key_Backspace and not self.line_edit.text() and self._ids:
                self.remove(self._ids[-1])
                return True
        return super().eventFilter(watched, event)

    # ----- chips ---------------------------------------------------------------

    def _rebuild_chips(self) -> None:
        self.chips.clear()
        self.chip_buttons = {}
        for person_id in self._ids:
            row = self._by_id[person_id]
            button = QToolButton()
            button.setObjectName("personChip")
            button.setText(f"{self.chip_text(row)}  ×")
            detail = describe(row)
            button.setToolTip(
                self.tr("{who}\n点击移除").format(
                    who=f"{row.name}　{detail}" if detail else row.name
                )
            )
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _checked=False, i=person_id: self.remove(i))
            self.chip_buttons[person_id] = button
            self.chips.add(button)
        self.chips.setVisible(bool(self._ids))
        self.updateGeometry()
        grow_window(self)
