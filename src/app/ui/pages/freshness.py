"""Keeping a page's (or a tab's) data fresh without reading it while nobody
looks at it: one piece instead of a ``_stale`` flag, an ``on_changed`` and a
``showEvent`` in every page.

    self.freshness = RefreshWhenShown(self, self._read, operations, SHOWN_CHANGES)

reads the data (``self._read``) when the widget is first shown, and when one of
``SHOWN_CHANGES`` is announced: at once when the widget is shown, else when it
is next shown. A change the widget itself has already shown (a save it updated
in place, see ``app.ui.pages.paged_list``) is made inside
``updating_in_place()`` and does not read it again."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from app.ui.operations import Operations


class RefreshWhenShown(QObject):
    def __init__(
        self,
        widget: QWidget,
        read: Callable[[], object],
        operations: Operations | None = None,
        shown_changes: Iterable[str] = (),
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self._read = read
        self.shown_changes = frozenset(shown_changes)
        self.stale = True  # read when first shown
        self._in_place = 0
        widget.installEventFilter(self)
        if operations is not None and self.shown_changes:
            operations.changed.connect(self.on_changed)

    def on_changed(self, changes: Iterable[str]) -> None:
        if self._in_place or not (self.shown_changes & set(changes)):
            return
        self.changed()

    def changed(self) -> None:
        """The data changed: read it now when shown, else when next shown."""
        self.stale = True
        if self._widget.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the data now."""
        self.stale = False
        self._read()

    @contextmanager
    def updating_in_place(self) -> Iterator[None]:
        """Changes announced meanwhile are the widget's own, already shown."""
        self._in_place += 1
        try:
            yield
        finally:
            self._in_place -= 1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # getattr: Qt may still ask while the Python object is torn down at exit
        widget = getattr(self, "_widget", None)
        if watched is widget and event.type() == QEvent.Type.Show and self.stale:
            self.refresh()
        return False
