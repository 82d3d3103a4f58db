"""党员承诺: members' yearly pledges (承诺→践诺→评诺), one tab each for the
pledges and what comes with them. A tab is added with one ``add_tab`` line;
each tab reads its data when shown and again when data it shows changes (its
``freshness``); ``refresh()`` reads every tab now."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.services.registry import Services
from app.ui.forms.form_host import FormHost
from app.ui.operations import Operations
from app.ui.pages.pledges.context import PledgeContext
from app.ui.pages.pledges.pledges_tab import PledgesTab
from app.ui.pages.pledges.points_tab import PointsTab
from app.ui.prompts import Prompts


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
        self.context.forget()
        self.points_tab.set_services(services)
        self.pledges_tab.freshness.changed()

    @property
    def current_form(self):
        """The form open now (the main window asks it before closing), if any."""
        return self.context.forms.current or self.points_tab.current_form

    # ----- refreshing -------------------------------------------------------------

    def refresh(self) -> None:
        """Read the units anew, then every tab."""
        self.context.forget()
        for tab in self._tabs:
            tab.refresh()
