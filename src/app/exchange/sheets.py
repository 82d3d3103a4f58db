"""The per-sheet structure of the exchange workbook.

Each sheet (单位, 人员, 结对, 帮扶活动, later 党员承诺 ...) is one ``SheetHandler``:
its columns, how its rows are checked against the database, how the checked
plan is written, and what the export writes. The import and export cores only
loop over ``services.sheet_handlers()``, which the areas' descriptors
(``app.areas``) fill: an area adds a sheet by writing a handler module and
naming it in its ``Area.sheets``, without touching the reader or the cores.

Handlers run in the areas' order, so a sheet may rely on what an earlier one
left in the ``ImportContext`` (people rely on the unit names, pairings on the
people index).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Connection

from app.domain.errors import UserError
from app.exchange.xlsx_reader import Column, Problem, SheetTable
from app.persistence.audit import audit_row, write_audit_rows

CANCELLED_MESSAGE = "导入已取消，未写入任何数据"


@dataclass
class SheetCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


class Ticker:
    """Progress reports and cancellation checks, cheap enough to call per row."""

    EVERY = 250

    def __init__(
        self,
        progress: Callable[[int, int], None] | None,
        cancel: Callable[[], bool] | None,
        total: int,
    ) -> None:
        self._progress = progress
        self._cancel = cancel
        self.total = max(total, 0)  # 0: not known yet (a busy indicator)
        self.done = 0

    def set_total(self, total: int) -> None:
        """The real amount of work, once it is known (after reading the sheets)."""
        self.total = max(total, self.done + 1)

    def tick(self, steps: int = 1) -> None:
        self.done += steps
        if self.done % self.EVERY < steps:
            self.report()

    def report(self) -> None:
        self.check_cancel()
        if self._progress is not None:
            if self.total:
                self._progress(min(self.done, self.total - 1), self.total)
            else:
                self._progress(self.done, 0)

    def check_cancel(self) -> None:
        if self._cancel is not None and self._cancel():
            raise UserError(CANCELLED_MESSAGE)

    def finish(self) -> None:
        if self._progress is not None:
            total = max(self.total, 1)
            self._progress(total, total)


@dataclass
class ImportContext:
    """What one import shares between its sheets, inside one transaction."""

    connection: Connection
    actor: str
    problems: list[Problem]
    ticker: Ticker
    today: dt.date = field(default_factory=dt.date.today)
    # Filled by the 单位 handler: names that exist once the import is written,
    # and (after writing) their ids.
    unit_names: set[str] = field(default_factory=set)
    unit_ids: dict[str, int] = field(default_factory=dict)
    # Filled by the 人员 handler: every person row as it will be once written,
    # (id on file or None, name, 工号, unit name), so later sheets can resolve names.
    people_after: list[tuple[int | None, str, str, str]] = field(default_factory=list)
    # Filled by the 人员 handler: each person row's 政治面貌 as it will be, by
    # (name, 工号, unit name) as in people_after (who may make a pledge).
    political_after: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    # Names of the pairings that exist once the import is written (结对 handler).
    pairing_names: set[str] = field(default_factory=set)
    audit_rows: list[dict[str, Any]] = field(default_factory=list)

    def problem(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append((sheet, row, column, message))

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: int | None,
        summary: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        """Queue a per-record audit row (built as the ORM listeners build theirs);
        written in one executemany at the end."""
        self.audit_rows.append(
            audit_row(self.actor, action, entity, entity_id, summary, before, after)
        )

    def flush_audit(self) -> None:
        write_audit_rows(self.connection, self.audit_rows)
        self.audit_rows = []


def choices(enum_cls) -> str:
    """An enum's labels as a problem message lists them: 男、女."""
    return "、".join(enum_cls.labels())


class SheetHandler(Protocol):
    """One sheet of the exchange workbook. A new instance serves one import."""

    sheet: str  # the sheet's name in the workbook
    columns: tuple[Column, ...]

    def check(self, table: SheetTable | None, ctx: ImportContext) -> None:
        """Validate the rows (None: the sheet is missing) and plan the writes.

        Reads the database through ``ctx.connection`` but never writes; every
        problem goes to ``ctx.problem`` with the Excel row and column header.
        """

    def write(self, ctx: ImportContext) -> SheetCounts:
        """Carry out the plan made by ``check``; only called when nothing failed."""

    def export_rows(self, connection: Connection) -> Iterable[Sequence[Any]]:
        """Rows for the export, one value per column of ``columns``, in order."""
