"""What the windows show is defined once with the rest of the app: the session
form's live 人次 is the ledger's and the stats', and a person's field labels are
the same in the form, the roster table and the 人员 sheet of the workbook."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt

from app.domain.enums import ServiceType
from app.domain.pairing_validation import PairingInput
from app.domain.validation import PersonInput
from app.exchange.workbook_export import export_workbook
from app.exchange.workbook_import import import_workbook
from app.services.pairing import SessionFilter
from app.ui.forms.person_form import FIELD_ORDER, PersonForm
from app.ui.forms.session_form import SessionForm
from app.ui.table_models.people_table_model import Column, PeopleTableModel

SESSION_HEADERS = ["日期", "结对名称", "主题", "服务类型", "参与人员", "其他参与人数"]


def _imported_session(services, tmp_path) -> int:
    """A pairing of 王芳 and 李强 typed in, and a session of it imported from a
    workbook with 王芳 listed twice and 3 other participants."""
    wang = services.people.add_person(PersonInput(name="王芳", employee_no="A1"))
    li = services.people.add_person(PersonInput(name="李强"))
    services.pairing.add_pairing(PairingInput(name="网格帮扶", helpers=[wang], helped=[li]))
    book = Workbook()
    sheet = book.active
    sheet.title = "帮扶活动"
    sheet.append(SESSION_HEADERS)
    sheet.append(["2025-02-03", "网格帮扶", "装维指导", "业务指导", "王芳、李强、王芳(A1)", 3])
    path = tmp_path / "活动.xlsx"
    book.save(path)
    import_workbook(services, path)
    [row] = services.pairing.list_sessions(SessionFilter(), 0, 10)
    return row.id


def test_the_session_form_shows_the_person_times_the_ledger_and_the_stats_count(
    qtbot, app, services, tmp_path
):
    session_id = _imported_session(services, tmp_path)
    form = SessionForm(services.people.list_people(), services.pairing.list_pairings())
    qtbot.addWidget(form)
    form.load(services.pairing.get_session(session_id))
    form.show()
    [row] = services.pairing.list_sessions(SessionFilter(), 0, 10)
    assert form.person_times_label.text() == f"本次 {row.person_times} 人次" == "本次 5 人次"
    assert services.pairing_stats.totals(SessionFilter()).person_times == 5

    # one more outside participant, typed; saved through the service the form uses
    form.outside_count.setFocus()
    form.outside_count.selectAll()
    qtbot.keyClicks(form.outside_count, "4")
    assert form.person_times_label.text() == "本次 6 人次"
    services.pairing.update_session(session_id, form.values())
    [row] = services.pairing.list_sessions(SessionFilter(), 0, 10)
    [entry] = services.pairing.ledger_entries(SessionFilter())
    totals = services.pairing_stats.totals(SessionFilter(dt.date(2025, 1, 1)))
    assert row.person_times == entry.person_times == totals.person_times == 6
    assert row.service_type == ServiceType.GUIDANCE


def _caption(form: PersonForm, key: str) -> str:
    return form.field_labels[key].text().split("<", 1)[0]  # without the required mark


def test_a_persons_labels_are_the_same_in_the_form_the_table_and_the_sheet(
    qtbot, app, services, tmp_path
):
    path = tmp_path / "导出.xlsx"
    export_workbook(services, path)
    sheet_headers = [c.value for c in load_workbook(path)["人员"][1]]
    assert sheet_headers == ["姓名", "工号", "性别", "出生日期", "所在单位", "岗位", "政治面貌",
                             "入党日期", "联系电话", "标签", "备注", "状态", "转出日期"]  # fmt: skip

    form = PersonForm([])
    qtbot.addWidget(form)
    assert [_caption(form, key) for key in FIELD_ORDER] == sheet_headers[:11]
    model = PeopleTableModel()
    table_headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert table_headers == [h for h in sheet_headers if h not in ("备注", "转出日期")]
