"""The pledge lines of the member form: one row per pledge (text, category,
planned date, 删除此项) with its own red message underneath, and 添加一项.
A row left wholly blank is no pledge and is not saved."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.pledge_models import PledgeCategory
from app.domain.pledge_rules import MAX_PLEDGE_TEXT, PledgeLine
from app.ui.widgets.date_field import DateField
from app.ui.widgets.enum_combo import EnumCombo
from app.ui.widgets.person_picker import grow_window

MIN_LINES = 2  # rows offered at first: a member makes 2 to 5 pledges
MAX_LINES = 5


class PledgeLineRow(QWidget):
    """One pledge: what is promised, its category and the planned date."""

    edited = Signal()
    left = Signal(object)  # the row, when the user leaves one of its fields
    remove_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = PledgeLine()  # what was loaded: id, status and points are kept
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.number = QLabel()
        self.number.setObjectName("pledgeLineNumber")
        self.number.setMinimumWidth(22)
        self.text = QLineEdit()
        self.text.setMaxLength(MAX_PLEDGE_TEXT)
        self.text.setMinimumHeight(30)
        self.text.setPlaceholderText(self.tr("承诺内容，例如 带头完成宽带新增 120 户"))
        self.text.setAccessibleName(self.tr("承诺内容"))
        self.category = EnumCombo(PledgeCategory, none_label=self.tr("（类别）"))
        self.category.setAccessibleName(self.tr("类别"))
        self.category.setMinimumHeight(30)
        self.due_date = DateField(label=self.tr("计划完成日期"))
        self.due_date.setFixedWidth(160)
        self.due_date.line_edit.setPlaceholderText(self.tr("计划完成日期"))
        self.due_date.setMinimumHeight(30)
        self.remove_button = QPushButton(self.tr("删除此项"))
        self.remove_button.setObjectName("removeLineButton")
        self.remove_button.setAutoDefault(False)  # Enter saves the form
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        row.addWidget(self.number)
        row.addWidget(self.text, 1)
        row.addWidget(self.category)
        row.addWidget(self.due_date)
        row.addWidget(self.remove_button)
        box.addLayout(row)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setContentsMargins(28, 0, 0, 0)
        self.error.hide()
        box.addWidget(self.error)
        self.text.textEdited.connect(self.edited)
        self.category.currentIndexChanged.connect(lambda *_: self.edited.emit())
        self.category.currentIndexChanged.connect(lambda *_: self.left.emit(self))
        self.due_date.edited.connect(self.edited)
        self.text.editingFinished.connect(lambda: self.left.emit(self))
        self.due_date.editingFinished.connect(lambda: self.left.emit(self))

    def set_line(self, line: PledgeLine) -> None:
        self.line = line
        self.text.setText(line.text)
        self.category.set_member(line.category)
        self.due_date.set_date(line.due_date)

    def value(self) -> PledgeLine:
        return PledgeLine(
            id=self.line.id,
            text=self.text.text(),
            category=self.category.current_member(),
            due_date=self.due_date.date(),
            status=self.line.status,
            extra_points=self.line.extra_points,
        )

    def is_blank(self) -> bool:
        """A new row nothing was typed or chosen in."""
        return (
            self.line.id is None
            and not self.text.text().strip()
            and self.category.current_member() is None
            and not self.due_date.text().strip()
        )

    def show_error(self, messages: Mapping[str, str]) -> None:
        message = "；".join(dict.fromkeys(messages.values()))
        self.error.setText(message)
        self.error.setVisible(bool(message))
        for key, widget in (
            ("text", self.text),
            ("category", self.category),
            ("due_date", self.due_date.line_edit),
        ):
            if widget.property("invalid") != (key in messages):
                widget.setProperty("invalid", key in messages)
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def snapshot(self) -> str:
        return f"{self.line.id}|{self.text.text()}|{self.category.currentIndex()}|{self.due_date.text()}"


class PledgeLinesEditor(QWidget):
    """``lines()`` the rows as typed; ``edited`` on any change."""

    edited = Signal()
    left = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PledgeLineRow] = []
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        self._rows_box = QVBoxLayout()
        self._rows_box.setSpacing(4)
        box.addLayout(self._rows_box)
        self.add_button = QPushButton(self.tr("＋ 添加一项"))
        self.add_button.setObjectName("addLineButton")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_row().text.setFocus())
        self.footer = QHBoxLayout()
        self.footer.setSpacing(8)
        self.footer.addWidget(self.add_button)
        self.hint = QLabel(self.tr("每名党员每年一般承诺 2–5 项"))
        self.hint.setObjectName("formHint")
        self.footer.addWidget(self.hint)
        self.footer.addStretch(1)
        box.addLayout(self.footer)
        self.set_lines([])

    def add_row(self, line: PledgeLine | None = None) -> PledgeLineRow:
        row = PledgeLineRow(self)
        if line is not None:
            row.set_line(line)
        row.edited.connect(self.edited)
        row.left.connect(self.left)
        row.remove_requested.connect(self._remove)
        if self.rows:
            QWidget.setTabOrder(self.rows[-1].due_date.line_edit, row.text)
        QWidget.setTabOrder(row.text, row.category)
        QWidget.setTabOrder(row.category, row.due_date.line_edit)
        self.rows.append(row)
        self._rows_box.addWidget(row)
        row.show()
        self._renumber()
        grow_window(self)
        self.edited.emit()
        return row

    def _remove(self, row: PledgeLineRow) -> None:
        self.rows.remove(row)
        row.hide()
        row.deleteLater()
        while len(self.rows) < 1:
            self.add_row()
        self._renumber()
        self.edited.emit()

    def _renumber(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            row.number.setText(f"{number}.")
        self.add_button.setEnabled(len(self.rows) < MAX_LINES)

    def set_lines(self, lines: Sequence[PledgeLine]) -> None:
        """Show ``lines``, with blank rows up to the usual minimum."""
        for row in self.rows:
            row.hide()
            row.deleteLater()
        self.rows = []
        for line in lines:
            self.add_row(line)
        while len(self.rows) < MIN_LINES:
            self.add_row()

    def typed_rows(self) -> list[PledgeLineRow]:
        """The rows that are pledges (blank new rows left out), in order."""
        return [row for row in self.rows if not row.is_blank()]

    def lines(self) -> list[PledgeLine]:
        return [row.value() for row in self.typed_rows()]

    def text(self) -> str:
        """Every row as text: what the form compares to see unsaved changes."""
        return "\n".join(row.snapshot() for row in self.rows if not row.is_blank())
