"""One runner for every action that changes data.

It runs the service call, shows a user's mistake (``UserError``) as a Chinese
message through ``Prompts``, and announces which areas changed so only those
pages refresh (the idea of Anki's ``aqt/operations``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.areas import all_changes
from app.areas.roster import PEOPLE, UNITS
from app.domain.errors import UserError, ValidationFailed
from app.ui.prompts import Prompts

T = TypeVar("T")

# What changed; pages refresh when one they show is announced. Each area
# declares its change keys (app.areas); "everything" is all of them.
EVERYTHING = all_changes()
__all__ = ["EVERYTHING", "PEOPLE", "UNITS", "Failed", "Operations"]


class Failed(Exception):
    """Raised by ``run`` when the action did not happen (the user was told)."""


class Operations(QObject):
    changed = Signal(frozenset)

    def __init__(self, prompts: Prompts, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.prompts = prompts

    def run(
        self,
        parent: QWidget | None,
        action: Callable[[], T],
        *,
        changes: Iterable[str] = (),
        title: str = "",
        inline_fields: Iterable[str] = (),
        cancelled: Callable[[], bool] | None = None,
    ) -> T:
        """Run ``action``; announce ``changes`` on success.

        A ``ValidationFailed`` whose every field is in ``inline_fields`` is
        re-raised for the form to show next to its fields; any other
        ``UserError`` is shown in a message box and becomes ``Failed``. When
        ``cancelled()`` says the user stopped the action, its message is a
        notice, not an error.
        """
        fields = set(inline_fields)
        try:
            result = action()
        except ValidationFailed as exc:
            if fields and set(exc.errors) <= fields:
                raise
            self.prompts.error(parent, title or self.tr("无法保存"), exc.message)
            raise Failed(exc.message) from exc
        except UserError as exc:
            if cancelled is not None and cancelled():
                self.prompts.info(parent, self.tr("已取消"), exc.message)
            else:
                self.prompts.error(parent, title or self.tr("无法完成操作"), exc.message)
            raise Failed(exc.message) from exc
        done = frozenset(changes)
        if done:
            self.changed.emit(done)
        return result

    def attempt(self, parent: QWidget | None, action: Callable[[], Any], **kwargs: Any) -> bool:
        """``run`` for callers that only need to know whether it worked."""
        try:
            self.run(parent, action, **kwargs)
        except Failed:
            return False
        return True

    def delete(
        self,
        parent: QWidget | None,
        title: str,
        question: str,
        action: Callable[[], Any],
        *,
        changes: Iterable[str],
    ) -> bool:
        """Ask ``question`` (a destructive confirm titled ``title``); on yes ``attempt``
        the deletion. False when the user said no or it failed."""
        if not self.prompts.confirm(parent, title, question, destructive=True):
            return False
        return self.attempt(parent, action, changes=changes, title=self.tr("无法删除"))
