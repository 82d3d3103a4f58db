"""A new area is its own modules plus one line in AREAS: adding the toy area to the
list makes its service, its delete check, its sheet and its report appear, and
nothing else in the app has to name it."""

from __future__ import annotations

import pytest
import toy_area
from openpyxl import Workbook, load_workbook
from sqlalchemy import Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

import app.areas
from app.areas import AREAS
from app.cli import run
from app.domain.errors import InUse
from app.domain.models import AuditEntry, Base
from app.domain.validation import PersonInput
from app.exchange.workbook_export import export_workbook
from app.exchange.workbook_import import import_workbook
from app.services.registry import Services

WITH_TOY = (*AREAS, toy_area.AREA)


@pytest.fixture
def toy_services(db, app_paths) -> Services:
    return Services.build(db, app_paths, WITH_TOY)


def test_the_areas_list_names_the_roster_then_pairing():
    assert [area.key for area in AREAS][:2] == ["roster", "pairing"]
    assert [a.title for a in AREAS][:3] == ["人员名册", "结对帮扶", "党员承诺"]


def test_a_registered_area_gets_its_service_built_after_the_earlier_areas(toy_services):
    assert isinstance(toy_services.toy, toy_area.ToyService)
    assert toy_services.toy.people is toy_services.people
    with pytest.raises(AttributeError):
        _ = toy_services.not_an_area


def test_a_registered_areas_check_stops_deleting_a_person_it_refers_to(toy_services):
    person_id = toy_services.people.add_person(PersonInput(name="王芳"))
    with pytest.raises(InUse) as refused:
        toy_services.people.delete_person(person_id)
    assert "在备忘中被提到" in refused.value.message
    assert [p.name for p in toy_services.people.list_people()] == ["王芳"]


def test_without_the_area_the_same_person_can_be_deleted(services):
    person_id = services.people.add_person(PersonInput(name="王芳"))
    services.people.delete_person(person_id)
    assert services.people.list_people() == []


def test_a_registered_areas_sheet_is_exported_and_imported(toy_services, tmp_path):
    out = tmp_path / "全部.xlsx"
    export_workbook(toy_services, out)
    book = load_workbook(out)
    assert book.sheetnames == [
        "单位",
        "人员",
        "结对",
        "帮扶活动",
        "党员承诺",
        "老带新",
        "带教记录",
        "发展记录",
        "备忘",
    ]
    assert [[c.value for c in row] for row in book["备忘"].iter_rows()] == [
        ["内容"],
        ["第一条备忘"],
        ["第二条备忘"],
    ]

    source = tmp_path / "备忘.xlsx"
    workbook = Workbook()
    workbook.active.title = "备忘"
    workbook.active.append(["内容"])
    workbook.active.append(["周五交党费"])
    workbook.save(source)
    report = import_workbook(toy_services, source)
    assert report.counts["备忘"].created == 1
    assert "备忘 新增 1" in report.summary()


def test_the_command_line_offers_and_writes_a_registered_areas_report(
    monkeypatch, tmp_path, capsys
):
    monkeypatch.setattr(app.areas, "AREAS", WITH_TOY)
    out = tmp_path / "备忘.txt"
    db = str(tmp_path / "ledger.sqlite3")
    assert run(["--db", db, "settings", "set", "支部名称", "北区分公司党支部"]) == 0
    capsys.readouterr()
    assert run(["--db", db, "report", "toy", "--year", "2026", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "备忘报表 2026"
    assert capsys.readouterr().out.strip() == f"报表已保存到：{out}"

    assert run(["--db", db, "report", "members", "--out", str(out)]) == 2
    assert (
        capsys.readouterr().err.strip()
        == "错误：没有名为「members」的报表；可用：signin、pairing、pledges、mentoring、summary、toy"
    )


def test_every_area_key_title_and_report_key_is_unique():
    assert len({a.key for a in AREAS}) == len(AREAS)
    reports = [kind.key for area in AREAS for kind in area.reports]
    assert len(set(reports)) == len(reports)
    changes = [key for area in AREAS for key in area.changes]
    assert len(set(changes)) == len(changes)


def test_a_model_declared_after_the_database_opened_is_audited(db):
    """A new area's models module may be imported late (its services import it):
    its records are still audited (工作留痕), because the listeners sit on the Base."""

    class ToyNote(Base):
        __tablename__ = "toy_notes_audit_test"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        name: Mapped[str] = mapped_column(String(50))

    try:
        ToyNote.__table__.create(db.engine)
        with db.unit_of_work() as session:
            session.add(ToyNote(name="周五交党费"))
        with db.reading() as session:
            rows = session.execute(
                select(AuditEntry.action, AuditEntry.summary).where(
                    AuditEntry.entity == "toy_notes_audit_test"
                )
            ).all()
            assert session.scalar(select(func.count()).select_from(ToyNote)) == 1
        assert [(action, summary) for action, summary in rows] == [("create", "周五交党费")]
    finally:
        ToyNote.__table__.drop(db.engine, checkfirst=True)
        Base.metadata.remove(ToyNote.__table__)
