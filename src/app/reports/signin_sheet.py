"""签到表: the sheet passed round at a party meeting. A4 portrait.

The members are the roster's 中共党员 and 中共预备党员 who are 在册 (not 已转出),
in the roster's order (PeopleService.list_people: by the pinyin of the name),
each with the unit, 党员 or 预备党员, and an empty 签名 cell tall enough to
sign by hand. The meeting's name and date come from the request; without a
date the line is left to fill in by hand, as is the place. The sheet ends with
应到 N 人 (the members listed) and blanks for 实到 and 请假. No phone number or
other personal detail is printed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from app.area import ReportRequest
from app.domain.enums import PersonStatus, PoliticalStatus, UnitKind
from app.domain.text import clean_title
from app.reports.layout import (
    LATIN_FONT,
    branch_details,
    branch_texts,
    build_pdf,
    cell,
    check_printable,
    chinese_date,
    markup,
    printed_on,
    styles,
    table_style,
)
from app.services.people import PersonRow

TITLE = "签到表"
DEFAULT_MEETING = "党员大会"
HEADER = ["序号", "姓名", "所在单位", "政治面貌", "签名", "备注"]
# Portrait A4 less the margins (182 mm): the signature gets the most room.
WIDTHS = [x * mm for x in (13, 30, 52, 23, 42, 22)]
ROW_HEIGHT = 10 * mm  # room for a handwritten name
CELL_PADDING = 6  # points: the table style's left + right padding
FONT_SIZE = 11
BLANK_DATE = "______年____月____日"
BLANK = "__________"
_SHORT_STATUS = {
    PoliticalStatus.MEMBER: "党员",
    PoliticalStatus.PROBATIONARY: "预备党员",
}


def heading(title: str | None) -> str:
    """The sheet's title: the meeting's name followed by 签到表 (unless the name
    already says 签到), 党员大会签到表 without a name."""
    name = clean_title(title or "") or DEFAULT_MEETING
    return name if "签到" in name else f"{name}{TITLE}"


def members(services) -> list[PersonRow]:
    """The branch's 党员 and 预备党员 who are 在册, in the roster's order; people
    of the 共建单位 belong to another organisation and sign elsewhere."""
    co_building = {u.id for u in services.people.list_units() if u.kind == UnitKind.CO_BUILDING}
    return [
        p
        for p in services.people.list_people()
        if p.political_status in _SHORT_STATUS
        and p.status == PersonStatus.ACTIVE
        and p.unit_id not in co_building
    ]


def date_text(day: dt.date | None) -> str:
    return f"会议日期：{chinese_date(day) if day else BLANK_DATE}"


PLACE_TEXT = f"地点：{BLANK}{BLANK}"


def date_line(day: dt.date | None, style: ParagraphStyle) -> Table:
    """会议日期 and 地点 side by side (a borderless table: a paragraph would
    squeeze the spaces between them into one)."""
    return Table(
        [[Paragraph(markup(date_text(day)), style), Paragraph(markup(PLACE_TEXT), style)]],
        colWidths=[sum(WIDTHS) * 0.5] * 2,
        style=[
            ("FONTNAME", (0, 0), (-1, -1), LATIN_FONT),  # not Helvetica, never embedded
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
        ],
    )


def count_line(expected: int) -> str:
    return f"应到 {expected} 人，实到 {BLANK} 人，请假 {BLANK} 人"


def _styles() -> dict[str, ParagraphStyle]:
    st = styles(FONT_SIZE)
    return {
        **st,
        "head": ParagraphStyle("signin-head", parent=st["head"], fontSize=10.5, leading=13),
        "centred": ParagraphStyle("centred", parent=st["cell"], alignment=1),
        "line": ParagraphStyle("line", parent=st["body"], fontSize=12, leading=18),
    }


def _row(index: int, person: PersonRow, st) -> list:
    return [
        str(index),
        cell(person.name, st["centred"]),
        cell(person.unit_name, st["cell"]),
        cell(_SHORT_STATUS[person.political_status], st["centred"]),
        "",
        "",
    ]


def _height(row: list) -> float:
    """At least ROW_HEIGHT; more where a long unit name wraps."""
    tallest = max(
        (
            value.wrap(width - CELL_PADDING, 1000)[1]
            for value, width in zip(row, WIDTHS, strict=True)
            if isinstance(value, Paragraph)
        ),
        default=0,
    )
    return max(ROW_HEIGHT, tallest + 8)


def sheet_table(people: list[PersonRow]) -> Table:
    st = _styles()
    rows = [_row(i, p, st) for i, p in enumerate(people, start=1)]
    style = table_style()
    style.add("VALIGN", (0, 0), (-1, -1), "MIDDLE")
    style.add("ALIGN", (0, 1), (0, -1), "CENTER")
    style.add("FONTSIZE", (0, 1), (0, -1), 10)
    return Table(
        [[cell(h, st["head"]) for h in HEADER], *rows],
        colWidths=WIDTHS,
        rowHeights=[8 * mm] + [_height(r) for r in rows],
        repeatRows=1,
        style=style,
    )


def _texts_to_check(people: list[PersonRow], branch, title: str) -> list[tuple[str, str]]:
    texts = [*branch_texts(branch, signature=False), ("会议名称", title)]
    for p in people:
        texts.append((f"人员「{p.name}」", p.name + p.unit_name))
    return texts


def write_signin_sheet(
    services, request: ReportRequest, path: Path, today: dt.date | None = None
) -> Path:
    """Write the 签到表 of the meeting ``request`` names (title, day) to ``path``
    (.pdf); refuses while 支部名称 is not set."""
    branch = branch_details(services)
    people = members(services)
    title = heading(request.title)
    check_printable(_texts_to_check(people, branch, title))
    st = _styles()
    story: list = [
        Paragraph(markup(title), st["title"]),
        Paragraph(markup(branch.name), st["subtitle"]),
        date_line(request.day, st["line"]),
    ]
    if people:
        story.append(sheet_table(people))
    else:
        story.append(
            Paragraph(markup("名册中没有在册的党员（中共党员、中共预备党员）。"), st["line"])
        )
    story.append(
        KeepTogether([Spacer(1, 5 * mm), Paragraph(markup(count_line(len(people))), st["line"])])
    )
    return build_pdf(
        Path(path),
        story,
        title=title,
        header_left=branch.header,
        header_right=f"{TITLE} · {printed_on(today)}",
        author=branch.name,
        is_landscape=False,
    )
