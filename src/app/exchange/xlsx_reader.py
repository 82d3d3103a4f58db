"""Reading exchange workbooks safely: the file checks that run before openpyxl
sees a byte, the sheet reader (header row, merged cells, formulas) and the
conversion of cells into clean Python values.

Nothing here knows about units or people: a sheet is described by a tuple of
``Column`` specs, and every problem comes back as a (sheet, excel_row, column
header, message) tuple, ready for ``ImportFailed``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from app.domain.errors import ImportFailed, UserError
from app.domain.text import clean_name, clean_text, clean_title, split_list
from app.domain.validation import MIN_DATE, parse_date

Problem = tuple[str | None, int | None, str | None, str]

# Limits checked on the zip directory before any XML is parsed. A 10,000-person
# sheet is a few MB of XML; ordinary xlsx parts compress 5-30x.
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_RATIO = 200
RATIO_CHECK_FROM_BYTES = 1024 * 1024

HEADER_SEARCH_ROWS = 10
EXCEL_DIGITS = 15  # Excel keeps 15 significant digits of a number

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# Excel writes characters XML cannot hold as _xHHHH_; openpyxl leaves them as is.
_ESCAPED_CONTROL = re.compile(r"_x00([01][0-9A-Fa-f])_")


class Kind(Enum):
    TEXT = "text"  # free text; numbers come back as their digits
    NAME = "name"  # a unit's name: padding spaces removed
    PERSON = "person"  # a person's name, as NAME; a number or a date in the cell is refused
    TITLE = "title"  # the name of a thing (a pairing): inner spaces kept, runs collapsed
    DATE = "date"
    LIST = "list"  # 、 ， , ; separated items -> list[str]


@dataclass(frozen=True)
class Column:
    """One column a sheet may have. ``header`` is what the export writes."""

    key: str
    header: str
    kind: Kind = Kind.TEXT
    max_length: int = 200
    aliases: tuple[str, ...] = ()
    required: bool = False  # the header must be present for the sheet to be read


class _Uncalculated:
    """A formula cell that was never calculated: there is no value to import."""

    def __repr__(self) -> str:
        return "UNCALCULATED"


UNCALCULATED = _Uncalculated()


@dataclass(frozen=True)
class CellError:
    """An Excel error value such as #N/A or #REF!."""

    code: str


@dataclass
class SheetRow:
    excel_row: int
    values: dict[str, Any]  # key -> converted value, for columns present and valid
    invalid: set[str] = field(default_factory=set)  # keys whose cell was rejected

    def has(self, key: str) -> bool:
        return key in self.values


@dataclass
class SheetTable:
    """The data rows of one sheet, below its header row, blank rows skipped."""

    name: str
    header_row: int
    headers: dict[str, str]  # key -> header text as written in the file
    rows: list[SheetRow]

    def has_column(self, key: str) -> bool:
        return key in self.headers

    def header(self, key: str, columns: tuple[Column, ...]) -> str:
        if key in self.headers:
            return self.headers[key]
        return next(c.header for c in columns if c.key == key)


# ----- the file itself -----------------------------------------------------------


def _refuse(message: str) -> ImportFailed:
    return ImportFailed([(None, None, None, message)])


