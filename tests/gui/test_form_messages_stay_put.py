"""Issue 8, point 10: a form's message has its own place under its field.
Showing it does not push the fields under the mouse down, and when it clears
the form looks as it did (no blank space left behind)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget
from sample_roster import seed
from typing_helpers import type_text

from app.ui.operations import EVERYTHING


def places(form) -> dict[str, QRect]:
    """Where each field and the buttons are in the dialog."""

    def where(widget: QWidget) -> QRect:
        return QRect(widget.mapTo(form, widget.rect().topLeft()), widget.size())

    found = {key: where(widget) for key, widget in form.fields.items()}
    found["保存"] = where(form.save_button)
    return found


def test_person_form_fields_stay_put_when_a_message_comes_and_goes(window, services, qtbot):
    seed(services)
    window.operations.changed.emit(EVERYTHING)
    form = window.page("roster").people_panel.add_person()
    qtbot.waitExposed(form)
    qtbot.wait(20)
    before, size = places(form), form.size()

    type_text(qtbot, form.name, "林晓雯")
    form.name.clear()  # required: 请填写姓名
    type_text(qtbot, form.employee_no, "BQ")  # leaving 姓名 shows its message
    qtbot.wait(20)
    assert form.error_text("name") == "请填写姓名"
    assert form.error_labels["name"].isVisible()
    assert places(form) == before
    assert form.size() == size

    type_text(qtbot, form.name, "林晓雯")
    qtbot.wait(20)
    assert form.error_text("name") == ""
    assert places(form) == before
    assert form.size() == size


def test_a_long_message_may_take_room_but_gives_it_back(window, services, qtbot):
    seed(services)
    window.operations.changed.emit(EVERYTHING)
    form = window.page("roster").people_panel.add_person()
    qtbot.waitExposed(form)
    qtbot.wait(20)
    before, size = places(form), form.size()

    type_text(qtbot, form.name, "林晓雯")
    type_text(qtbot, form.phone, "1234")
    form.try_save()
    qtbot.wait(20)
    assert "联系电话格式不对" in form.error_text("phone")
    label = form.error_labels["phone"]
    # the whole message can be read
    assert label.height() >= label.heightForWidth(label.width())
    moved = places(form)
    # nothing above the message moves
    for key in ("name", "employee_no", "gender", "birth_date", "phone"):
        assert moved[key] == before[key], key

    form.phone.clear()
    type_text(qtbot, form.phone, "13661290401")
    qtbot.wait(20)
    assert form.error_text("phone") == ""
    assert places(form) == before
    assert form.size() == size


def test_session_form_fields_stay_put(window, services, qtbot):
    from sample_pairing import seed as seed_pairings

    seed_pairings(services)
    window.operations.changed.emit(EVERYTHING)
    window.navigation.setCurrentRow(1)
    page = window.page("pairing")
    form = page.ledger_tab.add_session()
    qtbot.waitExposed(form)
    qtbot.wait(20)
    before, size = places(form), form.size()
    form.try_save()  # 主题, 参与人员… missing
    qtbot.wait(20)
    assert form.error_text("topic") == "请填写主题"
    assert places(form) == before
    assert form.size() == size
    type_text(qtbot, form.topic, "装维派单 App 使用辅导")
    qtbot.wait(20)
    assert form.error_text("topic") == ""
    assert places(form) == before
    form.reject()
