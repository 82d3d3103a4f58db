"""结对帮扶: the ledger of assistance sessions with its totals line, the
pairings, and the problems still open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import PairingKind, ServiceType
from app.services.pairing import SessionFilter
from app.services.people import PersonRow, UnitRow
from app.services.registry import Services
from app.ui.forms.form_host import FormHost
from app.ui.forms.pairing_form import PairingForm
from app.ui.forms.session_form import SessionForm
from app.ui.operations import PEOPLE, UNITS, Failed, Operations
from app.ui.prompts import Prompts
from app.ui.table_models.pairing_table_model import (
    PairingTableModel,
    ProblemTableModel,
)
from app.ui.table_models.session_table_model import COLUMN_WIDTHS, SessionTableModel
from app.ui.widgets.enum_combo import EnumCombo
from app.ui.widgets.period_picker import PeriodPicker
from app.ui.widgets.record_table import (
    add_row_shortcuts,
    record_table,
    select_row,
    selected_record,
    set_widths,
)
from app.ui.widgets.unit_combo import UnitCombo

# announced by the operation runner when pairings, sessions or problems change
PAIRINGS = "pairings"


def _button(text: str, slot, object_name: str = "") -> QPushButton:
    button = QPushButton(text)
    if object_name:
        button.setObjectName(object_name)
    button.clicked.connect(slot)
    return button


def _count_label() -> QLabel:
    label = QLabel()
    label.setObjectName("countLabel")
    return label


def _actions_row(buttons: Iterable[QPushButton], count_label: QLabel | None = None) -> QHBoxLayout:
    """Buttons on the left; the count, if any, on the right."""
    actions = QHBoxLayout()
    actions.setSpacing(8)
    for button in buttons:
        actions.addWidget(button)
    actions.addStretch(1)
    if count_label is not None:
        actions.addWidget(count_label)
    return actions


class PairingPage(QWidget):
    def __init__(
        self,
        services: Services,
        operations: Operations,
        prompts: Prompts,
        parent: QWidget | None = None,
        *,
        today=dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pairingPage")
        self.services = services
        self.operations = operations
        self.prompts = prompts
        self._today = today
        self.forms = FormHost(operations, prompts, self)
        self._people: list[PersonRow] | None = None  # loaded when a form needs them
        self._stale = True  # data changed while the page was hidden
        self.units: list[UnitRow] = []
        self.pairings: list[Any] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(10)
        title = QLabel(self.tr("结对帮扶"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("pairingTabs")
        self.tabs.addTab(self._build_ledger_tab(), self.tr("帮扶台账"))
        self.tabs.addTab(self._build_pairings_tab(), self.tr("结对"))
        self.tabs.addTab(self._build_problems_tab(), self.tr("未解决问题"))
        layout.addWidget(self.tabs, 1)

        shortcut = QShortcut(QKeySequence.StandardKey.New, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.add_session)
        operations.changed.connect(self.on_changed)

    # ----- building -------------------------------------------------------------

    def _build_ledger_tab(self) -> QWidget:
        tab, box = self._new_tab()

        # filters in two rows, so everything fits the window's minimum width
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(QLabel(self.tr("期间")))
        self.period = PeriodPicker(today=self._today)
        self.period.period_changed.connect(self.apply_filter)
        top.addWidget(self.period)
        top.addSpacing(10)
        top.addWidget(QLabel(self.tr("类型")))
        self.kind_filter = EnumCombo(PairingKind, none_label=self.tr("全部"))
        top.addWidget(self.kind_filter)
        top.addStretch(1)
        self.session_count_label = _count_label()
        top.addWidget(self.session_count_label)
        box.addLayout(top)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(QLabel(self.tr("结对")))
        self.pairing_filter = QComboBox()
        self.pairing_filter.setMaxVisibleItems(20)
        self._compact(self.pairing_filter, 14, 360)
        filters.addWidget(self.pairing_filter, 2)
        filters.addSpacing(10)
        filters.addWidget(QLabel(self.tr("帮扶对象单位")))
        self.unit_filter = UnitCombo()
        self._compact(self.unit_filter, 8, 220)
        filters.addWidget(self.unit_filter, 1)
        filters.addSpacing(10)
        filters.addWidget(QLabel(self.tr("服务类型")))
        self.service_filter = EnumCombo(ServiceType, none_label=self.tr("全部"))
        filters.addWidget(self.service_filter)
        filters.addStretch(1)
        for combo in (self.kind_filter, self.pairing_filter, self.unit_filter, self.service_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        box.addLayout(filters)

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

        buttons = self._record_buttons(
            self.tr("登记帮扶活动"), self.add_session, self.edit_session, self.delete_session
        )
        self.add_session_button, self.edit_session_button, self.delete_session_button = buttons
        self.add_session_button.setToolTip(self.tr("Ctrl+N"))
        actions = _actions_row(buttons)
        self.print_button = _button(self.tr("打印台账…"), lambda: self.print_ledger())
        actions.addWidget(self.print_button)
        box.addLayout(actions)

        self.session_model = SessionTableModel(self)
        self.session_table = self._add_table(
            box,
            "sessionTable",
            self.session_model,
            COLUMN_WIDTHS,
            self.edit_session,
            delete=self.delete_session,
        )
        return tab

    def _build_pairings_tab(self) -> QWidget:
        tab, box = self._new_tab()
        buttons = self._record_buttons(
            self.tr("新增结对"), self.add_pairing, self.edit_pairing, self.delete_pairing
        )
        self.add_pairing_button, self.edit_pairing_button, self.delete_pairing_button = buttons
        self.pairing_count_label = _count_label()
        box.addLayout(_actions_row(buttons, self.pairing_count_label))
        self.pairing_model = PairingTableModel(self)
        self.pairing_table = self._add_table(
            box,
            "pairingTable",
            self.pairing_model,
            PairingTableModel.WIDTHS,
            self.edit_pairing,
            delete=self.delete_pairing,
        )
        return tab

    def _build_problems_tab(self) -> QWidget:
        tab, box = self._new_tab()
        self.solve_button = _button(self.tr("标记已解决…"), self.mark_solved, "primaryButton")
        self.open_session_button = _button(self.tr("查看帮扶活动"), self.open_problem_session)
        self.problem_count_label = _count_label()
        box.addLayout(
            _actions_row((self.solve_button, self.open_session_button), self.problem_count_label)
        )
        self.problem_model = ProblemTableModel(self)
        self.problem_table = self._add_table(
            box, "problemTable", self.problem_model, ProblemTableModel.WIDTHS, self.mark_solved
        )
        return tab

    @staticmethod
    def _new_tab() -> tuple[QWidget, QVBoxLayout]:
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.setContentsMargins(10, 12, 10, 10)
        box.setSpacing(8)
        return tab, box

    def _record_buttons(
        self, add_text: str, add, edit, delete
    ) -> tuple[QPushButton, QPushButton, QPushButton]:
        """The add / 编辑 / 删除 buttons over a table."""
        return (
            _button(add_text, add, "primaryButton"),
            _button(self.tr("编辑"), edit),
            _button(self.tr("删除"), delete, "dangerButton"),
        )

    def _add_table(
        self, box: QVBoxLayout, name: str, model, widths: dict, activate, *, delete=None
    ) -> QTableView:
        """A table of ``model`` in ``box``: double-click (and Enter, when the rows
        can be deleted with Delete) runs ``activate``."""
        table = record_table(name)
        table.setModel(model)
        set_widths(table, widths)
        table.doubleClicked.connect(lambda _index: activate())
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)
        if delete is not None:
            add_row_shortcuts(table, activate, delete)
        box.addWidget(table, 1)
        return table

    @staticmethod
    def _compact(combo: QComboBox, characters: int, popup_width: int) -> None:
        """A combo as wide as ``characters`` when space is short; its list shows
        long names in full."""
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(characters)
        combo.view().setMinimumWidth(popup_width)

    # ----- refreshing -----------------------------------------------------------

    def on_changed(self, changes: Iterable[str]) -> None:
        changed = set(changes)
        if {PEOPLE, UNITS} & changed:
            self._people = None
        if {PAIRINGS, PEOPLE, UNITS} & changed:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        # Loaded when first shown, not at start: the window opens as fast as the roster allows.
        if self._stale:
            self.refresh()
        super().showEvent(event)

    @property
    def people(self) -> list[PersonRow]:
        """Everyone a picker offers (read when a form opens)."""
        if self._people is None:
            self._people = self.services.people.list_people()
        return self._people

    def refresh(self) -> None:
        """Reload pairings, choices, the ledger, its totals and the open problems."""
        self._stale = False
        services = self.services
        self.units = services.people.list_units()
        self.pairings = services.pairing.list_pairings()
        selected_pairing = selected_record(self.pairing_table)
        self.pairing_model.set_rows(self.pairings)
        self.pairing_count_label.setText(self.tr("共 {n} 个结对").format(n=len(self.pairings)))
        if selected_pairing is not None:
            select_row(self.pairing_table, self.pairing_model.row_of(selected_pairing.id))
        self._fill_filter_choices()
        self.refresh_problems()
        self.apply_filter()

    def _fill_filter_choices(self) -> None:
        for combo in (self.pairing_filter, self.unit_filter):
            combo.blockSignals(True)
        chosen_pairing = self.pairing_filter.currentData()
        self.pairing_filter.clear()
        self.pairing_filter.addItem(self.tr("全部结对"), None)
        for row in self.pairings:
            self.pairing_filter.addItem(row.name, row.id)
        self.pairing_filter.setCurrentIndex(max(0, self.pairing_filter.findData(chosen_pairing)))
        chosen_unit = self.unit_filter.unit_id()
        helped_units = {row.helped_unit_id for row in self.pairings}
        self.unit_filter.set_units(
            self.units,
            self.tr("全部单位"),
            exclude=[u.id for u in self.units if not self._unit_has_pairing(u, helped_units)],
        )
        self.unit_filter.set_unit_id(chosen_unit)
        for combo in (self.pairing_filter, self.unit_filter):
            combo.blockSignals(False)

    def _unit_has_pairing(self, unit: UnitRow, helped_units: set) -> bool:
        """A unit is offered when it or a unit below it is helped by a pairing."""
        from app.services.roster_filter import unit_and_descendants

        return bool(unit_and_descendants(self.units, unit.id) & helped_units)

    def refresh_problems(self) -> None:
        rows = self.services.pairing.open_problems()
        self.problem_model.set_rows(rows)
        self.tabs.setTabText(
            2, self.tr("未解决问题（{n}）").format(n=len(rows)) if rows else self.tr("未解决问题")
        )
        self.problem_count_label.setText(self.tr("共 {n} 个未解决").format(n=len(rows)))

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
        f = self.current_filter()
        pairing = self.services.pairing
        selected = selected_record(self.session_table)
        self.session_model.set_source(
            pairing.count_sessions(f), lambda offset, limit: pairing.list_sessions(f, offset, limit)
        )
        self.session_count_label.setText(self.tr("共 {n} 场").format(n=self.session_model.total()))
        self.totals_label.setText(self.services.pairing_stats.totals(f).sentence())
        if selected is not None:
            select_row(self.session_table, self.session_model.row_of(selected.id))

    def _update_buttons(self, *_args) -> None:
        has_session = selected_record(self.session_table) is not None
        self.edit_session_button.setEnabled(has_session)
        self.delete_session_button.setEnabled(has_session)
        has_pairing = selected_record(self.pairing_table) is not None
        self.edit_pairing_button.setEnabled(has_pairing)
        self.delete_pairing_button.setEnabled(has_pairing)
        has_problem = selected_record(self.problem_table) is not None
        self.solve_button.setEnabled(has_problem)
        self.open_session_button.setEnabled(has_problem)

    # ----- selection -------------------------------------------------------------

    def selected_session(self) -> Any | None:
        return selected_record(self.session_table)

    def selected_pairing(self) -> Any | None:
        return selected_record(self.pairing_table)

    def selected_problem(self) -> Any | None:
        return selected_record(self.problem_table)

    def select_session(self, session_id: int) -> bool:
        return select_row(self.session_table, self.session_model.row_of(session_id))

    def select_pairing(self, pairing_id: int) -> bool:
        return select_row(self.pairing_table, self.pairing_model.row_of(pairing_id))

    # ----- forms -------------------------------------------------------------------

    @property
    def current_form(self) -> PairingForm | SessionForm | None:
        return self.forms.current

    def _run_form_save(self, form, action):
        """Run a form's save; the service's field messages show under the fields."""
        return self.forms.run_save(
            form,
            action,
            changes={PAIRINGS},
            inline_fields=[*form.fields, "helped"],
            shown_errors=PairingForm.shown_errors,
        )

    # ----- sessions ----------------------------------------------------------------

    def _session_form(self, title: str) -> SessionForm:
        return SessionForm(self.people, self.pairings, self, title=title, today=self._today)

    def add_session(self) -> SessionForm | None:
        if not self.pairings:
            self.prompts.info(
                self,
                self.tr("登记帮扶活动"),
                self.tr("还没有结对。请先在“结对”页新增结对，再登记帮扶活动。"),
            )
            self.tabs.setCurrentIndex(1)
            return None
        form = self._session_form(self.tr("登记帮扶活动"))
        chosen = self.pairing_filter.currentData()
        if chosen is None and len(self.pairings) == 1:
            chosen = self.pairings[0].id
        if chosen is not None:
            form.choose_pairing(chosen)

        def save(values):
            session_id = self._run_form_save(
                form, lambda: self.services.pairing.add_session(values)
            )
            self._reveal_session(session_id, values.date)
            return session_id

        self.forms.open(form, save)
        return form

    def edit_session(self, session_id: int | None = None) -> SessionForm | None:
        """Edit a session: the one given, or the one selected in the ledger."""
        if session_id is None:
            row = self.selected_session()
            if row is None:
                return None
            session_id = row.id
        try:
            values = self.operations.run(
                self, lambda: self.services.pairing.get_session(session_id)
            )
        except Failed:
            self.refresh()
            return None
        day = f"{values.date:%Y-%m-%d}" if values.date else ""
        form = self._session_form(
            self.tr("编辑帮扶活动：{date} {topic}").format(date=day, topic=values.topic)
        )
        form.load(values)

        def save(new_values):
            self._run_form_save(
                form, lambda: self.services.pairing.update_session(session_id, new_values)
            )
            self._reveal_session(session_id, new_values.date)

        self.forms.open(form, save)
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
        question = self.tr("确定删除 {date} 的帮扶活动「{topic}」吗？删除后无法恢复。").format(
            date=f"{row.date:%Y-%m-%d}", topic=row.topic
        )
        self.operations.delete(
            self,
            self.tr("删除帮扶活动"),
            question,
            lambda: self.services.pairing.delete_session(row.id),
            changes={PAIRINGS},
        )

    # ----- pairings ----------------------------------------------------------------

    def _campaigns(self) -> list[str]:
        return [row.campaign for row in self.pairings if row.campaign]

    def add_pairing(self) -> PairingForm:
        form = PairingForm(
            self.people, self.units, self._campaigns(), self, title=self.tr("新增结对")
        )

        def save(values):
            pairing_id = self._run_form_save(
                form, lambda: self.services.pairing.add_pairing(values)
            )
            self.tabs.setCurrentIndex(1)
            self.select_pairing(pairing_id)
            return pairing_id

        self.forms.open(form, save)
        return form

    def edit_pairing(self) -> PairingForm | None:
        row = self.selected_pairing()
        if row is None:
            return None
        try:
            values = self.operations.run(self, lambda: self.services.pairing.get_pairing(row.id))
        except Failed:
            self.refresh()
            return None
        form = PairingForm(
            self.people,
            self.units,
            self._campaigns(),
            self,
            title=self.tr("编辑结对：{name}").format(name=row.name),
        )
        form.load(values)

        def save(new_values):
            self._run_form_save(
                form, lambda: self.services.pairing.update_pairing(row.id, new_values)
            )
            self.select_pairing(row.id)

        self.forms.open(form, save)
        return form

    def delete_pairing(self) -> None:
        row = self.selected_pairing()
        if row is None:
            return
        question = self.tr("确定删除结对「{name}」吗？删除后无法恢复。").format(name=row.name)
        self.operations.delete(
            self,
            self.tr("删除结对"),
            question,
            lambda: self.services.pairing.delete_pairing(row.id),
            changes={PAIRINGS},
        )

    # ----- problems ----------------------------------------------------------------

    def mark_solved(self) -> bool:
        problem = self.selected_problem()
        if problem is None:
            return False
        on = self.prompts.ask_date(
            self,
            self.tr("标记已解决"),
            self.tr("「{text}」解决的日期：").format(text=problem.text),
            self._today(),
        )
        if on is None:
            return False
        return self.operations.attempt(
            self,
            lambda: self.services.pairing.mark_problem_solved(problem.id, on),
            changes={PAIRINGS},
        )

    def open_problem_session(self) -> SessionForm | None:
        """Open the session where the selected problem was found."""
        problem = self.selected_problem()
        if problem is None:
            return None
        return self.edit_session(problem.session_id)

    # ----- printing ------------------------------------------------------------------

    def print_ledger(self, path: Path | None = None) -> Path | None:
        from app.reports.pairing_ledger import write_pairing_ledger

        f = self.current_filter()
        start, end = self.period.period()
        span = "-".join(f"{d:%Y%m%d}" for d in (start, end) if d) or "全部"
        suggested = self.tr("结对帮扶台账-{span}.pdf").format(span=span)
        path = path or self.prompts.save_file(
            self, self.tr("打印结对帮扶台账"), suggested, self.tr("PDF 文件 (*.pdf)")
        )
        if path is None:
            return None
        path = Path(path)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            written = self.operations.run(
                self,
                lambda: write_pairing_ledger(self.services, f, path),
                title=self.tr("无法生成台账"),
            )
        except Failed:
            return None
        written = Path(written or path)
        if self.prompts.confirm(
            self,
            self.tr("台账已生成"),
            self.tr("已保存到：\n{path}\n\n现在打开吗？").format(path=written),
        ):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))
        return written
