"""结对帮扶: the ledger of assistance sessions with its totals line, the
pairings, and the problems still open, one tab each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.services.registry import Services
from app.ui.forms.form_host import FormHost
from app.ui.forms.pairing_form import PairingForm
from app.ui.forms.session_form import SessionForm
from app.ui.operations import PEOPLE, UNITS, Operations
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
        self._stale = True  # data changed while the page was hidden

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

        self.ledger_tab.pairings_needed.connect(self._show_pairings)
        self.pairings_tab.pairing_added.connect(self._show_pairings)
        for tab in (self.ledger_tab, self.pairings_tab):
            tab.refresh_requested.connect(self.refresh)

        shortcut = QShortcut(QKeySequence.StandardKey.New, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.ledger_tab.add_session)
        operations.changed.connect(self.on_changed)

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
        self.context.forget_people()
        self._reload()

    @property
    def current_form(self) -> PairingForm | SessionForm | None:
        return self.context.forms.current

    # ----- refreshing -----------------------------------------------------------

    def on_changed(self, changes: Iterable[str]) -> None:
        changed = set(changes)
        if {PEOPLE, UNITS} & changed:
            self.context.forget_people()
        if {PAIRINGS, PEOPLE, UNITS} & changed:
            self._reload()

    def _reload(self) -> None:
        """Refresh now when shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        # Loaded when first shown, not at start: the window opens as fast as the roster allows.
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Reload pairings, choices, the ledger, its totals and the open problems."""
        self._stale = False
        self.context.reload()
        self.pairings_tab.show_pairings()
        self.ledger_tab.fill_choices()
        problems = self.problems_tab.refresh()
        self.tabs.setTabText(
            self.tabs.indexOf(self.problems_tab),
            self.tr("未解决问题（{n}）").format(n=problems) if problems else self.tr("未解决问题"),
        )
        self.ledger_tab.apply_filter()
