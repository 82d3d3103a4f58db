"""新增带教 / 编辑带教: a mentor and a mentee chosen by typing, the start and
the planned end, the 培养方向 (several may be ticked), the goals and the
status; once the status is 已出师 or 已中止, the day it ended and the final
evaluation too. Field messages show under the fields as the user types; the
service's own messages (a pair already registered that day ...) show there
too. Enter saves once the form is valid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPlainTextEdit, QWidget

from app.domain.mentoring_models import MentorshipFocus, MentorshipStatus
from app.services.mentoring import MAX_TEXT, MentorshipInput, validate_mentorship
from app.services.people import PersonRow
from app.ui.forms.form_dialog import FormDialog, SaveCallback
from app.ui.forms.pledge_member_picker import MemberPicker
from app.ui.widgets.date_field import DateField
from app.ui.widgets.enum_combo import EnumCombo
from app.ui.widgets.people_search import PeopleIndex


class FocusChoice(QWidget):
    """培养方向: one box per focus, several may be ticked; ``text()`` what is ticked."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(18)
        self.boxes: dict[MentorshipFocus, QCheckBox] = {}
        for focus in MentorshipFocus:
            check = QCheckBox(focus.label)
            check.toggled.connect(lambda *_: self.edited.emit())
            box.addWidget(check)
            self.boxes[focus] = check
        box.addStretch(1)
        self.setFocusProxy(self.boxes[MentorshipFocus.KNOWLEDGE])

    def members(self) -> list[MentorshipFocus]:
        return [focus for focus, check in self.boxes.items() if check.isChecked()]

    def set_members(self, members: Sequence[MentorshipFocus]) -> None:
        for focus, check in self.boxes.items():
            check.setChecked(focus in members)

    def text(self) -> str:
        return ",".join(focus.value for focus in self.members())


def _text_box(placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(64)
    box.setPlaceholderText(placeholder)
    return box


class MentorshipForm(FormDialog):
    def __init__(
        self,
        people: Sequence[PersonRow],
        parent: QWidget | None = None,
        *,
        title: str = "",
        save: SaveCallback | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent, title or self.tr("新增带教"), save)
        self._today = today
        people_index = PeopleIndex(people)  # one for both pickers
        self.mentor = MemberPicker(placeholder=self.tr("导师的姓名、工号或拼音首字母"))
        self.mentor.set_people(people_index)
        self.mentee = MemberPicker(placeholder=self.tr("学员的姓名、工号或拼音首字母"))
        self.mentee.set_people(people_index)
        self.start_date = DateField(required=True, label=self.tr("开始日期"))
        self.planned_end = DateField(label=self.tr("计划结束日期"))
        self.focus = FocusChoice()
        self.goals = _text_box(self.tr("带教目标，例如 三个月内独立完成政企专线开通"))
        self.status = EnumCombo(MentorshipStatus)
        self.ended_on = DateField(label=self.tr("结束日期"))
        self.evaluation = _text_box(self.tr("出师评价，例如 已能独立处理装维投诉，考核合格"))

        self.add_field("mentor_id", self.tr("导师"), self.mentor, 0, 0, required=True)
        self.add_field("mentee_id", self.tr("学员"), self.mentee, 0, 1, required=True)
        self.add_field("start_date", self.tr("开始日期"), self.start_date, 1, 0, required=True)
        self.add_field("planned_end", self.tr("计划结束"), self.planned_end, 1, 1)
        self.add_field("focus", self.tr("培养方向"), self.focus, 2, 0, required=True, span=2)
        self.add_field("goals", self.tr("带教目标"), self.goals, 3, 0, span=2)
        self.add_field("status", self.tr("状态"), self.status, 4, 0)
        self.add_field("ended_on", self.tr("结束日期"), self.ended_on, 4, 1)
        self.add_field("evaluation", self.tr("出师评价"), self.evaluation, 5, 0, span=2)
        for column in (1, 4):
            self.grid.setColumnStretch(column, 1)
            self.grid.setColumnMinimumWidth(column, 230)
        for key in ("start_date", "planned_end", "focus", "goals", "ended_on", "evaluation"):
            self.watch(key, self.fields[key])
        for key, picker in (("mentor_id", self.mentor), ("mentee_id", self.mentee)):
            picker.changed.connect(lambda k=key: self._left(k))
        self.status.currentIndexChanged.connect(self._status_chosen)

        self.start_date.set_date(today())
        self.focus.set_members(list(MentorshipFocus))  # the usual pairing teaches all three
        self._show_ending()
        self.setMinimumWidth(720)
        # Made the dialog's main default now that it is in the dialog (FormDialog set it
        # before): otherwise a click on 保存 that fails leaves no default, and Enter does nothing.
        self.save_button.setDefault(False)
        self.save_button.setDefault(True)
        self.mentor.line_edit.setFocus()

    def load(self, values: MentorshipInput) -> None:
        """Edit a mentorship as saved."""
        self.mentor.set_person_id(values.mentor_id)
        self.mentee.set_person_id(values.mentee_id)
        self.start_date.set_date(values.start_date)
        self.planned_end.set_date(values.planned_end)
        self.focus.set_members(values.focus)
        self.goals.setPlainText(values.goals)
        self.status.set_member(values.status)
        self.ended_on.set_date(values.ended_on)
        self.evaluation.setPlainText(values.evaluation)
        self._show_ending()
        self.mark_pristine()

    # ----- the end of a mentorship ----------------------------------------------

    def _status_chosen(self, *_args) -> None:
        ending = self.status.current_member() != MentorshipStatus.ACTIVE
        if ending and not self.ended_on.text():
            self.ended_on.set_date(self._today())
        self._show_ending()
        self._left("status")
        if ending:
            self.evaluation.setFocus()

    def _show_ending(self) -> None:
        """结束日期 and the evaluation only once the mentorship has ended."""
        status = self.status.current_member()
        ending = status != MentorshipStatus.ACTIVE
        caption = self.tr("中止原因") if status == MentorshipStatus.STOPPED else self.tr("出师评价")
        self.field_labels["evaluation"].setText(caption)
        self.evaluation.setAccessibleName(caption)
        for key in ("ended_on", "evaluation"):
            for part in (self.fields[key], self.field_labels[key], self.error_labels[key]):
                part.setVisible(ending)
        if self.isVisible():
            self.adjustSize()

    # ----- values ---------------------------------------------------------------

    def values(self) -> MentorshipInput:
        status = self.status.current_member() or MentorshipStatus.ACTIVE
        ending = status != MentorshipStatus.ACTIVE
        return MentorshipInput(
            mentor_id=self.mentor.person_id(),
            mentee_id=self.mentee.person_id(),
            start_date=self.start_date.date(),
            planned_end=self.planned_end.date(),
            focus=self.focus.members(),
            goals=self.goals.toPlainText(),
            status=status,
            ended_on=self.ended_on.date() if ending else None,
            evaluation=self.evaluation.toPlainText() if ending else "",
        )

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        dates = ["start_date", "planned_end"]
        if self.status.current_member() != MentorshipStatus.ACTIVE:
            dates.append("ended_on")  # shown only once the mentorship has ended
        for key in dates:
            if message := self.fields[key].error():
                errors[key] = message
        for key, message in validate_mentorship(self.values(), self._today()).items():
            errors.setdefault(key, message)
        for key in ("goals", "evaluation"):
            if len(self.fields[key].toPlainText()) > MAX_TEXT:
                errors.setdefault(key, self.tr("不能超过 {n} 个字").format(n=MAX_TEXT))
        return errors
