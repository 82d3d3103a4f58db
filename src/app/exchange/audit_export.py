"""The 操作记录 exported to Excel: the lines the window lists (the same filter),
one row each, a thousand at a time, with the cell rules of the exchange
workbook (a text starting with = + - @ stays text, never a live formula; the
file is written beside the target and renamed into place)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.exchange.workbook_export import _cell, _check_target, _discard, _save
from app.services.audit_log import AuditFilter

HEADERS = ("时间", "经办人", "操作", "范围", "记录", "内容")
WIDTHS = (20, 12, 8, 12, 30, 80)
SHEET = "操作记录"


@dataclass(frozen=True)
class AuditExport:
    path: Path
    rows: int

    def summary(self) -> str:
        return f"已导出 {self.rows} 条操作记录到 {self.path}"


def export_audit_log(
    services,
    where: AuditFilter,
    path: Path | str,
    progress: Callable[[int, int], None] | None = None,
) -> AuditExport:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    path = Path(path).expanduser()
    _check_target(path)
    log = services.audit_log
    total = log.count(where)
    book = Workbook(write_only=True)
    try:
        sheet = book.create_sheet(SHEET)
        for index, width in enumerate(WIDTHS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        header = []
        for text in HEADERS:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        written = 0
        for lines in log.lines(where):
            for line in lines:
                values = (
                    line.at.strftime("%Y-%m-%d %H:%M:%S"),
                    line.actor,
                    line.action,
                    line.area,
                    line.record,
                    line.changes,
                )
                sheet.append([_cell(sheet, value, WriteOnlyCell) for value in values])
            written += len(lines)
            if progress is not None:
                progress(written, max(total, written))
        _save(book, path)
    except BaseException:
        _discard(book)
        raise
    return AuditExport(path, written)
