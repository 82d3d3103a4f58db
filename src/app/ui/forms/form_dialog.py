"""What PersonForm and UnitForm share: a grid of labelled fields, each with
its own red Chinese message underneath, shown as the user types or leaves a
field, and a 保存 button that saves nothing until the whole form is valid.

Every message has its place kept free under its field, a line high, so a
message coming or going moves nothing; one too long for a line takes the
room it needs and gives it back when it clears."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationFailed
from app.ui.operations import Failed

SaveCallback = Callable[[Any], Any]


class FormDialog(QDialog):
    """Subclasses add fields with ``add_field`` and implement ``values`` and
    ``validate`` (returning field -> message)."""

    def __init__(self, parent: QWidget | None, title: str, save: SaveCallback | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("formDialog")
        self._save = save
        self.saved_result: Any = None
        self.fields: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.field_labels: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self._server_errors: dict[str, str] = {}
        self._pristine: tuple = ()
        # asked before unsaved changes are thrown away; None: never asked
        self.confirm_discard: Callable[[], bool] | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 18, 20, 14)
        outer.setSpacing(12)
        self.heading = QLabel(title)
        self.heading.setObjectName("formHeading")
        outer.addWidget(self.heading)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(2)
        outer.addLayout(self.grid)
        outer.addStretch(1)  # a taller dialog adds room under the fields, not between them
        self._height_before_messages: int | None = None
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        # Default only once the button is inside the dialog, so the dialog records
        # it: Enter keeps saving after a refused save (a click moves the default).
        self.save_button.setDefault(True)

    # ----- building ------------------------------------------------------------

    def add_field(
        self,
        key: str,
        label: str,
        widget: QWidget,
        row: int,
        column: int = 0,
        *,
        required: bool = False,
        span: int = 1,
    ) -> QWidget:
        """Place ``widget`` at grid ``row`` (two grid rows: field and message)."""
        text = f"{label}<span style='color:#c0392b'> *</span>" if required else label
        caption = QLabel(text)
        caption.setTextFormat(Qt.TextFormat.RichText)
        caption.setBuddy(widget)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        caption.setMinimumHeight(30)
        error = QLabel()
        error.setObjectName("fieldError")
        error.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        error.setMinimumHeight(_one_line_height(error))  # the message's place, kept free
        grid_column = column * 3
        self.grid.addWidget(caption, row * 2, grid_column, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(widget, row * 2, grid_column + 1, 1, span * 3 - 2)
        self.grid.addWidget(error, row * 2 + 1, grid_column + 1, 1, span * 3 - 2)
        if column > 0:
            self.grid.setColumnMinimumWidth(grid_column - 1, 18)
        if widget.minimumSizeHint().height() < 30:  # one-line fields; never squeeze a larger one
            widget.setMinimumHeight(30)
        widget.setAccessibleName(label)
        self.fields[key] = widget
        self.error_labels[key] = error
        self.field_labels[key] = caption
        return widget

    def watch(self, key: str, widget: QWidget) -> None:
        """Validate when ``widget`` is edited (live once touched) and when left."""
        for signal_name in ("textEdited", "edited", "currentIndexChanged", "textChanged"):
            signal = getattr(widget, signal_name, None)
            if signal is not None and hasattr(signal, "connect"):
                if signal_name == "currentIndexChanged":  # a choice is made at once
                    signal.connect(lambda *_, k=key: self._left(k))
                else:
                    signal.connect(lambda *_, k=key: self._changed(k))
                break
        finished = getattr(widget, "editingFinished", None)
        if finished is not None:
            finished.connect(lambda k=key: self._left(k))

    def mark_pristine(self) -> None:
        """Remember the fields as loaded: closing is free until they change."""
        self._pristine = self._snapshot()

    def is_dirty(self) -> bool:
        return self._snapshot() != self._pristine

    def _snapshot(self) -> tuple:
        state = []
        for widget in self.fields.values():
            for getter in ("toPlainText", "text", "currentIndex"):
                if callable(getattr(widget, getter, None)):
                    state.append(getattr(widget, getter)())
                    break
            else:  # composite fields (date, tags) keep their text in a line edit
                state.append(widget.line_edit.text())
        return tuple(state)

    def reject(self) -> None:
        """Cancel, Esc or the close button: ask before typed work is thrown away."""
        if (
            self.result() != QDialog.DialogCode.Accepted
            and self.confirm_discard is not None
            and self.is_dirty()
            and not self.confirm_discard()
        ):
            return
        super().reject()

    def set_save(self, save: SaveCallback) -> None:
        """What 保存 calls with ``values()`` once the form is valid."""
        self._save = save

    # ----- to implement ----------------------------------------------------------

    def values(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def validate(self) -> dict[str, str]:  # pragma: no cover - abstract
        raise NotImplementedError

    # ----- behaviour ------------------------------------------------------------

    def _changed(self, key: str) -> None:
        if not shiboken6.isValid(self):  # a field's signal after the form was deleted
            return
        self._server_errors.pop(key, None)
        if key in self._touched or self.error_labels[key].text():
            self.refresh_errors()

    def _left(self, key: str) -> None:
        # A field that still had the focus reports editingFinished while the
        # deleted form is torn down: there is nothing left to check then.
        if not shiboken6.isValid(self):
            return
        self._touched.add(key)
        self.refresh_errors()

    def touch_all(self) -> None:
        self._touched.update(self.fields)

    def refresh_errors(self, *, saving: bool = False) -> dict[str, str]:
        errors = self.validate()
        for key, message in self._server_errors.items():
            errors.setdefault(key, message)
        errors.update(self.unchosen_errors(saving=saving))
        self.show_errors(errors)
        return errors

    def unchosen_errors(self, *, saving: bool = False) -> dict[str, str]:
        """Pickers (people, a 结对) still holding typed text that chose no one:
        saving refuses rather than drop what the user typed. While the user is
        still typing in one, it is left alone until they leave it or save."""
        errors: dict[str, str] = {}
        focus = QApplication.focusWidget()
        for key, widget in self.fields.items():
            pending = getattr(widget, "pending_error", None)
            if not callable(pending) or not widget.isVisibleTo(self):
                continue  # a field the form hides now is not saved either
            typing = focus is not None and (focus is widget or widget.isAncestorOf(focus))
            if saving or not typing:
                if message := pending():
                    errors[key] = message
        return errors

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.error_labels.items():
            message = errors.get(key) if key in self._touched else None
            label.setText(message or "")
            # wrapped only when a line is too short: an empty or one-line
            # message leaves the dialog's height alone
            label.setWordWrap(bool(message) and _too_wide(label, message))
            widget = self.fields[key]
            for part in [widget, *widget.findChildren(QWidget)]:
                if part.property("invalid") != bool(message):
                    part.setProperty("invalid", bool(message))
                    part.style().unpolish(part)
                    part.style().polish(part)
        self._fit_messages()

    def _fit_messages(self) -> None:
        """A message longer than its line takes room: grow rather than squeeze
        the fields, and go back to the height before once it needs no more."""
        if not self.isVisible():
            return
        layout = self.layout()
        layout.activate()
        hint = layout.totalHeightForWidth(self.width())
        if hint < 0:
            hint = self.sizeHint().height()
        if hint > self.height():
            if self._height_before_messages is None:
                self._height_before_messages = self.height()
            self.resize(self.width(), hint)
        elif self._height_before_messages is not None:
            if hint <= self._height_before_messages:
                self.resize(self.width(), self._height_before_messages)
                self._height_before_messages = None

    def error_text(self, key: str) -> str:
        """The message shown under a field ('' when none)."""
        return self.error_labels[key].text()

    def try_save(self) -> bool:
        self.touch_all()
        errors = self.refresh_errors(saving=True)
        if errors:
            self._focus_first(errors)
            return False
        if self._save is None:
            self.accept()
            return True
        try:
            self.saved_result = self._save(self.values())
        except ValidationFailed as exc:
            self._server_errors = dict(exc.errors)
            errors = self.refresh_errors(saving=True)
            self._focus_first(errors)
            return False
        except Failed:
            return False
        self.accept()
        return True

    def _focus_first(self, errors: dict[str, str]) -> None:
        for key in self.fields:
            if key in errors:
                self.fields[key].setFocus()
                return


def _too_wide(label: QLabel, text: str) -> bool:
    return label.fontMetrics().horizontalAdvance(text) > label.contentsRect().width()


def _one_line_height(label: QLabel) -> int:
    """The height of a one-line message in ``label``'s font and style."""
    label.ensurePolished()
    label.setText("国")
    height = label.sizeHint().height()
    label.setText("")
    return height
