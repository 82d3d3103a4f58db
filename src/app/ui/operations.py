"""One runner for every action that changes data.

It runs the service call, shows a user's mistake (``UserError``) as a Chinese
message through ``Prompts``, and announces which areas changed so only those
pages refresh (the idea of Anki's ``aqt/operations``). Long work runs the same
way through ``run_in_background``, on a worker thread (``app.ui.background``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app.areas import all_changes
from app.areas.roster import PEOPLE, UNITS
from app.domain.errors import DEFAULT_IN_USE_ADVICE, UserError, ValidationFailed, in_use_message
from app.ui.prompts import Prompts
from app.ui.report_files import ReportFiles

if TYPE_CHECKING:
    from app.ui.background import BackgroundTask, Work

T = TypeVar("T")

# What changed; pages refresh when one they show is announced. Each area
# declares its change keys (app.areas); "everything" is all of them.
EVERYTHING = all_changes()
__all__ = ["EVERYTHING", "PEOPLE", "UNITS", "Failed", "Operations", "Remedy"]


class Failed(Exception):
    """Raised by ``run`` when the action did not happen (the user was told)."""


@dataclass(frozen=True)
class Remedy:
    """What can be done instead of a deletion that is refused: a button in the
    refusal (标记已转出…) and what clicking it does."""

    label: str
    run: Callable[[], object]


class Operations(QObject):
    changed = Signal(frozenset)
    # 设置 was saved (from the menu or from a report's prompt): the window
    # shows the 支部名称 anew.
    settings_saved = Signal()

    def __init__(self, prompts: Prompts, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.prompts = prompts
        # One worker: two long jobs on one database would only queue on its
        # write lock; here the second waits its turn without holding a connection.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running: list[BackgroundTask] = []
        self._close_when_idle: QWidget | None = None
        # Reports written to be previewed before the user saves or prints them.
        self.report_files = ReportFiles()
        # Why nothing may be changed (the database is open read-only), or None;
        # the main window sets it. Every change is refused up front, in words.
        self.read_only: str | None = None

    def refuse_if_read_only(self, parent: QWidget | None) -> bool:
        """Say why nothing can be changed and return True, when read-only."""
        if self.read_only is None:
            return False
        self.prompts.error(parent, self.tr("数据库为只读"), self.read_only)
        return True

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
        changes = frozenset(changes)
        if changes and self.refuse_if_read_only(parent):
            raise Failed(self.read_only)
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
        what: str = "",
        dependents: Callable[[], list[str]] | None = None,
        advice: str = DEFAULT_IN_USE_ADVICE,
        remedies: Sequence[Remedy] = (),
    ) -> bool:
        """Delete a record, asking first.

        ``dependents()`` (a read-only service call) says what refers to the
        record; when something does, nothing is asked: the user reads that
        ``what`` cannot be deleted, why, and ``advice``, with a button for each
        of ``remedies``. Otherwise ``question`` is asked (a destructive confirm
        titled ``title``) and on yes the deletion is ``attempt``-ed (the service
        still refuses if records appeared meanwhile). False when nothing was
        deleted."""
        if self.refuse_if_read_only(parent):
            return False
        if dependents is not None:
            try:
                found = self.run(parent, dependents, title=self.tr("无法删除"))
            except Failed:
                return False
            if found:
                self._refuse(parent, in_use_message(what, found, advice), remedies)
                return False
        if not self.prompts.confirm(parent, title, question, destructive=True):
            return False
        return self.attempt(parent, action, changes=changes, title=self.tr("无法删除"))

    def _refuse(self, parent: QWidget | None, text: str, remedies: Sequence[Remedy]) -> None:
        title = self.tr("无法删除")
        if not remedies:
            self.prompts.error(parent, title, text)
            return
        chosen = self.prompts.choose(parent, title, text, [r.label for r in remedies])
        for remedy in remedies:
            if remedy.label == chosen:
                remedy.run()

    # ----- long work on a worker thread -----------------------------------------

    def run_in_background(
        self,
        parent: QWidget | None,
        work: Work,
        *,
        title: str,
        label: str,
        changes: Iterable[str] = (),
        cancellable: bool = False,
        error_title: str = "",
        on_done: Callable[[Any], None] | None = None,
        on_failed: Callable[[], object] | None = None,
    ) -> BackgroundTask:
        """Run ``work(progress, cancelled)`` on a worker thread behind a modal
        progress dialog titled ``title`` that says ``label``.

        ``work`` must not touch widgets; it reports ``progress(done, total)``
        and, when ``cancellable`` (the caller vouches that stopping half-way
        leaves nothing changed), stops once ``cancelled()`` is True. When it
        ends, on the GUI thread and exactly as ``run`` does: a ``UserError`` is
        shown titled ``error_title`` (a notice if the user cancelled) and
        ``on_failed()`` is called; otherwise ``changes`` are announced and
        ``on_done(result)`` is called. Returns the task: its ``finished``
        signal follows all of that.
        """
        # Loaded on first use: its classes are not needed to paint the window.
        from app.ui.background import BackgroundTask, ProgressDialog

        dialog = ProgressDialog(parent, title, label, cancellable=cancellable)

        def complete(task: BackgroundTask) -> None:
            self._running.remove(task)
            try:
                try:
                    result = self.run(
                        parent,
                        task.outcome,
                        changes=changes,
                        title=error_title,
                        cancelled=lambda: task.cancelled,
                    )
                except Failed:
                    if on_failed is not None:
                        on_failed()
                    return
                if on_done is not None:
                    on_done(result)
            finally:
                self._close_if_idle()

        task = BackgroundTask(work, dialog, complete)
        self._running.append(task)
        task.start(self._pool)
        return task

    @property
    def running(self) -> tuple[BackgroundTask, ...]:
        """The background tasks not finished yet, oldest first."""
        return tuple(self._running)

    @property
    def busy(self) -> bool:
        """Some background work has not ended (or its outcome not been shown) yet."""
        return bool(self._running)

    def wait_for_background(self) -> None:
        """Block until every background task has ended and been handled (shutdown)."""
        while self._running:
            self._running[0].wait()

    def ready_to_close(self, window: QWidget) -> bool:
        """May ``window`` close now? Not while background work runs: the work
        that may be cancelled is offered to be cancelled, and the window closes
        by itself once the work has ended. The database stays untouched by the
        close (its backup) until then."""
        if not self._running:
            return True
        if self._close_when_idle is not None:
            return False
        task = self._running[-1]
        if task.dialog.cancellable and not task.cancelled:
            question = self.tr("“{title}”还没有完成。要取消它并关闭窗口吗？").format(
                title=task.dialog.windowTitle()
            )
            if not self.prompts.confirm(window, self.tr("关闭窗口"), question):
                return False
            task.cancel()
        self._close_when_idle = window
        return False

    def _close_if_idle(self) -> None:
        window, self._close_when_idle = self._close_when_idle, None
        if window is not None and not self._running:
            QTimer.singleShot(0, window.close)
        elif window is not None:
            self._close_when_idle = window
