"""What an area of the app is: one descriptor the rest of the app reads.

An area (人员名册, 结对帮扶, 党员承诺 ...) is one column through the layers: its
models and rules in ``domain/``, its migration, its services, its sheets of the
exchange workbook, its reports, its page. ``app.areas.AREAS`` lists one
``Area`` per area, and the service registry, the workbook import and export,
the command line and the main window loop over that list; none of them names
an area.

This module is pure Python and imports nothing of the app, so every layer may
use the type. The descriptor refers to heavier code lazily (factories that
import inside, and the page as a ``"module:Class"`` string), so that listing
the areas imports neither Qt, nor reportlab, nor openpyxl.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # the window's start loads this module: no datetime before its paint
    import datetime as dt

# How a report is asked for: a date range (--from/--to), a year (--year), or neither.
PeriodKind = Literal["range", "year", "none"]


@dataclass(frozen=True)
class ReportRequest:
    """What the user asked of a report: on the command line or the 报表 page."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    year: int | None = None
    title: str | None = None  # e.g. the meeting's name on a 签到表
    day: dt.date | None = None  # the meeting's date on a 签到表


@dataclass(frozen=True)
class ReportKind:
    """One printable report. ``write(services, request, out)`` writes the file and
    returns its path; it imports its reportlab code when called."""

    key: str  # the command line's name: report pairing ...
    title: str  # 结对帮扶台账
    period: PeriodKind
    write: Callable[[Any, ReportRequest, Path], Path]
    # The same report as an editable Word file (.docx), where the report has one.
    word: Callable[[Any, ReportRequest, Path], Path] | None = None
    # Asks for a meeting's name and date (ReportRequest.title and .day): 签到表.
    meeting: bool = False
    # For a "year" report: the years that have data, newest first (the 报表
    # page offers them first), from the services.
    years: Callable[[Any], list[int]] | None = None

    def writer_for(self, out: Path) -> Callable[[Any, ReportRequest, Path], Path] | None:
        """What writes ``out``: Word for a .docx name when the report has it, else
        the PDF writer; None for a .docx name the report cannot write."""
        if Path(out).suffix.lower() == ".docx":
            return self.word
        return self.write


# (entity, check): ``check(session, ident)`` returns sentences naming what refers to
# the record, e.g. ("person", lambda session, person_id: ["在 2 个结对中（…）"]).
DependentCheck = Callable[[Any, int], list[str]]


@dataclass(frozen=True)
class Area:
    key: str  # "pairing"
    title: str  # the navigation's title, 结对帮扶 (translated by the window)
    # Builds the area's services from the Services being built (earlier areas'
    # services are already there), returning {attribute name: service}.
    services: Callable[[Any], Mapping[str, object]]
    # The exchange workbook's sheet handler classes, in import order.
    sheets: Callable[[], tuple[type, ...]] = lambda: ()
    reports: tuple[ReportKind, ...] = ()
    # The page's class as "module:Class" (the core never imports the UI); the
    # class is called as Page(services, operations, prompts).
    page: str | None = None
    # What the area's actions announce as changed, so pages refresh.
    changes: frozenset[str] = frozenset()
    # The area's part of the 工作汇总: ``summary(services, period)`` returns its
    # sections (app.domain.summary.SummarySection) for a SummaryPeriod.
    summary: Callable[[Any, Any], Sequence[Any]] | None = None
    # Checks run before a record of another area is deleted: {entity: check}.
    dependents: Callable[[], Mapping[str, DependentCheck]] = field(default=lambda: {})


def load(reference: str) -> Any:
    """The object named ``"package.module:Name"``, importing the module."""
    module_name, _, name = reference.partition(":")
    return getattr(importlib.import_module(module_name), name)
