"""Shared layout of the PDF reports: fonts, page header and footer, text cells.

Fonts: the bundled Droid Sans Fallback has the Chinese characters (Extension A
included) but no Latin letters, digits or ASCII punctuation, and none of the
rarer name characters of Extension B and later, so text is printed in runs:
DejaVu Sans for what it has, Droid Sans Fallback for the Chinese it has, Ledger
Rare Han (a subset of HanaMinA/HanaMinB, resources/fonts/README.md) for the
rest. All are embedded (TrueType subsets). A character no font has is refused
before anything is written (``check_printable``), naming it, instead of
vanishing from the page.

User text is always escaped before it reaches reportlab's paragraph markup, so
& < > print as typed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.domain.errors import UserError
from app.domain.settings import BranchDetails
from app.paths import publish_file
from app.resource_paths import FONT_FILE, LATIN_FONT_FILE, RARE_FONT_FILE, font_path

CJK_FONT = "LedgerCJK"
LATIN_FONT = "LedgerLatin"
RARE_FONT = "LedgerRare"
MARGIN = 14 * mm
HEADER_GRAY = colors.HexColor("#E8E8E8")
GRID_GRAY = colors.HexColor("#808080")


@dataclass(frozen=True)
class Fonts:
    cjk: frozenset[int]
    latin: frozenset[int]
    rare: frozenset[int]


@lru_cache(maxsize=1)
def register_fonts() -> Fonts:
    """Register the fonts with reportlab once; their character maps for the checks."""
    _fix_astral_to_unicode()
    faces = {}
    for name, file in (
        (CJK_FONT, FONT_FILE),
        (LATIN_FONT, LATIN_FONT_FILE),
        (RARE_FONT, RARE_FONT_FILE),
    ):
        path = font_path(file)
        if not path.is_file():
            raise UserError(f"找不到报表字体文件：{path}。请重新安装程序。")
        font = TTFont(name, str(path))
        pdfmetrics.registerFont(font)
        faces[name] = frozenset(font.face.charToGlyph)
    return Fonts(cjk=faces[CJK_FONT], latin=faces[LATIN_FONT], rare=faces[RARE_FONT])


_ASTRAL_TARGET = re.compile(r"^(<[0-9A-F]{2}> )<([0-9A-F]{5,6})>$", re.MULTILINE)


def _utf16(match: re.Match) -> str:
    units = chr(int(match.group(2), 16)).encode("utf-16-be").hex().upper()
    return f"{match.group(1)}<{units}>"


def _fix_astral_to_unicode() -> None:
    """Make reportlab's ToUnicode maps right for characters beyond U+FFFF.

    reportlab (5.1) writes such a character's target as its code point in hex
    (``<20000>``), which a PDF reader cannot parse (a ToUnicode target is
    UTF-16BE): copying or searching 𠀀 in the PDF gave nothing or a wrong
    character. The wrapper rewrites those targets as surrogate pairs
    (``<D840DC00>``); every other line is left as reportlab made it."""
    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "ledger_fixed", False):
        return

    def make_to_unicode_cmap(fontname, subset):
        return _ASTRAL_TARGET.sub(_utf16, original(fontname, subset))

    make_to_unicode_cmap.ledger_fixed = True
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


def _font_of(char: str, fonts: Fonts) -> str | None:
    code = ord(char)
    if code in fonts.latin:
        return LATIN_FONT
    if code in fonts.cjk:
        return CJK_FONT
    if code in fonts.rare:
        return RARE_FONT
    return None


def font_runs(text: str) -> list[tuple[str, str]]:
    """``text`` cut into (font name, piece) runs; unprintable characters dropped
    (``check_printable`` refuses them first)."""
    fonts = register_fonts()
    runs: list[tuple[str, str]] = []
    for char in text:
        font = _font_of(char, fonts)
        if font is None:
            continue
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def missing_characters(text: str) -> list[str]:
    fonts = register_fonts()
    return list(dict.fromkeys(c for c in text if c not in "\n\r\t" and _font_of(c, fonts) is None))


def check_printable(texts: Iterable[tuple[str, str]]) -> None:
    """Refuse (UserError) when a text has a character the fonts cannot print.

    ``texts`` are (where, text) pairs; the message names the characters and where
    they are, so the user can correct the record.
    """
    found: dict[str, str] = {}
    for where, text in texts:
        for char in missing_characters(text):
            found.setdefault(char, where)
    if found:
        shown = "、".join(
            f"「{c}」（U+{ord(c):04X}，{where}）" for c, where in list(found.items())[:10]
        )
        more = f"等 {len(found)} 个字符" if len(found) > 10 else ""
        raise UserError(
            f"报表字体中没有以下字符，无法打印：{shown}{more}。请修改这些记录中的文字后再打印。"
        )


def markup(text: str) -> str:
    """Paragraph markup for user text: escaped, in font runs, line breaks kept."""
    # The styles' own font is the CJK one, so only Latin runs need a tag:
    # fewer tags make the paragraphs cheaper to parse.
    lines = []
    for line in text.split("\n"):
        lines.append(
            "".join(
                escape(piece) if font == CJK_FONT else f'<font face="{font}">{escape(piece)}</font>'
                for font, piece in font_runs(line)
            )
        )
    return "<br/>".join(lines)


def styles(size: float = 9) -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle(
        "cell",
        fontName=CJK_FONT,
        fontSize=size,
        leading=size * 1.3,
        wordWrap="CJK",
    )
    return {
        "cell": base,
        "head": ParagraphStyle("head", parent=base, alignment=1),
        "title": ParagraphStyle(
            "title", parent=base, fontSize=17, leading=22, alignment=1, spaceAfter=2 * mm
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=10.5, leading=14, alignment=1, spaceAfter=3 * mm
        ),
        "body": ParagraphStyle("body", parent=base, fontSize=10.5, leading=15, spaceAfter=3 * mm),
    }


def cell(text: str, style: ParagraphStyle) -> Paragraph | str:
    """A wrapping table cell for user text (an empty cell stays a plain string)."""
    return Paragraph(markup(text), style) if text else ""


def table_style(number_columns: Iterable[int] = ()) -> TableStyle:
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_GRAY),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_GRAY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("FONTNAME", (0, 0), (-1, -1), LATIN_FONT),
        ("FONTSIZE", (0, 1), (-1, -1), 9),
    ]
    for column in number_columns:
        commands.append(("ALIGN", (column, 1), (column, -1), "RIGHT"))
    return TableStyle(commands)


def ledger_table(header: list[str], rows: list[list], widths: list[float], numbers=()) -> Table:
    """A table whose header row repeats on every page."""
    st = styles()
    table = Table(
        [[cell(h, st["head"]) for h in header], *rows],
        colWidths=widths,
        repeatRows=1,
        style=table_style(numbers),
    )
    return table


def draw_text(c, x: float, y: float, text: str, size: float, align: str = "left") -> None:
    """Draw one line of user text on a canvas in font runs (left, right or centre)."""
    runs = font_runs(text)
    width = sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in runs)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for font, piece in runs:
        c.setFont(font, size)
        c.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, font, size)


def _numbered_canvas(header_left: str, header_right: str, margin: float = MARGIN):
    class NumberedCanvas(pdfcanvas.Canvas):
        """Draws the header and "第 X 页 共 Y 页" once the page count is known."""

        def __init__(self, *args, **kwargs):
            # Not Helvetica, which would be a font the PDF uses but does not embed.
            kwargs["initialFontName"] = LATIN_FONT
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setStrokeColor(GRID_GRAY)
            self.setLineWidth(0.5)
            top = height - margin + 3 * mm
            draw_text(self, margin, top + 1.5 * mm, header_left, 9)
            draw_text(self, width - margin, top + 1.5 * mm, header_right, 9, "right")
            self.line(margin, top, width - margin, top)
            draw_text(
                self, width / 2, margin - 7 * mm, f"第 {self._pageNumber} 页 共 {total} 页", 9,
                "centre",
            )  # fmt: skip
            self.restoreState()

    return NumberedCanvas


def page_size(is_landscape: bool = True) -> tuple[float, float]:
    return landscape(A4) if is_landscape else A4


def build_pdf(
    path: Path,
    story: list,
    *,
    title: str,
    header_left: str,
    header_right: str = "",
    author: str | None = None,
    is_landscape: bool = True,
    margin: float = MARGIN,
) -> Path:
    """Write the story to ``path`` (A4) through ``save_atomically``.
    The PDF's Author is ``author`` (the branch), else ``header_left``."""

    def write(temporary: str) -> None:
        doc = SimpleDocTemplate(
            temporary,
            pagesize=page_size(is_landscape),
            leftMargin=margin,
            rightMargin=margin,
            topMargin=margin + 4 * mm,
            bottomMargin=margin,
            title=title,
            author=header_left if author is None else author,
            creator="支部台账",
        )
        doc.build(story, canvasmaker=_numbered_canvas(header_left, header_right, margin))

    return save_atomically(path, ".pdf", write)


