"""A made-up area written the way a new area is: its own modules plus one line in
AREAS. Tests add it to the list and check every part of the app picks it up."""

from __future__ import annotations

from pathlib import Path

from app.area import Area, ReportKind, ReportRequest
from app.exchange.sheets import SheetCounts
from app.exchange.xlsx_reader import Column

TOY_CHANGED = "toy-notes"


class ToyService:
    def __init__(self, people) -> None:
        self.people = people  # an earlier area's service, available to a later factory
        self.notes: list[str] = []


class NotesSheet:
    sheet = "备忘"
    columns = (Column("text", "内容", required=True),)

    def check(self, table, ctx) -> None:
        self.rows = [] if table is None else [row.values["text"] for row in table.rows]

    def write(self, ctx) -> SheetCounts:
        return SheetCounts(created=len(self.rows))

    def export_rows(self, connection):
        return [["第一条备忘"], ["第二条备忘"]]


def write_toy_report(services, request: ReportRequest, out: Path) -> Path:
    out.write_text(f"备忘报表 {request.year}", encoding="utf-8")
    return out


def toy_services(services):
    return {"toy": ToyService(services.people)}


def toy_dependents():
    return {"person": lambda session, person_id: ["在备忘中被提到"]}


AREA = Area(
    key="toy",
    title="备忘",
    services=toy_services,
    sheets=lambda: (NotesSheet,),
    reports=(ReportKind("toy", "备忘报表", "year", write_toy_report),),
    page="toy_page:ToyPage",
    changes=frozenset({TOY_CHANGED}),
    dependents=toy_dependents,
)
