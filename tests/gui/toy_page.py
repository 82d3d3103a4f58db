"""The toy area's page (tests/unit/toy_area.py names it as "toy_page:ToyPage")."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ToyPage(QWidget):
    def __init__(self, services, operations, prompts) -> None:
        super().__init__()
        self.services = services
        self.refreshed_for: list[frozenset] = []
        box = QVBoxLayout(self)
        self.label = QLabel(f"备忘 {len(services.toy.notes)} 条")
        box.addWidget(self.label)
        operations.changed.connect(self.refreshed_for.append)

    def set_services(self, services) -> None:
        self.services = services
        self.label.setText(f"备忘 {len(services.toy.notes)} 条")
