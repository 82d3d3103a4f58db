"""Long work (import, export, backup, restore, a report) off the GUI thread.

``BackgroundTask`` runs ``work(progress, cancelled)`` on a worker thread while a
window-modal ``ProgressDialog`` shows how far it got; the window keeps painting
and the dialog's 取消 keeps answering. The worker never touches a widget: it
reports through two thread-safe callables and two queued signals, and the task
hands the result (or the exception) back on the GUI thread. Callers go through
``Operations.run_in_background``, which turns that outcome into the same
message boxes and change announcements as every other action.

Database access from the worker is safe because nothing is shared: every
service call opens its own unit of work (its own Session and pooled
connection), SQLite file engines use SQLAlchemy's QueuePool with
``check_same_thread=False``, and in WAL mode the GUI thread's reads do not wait
for the worker's write transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class Progress(Protocol):
    def __call__(self, done: int, total: int) -> None: ...


# What a caller hands in: it runs on the worker thread, calls progress(done, total)
# now and then (total 0: unknown) and stops, raising, once cancelled() is True.
Work = Callable[[Progress, Callable[[], bool]], Any]


class ProgressDialog(QDialog):
    """What the user sees while a task runs: a label, a bar and, when the
    caller says cancelling is safe, 取消.

    Not a QProgressDialog: that one hides itself the moment 取消 is pressed,
    unblocking the window while the worker is still winding down, and lets
    Escape close it even without a cancel button. This one stays until the
    work has really stopped; Escape and the title bar's close mean 取消.
    """

    cancel_requested = Signal()

    def __init__(
        self, parent: QWidget | None, title: str, label: str, *, cancellable: bool
    ) -> None:
        super().__init__(parent)
        self.cancellable = cancellable
        self._cancelling = False
        self._done = False
        self.setWindowTitle(title)
        self.setWindowModality(
            Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal
        )
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, cancellable)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setMinimumWidth(400)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.setSpacing(10)
        self.label = QLabel(label)
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first report says how much there is
        layout.addWidget(self.bar)
        self.cancel_button: QPushButton | None = None
        if cancellable:
            row = QHBoxLayout()
            row.addStretch(1)
            self.cancel_button = QPushButton(self.tr("取消"))
            self.cancel_button.setAutoDefault(False)
            self.cancel_button.clicked.connect(self.request_cancel)
            row.addWidget(self.cancel_button)
            layout.addLayout(row)

    @property
    def cancelling(self) -> bool:
        return self._cancelling

    def show_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(max(0, min(done, total)))
        else:
            self.bar.setRange(0, 0)

    def request_cancel(self) -> None:
        if not self.cancellable or self._cancelling or self._done:
            return
        self._cancelling = True
        self.label.setText(self.tr("正在取消…"))
        if self.cancel_button is not None:
            self.cancel_button.setEnabled(False)
        self.cancel_requested.emit()

    def reject(self) -> None:
        # Escape and the title bar's close button both end here: they ask to
        # cancel; the dialog itself stays until the work has stopped.
        self.request_cancel()

    def finish(self) -> None:
        """The work has stopped: close for good."""
        self._done = True
        super().reject()


class _Worker(QRunnable):
    def __init__(self, task: BackgroundTask) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run_work()


class BackgroundTask(QObject):
    """One piece of work on a worker thread, and its handle for the caller.

    ``finished`` is emitted on the GUI thread once the outcome has been
    handled (messages shown, ``on_done`` called); ``wait()`` does the same
    synchronously. Afterwards ``result`` holds what ``work`` returned, or
    ``error`` what it raised, and ``cancelled`` whether the user pressed 取消.
    """

    finished = Signal()
    # Emitted from the worker thread: queued to this object's (the GUI) thread.
    _progressed = Signal()
    _worker_ended = Signal()

    def __init__(
        self,
        work: Work,
        dialog: ProgressDialog,
        complete: Callable[[BackgroundTask], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.dialog = dialog
        self.result: Any = None
        self.error: BaseException | None = None
        self._work = work
        self._complete = complete
        self._cancel = threading.Event()
        self._ended = threading.Event()
        self._lock = threading.Lock()
        self._latest = (0, 0)
        self._progress_pending = False
        self._handled = False
        dialog.cancel_requested.connect(self._cancel.set)
        self._progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self._worker_ended.connect(self._handle_outcome, Qt.ConnectionType.QueuedConnection)

    # ----- GUI thread ------------------------------------------------------------

    def start(self, pool: QThreadPool) -> None:
        self.dialog.open()
        pool.start(_Worker(self))

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def done(self) -> bool:
        """The outcome has been handled on the GUI thread."""
        return self._handled

    def cancel(self) -> None:
        """As if the user pressed 取消 (does nothing when cancelling is unsafe)."""
        self.dialog.request_cancel()

    def outcome(self) -> Any:
        """What ``work`` returned; re-raises what it raised."""
        if self.error is not None:
            raise self.error
        return self.result

    def wait(self, timeout_ms: int | None = None) -> bool:
        """Block until the work has ended, then handle its outcome at once.

        For shutdown and scripts; the GUI itself waits with ``finished``.
        False when ``timeout_ms`` passed first.
        """
        if not self._ended.wait(None if timeout_ms is None else timeout_ms / 1000):
            return False
        QCoreApplication.sendPostedEvents(self)  # the last progress reports
        self._handle_outcome()
        return True

    @Slot()
    def _show_progress(self) -> None:
        with self._lock:
            done, total = self._latest
            self._progress_pending = False
        if not self._handled:
            self.dialog.show_progress(done, total)

    @Slot()
    def _handle_outcome(self) -> None:
        if self._handled:
            return
        self._handled = True
        self.dialog.finish()
        self.dialog.deleteLater()
        try:
            self._complete(self)
        finally:
            self.finished.emit()

    # ----- worker thread ---------------------------------------------------------

    def _run_work(self) -> None:
        try:
            self.result = self._work(self._report, self._cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self.error = exc
        try:
            self._worker_ended.emit()
        finally:
            # Last: once wait() sees this, the worker no longer touches the task.
            self._ended.set()

    def _report(self, done: int, total: int) -> None:
        # Coalesced: however often the worker reports, at most one update
        # waits in the GUI thread's queue, and it shows the latest figures.
        with self._lock:
            self._latest = (int(done), int(total))
            if self._progress_pending:
                return
            self._progress_pending = True
        self._progressed.emit()
