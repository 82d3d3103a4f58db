"""What the 带教 tab does: the mentorship form (新增, 编辑), 删除, the
带教记录 dialog and the printed 老带新带教记录表. Each takes the tab
(``MentorshipsTab``): its context, its filters and its list."""

from __future__ import annotations

from app.area import ReportKind, ReportRequest
from app.areas import report_kinds
from app.ui.background import BackgroundTask
from app.ui.forms.check_in_dialog import CheckInDialog
from app.ui.forms.mentorship_form import MentorshipForm
from app.ui.operations import Failed
from app.ui.pages.mentoring.context import MENTORING
from app.ui.report_printing import PrintTexts, print_pdf

RECORD_REPORT = "mentoring"  # the area's report kind: 老带新带教记录表


def record_kind() -> ReportKind | None:
    """The 带教记录表 report, when an area provides it (the button is hidden otherwise)."""
    return report_kinds().get(RECORD_REPORT)


# ----- the form -------------------------------------------------------------------


def add_mentorship(tab) -> MentorshipForm:
    """新增带教…: a new mentorship (the mentor chosen in the filter, if any)."""
    context = tab.context
    service = context.services.mentoring
    form = MentorshipForm(context.people, tab, title=tab.tr("新增带教"), today=context.today)
    if (chosen := tab.filters.mentor.person_id()) is not None:
        form.mentor.set_person_id(chosen)
        form.mentee.line_edit.setFocus()

    def save(values):
        new_id = tab.save_in_place(
            (),
            lambda: context.forms.run_save(
                form, lambda: service.add_mentorship(values), changes={MENTORING}
            ),
            saved_ids=lambda saved: (saved,),
        )
        if not tab.select_mentorship(new_id):
            # hidden by the filter: show everything, so the user sees what was saved
            tab.filters.status.set_member(None)
            tab.filters.quiet.setChecked(False)
            tab.filters.search.clear()
            tab.select_mentorship(new_id)
        return new_id

    context.forms.open(form, save)
    return form


def edit_mentorship(tab) -> MentorshipForm | None:
    """编辑: the selected mentorship in the form."""
    context = tab.context
    service = context.services.mentoring
    row = tab.selected_mentorship()
    if row is None:
        return None
    try:
        values = context.operations.run(tab, lambda: service.get_mentorship(row.id))
    except Failed:
        tab.refresh_requested.emit()
        return None
    title = tab.tr("编辑带教：{mentor} 带 {mentee}").format(
        mentor=row.mentor_name, mentee=row.mentee_name
    )
    form = MentorshipForm(context.people, tab, title=title, today=context.today)
    form.load(values)

    def save(new_values):
        tab.save_in_place(
            (row.id,),
            lambda: context.forms.run_save(
                form, lambda: service.update_mentorship(row.id, new_values), changes={MENTORING}
            ),
        )
        tab.select_mentorship(row.id)

    context.forms.open(form, save)
    return form


def delete_mentorship(tab) -> bool:
    context = tab.context
    row = tab.selected_mentorship()
    if row is None:
        return False
    question = tab.tr(
        "确定删除 {mentor} 带 {mentee} 的带教关系吗？它的 {n} 次带教记录会一并删除，删除后无法恢复。"
    ).format(mentor=row.mentor_name, mentee=row.mentee_name, n=row.check_ins)
    return tab.save_in_place(
        (row.id,),
        lambda: context.operations.delete(
            tab,
            tab.tr("删除带教"),
            question,
            lambda: context.services.mentoring.delete_mentorship(row.id),
            changes={MENTORING},
        ),
    )


# ----- 带教记录 -----------------------------------------------------------------------


def show_check_ins(tab) -> CheckInDialog | None:
    """带教记录…: the selected mentorship's check-ins, to add to, change or delete."""
    context = tab.context
    row = tab.selected_mentorship()
    if row is None:
        return None
    dialog = CheckInDialog(
        context.services.mentoring,
        row,
        context.operations,
        context.prompts,
        {MENTORING},
        tab,
        today=context.today,
        in_place=lambda write: tab.save_in_place((row.id,), write),
    )
    if not dialog.reload():
        dialog.deleteLater()
        tab.refresh_requested.emit()
        return None
    tab.check_in_dialog = dialog
    dialog.finished.connect(lambda _result: _forget_dialog(tab, dialog))
    dialog.open()
    return dialog


def _forget_dialog(tab, dialog) -> None:
    if tab.check_in_dialog is dialog:
        tab.check_in_dialog = None
    dialog.deleteLater()


# ----- 打印带教记录表 ------------------------------------------------------------------


def print_record(tab) -> BackgroundTask | None:
    """打印带教记录表…: the 老带新带教记录表 of the period chosen under the list,
    written in the background, then shown in the preview."""
    kind = record_kind()
    if kind is None:
        return None
    services = tab.context.services
    date_from, date_to = tab.filters.period.period()
    request = ReportRequest(date_from=date_from, date_to=date_to)
    return print_pdf(
        tab,
        tab.context,
        PrintTexts(tab.tr("打印老带新带教记录表"), tab.tr("带教记录表")),
        tab.tr("老带新带教记录表-{period}.pdf").format(
            period=tab.filters.period.label().replace("/", "-")
        ),
        lambda out: kind.write(services, request, out),
        lambda: print_record(tab),
    )
