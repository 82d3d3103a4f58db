"""未解决问题: the problems found in sessions and not solved yet."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.ui.forms.session_form import SessionForm
from app.ui.pages.freshness import RefreshWhenShown
from app.ui.pages.pairing.context import PAIRINGS, PairingContext
from app.ui.pages.pairing.parts import (
    actions_row,
    add_table,
    button,
    count_label,
    new_tab,
)
from app.ui.table_models.pairing_table_model import ProblemTableModel
from app.ui.widgets.record_table import selected_record


class ProblemsTab(QWidget):
    # how many problems are open, counted when the list is read
    counted = Signal(int)

    def __init__(
        self,
        context: PairingContext,
        open_session: Callable[[int], SessionForm | None],
        parent: QWidget | None = None,
    ) -> None:
        """``open_session`` opens a session's form (the ledger's)."""
        super().__init__(parent)
        self.context = context
        self._open_session = open_session
        box = new_tab(self)
        self.solve_button = button(self.tr("标记已解决…"), self.mark_solved, "primaryButton")
        self.open_session_button = button(self.tr("查看帮扶活动"), self.open_problem_session)
        self.problem_count_label = count_label()
        box.addLayout(
            actions_row((self.solve_button, self.open_session_button), self.problem_count_label)
        )
        self.problem_model = ProblemTableModel(self)
        self.problem_table = add_table(
            box,
            "problemTable",
            self.problem_model,
            context.config_dir,
            self.mark_solved,
            self._update_buttons,
        )
        self.freshness = RefreshWhenShown(self, self._read, context.operations, {PAIRINGS})
        self._update_buttons()  # nothing is selected yet

    def refresh(self) -> int:
        """Read the open problems anew; gives how many there are."""
        self.freshness.refresh()
        return self.problem_model.rowCount()

    def _read(self) -> None:
        rows = self.context.services.pairing.open_problems()
        self.problem_model.set_rows(rows)
        self.problem_count_label.setText(self.tr("共 {n} 个未解决").format(n=len(rows)))
        self.counted.emit(len(rows))

    def _update_buttons(self, *_args) -> None:
        has_problem = selected_record(self.problem_table) is not None
        self.solve_button.setEnabled(has_problem)
        self.open_session_button.setEnabled(has_problem)

    def selected_problem(self) -> Any | None:
        return selected_record(self.problem_table)

    def mark_solved(self) -> bool:
        context = self.context
        problem = self.selected_problem()
        if problem is None:
            return False
        on = context.prompts.ask_date(
            self,
            self.tr("标记已解决"),
            self.tr("「{text}」解决的日期：").format(text=problem.text),
            context.today(),
        )
        if on is None:
            return False
        return context.operations.attempt(
            self,
            lambda: context.services.pairing.mark_problem_solved(problem.id, on),
            changes={PAIRINGS},
        )

    def open_problem_session(self) -> SessionForm | None:
        """Open the session where the selected problem was found."""
        problem = self.selected_problem()
        if problem is None:
            return None
        return self._open_session(problem.session_id)