def save_atomically(
    path: Path,
    suffix: str,
    write: Callable[[str], object],
    *,
    file_kind: str = "报表",
    viewer: str = "PDF 阅读器",
) -> Path:
    """``write(temporary)`` a file, then rename it onto ``path`` (checked to end
    in ``suffix``), so a failure never leaves a half-written file under the
    chosen name. Refusals and failures are UserErrors naming ``file_kind`` and
    the program (``viewer``) that may hold the file open."""
    path = Path(path).expanduser()
    check_target(path, suffix, file_kind)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.stem}-", suffix=f"{suffix}.partial", dir=path.parent
    )
    os.close(handle)
    try:
        write(temporary)
        publish_file(temporary, path)
    except OSError as exc:
        raise UserError(f"无法保存「{path.name}」：{_reason(exc, viewer)}") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path


def check_target(path: Path, suffix: str = ".pdf", file_kind: str = "报表") -> None:
    if path.is_dir():
        raise UserError(f"「{path}」是文件夹，请给出要保存的文件名（{suffix}）")
    if path.suffix.lower() != suffix:
        raise UserError(f"{file_kind}文件名必须以 {suffix} 结尾：{path.name}")
    if not path.parent.is_dir():
        raise UserError(f"保存位置不存在：{path.parent}")


