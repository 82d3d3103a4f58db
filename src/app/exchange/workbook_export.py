"""Export of the exchange workbook: the same sheets and headers the import reads,
so export -> import into an empty database reproduces every record.

Safe to open (CWE-1236): a text starting with = + - @, tab or CR is written as
a text cell marked quotePrefix, never as a formula, and Excel keeps it text even
when the cell is edited. The file is written beside the target and renamed into
place, so a failure never leaves a half-written workbook under the chosen name.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.errors import UserError
from app.paths import publish_file

_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_DATE_FORMAT = "yyyy-mm-dd"


@dataclass
class ExportReport:
    path: Path
    counts: dict[str, int]  # sheet name -> rows written

    def summary(self) -> str:
        parts = "、".join(f"{sheet} {n} 行" for sheet, n in self.counts.items())
        return f"导出完成：{parts}；已保存到 {self.path}"


def export_workbook(services, path: Path | str) -> ExportReport:
    """Write every sheet of the exchange workbook to ``path`` (.xlsx)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    path = Path(path).expanduser()
    _check_target(path)
    book = Workbook(write_only=True)
    try:
        counts = _fill(services, book, WriteOnlyCell, Font, get_column_letter)
        _save(book, path)
    except BaseException:
        _discard(book)
        raise
    return ExportReport(path, counts)


def _fill(services, book, cell_cls, font_cls, column_letter) -> dict[str, int]:
    counts: dict[str, int] = {}
    with services.db.reading() as session:
        connection = session.connection()
        for handler_cls in services.sheet_handlers():
            handler = handler_cls()
            sheet = book.create_sheet(handler.sheet)
            for index, column in enumerate(handler.columns, start=1):
                sheet.column_dimensions[column_letter(index)].width = _width(column.header)
            sheet.freeze_panes = "A2"
            header = []
            for column in handler.columns:
                cell = cell_cls(sheet, value=column.header)
                cell.font = font_cls(bold=True)
                header.append(cell)
            sheet.append(header)
            written = 0
            for row in handler.export_rows(connection):
                sheet.append([_cell(sheet, value, cell_cls) for value in row])
                written += 1
            counts[handler.sheet] = written
    return counts


def _discard(book) -> None:
    """Close the sheets of an unsaved write-only workbook and delete their temp files."""
    for sheet in book.worksheets:
        try:
            if not sheet.closed:
                sheet.close()
            writer = getattr(sheet, "_writer", None)
            if writer is not None:
                writer.cleanup()
        except Exception:  # noqa: BLE001 - best effort while another error propagates
            pass


def _width(header: str) -> float:
    return max(10.0, 2.2 * len(header) + 4)


def _cell(sheet, value: Any, cell_cls) -> Any:
    if isinstance(value, str):
        value = _printable(value)
        if not value:
            return None
        if value.startswith(_FORMULA_TRIGGERS):
            cell = cell_cls(sheet, value=value)
            cell.data_type = "s"  # openpyxl would otherwise write "=..." as a formula
            cell.quotePrefix = True
            return cell
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        cell = cell_cls(sheet, value=value)
        cell.number_format = _DATE_FORMAT
        return cell
    return value


def _printable(text: str) -> str:
    # Characters XML 1.0 cannot hold; openpyxl would refuse the whole file.
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise UserError(f"「{path}」是文件夹，请给出要保存的文件名（.xlsx）")
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"导出的文件名必须以 .xlsx 结尾：{path.name}")
    if not path.parent.is_dir():
        raise UserError(f"保存位置不存在：{path.parent}")


def _save(book, path: Path) -> None:
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.stem}-", suffix=".xlsx.partial", dir=path.parent
        )
        os.close(handle)
    except OSError as exc:
        raise UserError(f"无法在「{path.parent}」中保存文件：{_reason(exc)}") from exc
    try:
        book.save(temporary)
        publish_file(temporary, path)
    except OSError as exc:
        raise UserError(f"无法保存「{path.name}」：{_reason(exc)}") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "没有写入权限，或文件正被其他程序（如 Excel）打开，请关闭后重试"
    if getattr(exc, "errno", None) == 28:
        return "磁盘空间不足"
    return exc.strerror or str(exc)
