"""新增/编辑人员: every field of a person, validated inline."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from app.domain.enums import Gender, PoliticalStatus
from app.domain.person_fields import EDITABLE_FIELDS, PERSON_LABELS
from app.domain.validation import PersonInput, validate_person
from app.services.people import UnitRow
from app.ui.forms.form_dialog import FormDialog, SaveCallback
from app.ui.widgets.date_field import DateField
from app.ui.widgets.enum_combo import EnumCombo
from app.ui.widgets.tag_field import TagField
from app.ui.widgets.unit_combo import UnitCombo

FIELD_ORDER = EDITABLE_FIELDS


class PersonForm(FormDialog):
    def __init__(
        self,
        units: Sequence[UnitRow],
        parent: QWidget | None = None,
        *,
        title: str = "",
        save: SaveCallback | None = None,
    ) -> None:
        super().__init__(parent, title or self.tr("新增人员"), save)
        label = {key: self.tr(text) for key, text in PERSON_LABELS.items()}
        self.name = QLineEdit()
        self.name.setMaxLength(60)
        self.employee_no = QLineEdit()
        self.employee_no.setPlaceholderText(self.tr("可不填；填写时不能重复"))
        self.gender = EnumCombo(Gender, none_label=self.tr("（未填）"))
        self.birth_date = DateField(label=label["birth_date"])
        self.unit = UnitCombo()
        self.unit.set_units(units, self.tr("（无）"))
        self.position = QLineEdit()
        self.position.setPlaceholderText(self.tr("例如 小CEO、装维工程师"))
        self.political_status = EnumCombo(PoliticalStatus)
        self.political_status.set_member(PoliticalStatus.MASSES)
        self.party_join_date = DateField(label=label["party_join_date"])
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("手机 11 位，或座机 021-12345678"))
        self.tags = TagField()
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(72)

        self.add_field("name", label["name"], self.name, 0, 0, required=True)
        self.add_field("employee_no", label["employee_no"], self.employee_no, 0, 1)
        self.add_field("gender", label["gender"], self.gender, 1, 0)
        self.add_field("birth_date", label["birth_date"], self.birth_date, 1, 1)
        self.add_field("unit_id", label["unit_id"], self.unit, 2, 0)
        self.add_field("position", label["position"], self.position, 2, 1)
        self.add_field("political_status", label["political_status"], self.political_status, 3, 0)
        self.add_field("party_join_date", label["party_join_date"], self.party_join_date, 3, 1)
        self.add_field("phone", label["phone"], self.phone, 4, 0)
        self.add_field("tags", label["tags"], self.tags, 4, 1)
        self.add_field("note", label["note"], self.note, 5, 0, span=2)
        for column in (1, 4):
            self.grid.setColumnStretch(column, 1)
            self.grid.setColumnMinimumWidth(column, 250)
        for key in FIELD_ORDER:
            self.watch(key, self.fields[key])
        self.political_status.currentIndexChanged.connect(self._update_join_date_state)
        self._update_join_date_state()
        self.setTabOrder(self.name, self.employee_no)
        self.setMinimumWidth(760)
        self.name.setFocus()

    def _update_join_date_state(self) -> None:
        status = self.political_status.current_member()
        enabled = bool(status and status.is_party_member)
        self.party_join_date.setEnabled(enabled)
        self.party_join_date.setToolTip(
            "" if enabled else self.tr("只有中共党员或预备党员才填写入党日期")
        )

    # ----- values ------------------------------------------------------------

    def load(self, values: PersonInput) -> None:
        self.name.setText(values.name)
        self.employee_no.setText(values.employee_no)
        self.gender.set_member(values.gender)
        self.birth_date.set_date(values.birth_date)
        self.unit.set_unit_id(values.unit_id)
        self.position.setText(values.position)
        self.political_status.set_member(values.political_status)
        self.party_join_date.set_date(values.party_join_date)
        self.phone.setText(values.phone)
        self.tags.set_tags(values.tags)
        self.note.setPlainText(values.note)
        self._update_join_date_state()

    def values(self) -> PersonInput:
        status = self.political_status.current_member() or PoliticalStatus.MASSES
        return PersonInput(
            name=self.name.text(),
            employee_no=self.employee_no.text(),
            gender=self.gender.current_member(),
            birth_date=self.birth_date.date(),
            unit_id=self.unit.unit_id(),
            position=self.position.text(),
            political_status=status,
            # a date kept in a greyed-out field is not saved for a non-member
            party_join_date=self.party_join_date.date() if status.is_party_member else None,
            phone=self.phone.text(),
            tags=self.tags.tags(),
            note=self.note.toPlainText(),
        )

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if message := self.birth_date.error():
            errors["birth_date"] = message
        if self.party_join_date.isEnabled() and (message := self.party_join_date.error()):
            errors["party_join_date"] = message
        for key, message in validate_person(self.values()).items():
            errors.setdefault(key, message)
        return errors
