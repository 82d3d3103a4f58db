"""Builders of real .xlsx files for the import and export tests, and a helper
that asserts an import failed without changing anything."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.domain.errors import ImportFailed
from app.domain.models import AuditEntry, Person, Unit
from app.exchange.workbook_import import import_workbook

UNIT_HEADERS = ["单位名称", "上级单位", "类型"]
PEOPLE_HEADERS = [
    "姓名",
    "工号",
    "性别",
    "出生日期",
    "所在单位",
    "岗位",
    "政治面貌",
    "入党日期",
    "联系电话",
    "标签",
    "备注",
]

BASIC_UNITS = [UNIT_HEADERS, ["北区分公司", "", "分公司"], ["网格一", "北区分公司", "网格"]]


def person(headers: list[str] = PEOPLE_HEADERS, **values: Any) -> list[Any]:
    """One 人员 row; keyword names are the Chinese headers: person(姓名="王芳")."""
    return [values.get(h) for h in headers]


def build(
    path: Path,
    sheets: dict[str, list[list[Any]]],
    merges: dict[str, list[str]] | None = None,
) -> Path:
    """Write ``sheets`` (name -> rows, the header row included) to ``path``."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    for name, ranges in (merges or {}).items():
        for ref in ranges:
            book[name].merge_cells(ref)
    book.save(path)
    return path


def people_workbook(path: Path, *rows: list[Any], units=BASIC_UNITS) -> Path:
    sheets = {"人员": [PEOPLE_HEADERS, *rows]}
    if units:
        sheets = {"单位": units, **sheets}
    return build(path, sheets)


def replace_member(path: Path, member: str, data: bytes, content_type: str | None = None) -> Path:
    """Rewrite one part of an .xlsx (optionally declaring its content type)."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts[member] = data
    if content_type:
        types = parts["[Content_Types].xml"].decode()
        override = f'<Override PartName="/{member}" ContentType="{content_type}"/>'
        parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return path


def database_state(services) -> tuple:
    """Everything an import could change: every unit, person and audit row."""
    with services.db.reading() as session:
        units = session.execute(select(Unit.__table__).order_by(Unit.id)).all()
        people = session.execute(select(Person.__table__).order_by(Person.id)).all()
        audit = session.scalar(select(func.count(AuditEntry.id)))
    return (tuple(units), tuple(people), audit)


def import_fails(services, path: Path) -> list[tuple]:
    """Import ``path`` expecting ImportFailed; check nothing was written or backed up."""
    before = database_state(services)
    backups_before = sorted(services.backups.backups_dir.glob("*"))
    with pytest.raises(ImportFailed) as caught:
        import_workbook(services, path)
    assert database_state(services) == before
    assert sorted(services.backups.backups_dir.glob("*")) == backups_before
    assert caught.value.message.startswith("导入失败，未写入任何数据")
    return caught.value.problems


def only_problem(services, path: Path) -> tuple:
    problems = import_fails(services, path)
    assert len(problems) == 1, problems
    return problems[0]