def _reason(exc: OSError, viewer: str) -> str:
    if isinstance(exc, PermissionError):
        return f"没有写入权限，或文件正被其他程序（如 {viewer}）打开，请关闭后重试"
    if getattr(exc, "errno", None) == 28:
        return "磁盘空间不足"
    return exc.strerror or str(exc)


def branch_details(services) -> BranchDetails:
    """The branch a report is printed for, from the settings (支部名称, 上级党组织,
    书记 ...); refuses (UserError) while 支部名称 is not set instead of guessing."""
    return services.settings.require_branch()


def branch_title(services) -> str:
    """The page header's organisation: 上级党组织 and 支部名称 as set."""
    return branch_details(services).header


def branch_texts(branch: BranchDetails, signature: bool = True) -> list[tuple[str, str]]:
    """The branch's texts the page header prints, and the signature lines (the
    书记) unless ``signature`` is false, for ``check_printable``."""
    texts = [
        ("设置中的支部名称", branch.name),
        ("设置中的上级党组织", branch.parent_organisation),
    ]
    if signature:
        texts.append(("设置中的书记", branch.secretary))
    return texts


def printed_on(today: dt.date | None = None) -> str:
    return f"打印日期：{(today or dt.date.today()):%Y-%m-%d}"


def chinese_date(day: dt.date) -> str:
    """2026年12月2日: how a date is written under a signature."""
    return f"{day.year}年{day.month}月{day.day}日"


def signature_lines(branch: BranchDetails, today: dt.date | None = None) -> list[str]:
    """The closing lines of a report, right-aligned above the date the way an
    official document ends: the branch (and its 书记, when set), then the date."""
    lines = [branch.name]
    if branch.secretary:
        lines.append(f"支部书记：{branch.secretary}")
    lines.append(chinese_date(today or dt.date.today()))
    return lines


def signature_flowables(
    branch: BranchDetails, today: dt.date | None = None, size: float = 12
) -> list:
    """``signature_lines`` as right-aligned paragraphs after a gap."""
    register_fonts()
    style = ParagraphStyle(
        "signature",
        fontName=CJK_FONT,
        fontSize=size,
        leading=size * 1.6,
        alignment=2,
        wordWrap="CJK",
    )
    return [Spacer(1, 8 * mm)] + [
        Paragraph(markup(line), style) for line in signature_lines(branch, today)
    ]


