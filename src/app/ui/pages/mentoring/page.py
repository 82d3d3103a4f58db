"""老带新: mentorships with their check-ins (带教记录), and (a tab the lead adds)
each person's development track. A tab is added with one ``add_tab`` line;
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
from app.ui.pages.mentoring.context import MentoringContext
from app.ui.pages.mentoring.development_tab import DevelopmentTab
from app.ui.pages.mentoring.mentorships_tab import MentorshipsTab
from app.ui.prompts import Prompts


class MentoringPage(QWidget):
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
        self.setObjectName("mentoringPage")
        self.context = MentoringContext(
            services, operations, prompts, FormHost(operations, prompts, self), today
        )
        self._tabs: list[QWidget] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(10)
        title = QLabel(self.tr("老带新"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mentoringTabs")
        layout.addWidget(self.tabs, 1)

        self.mentorships_tab = self.add_tab(MentorshipsTab(self.context), self.tr("带教"))
        self.development_tab = self.add_tab(
            DevelopmentTab(services, operations, prompts, today=today),
            self.tr("发展（双培养一输送）"),
        )

        shortcut = QShortcut(QKeySequence.StandardKey.New, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self._new)

    def add_tab(self, tab: QWidget, title: str) -> QWidget:
        """Add a tab: it has ``refresh()``; it may have ``set_services(services)``
        and ``current_form`` (when it opens forms of its own), and a
        ``refresh_requested`` signal asking the page to read everything anew."""
        self._tabs.append(tab)
        self.tabs.addTab(tab, title)
        requested = getattr(tab, "refresh_requested", None)
        if requested is not None:
            requested.connect(self.refresh)
        return tab

    def _new(self) -> None:
        """Ctrl+N: 新增带教 on the 带教 tab (another tab's own, when it has one)."""
        tab = self.tabs.currentWidget()
        if tab is self.mentorships_tab:
            self.mentorships_tab.add_mentorship()
        elif tab is self.development_tab:
            self.development_tab.add_stage()

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
        for tab in self._tabs:
            if callable(getattr(tab, "set_services", None)):
                tab.set_services(services)
            else:
                tab.freshness.changed()

    @property
    def current_form(self):
        """The form open now (the main window asks it before closing), if any."""
        if self.context.forms.current is not None:
            return self.context.forms.current
        for tab in self._tabs:
            form = getattr(tab, "current_form", None)
            if form is not None:
                return form
        return None

    # ----- refreshing -------------------------------------------------------------

    def refresh(self) -> None:
        """Read the units anew, then every tab."""
        self.context.forget()
        for tab in self._tabs:
            tab.refresh()
