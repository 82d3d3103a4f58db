"""What the 承诺 tab does to a member's year or to the selected pledge: the
member form, the 践诺 notes, the 评诺, 撤销/恢复, 删除 and the printed 公示表.
Each takes the tab (``PledgesTab``): its context, its filters and its list."""

from __future__ import annotations

from app.area import ReportKind, ReportRequest
from app.areas import report_kinds
from app.domain.pledge_models import PledgeStatus
from app.domain.pledge_rules import status_after_rating
from app.ui.background import BackgroundTask
from app.ui.forms.pledge_form import PledgeForm
from app.ui.forms.pledge_progress_dialog import PledgeProgressDialog
from app.ui.forms.pledge_rating_form import PledgeRatingForm
from app.ui.operations import Failed
from app.ui.pages.pledges.context import PLEDGES, PLEDGES_AND_POINTS
from app.ui.report_printing import PrintTexts, print_pdf

NOTICE_REPORT = "pledges"  # the area's report kind: 党员承诺公示表


def notice_kind() -> ReportKind | None:
    """The 公示表 report, when an area provides it (the button is hidden otherwise)."""
    return report_kinds().get(NOTICE_REPORT)


# ----- 录入承诺 ------------------------------------------------------------------


def record_pledges(tab) -> PledgeForm | None:
    """The member form: the selected pledge's member and year to edit, else a
    new one (the member chosen in the filter, the year of the filter)."""
    context = tab.context
    service = context.services.pledges
    row = tab.selected_pledge()
    year = row.year if row is not None else tab.filters.chosen_year() or context.today().year
    lines = []
    if row is not None:
        try:
            lines = context.operations.run(
                tab, lambda: service.member_pledges(row.person_id, row.year)
            )
        except Failed:
            tab.refresh_requested.emit()
            return None
    title = (
        tab.tr("编辑承诺：{name} · {year} 年度").format(name=row.person_name, year=row.year)
        if row is not None
        else tab.tr("录入承诺")
    )
    form = PledgeForm(
        context.people,
        year,
        lambda person_id, y: service.member_pledges(person_id, y),
        lambda person_id, y: service.previous_year_lines(person_id, y),
        tab,
        title=title,
    )
    if row is not None:
        form.load(row.person_id, row.year, lines)
    elif (chosen := tab.filters.member.person_id()) is not None:
        form.member.set_person_id(chosen)

    def save(values):
        # the member's lines of that year before: a line taken out goes from the list
        before = [line.id for line in service.member_pledges(values.person_id, values.year)]
        ids = tab.save_in_place(
            values.person_id,
            before,
            lambda: context.forms.run_save(
                form,
                lambda: service.save_member_pledges(values.person_id, values.year, values.lines),
                changes=PLEDGES_AND_POINTS,
                inline_fields=form.inline_keys(len(values.lines)),
                shown_errors=form.shown_errors,
            ),
            saved_ids=lambda saved: saved,
        )
        if tab.filters.chosen_year() not in (None, values.year):
            tab.filters.set_year(values.year)
        if ids:
            tab.select_pledge(ids[0])
        return ids

    context.forms.open(form, save)
    return form


# ----- the selected pledge -------------------------------------------------------


def show_progress(tab) -> PledgeProgressDialog | None:
    """践诺记录…: the selected pledge's notes, to add to or delete from."""
    context = tab.context
    row = tab.selected_pledge()
    if row is None:
        return None
    dialog = PledgeProgressDialog(
        context.services.pledges,
        row.id,
        context.operations,
        context.prompts,
        {PLEDGES},
        tab,
        today=context.today,
        in_place=lambda write: tab.save_in_place(row.person_id, (row.id,), write),
    )
    if not dialog.reload():
        dialog.deleteLater()
        tab.refresh_requested.emit()
        return None
    tab.progress_dialog = dialog
    dialog.finished.connect(lambda _result: _forget_progress(tab, dialog))
    dialog.open()
    return dialog


def _forget_progress(tab, dialog) -> None:
    if getattr(tab, "progress_dialog", None) is dialog:
        tab.progress_dialog = None
    dialog.deleteLater()


def rate_pledge(tab) -> PledgeRatingForm | None:
    """评诺…: rate the selected pledge (or change or clear its rating)."""
    context = tab.context
    service = context.services.pledges
    row = tab.selected_pledge()
    if row is None:
        return None
    try:
        details = context.operations.run(tab, lambda: service.get_pledge(row.id))
    except Failed:
        tab.refresh_requested.emit()
        return None

    def clear() -> bool:
        if not context.prompts.confirm(
            form,
            tab.tr("清除评议"),
            tab.tr("确定清除这项承诺的评议吗？状态将回到“践诺中”。"),
            destructive=True,
        ):
            return False
        return tab.save_in_place(
            row.person_id,
            (row.id,),
            lambda: context.operations.attempt(
                form, lambda: service.clear_rating(row.id), changes=PLEDGES_AND_POINTS
            ),
        )

    form = PledgeRatingForm(details, tab, clear=clear, today=context.today)

    def save(values):
        tab.save_in_place(
            row.person_id,
            (row.id,),
            lambda: context.forms.run_save(
                form,
                lambda: service.rate(
                    row.id, values.rating, values.comment, values.rated_on, values.status
                ),
                changes=PLEDGES_AND_POINTS,
            ),
        )
        tab.select_pledge(row.id)

    context.forms.open(form, save)
    return form


def withdraw_pledge(tab) -> bool:
    """撤销承诺 (or 恢复承诺 of a withdrawn one: back to what its rating says)."""
    context = tab.context
    row = tab.selected_pledge()
    if row is None:
        return False
    if row.status == PledgeStatus.WITHDRAWN:
        status = status_after_rating(row.rating) if row.rating else PledgeStatus.IN_PROGRESS
    else:
        status = PledgeStatus.WITHDRAWN
    done = tab.save_in_place(
        row.person_id,
        (row.id,),
        lambda: context.operations.attempt(
            tab,
            lambda: context.services.pledges.set_status(row.id, status),
            changes=PLEDGES_AND_POINTS,
        ),
    )
    if done:
        tab.select_pledge(row.id)
    return done


def delete_pledge(tab) -> bool:
    context = tab.context
    row = tab.selected_pledge()
    if row is None:
        return False
    question = tab.tr(
        "确定删除 {name} 的承诺「{text}」吗？它的践诺记录会一并删除，删除后无法恢复。"
    ).format(name=row.person_name, text=row.text[:40])
    return tab.save_in_place(
        row.person_id,
        (row.id,),
        lambda: context.operations.delete(
            tab,
            tab.tr("删除承诺"),
            question,
            lambda: context.services.pledges.delete_pledge(row.id),
            changes=PLEDGES_AND_POINTS,
        ),
    )


# ----- 打印公示表 --------------------------------------------------------------------


def print_notice(tab) -> BackgroundTask | None:
    """打印公示表…: the 党员承诺公示表 of the year chosen (this year when 全部年度),
    written in the background, then shown in the preview."""
    kind = notice_kind()
    if kind is None:
        return None
    context = tab.context
    services, year = context.services, tab.filters.chosen_year() or context.today().year
    return print_pdf(
        tab,
        context,
        PrintTexts(tab.tr("打印党员承诺公示表"), tab.tr("公示表")),
        tab.tr("党员承诺公示表-{year}.pdf").format(year=year),
        lambda out: kind.write(services, ReportRequest(year=year), out),
        lambda: print_notice(tab),
    )
