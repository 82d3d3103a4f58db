"""结对帮扶: the ledger of assistance sessions with its totals line, the
pairings, and the problems still open, one tab each."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.services.registry import Services
from app.ui.forms.form_host import FormHost
from app.ui.forms.pairing_form import PairingForm
from app.ui.forms.session_form import SessionForm
from app.ui.operations import PEOPLE, UNITS, Operations
from app.ui.pages.freshness import RefreshWhenShown
from app.ui.pages.pairing.context import PAIRINGS, PairingContext
from app.ui.pages.pairing.ledger_tab import LedgerTab
from app.ui.pages.pairing.pairings_tab import PairingsTab
from app.ui.pages.pairing.problems_tab import ProblemsTab
from app.ui.prompts import Prompts


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
        self.context = PairingContext(
            services, operations, prompts, FormHost(operations, prompts, self), today
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(10)
        title = QLabel(self.tr("结对帮扶"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.ledger_tab = LedgerTab(self.context)
        self.pairings_tab = PairingsTab(self.context)
        self.problems_tab = ProblemsTab(self.context, self.ledger_tab.edit_session)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("pairingTabs")
        self.tabs.addTab(self.ledger_tab, self.tr("帮扶台账"))
        self.tabs.addTab(self.pairings_tab, self.tr("结对"))
        self.tabs.addTab(self.problems_tab, self.tr("未解决问题"))
        layout.addWidget(self.tabs, 1)
        self._tabs = (self.ledger_tab, self.pairings_tab, self.problems_tab)
        self.problems_tab.counted.connect(self._show_problem_count)
        self.freshness = RefreshWhenShown(
            self, self._count_problems, operations, {PAIRINGS, PEOPLE, UNITS}
        )

        self.ledger_tab.pairings_needed.connect(self._show_pairings)
        self.pairings_tab.pairing_added.connect(self._show_pairings)
        for tab in (self.ledger_tab, self.pairings_tab):
            tab.refresh_requested.connect(self.refresh)

        shortcut = QShortcut(QKeySequence.StandardKey.New, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.ledger_tab.add_session)

    def _show_pairings(self, *_args) -> None:
        self.tabs.setCurrentWidget(self.pairings_tab)

    @property
    def services(self) -> Services:
        return self.context.services

    @services.setter
    def services(self, services: Services) -> None:
        # what the main window assigns after a restore (it announces the change itself)
        self.context.services = services

    def set_services(self, services: Services) -> None:
        """Show another open database (after a restore): every tab reads it from now on."""
        self.context.services = services
        self._changed_everywhere()

    @property
    def current_form(self) -> PairingForm | SessionForm | None:
        return self.context.forms.current

    # ----- refreshing -----------------------------------------------------------
    # Each tab reads its data when shown and when it changes (its freshness);
    # the page counts the open problems for their tab's title.

    def _count_problems(self) -> None:
        self._show_problem_count(self.context.services.pairing.count_open_problems())

    def _show_problem_count(self, n: int) -> None:
        self.tabs.setTabText(
            self.tabs.indexOf(self.problems_tab),
            self.tr("未解决问题（{n}）").format(n=n) if n else self.tr("未解决问题"),
        )

    def _changed_everywhere(self) -> None:
        self.context.forget()
        for freshness in (self.freshness, *(tab.freshness for tab in self._tabs)):
            freshness.changed()

    def refresh(self) -> None:
        """Read pairings, choices, the ledger, its totals and the open problems anew."""
        self.context.forget()
        for tab in self._tabs:
            tab.refresh()
        self._count_problems()
