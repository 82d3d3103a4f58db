"""录入承诺: one member's pledges for a year in one form. Pick the member (a
non-member is refused inline, naming their 政治面貌), the year, then 2–5
lines; choosing a member who already pledged that year shows those pledges
to edit. 复制上一年 starts from last year's. Everything is saved at once;
Enter saves once the form is valid."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from PySide6.QtWidgets import QLabel, QPushButton, QSpinBox, QWidget

from app.domain.pledge_rules import (
    MAX_YEAR,
    MIN_YEAR,
    PledgeLine,
    duplicate_texts,
    pledger_error,
    validate_pledge_line,
    year_error,
)
from app.services.people import PersonRow
from app.ui.forms.form_dialog import FormDialog, SaveCallback
from app.ui.forms.pledge_lines import PledgeLineRow, PledgeLinesEditor
from app.ui.forms.pledge_member_picker import MemberPicker

LinesOf = Callable[[int, int], list[PledgeLine]]  # (person id, year) -> lines
_LINE_PREFIX = re.compile(r"^第 \d+ 项：")


class MemberPledges(NamedTuple):
    person_id: int | None
    year: int
    lines: list[PledgeLine]


class YearBox(QSpinBox):
    """``text()`` is the year even before the box is shown (unsaved-changes check)."""

    def text(self) -> str:
        return str(self.value())


class PledgeForm(FormDialog):
    def __init__(
        self,
        people: Sequence[PersonRow],
        year: int,
        lines_of: LinesOf,
        previous_lines_of: LinesOf,
        parent: QWidget | None = None,
        *,
        title: str = "",
        save: SaveCallback | None = None,
    ) -> None:
        super().__init__(parent, title or self.tr("录入承诺"), save)
        self._lines_of = lines_of
        self._previous_lines_of = previous_lines_of
        self._shown: tuple[int | None, int] = (None, year)  # whose year the lines are
        self._saved_rows: list[PledgeLineRow] = []  # the rows behind the lines saved
        self._rows_touched: set[int] = set()  # ids of rows the user left
        self._all_touched = False

        self.member = MemberPicker()
        self.member.set_people(people)
        self.year = YearBox()
        self.year.setRange(MIN_YEAR, MAX_YEAR)
        self.year.setValue(year)
        self.year.setMinimumWidth(90)
        self.year.setMaximumWidth(120)
        self.year.setAccessibleName(self.tr("年度"))
        self.editor = PledgeLinesEditor()
        self.copy_button = QPushButton(self.tr("复制上一年"))
        self.copy_button.setObjectName("copyPreviousButton")
        self.copy_button.setAutoDefault(False)
        self.copy_button.setToolTip(self.tr("把该党员上一年度的承诺填入下面，修改后保存"))
        self.copy_button.clicked.connect(self.copy_previous_year)
        self.editor.footer.insertWidget(1, self.copy_button)
        self.note = QLabel()
        self.note.setObjectName("formNote")
        self.note.setWordWrap(True)
        self.note.hide()

        self.add_field("person", self.tr("党员"), self.member, 0, 0, required=True)
        self.add_field("year", self.tr("年度"), self.year, 0, 1, required=True)
        self.add_field("lines", self.tr("承诺事项"), self.editor, 1, 0, required=True, span=2)
        self.grid.addWidget(self.note, 4, 1, 1, 4)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnMinimumWidth(1, 300)

        self.member.changed.connect(self._member_or_year_changed)
        self.member.changed.connect(lambda: self._left("person"))
        self.year.valueChanged.connect(self._member_or_year_changed)
        self.year.valueChanged.connect(lambda *_: self._left("year"))
        self.editor.edited.connect(self._lines_edited)
        self.editor.left.connect(self._row_left)
        self._update_copy_button()
        self.setMinimumWidth(860)
        # Made the dialog's main default now that it is in the dialog (FormDialog set it
        # before): otherwise a click on 保存 that fails leaves no default, and Enter does nothing.
        self.save_button.setDefault(False)
        self.save_button.setDefault(True)
        self.member.line_edit.setFocus()

    # ----- loading -------------------------------------------------------------

    def load(self, person_id: int, year: int, lines: Sequence[PledgeLine]) -> None:
        """Edit ``person_id``'s pledges of ``year``."""
        for widget in (self.member, self.year):
            widget.blockSignals(True)
        self.member.set_person_id(person_id)
        self.year.setValue(year)
        for widget in (self.member, self.year):
            widget.blockSignals(False)
        self._shown = (person_id, year)
        self.editor.set_lines(lines)
        self._update_copy_button()
        if lines:
            self.editor.rows[0].text.setFocus()

    def _member_or_year_changed(self, *_args) -> None:
        """Show the chosen member's pledges of the chosen year (typed new lines stay)."""
        chosen = (self.member.person_id(), self.year.value())
        self._update_copy_button()
        if chosen == self._shown:
            return
        self._shown = chosen
        typed = [row.value() for row in self.editor.typed_rows() if row.line.id is None]
        person_id, year = chosen
        on_file = self._lines_of(person_id, year) if person_id is not None else []
        self.editor.set_lines([*on_file, *typed])
        person = self.member.person()
        if on_file and person is not None:
            self._tell(
                self.tr("{name} 在 {year} 年度已有 {n} 项承诺，可在下面修改").format(
                    name=person.name, year=year, n=len(on_file)
                )
            )
        else:
            self._tell("")
        if person_id is not None:
            self.editor.rows[0].text.setFocus()

    def copy_previous_year(self) -> int:
        """复制上一年: last year's pledges as new lines (ones already here are skipped)."""
        person, year = self.member.person(), self.year.value()
        if person is None:
            return 0
        present = {line.text.strip() for line in self.editor.lines()}
        copied = [
            line
            for line in self._previous_lines_of(person.id, year)
            if line.text.strip() not in present
        ]
        if not copied:
            self._tell(
                self.tr("{name} 在 {year} 年度没有可复制的承诺").format(
                    name=person.name, year=year - 1
                )
            )
            return 0
        self.editor.set_lines([*self.editor.lines(), *copied])
        self._tell(
            self.tr("已复制 {year} 年度的 {n} 项承诺，计划完成日期已移到 {this} 年").format(
                year=year - 1, n=len(copied), this=year
            )
        )
        return len(copied)

    def _tell(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _update_copy_button(self) -> None:
        self.copy_button.setEnabled(self.member.person_id() is not None)

    # ----- values and messages -------------------------------------------------

    def values(self) -> MemberPledges:
        self._saved_rows = self.editor.typed_rows()
        return MemberPledges(
            self.member.person_id(), self.year.value(), [r.value() for r in self._saved_rows]
        )

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        person = self.member.person()
        if person is None:
            errors["person"] = self.tr("请选择作出承诺的党员")
        elif message := pledger_error(person.name, person.political_status):
            errors["person"] = message
        year = self.year.value()
        if message := year_error(year):
            errors["year"] = message
        rows = self.editor.typed_rows()
        if not rows:
            errors["lines"] = self.tr("请至少填写一项承诺")
        lines = [row.value() for row in rows]
        for text in duplicate_texts(lines):
            errors.setdefault("lines", self.tr("承诺内容重复：「{text}」").format(text=text[:30]))
        for row, line in zip(rows, lines, strict=True):
            index = self.editor.rows.index(row)
            found = validate_pledge_line(line, year)
            if row.due_date.text().strip() and (message := row.due_date.error()):
                found["due_date"] = message
            for key, message in found.items():
                errors[f"{index}.{key}"] = message
        return errors

    def shown_errors(self, errors: Mapping[str, str]) -> dict[str, str]:
        """The service's keys ("2.text": the third line saved) as this form shows them."""
        shown: dict[str, str] = {}
        for key, message in errors.items():
            index, dot, field = key.partition(".")
            if dot and index.isdigit() and int(index) < len(self._saved_rows):
                row = self._saved_rows[int(index)]
                if row in self.editor.rows:
                    key = f"{self.editor.rows.index(row)}.{field}"
                    message = _LINE_PREFIX.sub("", message)
            shown.setdefault(key, message)
        return shown

    def inline_keys(self, count: int) -> list[str]:
        """Every key the service may name for ``count`` lines."""
        keys = ["person", "year", "lines"]
        for index in range(count):
            keys += [f"{index}.{f}" for f in ("text", "category", "due_date", "extra_points")]
        return keys

    def line_error_text(self, row_index: int) -> str:
        """The message under a pledge row ('' when none)."""
        label = self.editor.rows[row_index].error
        return "" if label.isHidden() else label.text()

    # ----- behaviour -----------------------------------------------------------

    def _lines_edited(self) -> None:
        for key in [k for k in self._server_errors if "." in k or k == "lines"]:
            self._server_errors.pop(key)
        self._changed("lines")
        if self._rows_touched or self._all_touched:
            self.refresh_errors()

    def _row_left(self, row: PledgeLineRow) -> None:
        self._rows_touched.add(id(row))
        self._left("lines")

    def touch_all(self) -> None:
        super().touch_all()
        self._all_touched = True

    def show_errors(self, errors: dict[str, str]) -> None:
        super().show_errors(errors)  # first: it marks the whole editor by the "lines" message
        for index, row in enumerate(self.editor.rows):
            prefix = f"{index}."
            mine = {k[len(prefix) :]: m for k, m in errors.items() if k.startswith(prefix)}
            row.show_error(mine if self._all_touched or id(row) in self._rows_touched else {})

    def _focus_first(self, errors: dict[str, str]) -> None:
        if "person" in errors:
            self.member.setFocus()
            return
        for index, row in enumerate(self.editor.rows):
            for key, widget in (("text", row.text), ("category", row.category)):
                if f"{index}.{key}" in errors:
                    widget.setFocus()
                    return
            if f"{index}.due_date" in errors:
                row.due_date.line_edit.setFocus()
                return
        super()._focus_first(errors)
