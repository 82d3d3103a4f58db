"""帮扶台账: the sessions the filters choose, their totals line, and the
printed ledger."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.enums import PairingKind, ServiceType
from app.services.pairing import SessionFilter
from app.services.people import UnitRow
from app.services.registry import Services
from app.ui.background import BackgroundTask
from app.ui.forms.session_form import SessionForm
from app.ui.operations import PEOPLE, UNITS, Failed
from app.ui.pages.freshness import RefreshWhenShown
from app.ui.pages.paged_list import ListSource, PagedList, same_filter_only
from app.ui.pages.pairing.context import PAIRINGS, PairingContext
from app.ui.pages.pairing.parts import (
    actions_row,
    add_table,
    button,
    compact,
    count_label,
    new_tab,
    record_buttons,
)
from app.ui.report_printing import PrintTexts, print_pdf
from app.ui.table_models.session_table_model import SessionTableModel
from app.ui.widgets.enum_combo import EnumCombo
from app.ui.widgets.pairing_picker import PairingPicker
from app.ui.widgets.period_picker import PeriodPicker
from app.ui.widgets.record_table import select_row, selected_record
from app.ui.widgets.unit_combo import UnitCombo


def write_ledger(services: Services, session_filter: SessionFilter, path: Path) -> Path:
    """Write the ledger of the sessions ``session_filter`` chooses to the PDF
    ``path``; gives the file written."""
    from app.reports.pairing_ledger import write_pairing_ledger  # reportlab: loaded when printing

    return Path(write_pairing_ledger(services, session_filter, path) or path)


class LedgerTab(QWidget):
    # 登记帮扶活动 found no pairing: the user was told to add one on 结对 first
    pairings_needed = Signal()
    # the session to edit is gone: everything shown is to be read anew
    refresh_requested = Signal()

    def __init__(self, context: PairingContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        box = new_tab(self)
        self._build_filters(box)
        self._build_totals(box)

        buttons = record_buttons(
            self,
            self.tr("登记帮扶活动"),
            self.add_session,
            # not the button's checked flag as the session id
            lambda: self.edit_session(),
            self.delete_session,
        )
        self.add_session_button, self.edit_session_button, self.delete_session_button = buttons
        self.add_session_button.setToolTip(self.tr("Ctrl+N"))
        actions = actions_row(buttons)
        self.print_button = button(self.tr("打印台账…"), lambda: self.print_ledger())
        actions.addWidget(self.print_button)
        box.addLayout(actions)

        self.session_model = SessionTableModel(self)
        self.session_table = add_table(
            box,
            "sessionTable",
            self.session_model,
            context.config_dir,
            self.edit_session,
            self._update_buttons,
            delete=self.delete_session,
        )
        self.freshness = RefreshWhenShown(
            self, self._read, context.operations, {PAIRINGS, PEOPLE, UNITS}
        )
        self.list = PagedList(
            self.session_model,
            self.session_table,
            self.freshness,
            ListSource(
                count=lambda f: self.context.services.pairing.count_sessions(f),
                rows=lambda f, offset, limit: self.context.services.pairing.list_sessions(
                    f, offset, limit
                ),
                totals=lambda f: self.context.services.pairing_stats.totals(f),
                only=lambda f, ids: dataclasses.replace(f, ids=ids),
                # the totals count the sessions too: one pass for both
                count_and_totals=same_filter_only(self._count_and_totals),
            ),
            lambda n: self.session_count_label.setText(self.tr("共 {n} 场").format(n=n)),
            lambda totals: self.totals_label.setText(totals.sentence()),
        )
        self._update_buttons()  # nothing is selected yet

    def _count_and_totals(self, f: SessionFilter) -> tuple[int, Any]:
        totals = self.context.services.pairing_stats.totals(f)
        return totals.sessions, totals  # the same sessions count_sessions counts

    def refresh(self) -> None:
        """Read the choices and the ledger anew."""
        self.freshness.refresh()

    def _read(self) -> None:
        self.fill_choices()
        self.apply_filter()

    def _build_filters(self, box: QVBoxLayout) -> None:
        # filters in two rows, so everything fits the window's minimum width
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(QLabel(self.tr("期间")))
        self.period = PeriodPicker(today=self.context.today)
        self.period.period_changed.connect(self.apply_filter)
        top.addWidget(self.period)
        top.addSpacing(10)
        top.addWidget(QLabel(self.tr("类型")))
        self.kind_filter = EnumCombo(PairingKind, none_label=self.tr("全部"))
        top.addWidget(self.kind_filter)
        top.addStretch(1)
        self.session_count_label = count_label()
        top.addWidget(self.session_count_label)
        box.addLayout(top)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(QLabel(self.tr("结对")))
        # searches as you type, like the form's 结对 field
        self.pairing_filter = PairingPicker((), self.tr("全部结对"), revert_on_leave=True)
        self.pairing_filter.lineEdit().setPlaceholderText(self.tr("全部结对（输入可查找）"))
        compact(self.pairing_filter, 14, 360)
        filters.addWidget(self.pairing_filter, 2)
        filters.addSpacing(10)
        filters.addWidget(QLabel(self.tr("帮扶对象单位")))
        self.unit_filter = UnitCombo()
        compact(self.unit_filter, 8, 220)
        filters.addWidget(self.unit_filter, 1)
        filters.addSpacing(10)
        filters.addWidget(QLabel(self.tr("服务类型")))
        self.service_filter = EnumCombo(ServiceType, none_label=self.tr("全部"))
        filters.addWidget(self.service_filter)
        filters.addStretch(1)
        for combo in (self.kind_filter, self.pairing_filter, self.unit_filter, self.service_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        box.addLayout(filters)

    def _build_totals(self, box: QVBoxLayout) -> None:
        banner = QFrame()
        banner.setObjectName("totalsBanner")
        banner_box = QVBoxLayout(banner)
        banner_box.setContentsMargins(14, 8, 14, 8)
        banner_box.setSpacing(2)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("totalsLine")
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.totals_label.setWordWrap(True)
        banner_box.addWidget(self.totals_label)
        self.totals_note = QLabel(
            self.tr("A+B：A 为本支部结对和领导帮扶，B 为共建结对；人次 = 参与人员 + 其他参与人数")
        )
        self.totals_note.setObjectName("totalsNote")
        self.totals_note.setWordWrap(True)
        banner_box.addWidget(self.totals_note)
        box.addWidget(banner)

    # ----- filtering -------------------------------------------------------------

    def fill_choices(self) -> None:
        """Offer the pairings and the helped units, keeping what is chosen."""
        units, pairings = self.context.units, self.context.pairings
        for combo in (self.pairing_filter, self.unit_filter):
            combo.blockSignals(True)
        self.pairing_filter.set_pairings(pairings)
        chosen_unit = self.unit_filter.unit_id()
        helped = self.context.services.pairing_choices.helped_unit_ids()
        offered = self._units_with_pairings(units, helped)
        self.unit_filter.set_units(
            units, self.tr("全部单位"), exclude=[u.id for u in units if u.id not in offered]
        )
        self.unit_filter.set_unit_id(chosen_unit)
        for combo in (self.pairing_filter, self.unit_filter):
            combo.blockSignals(False)

    @staticmethod
    def _units_with_pairings(units: list[UnitRow], helped_units: set) -> set[int]:
        """The units offered: each helped by a pairing, or above one that is
        (walked up from the helped units: once per unit, not per pair of units)."""
        parent = {u.id: u.parent_id for u in units}
        offered: set[int] = set()
        for unit_id in helped_units:
            while unit_id is not None and unit_id in parent and unit_id not in offered:
                offered.add(unit_id)
                unit_id = parent[unit_id]
        return offered

    def current_filter(self) -> SessionFilter:
        start, end = self.period.period()
        kind = self.kind_filter.current_member()
        pairing_id = self.pairing_filter.currentData()
        service = self.service_filter.current_member()
        return SessionFilter(
            date_from=start,
            date_to=end,
            kinds=frozenset({kind}) if kind is not None else None,
            pairing_ids=frozenset({pairing_id}) if pairing_id is not None else None,
            unit_id=self.unit_filter.unit_id(),
            service_types=frozenset({service}) if service is not None else None,
        )

    def apply_filter(self, *_args) -> None:
        """Show the sessions and the totals of the filter as it stands now."""
        self.list.show(self.current_filter())

    def _update_buttons(self, *_args) -> None:
        has_session = selected_record(self.session_table) is not None
        self.edit_session_button.setEnabled(has_session)
        self.delete_session_button.setEnabled(has_session)

    # ----- sessions ----------------------------------------------------------------

    def selected_session(self) -> Any | None:
        return selected_record(self.session_table)

    def select_session(self, session_id: int) -> bool:
        return select_row(self.session_table, self.session_model.row_of(session_id))

    def _session_form(self, title: str) -> SessionForm:
        context = self.context
        return SessionForm(context.people, context.pairings, self, title=title, today=context.today)

    def add_session(self) -> SessionForm | None:
        context = self.context
        offered = context.pairings.offered()
        if not offered:
            context.prompts.info(
                self,
                self.tr("登记帮扶活动"),
                self.tr("还没有结对。请先在“结对”页新增结对，再登记帮扶活动。"),
            )
            self.pairings_needed.emit()
            return None
        form = self._session_form(self.tr("登记帮扶活动"))
        chosen = self.pairing_filter.currentData()
        if chosen is None and len(offered) == 1:
            chosen = offered[0].id
        if chosen is not None:
            form.choose_pairing(chosen)

        def save(values):
            session_id = self.list.save_in_place(
                (),
                lambda: context.run_form_save(
                    form, lambda: context.services.pairing.add_session(values)
                ),
                saved_ids=lambda new_id: (new_id,),
            )
            self._reveal_session(session_id, values.date)
            return session_id

        context.forms.open(form, save)
        return form

    def edit_session(self, session_id: int | None = None) -> SessionForm | None:
        """Edit a session: the one given, or the one selected in the ledger."""
        context = self.context
        if session_id is None:
            row = self.selected_session()
            if row is None:
                return None
            session_id = row.id
        try:
            values = context.operations.run(
                self, lambda: context.services.pairing.get_session(session_id)
            )
        except Failed:
            self.refresh_requested.emit()
            return None
        day = f"{values.date:%Y-%m-%d}" if values.date else ""
        form = self._session_form(
            self.tr("编辑帮扶活动：{date} {topic}").format(date=day, topic=values.topic)
        )
        form.load(values)

        def save(new_values):
            self.list.save_in_place(
                (session_id,),
                lambda: context.run_form_save(
                    form, lambda: context.services.pairing.update_session(session_id, new_values)
                ),
            )
            self._reveal_session(session_id, new_values.date)

        context.forms.open(form, save)
        return form

    def _reveal_session(self, session_id: int, day: dt.date | None) -> None:
        """Select a saved session; widen the period if it falls outside."""
        if self.select_session(session_id):
            return
        start, end = self.period.period()
        if day is not None and ((start and day < start) or (end and day > end)):
            self.period.set_custom(min(start or day, day), max(end or day, day))
            self.select_session(session_id)

    def delete_session(self) -> None:
        row = self.selected_session()
        if row is None:
            return
        context = self.context
        pairing = context.services.pairing
        try:  # nothing refuses a session's deletion, but its problems go with it
            going = context.operations.run(
                self, lambda: pairing.what_goes_with_session(row.id), title=self.tr("无法删除")
            )
        except Failed:
            self.refresh_requested.emit()
            return
        question = self.tr("确定删除 {date} 的帮扶活动「{topic}」吗？").format(
            date=f"{row.date:%Y-%m-%d}", topic=row.topic
        )
        if going:
            question += self.tr("{what}也会一并删除。").format(what="、".join(going))
        question += self.tr("删除后无法恢复。")
        self.list.save_in_place(
            (row.id,),
            lambda: context.operations.delete(
                self,
                self.tr("删除帮扶活动"),
                question,
                lambda: pairing.delete_session(row.id),
                changes={PAIRINGS},
            ),
        )

    # ----- printing ------------------------------------------------------------------

    def print_ledger(self) -> BackgroundTask | None:
        """打印台账…: the ledger of the filter as it stands, written as a PDF in
        the background, then shown in the preview (to save, print or open).
        None when 支部名称 is asked for first (设置 opens; printing goes on
        once it is saved)."""
        services, f = self.context.services, self.current_filter()
        return print_pdf(
            self,
            self.context,
            PrintTexts(self.tr("打印结对帮扶台账"), self.tr("台账")),
            self._suggested_name(),
            lambda out: write_ledger(services, f, out),
            lambda: self.print_ledger(),
        )

    def _suggested_name(self) -> str:
        start, end = self.period.period()
        span = "-".join(f"{d:%Y%m%d}" for d in (start, end) if d) or "全部"
        return self.tr("结对帮扶台账-{span}.pdf").format(span=span)
