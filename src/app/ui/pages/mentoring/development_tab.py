"""发展 (双培养一输送): where each person stands on the way 业务骨干 → 递交入党
申请书 → 入党积极分子 → 发展对象 → 预备党员 → 正式党员 (and 输送 to a post),
what is due next and what the member-development regulations warn about.

At the top, the pipeline for a period: how many people reached each stage, as
boxes and as a sentence; a box clicked shows only the people at that stage.
Below, everyone with a track (overdue next steps in red, rows with warnings
amber), and the chosen person's dated stages. 登记阶段… records a stage;
a stage with a 政治面貌 moves the person forward in the roster in the same
save, and the regulations' warnings for that person are shown afterwards
(they never block)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.areas.mentoring import DEVELOPMENT
from app.domain.mentoring_models import Stage
from app.services.registry import Services
from app.ui.forms.form_host import FormHost
from app.ui.forms.stage_form import StageForm
from app.ui.operations import PEOPLE, UNITS, Operations
from app.ui.pages.context import PageContext
from app.ui.pages.freshness import RefreshWhenShown
from app.ui.pages.mentoring.development_pipeline import SHORT, PipelinePeriod, StageBoxes
from app.ui.pages.pairing.parts import button, count_label, new_tab
from app.ui.prompts import Prompts
from app.ui.table_models.development_table_model import (
    StageTableModel,
    TrackColumn,
    TrackTableModel,
)
from app.ui.view_state import remember_table
from app.ui.widgets.enum_combo import EnumCombo
from app.ui.widgets.record_table import (
    add_row_shortcuts,
    record_table,
    select_row,
    selected_record,
    set_widths,
)
from app.ui.widgets.search_box import SearchBox

SHOWN_CHANGES = frozenset({DEVELOPMENT, PEOPLE, UNITS})


class DevelopmentTab(QWidget):
    def __init__(
        self,
        services: Services,
        operations: Operations,
        prompts: Prompts,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("developmentTab")
        self.context = PageContext(
            services, operations, prompts, FormHost(operations, prompts, self)
        )
        self.today = today
        self._loading = False
        self._tracks: list[Any] = []
        self._transferred_ids: set[int] | None = None

        box = new_tab(self)
        self._build_pipeline(box)
        self._build_filters(box)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_tracks())
        splitter.addWidget(self._build_stages())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([280, 240])
        box.addWidget(splitter, 1)
        self.freshness = RefreshWhenShown(self, self._read, operations, SHOWN_CHANGES)
        self._update_buttons()

    # ----- building ----------------------------------------------------------------

    def _build_pipeline(self, box: QVBoxLayout) -> None:
        banner = QFrame()
        banner.setObjectName("totalsBanner")
        column = QVBoxLayout(banner)
        column.setContentsMargins(12, 8, 12, 8)
        column.setSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(8)
        caption = QLabel(self.tr("发展情况统计"))
        caption.setObjectName("sectionTitle")
        row.addWidget(caption)
        row.addSpacing(8)
        self.period = PipelinePeriod(today=self.today)
        self.period.period_changed.connect(lambda *_: self._load_pipeline())
        row.addWidget(self.period)
        row.addStretch(1)
        column.addLayout(row)
        self.boxes = StageBoxes()
        self.boxes.stage_clicked.connect(self._box_clicked)
        column.addWidget(self.boxes)
        self.pipeline_label = QLabel()
        self.pipeline_label.setObjectName("totalsLine")
        self.pipeline_label.setWordWrap(True)
        self.pipeline_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.pipeline_label)
        self.names_label = QLabel()
        self.names_label.setObjectName("totalsNote")
        self.names_label.setWordWrap(True)
        self.names_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.names_label.hide()
        column.addWidget(self.names_label)
        box.addWidget(banner)

    def _build_filters(self, box: QVBoxLayout) -> None:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.add_button = button(self.tr("登记阶段…"), self.add_stage, "primaryButton")
        row.addWidget(self.add_button)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("阶段")))
        self.stage_filter = EnumCombo(Stage, none_label=self.tr("全部阶段"))
        self.stage_filter.setAccessibleName(self.tr("阶段"))
        self.stage_filter.setMaxVisibleItems(len(Stage) + 1)
        self.stage_filter.currentIndexChanged.connect(self._stage_filter_chosen)
        row.addWidget(self.stage_filter)
        self.overdue_only = QCheckBox(self.tr("只看逾期"))
        self.overdue_only.toggled.connect(lambda _on: self._show_tracks())
        row.addWidget(self.overdue_only)
        self.search = SearchBox(placeholder=self.tr("搜索姓名、单位、下一步或提醒"))
        self.search.setMinimumWidth(220)
        self.search.search_changed.connect(lambda _text: self._show_tracks())
        row.addWidget(self.search, 1)
        self.count_label = count_label()
        row.addWidget(self.count_label)
        box.addLayout(row)

    def _build_tracks(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 4)
        column.setSpacing(4)
        self.track_model = TrackTableModel(self, today=self.today)
        self.track_table = record_table("trackTable")
        self.track_table.setModel(self.track_model)
        set_widths(self.track_table, TrackTableModel.WIDTHS)
        remember_table(self.track_table, self.context.config_dir)
        header = self.track_table.horizontalHeader()
        header.setSectionResizeMode(TrackColumn.WARNINGS, QHeaderView.ResizeMode.Interactive)
        self.track_table.selectionModel().selectionChanged.connect(self._person_chosen)
        self.track_table.doubleClicked.connect(lambda _index: self.add_stage())
        column.addWidget(self.track_table, 1)
        return panel

    def _build_stages(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(6)
        # the person's name, and beside it what can be done with a stage
        heading = QHBoxLayout()
        heading.setSpacing(8)
        self.person_label = QLabel()
        self.person_label.setObjectName("sectionTitle")
        self.person_label.setMinimumHeight(30)
        self.person_label.setWordWrap(True)
        heading.addWidget(self.person_label, 1)
        self.edit_button = button(self.tr("编辑阶段"), self.edit_stage)
        self.delete_button = button(self.tr("删除阶段"), self.delete_stage, "dangerButton")
        heading.addWidget(self.edit_button)
        heading.addWidget(self.delete_button)
        column.addLayout(heading)
        self.stage_model = StageTableModel(self)
        self.stage_table = record_table("stageTable")
        self.stage_table.setModel(self.stage_model)
        set_widths(self.stage_table, StageTableModel.WIDTHS)
        remember_table(self.stage_table, self.context.config_dir)
        self.stage_table.doubleClicked.connect(lambda _index: self.edit_stage())
        self.stage_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.stage_model.modelReset.connect(self._update_buttons)
        add_row_shortcuts(self.stage_table, self.edit_stage, self.delete_stage)
        column.addWidget(self.stage_table, 1)
        return panel

    # ----- services and refreshing --------------------------------------------------

    @property
    def services(self) -> Services:
        return self.context.services

    def set_services(self, services: Services) -> None:
        """Show another open database (after a restore)."""
        self.context.services = services
        self._reload()

    @property
    def current_form(self) -> StageForm | None:
        """The stage form open now, if any (asked before the window closes)."""
        return self.context.forms.current

    def _reload(self) -> None:
        """Refresh now when shown, else when next shown."""
        self.freshness.changed()

    def refresh(self) -> None:
        """Read the pipeline, the tracks and the chosen person's stages anew."""
        self.freshness.refresh()

    def _read(self) -> None:
        self._load_pipeline()
        self._tracks = self.services.development.tracks()
        self._transferred_ids = None
        self._show_tracks()

    def _load_pipeline(self) -> None:
        pipeline = self.services.development.pipeline(*self.period.period())
        self.boxes.set_counts(pipeline.counts)
        sentence = pipeline.text().split("：", 1)[-1]
        self.pipeline_label.setText(self.period.prefix() + sentence)
        self._pipeline_names = pipeline.names
        self._show_names()

    def _show_names(self) -> None:
        stage = self.boxes.checked()
        names = getattr(self, "_pipeline_names", {}).get(stage, []) if stage else []
        if stage is None:
            self.names_label.hide()
            return
        self.names_label.setText(
            self.tr("期间内{stage}（{n} 人）：{names}").format(
                stage=self.tr(SHORT[stage]), n=len(names), names="、".join(names) or self.tr("无")
            )
        )
        self.names_label.show()

    # ----- the list ------------------------------------------------------------------

    def _box_clicked(self, stage: Stage | None) -> None:
        self.stage_filter.set_member(stage)  # filters the list (and shows the names)

    def _stage_filter_chosen(self, _index: int) -> None:
        stage = self.stage_filter.current_member()
        if self.boxes.checked() != stage:
            self.boxes.set_checked(stage)
        self._show_names()
        self._show_tracks()

    def visible_tracks(self) -> list[Any]:
        stage = self.stage_filter.current_member()
        today = self.today()
        needle = self.search.text().strip().casefold()
        shown = []
        transferred = self._transferred() if stage == Stage.TRANSFER else set()
        for row in self._tracks:
            if stage == Stage.TRANSFER:
                if row.person_id not in transferred:
                    continue
            elif stage is not None and row.stage != stage:
                continue
            if self.overdue_only.isChecked() and not row.overdue(today):
                continue
            if needle:
                haystack = " ".join(
                    self.track_model.display(row, c) for c in TrackColumn
                ).casefold()
                if needle not in haystack:
                    continue
            shown.append(row)
        return shown

    def _transferred(self) -> set[int]:
        """Who has been sent on (输送): a track's stage is the furthest step, so
        a person transferred shows at their step and is found here."""
        if self._transferred_ids is None:
            self._transferred_ids = {
                row.person_id
                for row in self._tracks
                if row.stage == Stage.TRANSFER
                or any(
                    s.stage == Stage.TRANSFER
                    for s in self.services.development.stages(row.person_id)
                )
            }
        return self._transferred_ids

    def _show_tracks(self) -> None:
        chosen = self.selected_track()
        rows = self.visible_tracks()
        self._loading = True
        try:
            self.track_model.set_rows(rows)
            found = chosen is not None and self.select_person(chosen.person_id)
        finally:
            self._loading = False
        overdue = sum(1 for r in rows if r.overdue(self.today()))
        text = self.tr("共 {n} 人").format(n=len(rows))
        if overdue:
            text += self.tr("，{n} 人逾期").format(n=overdue)
        self.count_label.setText(text)
        if not found:
            self.track_table.clearSelection()
        self.show_stages()

    def selected_track(self) -> Any | None:
        return selected_record(self.track_table)

    def select_person(self, person_id: int) -> bool:
        return select_row(self.track_table, self.track_model.row_of(person_id))

    def _person_chosen(self, *_args) -> None:
        if not self._loading:
            self.show_stages()

    # ----- a person's track ------------------------------------------------------------

    def show_stages(self) -> None:
        track = self.selected_track()
        if track is None:
            self.stage_model.set_rows([])
            self.person_label.setText(self.tr("在上方列表中选择一人，查看其各阶段记录"))
            self._update_buttons()
            return
        chosen = selected_record(self.stage_table)
        self.stage_model.set_rows(self.services.development.stages(track.person_id))
        self.person_label.setText(
            self.tr("{name} 的发展记录（{status}）").format(
                name=track.name, status=track.political_status.label
            )
        )
        if chosen is not None:
            select_row(self.stage_table, self.stage_model.row_of(chosen.id))
        self._update_buttons()

    def selected_stage(self) -> Any | None:
        return selected_record(self.stage_table)

    def _update_buttons(self, *_args) -> None:
        track = self.selected_track()
        self.add_button.setToolTip(
            self.tr("给 {name} 登记一个阶段").format(name=track.name)
            if track is not None
            else self.tr("登记某人的一个发展阶段")
        )
        has_stage = self.selected_stage() is not None
        for widget in (self.edit_button, self.delete_button):
            widget.setEnabled(has_stage)
            widget.setToolTip("" if has_stage else self.tr("先在下方选择一条阶段记录"))

    # ----- stages --------------------------------------------------------------------

    def _next_stage(self, track) -> Stage:
        """What a person's form starts with: the stage after where they stand."""
        if track is None:
            return Stage.BACKBONE
        order = list(Stage)
        after = track.stage.order + 1
        return order[after] if after < Stage.TRANSFER.order else track.stage

    def add_stage(self) -> StageForm | None:
        track = self.selected_track()
        form = StageForm(
            self.services.people.list_people(),
            self,
            today=self.today,
            person_id=track.person_id if track is not None else None,
            stage=self._next_stage(track),
        )
        context = self.context

        def save(values):
            person_id = form.person_id()
            record_id = context.forms.run_save(
                form,
                lambda: context.services.development.add_stage(person_id, values),
                changes={DEVELOPMENT, PEOPLE},
            )
            self._after_save(person_id)
            return record_id

        context.forms.open(form, save)
        return form

    def edit_stage(self) -> StageForm | None:
        track, row = self.selected_track(), self.selected_stage()
        if track is None or row is None:
            return None
        people = self.services.people.list_people()
        form = StageForm(
            people,
            self,
            title=self.tr("编辑阶段：{name}").format(name=track.name),
            today=self.today,
        )
        form.load(track.person_id, row, _introducer_ids(people, row.introducer_names))
        form.person.setEnabled(False)  # a record stays with its person
        record_id, context = row.id, self.context

        def save(values):
            context.forms.run_save(
                form,
                lambda: context.services.development.update_stage(record_id, values),
                changes={DEVELOPMENT, PEOPLE},
            )
            self._after_save(track.person_id)
            select_row(self.stage_table, self.stage_model.row_of(record_id))

        context.forms.open(form, save)
        return form

    def _after_save(self, person_id: int) -> None:
        """Show the person; tell the user what the regulations warn about."""
        if self.freshness.stale:
            self.refresh()
        if self.track_model.row_of(person_id) is None:
            self.stage_filter.set_member(None)
            self.overdue_only.setChecked(False)
            self.search.clear()
        self.select_person(person_id)
        track = next((t for t in self._tracks if t.person_id == person_id), None)
        if track is not None and track.warnings:
            # once the form has closed: the notice is about the saved record
            QTimer.singleShot(0, self, lambda: self._warn(track))

    def _warn(self, track) -> None:
        lines = "\n".join(f"• {w}" for w in track.warnings)
        self.context.prompts.info(
            self,
            self.tr("发展提醒"),
            self.tr("已保存。按照发展党员工作的规定，{name} 有以下事项需要注意：\n{lines}").format(
                name=track.name, lines=lines
            ),
        )

    def delete_stage(self) -> bool:
        track, row = self.selected_track(), self.selected_stage()
        if track is None or row is None:
            return False
        record_id = row.id
        question = self.tr(
            "确定删除 {name} 于 {date} 的「{stage}」记录吗？删除后无法恢复，"
            "花名册中的政治面貌不会随之改变。"
        ).format(name=track.name, date=f"{row.date:%Y-%m-%d}", stage=row.stage.label)
        return self.context.operations.delete(
            self,
            self.tr("删除发展记录"),
            question,
            lambda: self.context.services.development.delete_stage(record_id),
            changes={DEVELOPMENT},
        )


def _introducer_ids(people, names: list[str]) -> list[int]:
    """The introducers' ids from their names (a name two people share is left
    for the user to choose again)."""
    by_name: dict[str, list[int]] = {}
    for person in people:
        by_name.setdefault(person.name, []).append(person.id)
    return [by_name[n][0] for n in names if len(by_name.get(n, [])) == 1]
