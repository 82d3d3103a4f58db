"""结对: the pairings, paged in as the list scrolls, added, edited and
deleted here (a save updates its row in place)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.ui.forms.pairing_form import PairingForm
from app.ui.operations import PEOPLE, UNITS, Failed, Remedy
from app.ui.pages.freshness import RefreshWhenShown
from app.ui.pages.paged_list import ListSource, PagedList
from app.ui.pages.pairing.context import PAIRINGS, PairingContext
from app.ui.pages.pairing.parts import (
    actions_row,
    add_table,
    count_label,
    new_tab,
    record_buttons,
)
from app.ui.table_models.pairing_table_model import PairingTableModel
from app.ui.widgets.record_table import select_row, selected_record


class PairingsTab(QWidget):
    # a new pairing was saved (its id): the page shows this tab
    pairing_added = Signal(int)
    # the pairing to edit is gone: everything shown is to be read anew
    refresh_requested = Signal()

    def __init__(self, context: PairingContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        box = new_tab(self)
        buttons = record_buttons(
            self, self.tr("新增结对"), self.add_pairing, self.edit_pairing, self.delete_pairing
        )
        self.add_pairing_button, self.edit_pairing_button, self.delete_pairing_button = buttons
        self.pairing_count_label = count_label()
        box.addLayout(actions_row(buttons, self.pairing_count_label))
        self.pairing_model = PairingTableModel(self)
        self.pairing_table = add_table(
            box,
            "pairingTable",
            self.pairing_model,
            context.config_dir,
            self.edit_pairing,
            self._update_buttons,
            delete=self.delete_pairing,
        )
        self.freshness = RefreshWhenShown(
            self, self.show_pairings, context.operations, {PAIRINGS, PEOPLE, UNITS}
        )
        pairing = lambda: self.context.services.pairing  # noqa: E731 - replaced by a restore
        self.list = PagedList(
            self.pairing_model,
            self.pairing_table,
            self.freshness,
            ListSource(
                count=lambda f: pairing().count_pairings(ids=f),
                rows=lambda f, offset, limit: pairing().list_pairings(offset, limit, ids=f),
                totals=lambda _f: None,
                only=lambda _f, ids: ids,
            ),
            lambda n: self.pairing_count_label.setText(self.tr("共 {n} 个结对").format(n=n)),
            lambda _totals: None,
        )
        self._update_buttons()  # nothing is selected yet

    def refresh(self) -> None:
        self.freshness.refresh()

    def show_pairings(self) -> None:
        """Show the pairings, keeping the selected one selected."""
        self.list.show(None)

    def _update_buttons(self, *_args) -> None:
        has_pairing = selected_record(self.pairing_table) is not None
        self.edit_pairing_button.setEnabled(has_pairing)
        self.delete_pairing_button.setEnabled(has_pairing)

    def selected_pairing(self) -> Any | None:
        return selected_record(self.pairing_table)

    def select_pairing(self, pairing_id: int) -> bool:
        return select_row(self.pairing_table, self.pairing_model.row_of(pairing_id))

    def _form(self, title: str) -> PairingForm:
        context = self.context
        return PairingForm(context.people, context.units, context.campaigns(), self, title=title)

    def add_pairing(self) -> PairingForm:
        context = self.context
        form = self._form(self.tr("新增结对"))

        def save(values):
            pairing_id = self.list.save_in_place(
                (),
                lambda: context.run_form_save(
                    form, lambda: context.services.pairing.add_pairing(values)
                ),
                saved_ids=lambda new_id: (new_id,),
            )
            self.pairing_added.emit(pairing_id)
            self.select_pairing(pairing_id)
            return pairing_id

        context.forms.open(form, save)
        return form

    def edit_pairing(self) -> PairingForm | None:
        context = self.context
        row = self.selected_pairing()
        if row is None:
            return None
        try:
            values = context.operations.run(
                self, lambda: context.services.pairing.get_pairing(row.id)
            )
        except Failed:
            self.refresh_requested.emit()
            return None
        form = self._form(self.tr("编辑结对：{name}").format(name=row.name))
        form.load(values)

        def save(new_values):
            self.list.save_in_place(
                (row.id,),
                lambda: context.run_form_save(
                    form, lambda: context.services.pairing.update_pairing(row.id, new_values)
                ),
            )
            self.select_pairing(row.id)

        context.forms.open(form, save)
        return form

    def delete_pairing(self) -> None:
        row = self.selected_pairing()
        if row is None:
            return
        question = self.tr("确定删除结对「{name}」吗？删除后无法恢复。").format(name=row.name)
        self.list.save_in_place(
            (row.id,),
            lambda: self._delete(row, question),
        )

    def _delete(self, row, question: str) -> bool:
        pairing = self.context.services.pairing
        return self.context.operations.delete(
            self,
            self.tr("删除结对"),
            question,
            lambda: pairing.delete_pairing(row.id),
            changes={PAIRINGS},
            what=self.tr("结对「{name}」").format(name=row.name),
            dependents=lambda: pairing.what_depends_on_pairing(row.id),
            advice=self.tr("如果结对已结束，可以编辑它，填写结束日期。"),
            remedies=[Remedy(self.tr("编辑结对…"), self.edit_pairing)],
        )
