"""Import of the exchange workbook: all or nothing, merging instead of duplicating.

1. The file is checked (type, zip bomb) and every known sheet is read and its
   cells converted; no database access yet.
2. In one unit of work (SQLite: BEGIN IMMEDIATE, so nobody writes in between),
   each sheet handler checks its rows against the database and plans its writes.
3. Any problem: ``ImportFailed`` with every problem found, nothing written.
   Otherwise the plans are written with Core statements, one audit row for
   the import plus one per created or changed record; the database as it was
   is backed up (only if something changed), and the whole import commits at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import ImportFailed
from app.exchange.sheets import ImportContext, SheetCounts, Ticker
from app.exchange.xlsx_reader import Problem, SheetTable, open_workbook
from app.persistence.audit import record_bulk


@dataclass
class ImportReport:
    counts: dict[str, SheetCounts]  # sheet name -> counts, in workbook order
    missing_sheets: list[str] = field(default_factory=list)
    backup: Path | None = None
    unread_sheets: list[str] = field(default_factory=list)  # in the file, not read

    def summary(self) -> str:
        parts = [
            f"{sheet} 新增 {c.created}、更新 {c.updated}、未变 {c.unchanged}"
            for sheet, c in self.counts.items()
        ]
        text = "导入完成：" + ("；".join(parts) if parts else "没有可导入的记录")
        if self.missing_sheets:
            text += (
                "；工作簿中没有「" + "」「".join(self.missing_sheets) + "」工作表，这些数据未改动"
            )
        if self.unread_sheets:
            text += "；未读取的工作表：" + "、".join(self.unread_sheets)
        return text


def import_workbook(
    services,
    path: Path | str,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import ``path`` into the database of ``services``; see the module docstring.

    ``progress(done, total)`` is called now and then; ``cancel()`` returning True
    stops the import with UserError and nothing written.
    """
    path = Path(path)
    handlers = [cls() for cls in services.sheet_handlers()]
    order = {h.sheet: i for i, h in enumerate(handlers)}
    problems: list[Problem] = []
    tables: dict[str, SheetTable | None] = {}

    with open_workbook(path) as book:
        present = {h.sheet: book.find_sheet(h.sheet) for h in handlers}
        known = set(present.values())
        unread = [name for name in book.sheet_names if name not in known]
        if not any(present.values()):
            expected = "、".join(f"「{h.sheet}」" for h in handlers)
            found = "、".join(f"「{n}」" for n in book.sheet_names) or "无"
            raise ImportFailed(
                [
                    (
                        None,
                        None,
                        None,
                        f"工作簿中没有可导入的工作表（应为 {expected}；现有：{found}）",
                    )
                ]
            )
        # Reading, checking and writing each count once per row. The sheets'
        # declared sizes are an estimate (some writers leave them out: then the
        # bar is busy while reading); once read, the real count sets the total.
        estimate = sum(book.row_estimate(actual) for actual in present.values() if actual)
        ticker = Ticker(progress, cancel, total=3 * estimate)
        ticker.report()
        for handler in handlers:
            actual = present[handler.sheet]
            tables[handler.sheet] = (
                book.read_sheet(actual, handler.sheet, handler.columns, problems, ticker.tick)
                if actual
                else None
            )
        rows = sum(len(t.rows) for t in tables.values() if t is not None)
        ticker.set_total(ticker.done + 2 * rows)
        ticker.report()

    with services.db.unit_of_work() as session:
        ctx = ImportContext(
            connection=session.connection(),
            actor=services.db.actor,
            problems=problems,
            ticker=ticker,
        )
        for handler in handlers:
            handler.check(tables[handler.sheet], ctx)
        if problems:
            problems.sort(key=lambda p: (order.get(p[0] or "", -1), p[1] or 0))
            raise ImportFailed(problems)
        ticker.check_cancel()
        counts: dict[str, SheetCounts] = {}
        for handler in handlers:
            if tables[handler.sheet] is not None:
                counts[handler.sheet] = handler.write(ctx)
        changed = any(c.created or c.updated for c in counts.values())
        # The backup is taken now, before COMMIT: it copies through its own
        # connection, which sees only committed data, i.e. the database as it
        # was before this import. Taking it here means an import that changes
        # nothing makes no backup, and a failed backup still leaves nothing written.
        backup = _backup_before_import(services) if changed else None
        report = ImportReport(
            counts=counts,
            missing_sheets=[h.sheet for h in handlers if tables[h.sheet] is None],
            backup=backup,
            unread_sheets=unread,
        )
        # One entry for the import (its file and counts); the per-record rows
        # point at it, so the 操作记录 lists an import of 10,000 rows as one line.
        record_bulk(
            ctx.connection,
            "import",
            "workbook",
            f"{path.name}：{report.summary()}",
            ctx.actor,
            details={
                "file": path.name,
                "counts": {
                    sheet: {"created": c.created, "updated": c.updated, "unchanged": c.unchanged}
                    for sheet, c in counts.items()
                },
            },
            rows=ctx.audit_rows,
        )
        ctx.audit_rows = []
        ticker.check_cancel()  # the last moment a cancel still leaves nothing written
    # Thousands of rows are in the -wal now: into the .sqlite3 file with them, so
    # a copy of the file alone (or a lost -wal) holds the import.
    services.db.checkpoint()
    ticker.finish()
    return report


def _backup_before_import(services) -> Path | None:
    from app.persistence.backups import BEFORE_IMPORT

    return services.backups.create(reason=BEFORE_IMPORT)
