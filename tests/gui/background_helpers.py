"""Waiting for the window's background work, and holding an import half-way."""

from __future__ import annotations

import threading
from pathlib import Path

from openpyxl import Workbook

# Generous: a shared, slow machine; no test asserts on speed.
WAIT_MS = 120_000


def wait_for_background(qtbot, window) -> None:
    """Until every background task of ``window`` has ended and its outcome was shown."""
    qtbot.waitUntil(lambda: not window.operations.busy, timeout=WAIT_MS)


class ImportGate:
    """Holds the real workbook import on its worker thread once its progress
    reaches ``at`` (a fraction of the total), until ``release()``: the test
    then looks at the window while the import is certainly mid-way.

    Use as a context manager: leaving it releases the worker, so a failing
    test never leaves a thread waiting.
    """

    def __init__(self, monkeypatch, at: float) -> None:
        import app.exchange.workbook_import as module

        real = module.import_workbook
        self.reached = threading.Event()
        self._go = threading.Event()
        self.position: tuple[int, int] | None = None

        def gated(services, path, progress=None, cancel=None):
            def report(done: int, total: int) -> None:
                if progress is not None:
                    progress(done, total)
                if not self.reached.is_set() and done >= at * total:
                    self.position = (done, total)
                    self.reached.set()
                    self._go.wait(WAIT_MS / 1000)

            return real(services, path, report, cancel)

        monkeypatch.setattr(module, "import_workbook", gated)

    def wait_reached(self, qtbot) -> None:
        qtbot.waitUntil(self.reached.is_set, timeout=WAIT_MS)

    def release(self) -> None:
        self._go.set()

    def __enter__(self) -> ImportGate:
        return self

    def __exit__(self, *_exc) -> None:
        self.release()


def people_workbook(path: Path, count: int, *, bad_row: int | None = None) -> Path:
    """A 人员 sheet of ``count`` people (姓名, 工号, 出生日期, 联系电话); the
    person on data row ``bad_row`` (1-based) has an impossible birth date."""
    # Not write_only: like Excel, this writes the sheet's <dimension>, which
    # the importer reads for the size of its progress bar.
    book = Workbook()
    sheet = book.active
    sheet.title = "人员"
    sheet.append(["姓名", "工号", "出生日期", "联系电话"])
    for i in range(1, count + 1):
        born = "1990-02-30" if i == bad_row else f"19{60 + i % 40}-0{1 + i % 9}-1{i % 10}"
        sheet.append([f"测试{i}", f"T{i:05d}", born, f"138{i:08d}"])
    book.save(path)
    return path
