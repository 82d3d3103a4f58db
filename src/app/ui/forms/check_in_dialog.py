"""带教记录: one mentorship's check-ins (date, what was taught or done, the
mentor's comment), oldest first. 添加 logs a new one (the day is today unless
changed); 编辑 loads the selected one into the same fields to change and save;
删除 asks first. Every change is announced, so the list behind updates its
count, last date and totals line at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationFailed
from app.services.mentoring import MAX_TEXT, MentoringService, MentorshipRow
from app.ui.operations import Failed, Operations
from app.ui.prompts import Prompts
from app.ui.table_models.mentorship_table_model import CheckInTableModel
from app.ui.widgets.date_field import DateField
from app.ui.widgets.record_table import record_table, select_row, selected_record, set_widths


class CheckInDialog(QDialog):
    def __init__(
        self,
        service: MentoringService,
        mentorship: MentorshipRow,
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
        self.setObjectName("checkInDialog")
        self.setWindowTitle(self.tr("带教记录"))
        self.service = service
        self.mentorship = mentorship
        self.operations = operations
        self.prompts = prompts
        self.changes = frozenset(changes)
        self._in_place = in_place or (lambda write: write())
        self._today = today
        self.editing_id: int | None = None  # the check-in loaded into the fields

        box = QVBoxLayout(self)
        box.setContentsMargins(20, 18, 20, 14)
        box.setSpacing(10)
        self.heading = QLabel(
            self.tr("带教记录：{mentor} 带 {mentee}").format(
                mentor=mentorship.mentor_name, mentee=mentorship.mentee_name
            )
        )
        self.heading.setObjectName("formHeading")
        box.addWidget(self.heading)
        self.about = QLabel()
        self.about.setObjectName("pledgeAbout")
        self.about.setWordWrap(True)
        box.addWidget(self.about)

        self.model = CheckInTableModel(self)
        self.table = record_table("checkInTable")
        self.table.setModel(self.model)
        set_widths(self.table, CheckInTableModel.WIDTHS)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.setMinimumHeight(200)
        box.addWidget(self.table, 1)

        fields = QGridLayout()
        fields.setHorizontalSpacing(8)
        fields.setVerticalSpacing(6)
        self.date = DateField(required=True, label=self.tr("带教日期"))
        self.date.set_date(today())
        self.date.setFixedWidth(160)
        self.date.setMinimumHeight(30)
        self.content = QLineEdit()
        self.content.setMaxLength(MAX_TEXT)
        self.content.setMinimumHeight(30)
        self.content.setPlaceholderText(self.tr("带教内容，例如 讲解政企专线开通流程并现场演示"))
        self.content.setAccessibleName(self.tr("带教内容"))
        self.comment = QLineEdit()
        self.comment.setMaxLength(MAX_TEXT)
        self.comment.setMinimumHeight(30)
        self.comment.setPlaceholderText(self.tr("导师评价（可不填），例如 掌握较快，需加强规范"))
        self.comment.setAccessibleName(self.tr("导师评价"))
        self.add_button = QPushButton(self.tr("添加"))
        self.add_button.setObjectName("primaryButton")
        self.add_button.clicked.connect(self.save_entry)
        self.cancel_edit_button = QPushButton(self.tr("取消修改"))
        self.cancel_edit_button.setAutoDefault(False)
        self.cancel_edit_button.clicked.connect(self.cancel_edit)
        self.cancel_edit_button.hide()
        fields.addWidget(QLabel(self.tr("日期")), 0, 0)
        fields.addWidget(self.date, 0, 1)
        fields.addWidget(QLabel(self.tr("内容")), 0, 2)
        fields.addWidget(self.content, 0, 3)
        fields.addWidget(self.add_button, 0, 4)
        fields.addWidget(QLabel(self.tr("评价")), 1, 2)
        fields.addWidget(self.comment, 1, 3)
        fields.addWidget(self.cancel_edit_button, 1, 4)
        fields.setColumnStretch(3, 1)
        box.addLayout(fields)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        box.addWidget(self.error)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("关闭"))
        close.setAutoDefault(False)
        self.edit_button = QPushButton(self.tr("编辑"))
        self.edit_button.setAutoDefault(False)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.setObjectName("dangerButton")
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self.delete_selected)
        self.buttons.addButton(self.edit_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.resize(760, 480)
        self.add_button.setDefault(True)  # Enter in the fields adds (or saves the change)
        self.content.setFocus()

    # ----- reading -------------------------------------------------------------

    def reload(self) -> bool:
        """Read the check-ins anew; False when the mentorship is gone."""
        try:
            rows = self.operations.run(self, lambda: self.service.check_ins(self.mentorship.id))
            self.operations.run(self, lambda: self.service.get_mentorship(self.mentorship.id))
        except Failed:
            return False
        focus = "、".join(f.label for f in self.mentorship.focus)
        self.about.setText(
            self.tr("{start} 开始 · {focus} · 共 {n} 次带教记录").format(
                start=f"{self.mentorship.start_date:%Y-%m-%d}", focus=focus, n=len(rows)
            )
        )
        self.model.set_rows(rows)
        return True

    def check_ins(self) -> list:
        return self.model.rows()

    def _update_buttons(self, *_args) -> None:
        chosen = selected_record(self.table) is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    # ----- adding and changing ---------------------------------------------------

    def edit_selected(self) -> bool:
        """编辑: the selected check-in into the fields; 保存修改 saves it."""
        row = selected_record(self.table)
        if row is None:
            return False
        self.editing_id = row.id
        self.date.set_date(row.date)
        self.content.setText(row.content)
        self.comment.setText(row.comment)
        self.add_button.setText(self.tr("保存修改"))
        self.cancel_edit_button.show()
        self._show_error("")
        self.content.setFocus()
        return True

    def cancel_edit(self) -> None:
        self._clear_entry()

    def _clear_entry(self) -> None:
        self.editing_id = None
        self.date.set_date(self._today())
        self.content.clear()
        self.comment.clear()
        self.add_button.setText(self.tr("添加"))
        self.cancel_edit_button.hide()
        self.content.setFocus()

    def save_entry(self) -> bool:
        """添加 (or 保存修改 of the check-in being edited)."""
        message = self.date.error()
        if message:
            self._show_error(message)
            self.date.setFocus()
            return False
        day, content, comment = self.date.date(), self.content.text(), self.comment.text()
        editing = self.editing_id

        def action():
            if editing is None:
                return self.service.add_check_in(self.mentorship.id, day, content, comment)
            return self.service.update_check_in(editing, day, content, comment)

        try:
            saved = self._in_place(
                lambda: self.operations.run(
                    self, action, changes=self.changes, inline_fields=("date", "content", "comment")
                )
            )
        except ValidationFailed as exc:
            self._show_error("；".join(exc.errors.values()))
            {"date": self.date, "comment": self.comment}.get(
                next(iter(exc.errors)), self.content
            ).setFocus()
            return False
        except Failed:
            return False
        self._show_error("")
        self._clear_entry()
        self.reload()
        shown = saved if editing is None else editing
        select_row(self.table, self.model.row_of(shown))
        return True

    def delete_selected(self) -> bool:
        row = selected_record(self.table)
        if row is None:
            return False
        question = self.tr("确定删除 {date} 的带教记录「{text}」吗？删除后无法恢复。").format(
            date=f"{row.date:%Y-%m-%d}", text=row.content[:30]
        )
        done = self._in_place(
            lambda: self.operations.delete(
                self,
                self.tr("删除带教记录"),
                question,
                lambda: self.service.delete_check_in(row.id),
                changes=self.changes,
            )
        )
        if done:
            if self.editing_id == row.id:
                self._clear_entry()
            self.reload()
        return done
