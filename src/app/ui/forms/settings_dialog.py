"""设置: a field per declared setting (app.domain.settings), grouped under the
group's title, each checked by the setting's own rule as the user types, with
the message under the field; 保存 stores them all at once or refuses."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.domain.settings import SETTINGS, SettingSpec, Value, groups, shown, validate
from app.ui.forms.form_dialog import FormDialog, SaveCallback
from app.ui.forms.form_host import FormHost


def _range_hint(setting: SettingSpec) -> str:
    low, high = setting.minimum, setting.maximum
    if low is not None and high is not None:
        return f"{low:g}–{high:g}"
    if low is not None:
        return f"≥ {low:g}"
    if high is not None:
        return f"≤ {high:g}"
    return ""


COLUMNS = 3  # logical columns of the settings grid
SHORT_TEXT = 50  # texts this long at most (names) take one column


class SettingsDialog(FormDialog):
    def __init__(
        self,
        parent: QWidget | None = None,
        settings: Iterable[SettingSpec] = SETTINGS,
        *,
        note: str = "",
        save: SaveCallback | None = None,
    ) -> None:
        super().__init__(parent, self.tr("设置"), save)
        self.settings: dict[str, SettingSpec] = {s.key: s for s in settings}
        self.note = QLabel(note)
        self.note.setObjectName("settingsNote")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        self.layout().insertWidget(1, self.note)
        self.group_labels: dict[str, QLabel] = {}
        row = 0
        for group, members in groups(self.settings.values()):
            heading = QLabel(self.tr(group))
            heading.setObjectName("sectionTitle")
            if row:
                heading.setContentsMargins(0, 4, 0, 0)
            self.grid.addWidget(heading, row * 2, 0, 1, 3 * COLUMNS)
            self.group_labels[group] = heading
            row += 1
            # So the dialog fits a 1366×768 laptop screen: numbers (积分规则) three
            # to a row, short texts (names) side by side, long texts the whole width.
            column = 0
            for index, setting in enumerate(members):
                wide = setting.kind is str and setting.max_length > SHORT_TEXT
                if wide and column:
                    row, column = row + 1, 0
                self.add_field(
                    setting.key,
                    self.tr(setting.label),
                    self._field_for(setting),
                    row,
                    column,
                    required=setting.required,
                    span=COLUMNS if wide else 1,
                )
                self.watch(setting.key, self.fields[setting.key])
                per_row = COLUMNS if setting.kind is not str else 2
                column = 0 if wide else column + 1
                if column == 0 or column >= per_row or index == len(members) - 1:
                    row, column = row + 1, 0
        for grid_column in range(1, 3 * COLUMNS, 3):
            self.grid.setColumnStretch(grid_column, 1)
            self.grid.setColumnMinimumWidth(grid_column, 120)
        self.setMinimumWidth(1040)
        if self.fields:
            next(iter(self.fields.values())).setFocus()

    def _field_for(self, setting: SettingSpec) -> QLineEdit:
        """A line edit for every kind: typed text goes through the setting's
        rule, which gives the message (a spin box would clamp silently)."""
        field = QLineEdit()
        field.setObjectName(f"setting:{setting.key}")
        if setting.kind is str:
            field.setMaxLength(setting.max_length)
            if setting.max_length <= SHORT_TEXT:
                field.setMinimumWidth(200)  # a name of ten characters or more, whole
            field.setPlaceholderText(self.tr(setting.hint))
        else:
            field.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            field.setPlaceholderText(self.tr(setting.hint) or _range_hint(setting))
            field.setMaximumWidth(160)
        if setting.hint:
            field.setToolTip(self.tr(setting.hint))
        return field

    def field(self, key: str) -> QLineEdit:
        return self.fields[key]  # type: ignore[return-value]

    def load(self, values: Mapping[str, Value]) -> None:
        for key, setting in self.settings.items():
            if key in values:
                self.field(key).setText(shown(setting, values[key]))

    def values(self) -> dict[str, str]:
        """The typed text by key; the service parses it by the same rules."""
        return {key: self.field(key).text() for key in self.settings}

    def validate(self) -> dict[str, str]:
        _parsed, errors = validate(self.values(), self.settings)
        return errors


def open_settings(
    parent: QWidget,
    services,
    operations,
    prompts,
    *,
    note: str = "",
    on_saved: Callable[[], object] | None = None,
    forms: FormHost | None = None,
) -> SettingsDialog:
    """Show 设置 with the values as stored. 保存 stores them through
    ``services.settings`` (one unit of work); the field messages show under the
    fields. ``on_saved`` runs once the dialog has closed after a save. ``forms``
    is the page's form host (the window asks it at close); the menu's dialog
    gets its own."""
    dialog = SettingsDialog(parent, note=note)
    dialog.load(services.settings.get_all())
    host = forms or FormHost(operations, prompts, dialog)

    def save(values: dict[str, str]):
        return host.run_save(dialog, lambda: services.settings.save(values), changes=())

    dialog.accepted.connect(operations.settings_saved.emit)
    if on_saved is not None:
        dialog.accepted.connect(lambda: QTimer.singleShot(0, on_saved))
    host.open(dialog, save)
    return dialog
