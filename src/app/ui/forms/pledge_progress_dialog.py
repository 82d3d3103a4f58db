"""践诺记录: the dated notes of what was done towards one pledge, newest last;
添加 a note (the day is today unless changed), 删除 one (asked first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationFailed
from app.domain.pledge_rules import MAX_NOTE
from app.services.pledges import PledgeService
from app.ui.operations import Failed, Operations
from app.ui.prompts import Prompts
from app.ui.table_models.pledge_table_model import ProgressTableModel
from app.ui.widgets.date_field import DateField
from app.ui.widgets.record_table import record_table, selected_record, set_widths


class PledgeProgressDialog(QDialog):
    def __init__(
        self,
        service: PledgeService,
        pledge_id: int,
        operations: Operations,
        prompts: Prompts,
        changes: Iterable[str],
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        in_place: Callable[[Callable[[], Any]], Any] | None = None,
    ) -> None:
        """``in_place(write)`` runs a change the caller shows in place (its list's
        row); by default the change is just run."""
        super().__init__(parent)
        self.setObjectName("progressDialog")
        self.setWindowTitle(self.tr("践诺记录"))
        self.service = service
        self.pledge_id = pledge_id
        self.operations = operations
        self.prompts = prompts
        self.changes = frozenset(changes)
        self._in_place = in_place or (lambda write: write())
        self._today = today

        box = QVBoxLayout(self)
        box.setContentsMargins(20, 18, 20, 14)
        box.setSpacing(10)
        self.heading = QLabel()
        self.heading.setObjectName("formHeading")
        box.addWidget(self.heading)
        self.about = QLabel()
        self.about.setObjectName("pledgeAbout")
        self.about.setWordWrap(True)
        box.addWidget(self.about)

        self.model = ProgressTableModel(self)
        self.table = record_table("progressTable")
        self.table.setModel(self.model)
        set_widths(self.table, ProgressTableModel.WIDTHS)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.table.setMinimumHeight(180)
        box.addWidget(self.table, 1)

        adding = QHBoxLayout()
        adding.setSpacing(6)
        self.date = DateField(required=True, label=self.tr("践诺日期"))
        self.date.set_date(today())
        self.date.setFixedWidth(160)
        self.date.setMinimumHeight(30)
        self.text = QLineEdit()
        self.text.setMaxLength(MAX_NOTE)
        self.text.setMinimumHeight(30)
        self.text.setPlaceholderText(self.tr("做了什么，例如 为大宁社区 32 位老人讲解防诈骗"))
        self.text.setAccessibleName(self.tr("践诺情况"))
        self.add_button = QPushButton(self.tr("添加"))
        self.add_button.setObjectName("primaryButton")
        self.add_button.setDefault(True)  # Enter in the text adds the note
        self.add_button.clicked.connect(self.add_note)
        adding.addWidget(self.date)
        adding.addWidget(self.text, 1)
        adding.addWidget(self.add_button)
        box.addLayout(adding)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        box.addWidget(self.error)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.setObjectName("dangerButton")
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self.delete_note)
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.resize(680, 440)
        self.add_button.setDefault(False)  # now in the dialog: its main default (Enter adds)
        self.add_button.setDefault(True)
        self.text.setFocus()

    def reload(self) -> bool:
        """Read the pledge and its notes anew; False when the pledge is gone."""
        try:
            pledge = self.operations.run(self, lambda: self.service.get_pledge(self.pledge_id))
        except Failed:
            return False
        self.heading.setText(self.tr("践诺记录：{name}").format(name=pledge.person_name))
        self.about.setText(
            self.tr("{year} 年度 · {category}：{text}").format(
                year=pledge.year,
                category=pledge.line.category.label if pledge.line.category else "",
                text=pledge.line.text,
            )
        )
        self.model.set_rows(pledge.progress)
        return True

    def notes(self) -> list:
        return self.model.rows()

    def _update_buttons(self, *_args) -> None:
        self.delete_button.setEnabled(selected_record(self.table) is not None)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def add_note(self) -> bool:
        message = self.date.error()
        day = self.date.date()
        if message:
            self._show_error(message)
            return False
        try:
            self._in_place(
                lambda: self.operations.run(
                    self,
                    lambda: self.service.add_progress(self.pledge_id, day, self.text.text()),
                    changes=self.changes,
                    inline_fields=("date", "text"),
                )
            )
        except ValidationFailed as exc:
            self._show_error("；".join(exc.errors.values()))
            (self.date if "date" in exc.errors else self.text).setFocus()
            return False
        except Failed:
            return False
        self._show_error("")
        self.text.clear()
        self.reload()
        self.table.scrollToBottom()
        self.text.setFocus()
        return True

    def delete_note(self) -> bool:
        note = selected_record(self.table)
        if note is None:
            return False
        question = self.tr("确定删除 {date} 的践诺记录「{text}」吗？删除后无法恢复。").format(
            date=f"{note.date:%Y-%m-%d}", text=note.text[:30]
        )
        done = self._in_place(
            lambda: self.operations.delete(
                self,
                self.tr("删除践诺记录"),
                question,
                lambda: self.service.delete_progress(note.id),
                changes=self.changes,
            )
        )
        if done:
            self.reload()
        return done
