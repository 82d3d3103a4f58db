"""新增/编辑单位: name, kind and parent, validated inline."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from app.domain.enums import UnitKind
from app.domain.validation import UnitInput, unit_parent_kind_error, validate_unit
from app.services.people import UnitRow
from app.services.roster_filter import unit_and_descendants
from app.ui.forms.form_dialog import FormDialog, SaveCallback
from app.ui.widgets.enum_combo import EnumCombo
from app.ui.widgets.unit_combo import UnitCombo


class UnitForm(FormDialog):
    def __init__(
        self,
        units: Sequence[UnitRow],
        parent: QWidget | None = None,
        *,
        title: str = "",
        unit_id: int | None = None,
        save: SaveCallback | None = None,
    ) -> None:
        super().__init__(parent, title or self.tr("新增单位"), save)
        self._units = {u.id: u for u in units}
        # a unit cannot move under itself or one of its own descendants
        excluded = unit_and_descendants(units, unit_id) if unit_id is not None else frozenset()
        self.name = QLineEdit()
        self.name.setMaxLength(60)
        self.name.setPlaceholderText(self.tr("例如 滨江分公司、信安部（共建）"))
        self.kind = EnumCombo(UnitKind)
        self.parent_unit = UnitCombo()
        self.parent_unit.set_units(units, self.tr("（无，作为顶层单位）"), exclude=excluded)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(64)
        self.add_field("name", self.tr("单位名称"), self.name, 0, required=True)
        self.add_field("kind", self.tr("类型"), self.kind, 1)
        self.add_field("parent_id", self.tr("上级单位"), self.parent_unit, 2)
        self.add_field("note", self.tr("备注"), self.note, 3)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnMinimumWidth(1, 300)
        for key in ("name", "kind", "parent_id", "note"):
            self.watch(key, self.fields[key])
        # changing the kind may make the chosen parent wrong, and back
        self.kind.currentIndexChanged.connect(lambda *_: self._left("parent_id"))
        self.parent_unit.currentIndexChanged.connect(self._follow_parent_kind)
        self.setMinimumWidth(460)
        self.name.setFocus()

    def _follow_parent_kind(self) -> None:
        """Under a co-building unit only co-building units fit: pick that kind."""
        parent = self._units.get(self.parent_unit.unit_id())
        if parent is not None and parent.kind == UnitKind.CO_BUILDING:
            self.kind.set_member(UnitKind.CO_BUILDING)

    def load(self, values: UnitInput) -> None:
        self.name.setText(values.name)
        self.kind.set_member(values.kind)
        self.parent_unit.set_unit_id(values.parent_id)
        self.note.setPlainText(values.note)

    def values(self) -> UnitInput:
        return UnitInput(
            name=self.name.text(),
            kind=self.kind.current_member() or UnitKind.DEPARTMENT,
            parent_id=self.parent_unit.unit_id(),
            note=self.note.toPlainText(),
        )

    def validate(self) -> dict[str, str]:
        values = self.values()
        errors = validate_unit(values)
        parent = self._units.get(values.parent_id) if values.parent_id is not None else None
        if parent is not None and (message := unit_parent_kind_error(parent.kind, values.kind)):
            errors["parent_id"] = self.tr(message)
        return errors
