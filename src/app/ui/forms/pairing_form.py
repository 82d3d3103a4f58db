"""新增/编辑结对: name, kind, campaign, the two sides chosen with person
pickers, the unit helped, dates and goal, validated inline."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.domain.enums import MemberSide, PairingKind
from app.domain.pairing_validation import PairingInput, members_problem, validate_pairing
from app.services.people import PersonRow, UnitRow
from app.ui.forms.form_dialog import FormDialog, SaveCallback
from app.ui.widgets.date_field import DateField
from app.ui.widgets.enum_combo import EnumCombo
from app.ui.widgets.people_search import PeopleIndex
from app.ui.widgets.person_picker import PersonPicker
from app.ui.widgets.unit_combo import UnitCombo

FIELD_ORDER = (
    "name",
    "kind",
    "campaign",
    "helpers",
    "members",
    "helped_unit_id",
    "start_date",
    "end_date",
    "goal",
    "note",
)
# the service may name the helped side on its own; it shows under that picker
SERVICE_KEYS = {"helped": "members"}


class CampaignCombo(QComboBox):
    """Earlier campaigns to pick from, or a new one typed in; ``text()`` is what
    it shows (what the form compares to see unsaved changes)."""

    def text(self) -> str:
        return self.currentText()


class PairingForm(FormDialog):
    def __init__(
        self,
        people: Sequence[PersonRow],
        units: Sequence[UnitRow],
        campaigns: Iterable[str] = (),
        parent: QWidget | None = None,
        *,
        title: str = "",
        save: SaveCallback | None = None,
    ) -> None:
        super().__init__(parent, title or self.tr("新增结对"), save)
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.name.setPlaceholderText(self.tr("例如 信安部×网络运维部 机房线路攻坚"))
        self.kind = EnumCombo(PairingKind)
        self.campaign = CampaignCombo()
        self.campaign.setEditable(True)
        self.campaign.addItem("")
        for text in dict.fromkeys(c for c in campaigns if c):
            self.campaign.addItem(text)
        self.campaign.setCurrentIndex(0)
        self.campaign.lineEdit().setPlaceholderText(self.tr("可选以前的活动，或输入新的活动名称"))
        self.campaign.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.helpers = PersonPicker()
        self.helped = PersonPicker()
        people_index = PeopleIndex(people)  # one for both pickers
        for picker in (self.helpers, self.helped):
            picker.set_people(people_index)
        self.helped_unit = UnitCombo()
        self.helped_unit.set_units(units, self.tr("（无）"))
        self.start_date = DateField(label=self.tr("开始日期"))
        self.end_date = DateField(label=self.tr("结束日期"))
        self.goal = QPlainTextEdit()
        self.goal.setTabChangesFocus(True)
        self.goal.setFixedHeight(60)
        self.goal.setPlaceholderText(self.tr("例如 四季度解决重要楼宇机房线路隐患"))
        self.note = QLineEdit()

        self.add_field("name", self.tr("结对名称"), self.name, 0, 0, required=True)
        self.add_field("kind", self.tr("类型"), self.kind, 0, 1, required=True)
        self.add_field("campaign", self.tr("所属活动"), self.campaign, 1, 0, span=2)
        self.add_field("helpers", self.tr("帮扶方"), self.helpers, 2, 0, required=True, span=2)
        self.add_field("members", self.tr("受帮扶方"), self.helped, 3, 0, required=True, span=2)
        self.add_field("helped_unit_id", self.tr("帮扶对象单位"), self.helped_unit, 4, 0)
        self.add_field("start_date", self.tr("开始日期"), self.start_date, 5, 0)
        self.add_field("end_date", self.tr("结束日期"), self.end_date, 5, 1)
        self.add_field("goal", self.tr("目标"), self.goal, 6, 0, span=2)
        self.add_field("note", self.tr("备注"), self.note, 7, 0, span=2)
        for column in (1, 4):
            self.grid.setColumnStretch(column, 1)
            self.grid.setColumnMinimumWidth(column, 260)
        for key in FIELD_ORDER:
            self.watch(key, self.fields[key])
        # picking a helper re-checks "on both sides" once the helped side was touched
        self.helpers.changed.connect(lambda: self._changed("members"))
        self.setTabOrder(self.name, self.kind)
        self.setTabOrder(self.kind, self.campaign)
        self.setTabOrder(self.campaign, self.helpers.line_edit)
        self.setTabOrder(self.helpers.line_edit, self.helped.line_edit)
        self.setTabOrder(self.helped.line_edit, self.helped_unit)
        self.setTabOrder(self.helped_unit, self.start_date.line_edit)
        self.setTabOrder(self.start_date.line_edit, self.end_date.line_edit)
        self.setTabOrder(self.end_date.line_edit, self.goal)
        self.setTabOrder(self.goal, self.note)
        self.setMinimumWidth(780)
        self.name.setFocus()

    # ----- values --------------------------------------------------------------

    def load(self, values: PairingInput) -> None:
        self.name.setText(values.name)
        self.kind.set_member(values.kind)
        self.campaign.setCurrentText(values.campaign)
        self.helpers.set_ids(values.helpers)
        self.helped.set_ids(values.helped)
        self.helped_unit.set_unit_id(values.helped_unit_id)
        self.start_date.set_date(values.start_date)
        self.end_date.set_date(values.end_date)
        self.goal.setPlainText(values.goal)
        self.note.setText(values.note)

    def values(self) -> PairingInput:
        return PairingInput(
            name=self.name.text(),
            kind=self.kind.current_member() or PairingKind.INTERNAL,
            campaign=self.campaign.currentText(),
            helpers=self.helpers.ids(),
            helped=self.helped.ids(),
            helped_unit_id=self.helped_unit.unit_id(),
            start_date=self.start_date.date(),
            end_date=self.end_date.date(),
            goal=self.goal.toPlainText(),
            note=self.note.text(),
        )

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        for key, field in (("start_date", self.start_date), ("end_date", self.end_date)):
            if message := field.error():
                errors[key] = message
        values = self.values()
        for key, message in validate_pairing(values).items():
            errors.setdefault(SERVICE_KEYS.get(key, key), message)
        side = (members_problem(values.helpers, values.helped) or (None, ""))[0]
        if "members" in errors and side == MemberSide.HELPER:
            errors["helpers"] = errors.pop("members")  # only the helpers are missing
        return errors

    @staticmethod
    def shown_errors(errors: dict[str, str]) -> dict[str, str]:
        """A service's field -> message, keyed as this form shows them."""
        shown: dict[str, str] = {}
        for key, message in errors.items():
            shown.setdefault(SERVICE_KEYS.get(key, key), message)
        return shown
