"""登记帮扶活动: one session in under a minute.

The date is today, the pairing is found by typing (its name, or a member's
name or pinyin initials) and choosing it fills in its members as
participants, and the session's 人次 (participants + outside participants)
shows as you edit. Problems found are lines, each with 已解决 and its date.
Enter saves once the form is valid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import pairing_figures
from app.domain.enums import ServiceType
from app.domain.pairing_validation import (
    MAX_OUTSIDE,
    ProblemInput,
    SessionInput,
    validate_session,
)
from app.services.people import PersonRow
from app.ui.forms.form_dialog import FormDialog, SaveCallback
from app.ui.widgets.date_field import DateField
from app.ui.widgets.enum_combo import EnumCombo
from app.ui.widgets.pairing_picker import PairingChoices, PairingPicker
from app.ui.widgets.person_picker import PersonPicker, grow_window

FIELD_ORDER = (
    "date",
    "pairing_id",
    "topic",
    "service_type",
    "place",
    "participant_ids",
    "outside_count",
    "problems",
    "follow_up",
)


class CountBox(QSpinBox):
    """A spin box whose ``text()`` is its value even before it is first shown
    (what the form compares to see unsaved changes)."""

    def text(self) -> str:
        return str(self.value())


class ProblemLine(QWidget):
    """One problem: its text, 已解决, and the day it was solved."""

    edited = Signal()
    remove_requested = Signal(object)

    def __init__(self, default_day: Callable[[], dt.date | None], parent=None) -> None:
        super().__init__(parent)
        self.problem_id: int | None = None
        self._default_day = default_day
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("发现的问题，一行一个"))
        self.text.setMinimumHeight(30)
        self.text.setAccessibleName(self.tr("问题"))
        self.solved = QCheckBox(self.tr("已解决"))
        self.solved_on = DateField(label=self.tr("解决日期"))
        # as wide as a date needs (the field measures it at its font), no wider
        self.solved_on.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.solved_on.setEnabled(False)
        self.remove_button = QToolButton()
        self.remove_button.setText("×")
        self.remove_button.setToolTip(self.tr("删除这个问题"))
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        row.addWidget(self.text, 1)
        row.addWidget(self.solved)
        row.addWidget(self.solved_on)
        row.addWidget(self.remove_button)
        self.text.textEdited.connect(self.edited)
        self.solved.toggled.connect(self._toggled)
        self.solved_on.edited.connect(self.edited)

    def _toggled(self, on: bool) -> None:
        self.solved_on.setEnabled(on)
        if on and not self.solved_on.text():
            self.solved_on.set_date(self._default_day())
        self.edited.emit()

    def set_problem(self, problem: ProblemInput) -> None:
        self.problem_id = problem.id
        self.text.setText(problem.text)
        self.solved.setChecked(problem.solved)
        self.solved_on.set_date(problem.solved_on)
        self.solved_on.setEnabled(problem.solved)

    def problem(self) -> ProblemInput:
        solved = self.solved.isChecked()
        return ProblemInput(
            id=self.problem_id,
            text=self.text.text(),
            solved=solved,
            solved_on=self.solved_on.date() if solved else None,
        )

    def date_error(self) -> str | None:
        return self.solved_on.error() if self.solved.isChecked() else None


class ProblemsEditor(QWidget):
    """The problems found, as lines; an empty line is not a problem."""

    edited = Signal()

    def __init__(self, default_day: Callable[[], dt.date | None], parent=None) -> None:
        super().__init__(parent)
        self._default_day = default_day
        self.lines: list[ProblemLine] = []
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        self._lines_box = QVBoxLayout()
        self._lines_box.setSpacing(4)
        box.addLayout(self._lines_box)
        self.add_button = QPushButton(self.tr("＋ 添加问题"))
        self.add_button.setObjectName("addProblemButton")
        self.add_button.setAutoDefault(False)  # Enter saves the form, it adds no line
        self.add_button.clicked.connect(lambda: self.add_line().text.setFocus())
        footer = QHBoxLayout()
        footer.addWidget(self.add_button)
        footer.addStretch(1)
        box.addLayout(footer)
        self.add_line()

    def add_line(self, problem: ProblemInput | None = None) -> ProblemLine:
        line = ProblemLine(self._default_day, self)
        if problem is not None:
            line.set_problem(problem)
        line.edited.connect(self.edited)
        line.remove_requested.connect(self._remove)
        # Tab goes line by line, then to 添加问题
        if self.lines:
            QWidget.setTabOrder(self.lines[-1].solved_on.line_edit, line.text)
        QWidget.setTabOrder(line.text, line.solved)
        QWidget.setTabOrder(line.solved, line.solved_on.line_edit)
        QWidget.setTabOrder(line.solved_on.line_edit, self.add_button)
        self.lines.append(line)
        self._lines_box.addWidget(line)
        line.show()  # a layout shows a widget added to a visible form only later
        grow_window(self)
        self.edited.emit()
        return line

    def _remove(self, line: ProblemLine) -> None:
        self.lines.remove(line)
        line.hide()
        line.deleteLater()
        if not self.lines:
            self.add_line()
        self.edited.emit()

    def set_problems(self, problems: Sequence[ProblemInput]) -> None:
        for line in self.lines:
            line.hide()
            line.deleteLater()
        self.lines = []
        for problem in problems:
            self.add_line(problem)
        if not self.lines:
            self.add_line()

    def problems(self) -> list[ProblemInput]:
        return [line.problem() for line in self.lines]

    def date_error(self) -> str | None:
        for number, line in enumerate(self.lines, start=1):
            if message := line.date_error():
                return self.tr("第 {n} 个问题：{message}").format(n=number, message=message)
        return None

    def text(self) -> str:
        """Every line as text: what the form compares to see unsaved changes."""
        return "\n".join(
            f"{p.text}|{p.solved}|{line.solved_on.text()}"
            for p, line in zip(self.problems(), self.lines, strict=True)
        )


class SessionForm(FormDialog):
    def __init__(
        self,
        people: Sequence[PersonRow],
        pairings: Sequence[Any] | PairingChoices,
        parent: QWidget | None = None,
        *,
        title: str = "",
        save: SaveCallback | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent, title or self.tr("登记帮扶活动"), save)
        self._today = today
        self._order = {row.id: i for i, row in enumerate(people)}
        self._prefilled: list[int] | None = None  # participants the pairing put in

        self.date = DateField(required=True, label=self.tr("日期"))
        self.date.set_date(today())
        # searches as you type: pairing name, a member's name or pinyin initials
        self.pairing = PairingPicker(pairings, self.tr("（请选择结对）"))
        self.topic = QLineEdit()
        self.topic.setMaxLength(200)
        self.topic.setPlaceholderText(self.tr("例如 重要楼宇机房线路梳理"))
        self.service_type = EnumCombo(ServiceType, none_label=self.tr("（请选择）"))
        self.place = QLineEdit()
        self.place.setPlaceholderText(self.tr("例如 大宁社区活动室"))
        self.participants = PersonPicker()
        self.participants.set_people(people)
        self.outside_count = CountBox()
        self.outside_count.setRange(0, MAX_OUTSIDE)
        self.outside_count.setAccessibleName(self.tr("其他参与人数"))
        self.outside_count.setMinimumWidth(90)
        self.outside_count.setToolTip(self.tr("没有列在名单里的参与者，如社区居民、客户"))
        self.person_times_label = QLabel()
        self.person_times_label.setObjectName("personTimes")
        self.outside_count.setMaximumWidth(120)
        self.problems = ProblemsEditor(self.date.date)
        self.follow_up = QPlainTextEdit()
        self.follow_up.setTabChangesFocus(True)
        self.follow_up.setFixedHeight(56)
        self.follow_up.setPlaceholderText(self.tr("下一步安排、需要协调的事项"))

        self.add_field("date", self.tr("日期"), self.date, 0, 0, required=True)
        self.add_field("pairing_id", self.tr("结对"), self.pairing, 0, 1, required=True)
        self.add_field("topic", self.tr("主题"), self.topic, 1, 0, required=True, span=2)
        self.add_field("service_type", self.tr("服务类型"), self.service_type, 2, 0, required=True)
        self.add_field("place", self.tr("地点"), self.place, 2, 1)
        self.add_field("participant_ids", self.tr("参与人员"), self.participants, 3, 0, span=2)
        self.add_field("outside_count", self.tr("其他参与人数"), self.outside_count, 4, 0)
        # the session's 人次 beside the count, where the eye already is
        self.grid.addWidget(self.person_times_label, 8, 3, 1, 2)
        self.add_field("problems", self.tr("发现问题"), self.problems, 5, 0, span=2)
        self.add_field("follow_up", self.tr("后续跟进"), self.follow_up, 6, 0, span=2)
        for column in (1, 4):
            self.grid.setColumnStretch(column, 1)
            self.grid.setColumnMinimumWidth(column, 250)
        for key in ("date", "pairing_id", "topic", "service_type", "place", "follow_up"):
            self.watch(key, self.fields[key])
        self.watch("participant_ids", self.participants)
        self.watch("problems", self.problems)
        self.outside_count.valueChanged.connect(lambda *_: self._changed("outside_count"))
        self.outside_count.valueChanged.connect(lambda *_: self._changed("participant_ids"))
        self.participants.changed.connect(self._update_person_times)
        self.outside_count.valueChanged.connect(self._update_person_times)
        self.pairing.currentIndexChanged.connect(self._pairing_chosen)
        self.date.edited.connect(lambda: self._changed("problems"))

        self.setTabOrder(self.date.line_edit, self.pairing)
        self.setTabOrder(self.pairing, self.topic)
        self.setTabOrder(self.topic, self.service_type)
        self.setTabOrder(self.service_type, self.place)
        self.setTabOrder(self.place, self.participants.line_edit)
        self.setTabOrder(self.participants.line_edit, self.outside_count)
        self._update_person_times()
        self.save_button.setDefault(True)
        self.setMinimumWidth(800)
        self.pairing.setFocus()  # the date is today: the pairing comes first

    # ----- behaviour -----------------------------------------------------------

    def person_times(self) -> int:
        """The session's 人次 as it stands, by the one definition the ledger uses."""
        return pairing_figures.person_times(
            pairing_figures.participant_count(self.participants.ids()),
            self.outside_count.value(),
        )

    def _update_person_times(self, *_args) -> None:
        self.person_times_label.setText(self.tr("本次 {n} 人次").format(n=self.person_times()))

    def choose_pairing(self, pairing_id: int | None) -> None:
        self.pairing.choose_id(pairing_id)

    def _pairing_chosen(self, _index: int) -> None:
        """Fill in the pairing's members unless the user has chosen others."""
        row = self.pairing.chosen_row()
        current = self.participants.ids()
        if current and current != self._prefilled:
            return
        members = sorted(row.member_ids, key=lambda i: self._order.get(i, i)) if row else []
        self.participants.set_ids(members)
        self._prefilled = self.participants.ids()

    # ----- values --------------------------------------------------------------

    def load(self, values: SessionInput) -> None:
        self.date.set_date(values.date)
        self._prefilled = None
        self.participants.set_ids(values.participant_ids)
        self.pairing.blockSignals(True)
        self.choose_pairing(values.pairing_id)
        self.pairing.blockSignals(False)
        self.topic.setText(values.topic)
        self.service_type.set_member(values.service_type)
        self.place.setText(values.place)
        self.outside_count.setValue(values.outside_count)
        self.problems.set_problems(values.problems)
        self.follow_up.setPlainText(values.follow_up)
        self._update_person_times()

    def values(self) -> SessionInput:
        return SessionInput(
            date=self.date.date(),
            pairing_id=self.pairing.currentData(),
            topic=self.topic.text(),
            service_type=self.service_type.current_member(),  # type: ignore[arg-type]
            place=self.place.text(),
            participant_ids=self.participants.ids(),
            outside_count=self.outside_count.value(),
            problems=self.problems.problems(),
            follow_up=self.follow_up.toPlainText(),
        )

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if message := self.date.error():
            errors["date"] = message
        if message := self.problems.date_error():
            errors["problems"] = message
        for key, message in validate_session(self.values(), self._today()).items():
            errors.setdefault(key, message)
        return errors
