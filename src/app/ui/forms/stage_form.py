"""登记阶段 / 编辑阶段: one dated stage of a person's development (双培养一输送).

The person (a picker holding one), the stage, the date, and only the fields
the regulations ask for at that stage: 递交入党申请书 the talk (谈话日期);
预备党员 the two introducers, the training (days, class hours) and the
approval; 正式党员 the probation extended (months); 输送 where to (required).
The messages are the service's (``stage_errors``), shown under the fields as
the user types; the regulations themselves only warn, after saving."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QLineEdit, QWidget

from app.domain.mentoring_models import Stage
from app.services.development import MAX_NOTE, StageInput, stage_errors
from app.services.people import PersonRow
from app.ui.forms.form_dialog import FormDialog, SaveCallback
from app.ui.widgets.date_field import DateField
from app.ui.widgets.enum_combo import EnumCombo
from app.ui.widgets.people_search import PeopleIndex
from app.ui.widgets.person_picker import PersonPicker

# which extra fields a stage shows (the rest are hidden and not saved)
STAGE_FIELDS: dict[Stage, tuple[str, ...]] = {
    Stage.APPLICATION: ("talk_date",),
    Stage.PROBATIONARY: (
        "introducer1",
        "introducer2",
        "training_days",
        "training_hours",
        "approval_date",
    ),
    Stage.FULL_MEMBER: ("extension_months",),
}
EXTRA_FIELDS = (
    "talk_date",
    "introducer1",
    "introducer2",
    "training_days",
    "training_hours",
    "approval_date",
    "extension_months",
)
NUMBER_FIELDS = ("training_days", "training_hours", "extension_months")
BAD_NUMBER = "请填写 0 到 999 之间的整数"


def parse_count(text: str) -> int | None | str:
    """ "3", "３" -> 3; "" -> None; anything else -> the text itself (an error)."""
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return None
    return int(value) if value.isdigit() and len(value) <= 3 else text


class OnePersonPicker(PersonPicker):
    """A person picker holding at most one person: choosing another replaces them."""

    def add(self, person_id: int) -> bool:
        if person_id in self._ids:
            return False
        if self._ids:
            self._ids = []
        return super().add(person_id)

    def person_id(self) -> int | None:
        return self._ids[0] if self._ids else None


class StageForm(FormDialog):
    def __init__(
        self,
        people: Sequence[PersonRow],
        parent: QWidget | None = None,
        *,
        title: str = "",
        save: SaveCallback | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        person_id: int | None = None,
        stage: Stage | None = None,
    ) -> None:
        super().__init__(parent, title or self.tr("登记发展阶段"), save)
        self._today = today
        self.person = OnePersonPicker(placeholder=self.tr("输入姓名、工号或拼音首字母，回车选择"))
        people_index = PeopleIndex(people)  # one for the three pickers
        self.person.set_people(people_index)
        self.stage = EnumCombo(Stage)
        self.stage.setMaxVisibleItems(len(Stage))
        self.date = DateField(required=True, label=self.tr("日期"))
        self.date.set_date(today())
        self.date.setMaximumWidth(200)
        self.talk_date = DateField(label=self.tr("谈话日期"))
        self.introducer1 = OnePersonPicker(placeholder=self.tr("正式党员，输入姓名回车选择"))
        self.introducer2 = OnePersonPicker(placeholder=self.tr("正式党员，输入姓名回车选择"))
        for picker in (self.introducer1, self.introducer2):
            picker.set_people(people_index)
        self.training_days = self._count_edit(self.tr("如 3"))
        self.training_hours = self._count_edit(self.tr("如 24"))
        self.approval_date = DateField(label=self.tr("审批日期"))
        self.extension_months = self._count_edit(self.tr("不延长则不填；延长 6 到 12 个月"))
        self.extension_months.setMaximumWidth(16777215)
        self.note = QLineEdit()
        self.note.setMaxLength(MAX_NOTE)

        self.add_field("person", self.tr("人员"), self.person, 0, required=True)
        self.add_field("stage", self.tr("阶段"), self.stage, 1, required=True)
        self.add_field("date", self.tr("日期"), self.date, 2, required=True)
        self.add_field("talk_date", self.tr("谈话日期"), self.talk_date, 3)
        self.add_field("introducer1", self.tr("入党介绍人一"), self.introducer1, 4)
        self.add_field("introducer2", self.tr("入党介绍人二"), self.introducer2, 5)
        self.add_field("training_days", self.tr("培训天数"), self.training_days, 6)
        self.add_field("training_hours", self.tr("培训学时"), self.training_hours, 7)
        self.add_field("approval_date", self.tr("审批日期"), self.approval_date, 8)
        self.add_field("extension_months", self.tr("预备期延长（月）"), self.extension_months, 9)
        self.add_field("note", self.tr("备注"), self.note, 10)
        for date_field in (self.talk_date, self.approval_date):
            date_field.setMaximumWidth(200)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnMinimumWidth(1, 380)
        for key, widget in self.fields.items():
            self.watch(key, widget)
        self.stage.currentIndexChanged.connect(self._stage_chosen)
        order = [
            self.person.line_edit,
            self.stage,
            self.date.line_edit,
            self.talk_date.line_edit,
            self.introducer1.line_edit,
            self.introducer2.line_edit,
            self.training_days,
            self.training_hours,
            self.approval_date.line_edit,
            self.extension_months,
            self.note,
        ]
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)
        self.setMinimumWidth(560)
        if person_id is not None:
            self.person.set_ids([person_id])
        self.stage.set_member(stage or Stage.BACKBONE)
        self._stage_chosen()
        (self.stage if person_id is not None else self.person).setFocus()

    def _count_edit(self, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(6)
        edit.setPlaceholderText(placeholder)
        edit.setMaximumWidth(200)
        return edit

    # ----- the fields of a stage -------------------------------------------------

    def shown_fields(self) -> tuple[str, ...]:
        stage = self.stage.current_member()
        return STAGE_FIELDS.get(stage, ()) if stage is not None else ()

    def _stage_chosen(self, *_args) -> None:
        shown = self.shown_fields()
        for key in EXTRA_FIELDS:
            for part in (self.fields[key], self.field_labels[key], self.error_labels[key]):
                part.setVisible(key in shown)
        transfer = self.stage.current_member() == Stage.TRANSFER
        caption = self.tr("去向") if transfer else self.tr("备注")
        self.field_labels["note"].setText(
            caption + ("<span style='color:#c0392b'> *</span>" if transfer else "")
        )
        self.note.setAccessibleName(caption)
        self.note.setPlaceholderText(
            self.tr("输送到的岗位，如 团支部书记") if transfer else self.tr("可不填")
        )
        if self.isVisible():
            self.adjustSize()

    # ----- values ----------------------------------------------------------------

    def load(self, person_id: int, row, introducer_ids: Sequence[int] = ()) -> None:
        """Fill the form from a ``StageRow`` (editing)."""
        self.person.set_ids([person_id])
        self.stage.set_member(row.stage)
        self.date.set_date(row.date)
        self.note.setText(row.note)
        self.talk_date.set_date(row.talk_date)
        ids = list(introducer_ids)
        self.introducer1.set_ids(ids[:1])
        self.introducer2.set_ids(ids[1:2])
        for key in NUMBER_FIELDS:
            value = getattr(row, key)
            getattr(self, key).setText("" if value is None else str(value))
        self.approval_date.set_date(row.approval_date)
        self._stage_chosen()

    def person_id(self) -> int | None:
        return self.person.person_id()

    def values(self) -> StageInput:
        shown = self.shown_fields()

        def count(key: str):
            value = parse_count(getattr(self, key).text()) if key in shown else None
            return value if not isinstance(value, str) else -1

        introducers = [
            i
            for key in ("introducer1", "introducer2")
            if key in shown and (i := getattr(self, key).person_id()) is not None
        ]
        return StageInput(
            stage=self.stage.current_member(),
            date=self.date.date(),
            note=self.note.text(),
            talk_date=self.talk_date.date() if "talk_date" in shown else None,
            introducer_ids=introducers,
            training_days=count("training_days"),
            training_hours=count("training_hours"),
            approval_date=self.approval_date.date() if "approval_date" in shown else None,
            extension_months=count("extension_months"),
        )

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.person_id() is None:
            errors["person"] = self.tr("请选择人员")
        values = self.values()
        errors.update(stage_errors(values, self._today()))
        shown = self.shown_fields()
        for key in ("date", "talk_date", "approval_date"):
            if key in ("date", *shown) and (message := getattr(self, key).error()):
                errors[key] = message
        for key in NUMBER_FIELDS:
            if key in shown and isinstance(parse_count(getattr(self, key).text()), str):
                errors[key] = self.tr(BAD_NUMBER)
        first, second = self.introducer1.person_id(), self.introducer2.person_id()
        if "introducer2" in shown and first is not None and first == second:
            errors["introducer2"] = self.tr("两名入党介绍人不能是同一人")
        person = self.person_id()
        for key, chosen in (("introducer1", first), ("introducer2", second)):
            if key in shown and chosen is not None and chosen == person:
                errors[key] = self.tr("入党介绍人不能是本人")
        return {k: v for k, v in errors.items() if k in self.fields}
