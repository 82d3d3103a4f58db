"""加减分: one manual points entry of a member (date, points ±, reason).

The date starts at today, the points are typed with their sign (+3, -5), the
reason is required; the messages are the domain's (``points_entry_error``),
shown under the fields as the user types. Enter saves once the form is valid."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from app.domain.pledge_rules import MAX_REASON, points_entry_error
from app.ui.forms.form_dialog import FormDialog, SaveCallback
from app.ui.widgets.date_field import DateField

_INTEGER = re.compile(r"[+-]?\d{1,6}")
_MINUS_SIGNS = str.maketrans({"−": "-", "–": "-", "—": "-"})


class PointsEntryValues(NamedTuple):
    date: dt.date | None
    points: int | None  # None: not an integer as typed
    reason: str


def parse_points(text: str) -> int | None:
    """ "+3", "-5", "５", "－2" (full-width, as a Chinese input method types
    them) -> the integer; None for anything else."""
    value = unicodedata.normalize("NFKC", text).translate(_MINUS_SIGNS).replace(" ", "")
    return int(value) if _INTEGER.fullmatch(value) else None


class PointsField(QWidget):
    """The points as typed, with what they mean beside them (加 3 分 / 扣 5 分)."""

    edited = Signal()
    editingFinished = Signal()  # noqa: N815 - mirrors QLineEdit's signal name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        self.line_edit = QLineEdit()
        self.line_edit.setMaxLength(8)
        self.line_edit.setPlaceholderText(self.tr("如 +3 或 -5"))
        self.line_edit.setMinimumWidth(120)
        self.line_edit.setMaximumWidth(160)
        self.meaning = QLabel()
        self.meaning.setObjectName("countLabel")
        row.addWidget(self.line_edit)
        row.addWidget(self.meaning, 1)
        self.setFocusProxy(self.line_edit)
        self.line_edit.textEdited.connect(self.edited)
        self.line_edit.editingFinished.connect(self.editingFinished)
        self.line_edit.textChanged.connect(self._explain)

    def text(self) -> str:
        return self.line_edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 - mirrors QLineEdit
        self.line_edit.setText(text)

    def points(self) -> int | None:
        return parse_points(self.line_edit.text())

    def _explain(self, *_args) -> None:
        points = self.points()
        if not points:
            self.meaning.setText("")
        elif points > 0:
            self.meaning.setText(self.tr("加 {n} 分").format(n=points))
        else:
            self.meaning.setText(self.tr("扣 {n} 分").format(n=-points))


class PointsEntryForm(FormDialog):
    def __init__(
        self,
        person_name: str,
        parent: QWidget | None = None,
        *,
        title: str = "",
        save: SaveCallback | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        day: dt.date | None = None,
    ) -> None:
        """``day``: the date the form starts with (today when not given)."""
        super().__init__(parent, title or self.tr("加减分：{name}").format(name=person_name), save)
        self._today = today
        self.date = DateField(required=True, label=self.tr("日期"))
        self.date.set_date(day or today())
        self.date.setMaximumWidth(200)
        self.points = PointsField()
        self.reason = QLineEdit()
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(self.tr("例如 参加防汛抢险突击队"))
        self.add_field("date", self.tr("日期"), self.date, 0, required=True)
        self.add_field("points", self.tr("分值"), self.points, 1, required=True)
        self.add_field("reason", self.tr("原因"), self.reason, 2, required=True)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnMinimumWidth(1, 340)
        for key in ("date", "points", "reason"):
            self.watch(key, self.fields[key])
        self.setTabOrder(self.date.line_edit, self.points.line_edit)
        self.setTabOrder(self.points.line_edit, self.reason)
        self.setMinimumWidth(480)
        self.points.setFocus()  # the date is today: the points come first

    def load(self, day: dt.date, points: int, reason: str) -> None:
        self.date.set_date(day)
        self.points.setText(f"{points:+d}")
        self.reason.setText(reason)

    def values(self) -> PointsEntryValues:
        return PointsEntryValues(self.date.date(), self.points.points(), self.reason.text())

    def validate(self) -> dict[str, str]:
        values = self.values()
        errors = points_entry_error(values.date, values.points, values.reason, self._today())
        if message := self.date.error():
            errors["date"] = message
        return errors
