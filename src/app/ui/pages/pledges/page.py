"""党员承诺: members' yearly pledges (承诺→践诺→评诺), one tab each for the
pledges and what comes with them. A tab is added with one ``add_tab`` line;
the page refreshes every tab (its ``refresh()``) when data it shows changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.services.registry import Services
from app.ui.forms.form_host import FormHost
from app.ui.operations import PEOPLE, UNITS, Operations
from app.ui.pages.pledges.context import PLEDGES, POINTS, PledgeContext
from app.ui.pages.pledges.pledges_tab import PledgesTab
from app.ui.pages.pledges.points_tab import PointsTab
from app.ui.prompts import Prompts

# What the page shows: it refreshes when one of these is announced.
SHOWN_CHANGES = frozenset({PLEDGES, POINTS, PEOPLE, UNITS})


class PledgesPage(QWidget):
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
        self.setObjectName("pledgesPage")
        self.context = PledgeContext(
            services, operations, prompts, FormHost(operations, prompts, self), today
        )
        self._stale = True  # data changed while the page was hidden
        self._tabs: list[QWidget] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(10)
        title = QLabel(self.tr("党员承诺"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("pledgeTabs")
        layout.addWidget(self.tabs, 1)

        self.pledges_tab = self.add_tab(PledgesTab(self.context), self.tr("承诺"))
        self.points_tab = self.add_tab(
            PointsTab(services, operations, prompts, today=today), self.tr("积分")
        )

        shortcut = QShortcut(QKeySequence.StandardKey.New, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.pledges_tab.record_pledges)
        operations.changed.connect(self.on_changed)

    def add_tab(self, tab: QWidget, title: str) -> QWidget:
        """Add a tab (built on ``self.context``): it has ``refresh()``, and may
        have a ``refresh_requested`` signal asking the page to read everything anew."""
        self._tabs.append(tab)
        self.tabs.addTab(tab, title)
        requested = getattr(tab, "refresh_requested", None)
        if requested is not None:
            requested.connect(self.refresh)
        return tab

    @property
    def services(self) -> Services:
        return self.context.services

    @services.setter
    def services(self, services: Services) -> None:
        self.context.services = services

    def set_services(self, services: Services) -> None:
        """Show another open database (after a restore): every tab reads it from now on."""
        self.context.services = services
        self.context.forget_people()
        self.points_tab.set_services(services)
        self._reload()

    @property
    def current_form(self):
        """The form open now (the main window asks it before closing), if any."""
        return self.context.forms.current or self.points_tab.current_form

    # ----- refreshing -------------------------------------------------------------

    def on_changed(self, changes: Iterable[str]) -> None:
        changed = set(changes)
        if {PEOPLE, UNITS} & changed:
            self.context.forget_people()
        if SHOWN_CHANGES & changed:
            self._reload()

    def _reload(self) -> None:
        """Refresh now when shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Read the units anew, then every tab."""
        self._stale = False
        self.context.reload()
        for tab in self._tabs:
            tab.refresh()