def check_file(path: Path) -> None:
    """Refuse anything that is not a plausible, reasonably sized .xlsx file.

    Runs before openpyxl parses anything, so a zip bomb is refused from its
    directory alone (``zipfile`` never inflates past a member's declared size,
    so the declared sizes are what openpyxl could ever get).
    """
    shown = path.name or str(path)
    if not path.exists():
        raise _refuse(f"找不到文件：{path}")
    if path.is_dir():
        raise _refuse(f"「{shown}」是文件夹，请选择一个 .xlsx 工作簿文件")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except PermissionError as exc:
        raise _refuse(f"无法读取「{shown}」：没有权限，或文件正被其他程序（如 Excel）占用") from exc
    except OSError as exc:
        raise _refuse(f"无法读取「{shown}」：{exc.strerror or exc}") from exc
    if not head:
        raise _refuse(f"「{shown}」是空文件（0 字节），不是 Excel 工作簿")
    if head.startswith(_OLE2_MAGIC):
        raise _refuse(
            f"「{shown}」是旧版 Excel（.xls）文件或设有密码的工作簿，无法直接导入。"
            "请在 Excel 中“另存为”Excel 工作簿（.xlsx，不设密码）后再导入"
        )
    if not head.startswith(_ZIP_MAGIC):
        if _looks_like_text(path):
            raise _refuse(
                f"「{shown}」是文本（CSV）文件，不是 Excel 工作簿。"
                "请在 Excel 中打开它并“另存为”Excel 工作簿（.xlsx）后再导入"
            )
        raise _refuse(f"「{shown}」不是 Excel 工作簿（.xlsx），无法导入")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except Exception as exc:  # noqa: BLE001 - a damaged directory raises many kinds
        raise _refuse(f"「{shown}」已损坏或不完整，无法作为 Excel 工作簿（.xlsx）打开") from exc
    names = {m.filename for m in members}
    if "xl/workbook.bin" in names:
        raise _refuse(
            f"「{shown}」是 Excel 二进制工作簿（.xlsb），无法直接导入。"
            "请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再导入"
        )
    if "xl/workbook.xml" not in names and "[Content_Types].xml" not in names:
        raise _refuse(f"「{shown}」是压缩文件，但不是 Excel 工作簿（.xlsx）")
    if len(members) > MAX_MEMBERS:
        raise _refuse(
            f"「{shown}」包含的部件数量异常（{len(members)} 个），可能是恶意文件，已拒绝导入"
        )
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise _refuse(f"「{shown}」含有加密内容，请在 Excel 中取消密码后再导入")
        total += member.file_size
        if member.file_size > RATIO_CHECK_FROM_BYTES and (
            member.file_size > MAX_RATIO * max(member.compress_size, 1)
        ):
            raise _refuse(
                f"「{shown}」的压缩比异常（{member.filename} 解压后放大 "
                f"{member.file_size // max(member.compress_size, 1)} 倍），可能是恶意文件（压缩炸弹），已拒绝导入"
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(
            f"「{shown}」解压后过大（{total // (1024 * 1024)} MB，上限 "
            f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB），可能是恶意文件（压缩炸弹），已拒绝导入"
        )


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    if b"\x00" in sample:
        return sample.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-16 text from Excel
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


# ----- opening and reading sheets ---------------------------------------------------


class SafeWorkbook:
    """An open workbook, read-only and streaming. Use ``open_workbook``."""

    def __init__(self, path: Path, book: Any) -> None:
        self.path = path
        self._book = book

    @property
    def sheet_names(self) -> list[str]:
        return list(self._book.sheetnames)

    def find_sheet(self, name: str) -> str | None:
        """The sheet's name as written in the file (surrounding spaces tolerated)."""
        for actual in self._book.sheetnames:
            if actual.strip() == name:
                return actual
        return None

    def row_estimate(self, sheet: str) -> int:
        """Rows the sheet declares (its <dimension>); 0 when unknown."""
        try:
            return int(self._book[sheet].max_row or 0)
        except Exception:  # noqa: BLE001 - only an estimate for the progress bar
            return 0

    def read_sheet(
        self,
        sheet: str,
        display_name: str,
        columns: tuple[Column, ...],
        problems: list[Problem],
        on_row: Callable[[], None] | None = None,
    ) -> SheetTable | None:
        """Read one sheet: find its header row, convert every mapped cell.

        Problems go to ``problems``; None is returned when no header row was found.
        """
        worksheet = self._book[sheet]
        if not hasattr(worksheet, "_get_source"):  # a chart sheet: nothing to read
            return None
        with _translated_errors(self.path):
            raw_rows, merges = _parse_sheet(self._book, worksheet, on_row)
        return _to_table(display_name, raw_rows, merges, columns, problems, self._book.epoch)


@contextmanager
def open_workbook(path: Path) -> Iterator[SafeWorkbook]:
    """Check the file, then open it with openpyxl in read-only mode."""
    path = Path(path)
    check_file(path)
    from openpyxl import load_workbook

    with _translated_errors(path):
        book = load_workbook(path, read_only=True, data_only=True)
    try:
        yield SafeWorkbook(path, book)
    finally:
        book.close()  # read-only mode keeps the file open (locked on Windows)


@contextmanager
def _translated_errors(path: Path) -> Iterator[None]:
    """Turn what openpyxl and the XML parser raise on a bad file into one message.

    Broad on purpose: a crafted or damaged file can make the parser raise almost
    anything, and the user can only be told that the file is unreadable.
    """
    from defusedxml import DefusedXmlException

    shown = path.name
    try:
        yield
    except UserError:  # ImportFailed, or the user cancelled
        raise
    except MemoryError as exc:
        raise _refuse(f"「{shown}」过大，内存不足，无法导入") from exc
    except PermissionError as exc:
        raise _refuse(f"无法读取「{shown}」：没有权限，或文件正被其他程序（如 Excel）占用") from exc
    except Exception as exc:  # noqa: BLE001 - see docstring
        if _caused_by(exc, DefusedXmlException):  # openpyxl wraps it in a ValueError
            raise _refuse(
                f"「{shown}」含有不安全的 XML 内容（实体或外部引用定义），可能是恶意文件，已拒绝导入"
            ) from exc
        raise _refuse(
            f"无法读取「{shown}」：文件已损坏，或不是标准的 Excel 工作簿（{type(exc).__name__}）。"
            "请在 Excel 中打开并重新保存为 .xlsx 后再试"
        ) from exc


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _parser_class():
    # openpyxl's streaming sheet parser is the one ReadOnlyWorksheet uses; we
    # drive it ourselves for two things read-only mode hides: formulas without a
    # calculated value (data_only gives None, like an empty cell) and merged
    # ranges (collected by the same parser when it reaches <mergeCells>, after
    # the rows). openpyxl is pinned < 3.2; tests of both features guard this.
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class _Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["value"] is None:
                if element.find(FORMULA_TAG) is not None:
                    cell["value"] = UNCALCULATED
            elif cell["data_type"] == "e":
                cell["value"] = CellError(str(cell["value"]))
            return cell

    return _Parser


def _parse_sheet(book, worksheet, on_row) -> tuple[dict[int, dict[int, Any]], list[str]]:
    parser_cls = _parser_class()
    rows: dict[int, dict[int, Any]] = {}
    with worksheet._get_source() as source:
        parser = parser_cls(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for index, cells in parser.parse():
            values = {c["column"]: c["value"] for c in cells if c["value"] is not None}
            if values:
                rows[index] = values
            if on_row is not None:
                on_row()
        merged = parser.merged_cells
    ranges = [m.ref for m in merged.mergeCell] if merged is not None else []
    return rows, ranges


@dataclass(frozen=True)
class _Merge:
    ref: str
    min_col: int
    min_row: int
    max_col: int
    max_row: int

    def covers_row(self, row: int) -> bool:
        return self.min_row <= row <= self.max_row


def _merge_boxes(ranges: list[str]) -> list[_Merge]:
    from openpyxl.utils.cell import range_boundaries

    boxes = []
    for ref in ranges:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if None in (min_col, min_row, max_col, max_row):
            continue
        if (min_col, min_row) != (max_col, max_row):
            boxes.append(_Merge(ref, min_col, min_row, max_col, max_row))
    return boxes


def _fill_merged(
    rows: dict[int, dict[int, Any]], merges: list[_Merge], last_header_row: int
) -> set[tuple[int, int]]:
    """A merged range's value is its top-left cell's, down the rows of that column.

    Only the first column of the range gets it: a range merged across columns
    shows one value, which belongs under the first column's header (filling the
    others would put, say, a 岗位 into 政治面貌). Ranges that begin in or above
    the header row(s) (titles, two-row headers) never fill data rows. Returns
    the (row, column) cells that were filled.
    """
    filled: set[tuple[int, int]] = set()
    for box in merges:
        if box.min_row <= last_header_row:
            continue
        value = rows.get(box.min_row, {}).get(box.min_col)
        if value is None:
            continue
        for row in range(box.min_row + 1, box.max_row + 1):
            rows.setdefault(row, {})[box.min_col] = value
            filled.add((row, box.min_col))
    return filled


def _header_texts(
    raw_rows: dict[int, dict[int, Any]],
    header_row: int,
    merges: list[_Merge],
    columns: tuple[Column, ...],
) -> tuple[dict[int, str], int, list[tuple[int, _Merge]]]:
    """Each column's header text once merged cells are taken into account.

    Returns (column index -> header text, the last header row, hidden columns).
    A header cell merged down from above (``工号`` in A1:A2 over a header in row
    2) is its column's header. A header merged across columns (``联系方式`` over
    B1:C1) leaves the other columns without a header of their own, unless the
    next row names them (a two-row header: ``手机`` in B2, ``座机`` in C2); the
    next row is such a sub-header row when a header cell is merged down into it
    or one of its texts under the merged range is a known header. The columns
    still without a header come back as (column, range) to be checked for data.
    """
    texts = {c: v for c, v in raw_rows.get(header_row, {}).items() if isinstance(v, str)}
    in_header = [m for m in merges if m.covers_row(header_row)]
    across = [m for m in in_header if m.max_col > m.min_col]
    below = raw_rows.get(header_row + 1, {})

    def names_a_column(value: Any) -> bool:
        if not isinstance(value, str):
            return False
        text = normalise_header(value)
        return any(_header_matches(text, c) for c in columns)

    sub_row = None
    if across and (
        any(m.max_row > header_row for m in in_header)
        or any(
            names_a_column(below.get(c)) for m in across for c in range(m.min_col, m.max_col + 1)
        )
    ):
        sub_row = header_row + 1

    hidden: list[tuple[int, _Merge]] = []
    for box in in_header:
        top = raw_rows.get(box.min_row, {}).get(box.min_col)
        for col in range(box.min_col, box.max_col + 1):
            sub = below.get(col) if sub_row is not None and box.max_col > box.min_col else None
            if isinstance(sub, str) and normalise_header(sub):
                texts[col] = sub
            elif col == box.min_col:
                if isinstance(top, str):
                    texts[col] = top
            else:
                texts.pop(col, None)
                hidden.append((col, box))
    return texts, (sub_row or header_row), hidden


def normalise_header(value: Any) -> str:
    text = clean_name(unescape_controls(value) if isinstance(value, str) else value)
    text = text.replace(" ", "").lstrip("*＊").rstrip("*＊")
    return text


def _header_matches(text: str, column: Column) -> bool:
    for name in (column.header, *column.aliases):
        if text == name:
            return True
        # "类型（分公司/网格/…）" or "出生日期(必填)": a note after the header
        if text.startswith(name) and text[len(name) : len(name) + 1] in ("(", "（"):
            return True
    return False


def _to_table(
    sheet: str,
    raw_rows: dict[int, dict[int, Any]],
    merges: list[str],
    columns: tuple[Column, ...],
    problems: list[Problem],
    epoch: dt.datetime | None = None,
) -> SheetTable | None:
    required = [c for c in columns if c.required]
    header_row = None
    mapping: dict[int, Column] = {}
    for row_index in sorted(r for r in raw_rows if r <= HEADER_SEARCH_ROWS):
        found: dict[int, Column] = {}
        for col_index, value in raw_rows[row_index].items():
            if not isinstance(value, str):
                continue
            text = normalise_header(value)
            for column in columns:
                if _header_matches(text, column):
                    found[col_index] = column
                    break
        if found and all(c in found.values() for c in required):
            header_row, mapping = row_index, found
            break
    if header_row is None:
        names = "、".join(f"「{c.header}」" for c in required) or "表头"
        problems.append(
            (sheet, None, None, f"在前 {HEADER_SEARCH_ROWS} 行中找不到包含{names}的表头行")
        )
        return None

    from openpyxl.utils.cell import get_column_letter

    boxes = _merge_boxes(merges)
    texts, last_header_row, hidden = _header_texts(raw_rows, header_row, boxes, columns)
    mapping = {}
    for col_index, value in texts.items():
        text = normalise_header(value)
        for column in columns:
            if _header_matches(text, column):
                mapping[col_index] = column
                break
    if not all(c in mapping.values() for c in required):  # a sub-header replaced it
        names = "、".join(f"「{c.header}」" for c in required)
        problems.append((sheet, header_row, None, f"表头中找不到{names}"))
        return None
    for col_index, box in hidden:
        with_data = [r for r in raw_rows if r > last_header_row and col_index in raw_rows[r]]
        if not with_data:
            continue  # a merged header over empty columns loses nothing
        letter = get_column_letter(col_index)
        top = raw_rows.get(box.min_row, {}).get(box.min_col)
        shown = f"「{normalise_header(top)}」" if isinstance(top, str) and top.strip() else "空白"
        problems.append(
            (
                sheet,
                header_row,
                None,
                f"表头单元格 {box.ref} 是合并单元格，第 {letter} 列（如 {letter}{with_data[0]}）"
                f"有数据却没有自己的表头（合并后只剩左上角的{shown}），这一列会被漏掉。"
                "请取消合并，给每一列填写表头后再导入",
            )
        )

    filled = _fill_merged(raw_rows, boxes, last_header_row)

    headers: dict[str, str] = {}
    seen: dict[str, int] = {}
    for col_index in sorted(mapping):
        column = mapping[col_index]
        if column.key in seen:
            problems.append(
                (
                    sheet,
                    header_row,
                    column.header,
                    f"表头「{column.header}」出现了两次（第 {get_column_letter(seen[column.key])} 列"
                    f"和第 {get_column_letter(col_index)} 列），请删除或改名其中一列",
                )
            )
            continue
        seen[column.key] = col_index
        headers[column.key] = normalise_header(texts[col_index])

    by_index = {i: mapping[i] for i in seen.values()}
    rows: list[SheetRow] = []
    for row_index in sorted(r for r in raw_rows if r > last_header_row):
        raw = raw_rows[row_index]
        row = SheetRow(row_index, {})
        blank = True
        for col_index, column in by_index.items():
            value = raw.get(col_index)
            if value is None:
                continue
            converted, error = convert(value, column, epoch)
            if error is not None:
                row.invalid.add(column.key)
                problems.append((sheet, row_index, headers[column.key], error))
                blank = False
                continue
            if converted not in ("", None, []) and (row_index, col_index) not in filled:
                blank = False  # a merged value reaching into empty rows does not count
            row.values[column.key] = converted
        if not blank:
            # Columns present but empty in this row read as empty, not missing.
            for column in by_index.values():
                if column.key not in row.values and column.key not in row.invalid:
                    row.values[column.key] = _EMPTY[column.kind]
            rows.append(row)
    return SheetTable(sheet, header_row, headers, rows)


# ----- cells -------------------------------------------------------------------------

_EMPTY: dict[Kind, Any] = {
    Kind.TEXT: "",
    Kind.NAME: "",
    Kind.PERSON: "",
    Kind.TITLE: "",
    Kind.DATE: None,
    Kind.LIST: [],
}


def unescape_controls(text: str) -> str:
    return _ESCAPED_CONTROL.sub(lambda m: chr(int(m.group(1), 16)), text)


def number_as_text(value: int | float) -> tuple[str | None, str | None]:
    """The digits of a number typed into a text column, never 1.38e10 or 123.0."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, "不是有效的数字"
        if value.is_integer():
            value = int(value)
        else:
            return format(value, f".{EXCEL_DIGITS}g"), None
    digits = str(abs(value))
    if len(digits) > EXCEL_DIGITS:
        return None, (
            f"这是一个 {len(digits)} 位的数字，Excel 只保留 15 位有效数字，末尾几位已经丢失"
            "（如身份证号、长编号）。请把这一列设为“文本”格式，重新输入后再导入"
        )
    return str(value), None


def convert(value: Any, column: Column, epoch: dt.datetime | None = None) -> tuple[Any, str | None]:
    """A cell's value for a column, or an error message (never raises).

    ``epoch`` is the workbook's date system (1900, or 1904 for old Mac files),
    for serial numbers typed into a date column without a date format.
    """
    if value is UNCALCULATED:
        return None, (
            "这是一个没有计算结果的公式（文件可能由其他程序生成，未在 Excel 中保存过）。"
            "请在 Excel 中打开并保存一次，或直接填写数值"
        )
    if isinstance(value, CellError):
        return None, f"单元格是错误值 {value.code}，请改正公式或填写数值"
    if column.kind is Kind.DATE:
        return _convert_date(value, epoch)
    if column.kind is Kind.PERSON and (message := _not_a_name(value)):
        return None, message
    text, error = _as_text(value)
    if error is not None:
        return None, error
    assert text is not None
    if column.kind in (Kind.NAME, Kind.PERSON):
        cleaned = clean_name(text)
    elif column.kind is Kind.TITLE:
        cleaned = clean_title(text)
    else:
        # Excel keeps a typed line break as LF, or CRLF written _x000D_ + LF.
        cleaned = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(cleaned) > column.max_length:
        return None, f"内容过长（{len(cleaned)} 个字，最多 {column.max_length} 个字）"
    if column.kind is Kind.LIST:
        return split_list(cleaned), None
    return cleaned, None


def _not_a_name(value: Any) -> str | None:
    """A cell Excel holds as a number or a date cannot be a person's name: the
    column was shifted, or a date or 工号 was typed in the wrong place."""
    if isinstance(value, str):
        return None
    shown, _ = _as_text(value)
    if isinstance(value, (dt.date, dt.time)):
        kind = "日期" if isinstance(value, dt.date) else "时间"
    elif isinstance(value, bool):
        kind = "逻辑值"
    else:
        kind = "数字"
    return (
        f"这里是一个{kind}（{shown}），不是姓名。请检查这一行是否错列，或把姓名填写为文字后再导入"
    )


def _as_text(value: Any) -> tuple[str | None, str | None]:
    if isinstance(value, str):
        return unescape_controls(value), None
    if isinstance(value, bool):
        return ("是" if value else "否"), None
    if isinstance(value, (int, float)):
        return number_as_text(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat(), None
        return value.strftime("%Y-%m-%d %H:%M"), None
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat(), None
    return str(value), None


_DATE_HINT = "不是有效日期，请填写如 2021-03-05、2021/3/5、2021年3月5日"


def _convert_date(value: Any, epoch: dt.datetime | None) -> tuple[dt.date | None, str | None]:
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, bool) or isinstance(value, (dt.time, dt.timedelta)):
        return None, _DATE_HINT
    elif isinstance(value, (int, float)):
        day = _date_from_number(value, epoch)
        if day is None:
            return None, f"{number_as_text(value)[0] or value} {_DATE_HINT}"
    else:
        text = clean_text(unescape_controls(str(value)))
        if not text:
            return None, None
        day = parse_date(text)
        if day is None:
            shown = text if len(text) <= 20 else text[:20] + "…"
            return None, f"「{shown}」{_DATE_HINT}"
    if day < MIN_DATE:
        return None, "日期早于 1900 年，请检查"
    return day, None


def _date_from_number(value: float, epoch: dt.datetime | None) -> dt.date | None:
    """A number in a date column: an Excel serial (44260) or digits (20210305)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    whole = int(value)
    if 19000101 <= whole <= 29991231 and value == whole:
        return parse_date(str(whole))
    if 1 <= whole < 2958466:
        from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

        try:
            return from_excel(value, epoch or WINDOWS_EPOCH).date()
        except (ValueError, OverflowError):
            return None
    return None