def end_with_signature(story: list, branch: BranchDetails, today: dt.date | None = None) -> list:
    """``story`` closed by the signature lines. When it ends with a table, the
    table's last rows stay on the page of the signature, so the signature never
    stands alone on a last page (the table's header repeats above those rows)."""
    closing = signature_flowables(branch, today)
    if story and isinstance(story[-1], Table):
        return [*story[:-1], ClosingTable(story[-1], closing)]
    return [*story, KeepTogether(closing)]


class ClosingTable(Flowable):
    """A table and what closes it (the signature lines), laid out so the closing
    always shares a page with the table's last ``keep_rows`` rows: when they do
    not fit together, the table is split (by reportlab, header repeated) early
    enough for those rows to move on with the closing."""

    def __init__(self, table: Table, closing: list, keep_rows: int = 2) -> None:
        super().__init__()
        self.table = table
        self.closing = closing
        self.keep_rows = keep_rows

    def _parts(self) -> list:
        return [self.table, *self.closing]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # The frame wraps, then splits (or draws) with the same room: a table
        # measures every row it holds on each wrap, so the parts' heights are
        # kept for that (about a third of a 1,000-row ledger's time).
        if getattr(self, "_wrapped_for", None) == (available_width, available_height):
            return self.width, self.height
        self.width = available_width
        self.height = 0.0
        self._heights = []
        for part in self._parts():
            _, height = part.wrap(available_width, available_height)
            self._heights.append(height)
            self.height += part.getSpaceBefore() + height + part.getSpaceAfter()
        self._wrapped_for = (available_width, available_height)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for part, height in zip(self._parts(), self._heights, strict=True):
            y -= part.getSpaceBefore() + height
            part.drawOn(self.canv, 0, y)
            y -= part.getSpaceAfter()

    def split(self, available_width: float, available_height: float) -> list:
        self.wrap(available_width, available_height)
        if self.height <= available_height:
            return [*self._parts()]
        found = self._split_keeping_rows(available_width, available_height)
        frame = getattr(self, "_frame", None)
        if found or not (frame is not None and frame._atTop):
            return found  # [] moves it all to the next page, where it is tried again
        # At the top of a page and still too tall (rows taller than a page): keep
        # fewer rows with the closing, at last none.
        if self.keep_rows > 0:
            fewer = ClosingTable(self.table, self.closing, self.keep_rows - 1)
            fewer._frame = frame
            try:
                return fewer.split(available_width, available_height)
            finally:
                del fewer._frame
        return [self.table, KeepTogether(self.closing)]

    def _split_keeping_rows(self, available_width: float, available_height: float) -> list:
        rows = self.table._rowHeights
        repeated = self.table.repeatRows if isinstance(self.table.repeatRows, int) else 1
        if self.keep_rows == 0 or len(rows) - repeated <= self.keep_rows:
            return []
        room = min(available_height, sum(rows) - sum(rows[-self.keep_rows :]))
        parts = self.table.split(available_width, room)
        if len(parts) < 2:
            return []
        return [*parts[:-1], ClosingTable(parts[-1], self.closing, self.keep_rows)]


class BoldTitle(Flowable):
    """A centred title in a heavier stroke (the fonts have no bold face: the
    glyphs are filled and outlined, as an official document's title looks),
    wrapped by character when it is wider than the frame."""

    def __init__(self, text: str, size: float = 20, space_after: float = 3 * mm) -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.leading = size * 1.35
        self.space_after = space_after
        self._lines: list[str] = [text]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self._lines = _wrapped(self.text, self.size, available_width)
        self.height = self.leading * len(self._lines) + self.space_after
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setLineWidth(self.size * 0.035)
        y = self.height - self.space_after - self.size
        for line in self._lines:
            runs = font_runs(line)
            width = sum(pdfmetrics.stringWidth(p, f, self.size) for f, p in runs)
            text = c.beginText((self.width - width) / 2, y)
            text.setTextRenderMode(2)  # fill, then stroke
            for font, piece in runs:
                text.setFont(font, self.size)
                text.textOut(piece)
            c.drawText(text)
            y -= self.leading
        c.restoreState()


def _wrapped(text: str, size: float, width: float) -> list[str]:
    lines, line, used = [], "", 0.0
    fonts = register_fonts()
    for char in text:
        font = _font_of(char, fonts) or CJK_FONT
        advance = pdfmetrics.stringWidth(char, font, size)
        if line and used + advance > width:
            lines.append(line)
            line, used = "", 0.0
        line += char
        used += advance
    return [*lines, line] if line or not lines else lines
