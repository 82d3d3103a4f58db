"""报表: choose a report and its period, year or meeting, generate it in the
background and read it in the preview below, then save, print, open it or
export it to Word.

The reports are the areas' ``ReportKind``s (app.areas), in the areas' order
with this area's own (the 工作汇总) first; the page names none of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.area import ReportKind, ReportRequest
from app.areas import all_changes
from app.services.registry import Services
from app.ui.background import BackgroundTask
from app.ui.forms.form_host import FormHost
from app.ui.operations import Operations
from app.ui.pages.context import PageContext
from app.ui.pages.freshness import RefreshWhenShown
from app.ui.prompts import Prompts
from app.ui.report_preview import ReportPreview
from app.ui.report_printing import branch_name_ready, pdf_name
from app.ui.widgets.date_field import DateField
from app.ui.widgets.period_picker import PeriodPicker

# This page's own area: its reports (the 工作汇总) come first in the list.
OWN_AREA = "reports"
WORD_FILTER = "Word 文档 (*.docx)"


class ReportsPage(QWidget):
    def __init__(
        self,
        services: Services,
        operations: Operations,
        prompts: Prompts,
        parent: QWidget | None = None,
        *,
        today=dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self.context = PageContext(
            services, operations, prompts, FormHost(operations, prompts, self)
        )
        self.today = today
        self._shown: tuple[ReportKind, ReportRequest] | None = None  # what the preview shows

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(10)
        title = QLabel(self.tr("报表"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addWidget(self._build_options())

        self.stack = QStackedWidget()
        self.placeholder = QLabel(
            self.tr(
                "选择报表和期间，点击“生成”，报表会显示在这里，可以另存为、打印或用默认程序打开。"
            )
        )
        self.placeholder.setObjectName("reportPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack.addWidget(self.placeholder)
        self.preview = ReportPreview(prompts, self)
        self.stack.addWidget(self.preview)
        layout.addWidget(self.stack, 1)

        self.fill_kinds()
        # the changes it follows depend on the areas open: on_changed tells it
        self.freshness = RefreshWhenShown(self, self._read)
        operations.changed.connect(self.on_changed)

    def _build_options(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("reportOptions")
        row = QHBoxLayout(frame)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(QLabel(self.tr("报表")))
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("reportKind")
        self.kind_combo.setAccessibleName(self.tr("报表"))
        self.kind_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind_combo.currentIndexChanged.connect(self._kind_chosen)
        row.addWidget(self.kind_combo)
        row.addSpacing(10)

        self.period_label = QLabel(self.tr("期间"))
        row.addWidget(self.period_label)
        self.period = PeriodPicker(today=self.today)
        row.addWidget(self.period)

        self.year_label = QLabel(self.tr("年度"))
        row.addWidget(self.year_label)
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("reportYear")
        self.year_combo.setAccessibleName(self.tr("年度"))
        self.year_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        row.addWidget(self.year_combo)

        self.meeting_title_label = QLabel(self.tr("会议名称"))
        row.addWidget(self.meeting_title_label)
        self.meeting_title = QLineEdit()
        self.meeting_title.setObjectName("meetingTitle")
        self.meeting_title.setPlaceholderText(self.tr("例如：支部党员大会"))
        self.meeting_title.setMinimumWidth(180)
        row.addWidget(self.meeting_title, 1)
        self.meeting_day_label = QLabel(self.tr("会议日期"))
        row.addWidget(self.meeting_day_label)
        self.meeting_day = DateField(label=self.tr("会议日期"))
        row.addWidget(self.meeting_day)

        row.addStretch(1)
        self.generate_button = QPushButton(self.tr("生成"))
        self.generate_button.setObjectName("primaryButton")
        self.generate_button.setAutoDefault(False)
        self.generate_button.clicked.connect(lambda _checked=False: self.generate())
        row.addWidget(self.generate_button)
        self.meeting_title.returnPressed.connect(self.generate)
        return frame

    # ----- the page protocol (main window) ---------------------------------------

    @property
    def services(self) -> Services:
        return self.context.services

    def set_services(self, services: Services) -> None:
        """Show another open database (after a restore)."""
        self.context.services = services
        self._reload()

    @property
    def current_form(self):
        return self.context.forms.current

    def on_changed(self, changes: Iterable[str]) -> None:
        if set(changes) & all_changes(self.services.areas):
            self._reload()

    def _reload(self) -> None:
        self.freshness.changed()

    def refresh(self) -> None:
        """Offer the years anew; a report already shown may now be out of date."""
        self.freshness.refresh()

    def _read(self) -> None:
        self._fill_years()
        if self._shown is not None:
            self.preview.show_status(self.tr("数据已有变动，点击“生成”可得到最新的报表。"))

    # ----- choices -----------------------------------------------------------------

    def kinds(self) -> list[ReportKind]:
        """Every report of the areas, this area's own first."""
        areas = sorted(self.services.areas, key=lambda area: area.key != OWN_AREA)
        return [kind for area in areas for kind in area.reports]

    def fill_kinds(self) -> None:
        chosen = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        for kind in self.kinds():
            self.kind_combo.addItem(self.tr(kind.title), kind.key)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(chosen)))
        self.kind_combo.blockSignals(False)
        self._kind_chosen()

    def current_kind(self) -> ReportKind | None:
        key = self.kind_combo.currentData()
        return next((kind for kind in self.kinds() if kind.key == key), None)

    def choose_kind(self, key: str) -> None:
        index = self.kind_combo.findData(key)
        if index < 0:
            raise KeyError(key)
        self.kind_combo.setCurrentIndex(index)

    def _kind_chosen(self, *_args) -> None:
        kind = self.current_kind()
        period = kind.period if kind is not None else "none"
        for widget in (self.period_label, self.period):
            widget.setVisible(period == "range")
        for widget in (self.year_label, self.year_combo):
            widget.setVisible(period == "year")
        meeting = kind is not None and kind.meeting
        for widget in (
            self.meeting_title_label,
            self.meeting_title,
            self.meeting_day_label,
            self.meeting_day,
        ):
            widget.setVisible(meeting)
        if meeting and self.meeting_day.date() is None:
            self.meeting_day.set_date(self.today())
        self.generate_button.setEnabled(kind is not None)
        self._fill_years()
        # the report shown was of another kind: start afresh
        self._shown = None
        self.preview.clear()
        self.stack.setCurrentWidget(self.placeholder)

    def _fill_years(self) -> None:
        kind = self.current_kind()
        if kind is None or kind.period != "year":
            return
        this_year = self.today().year
        with_data: list[int] = []
        if kind.years is not None:
            try:
                with_data = list(kind.years(self.services))
            except Exception:  # noqa: BLE001 - the chooser still offers this year
                with_data = []
        chosen = self.year_combo.currentData()
        years = sorted({*with_data, this_year, this_year - 1}, reverse=True)
        # the years that have records first, then the others
        years = [y for y in years if y in with_data] + [y for y in years if y not in with_data]
        self.year_combo.clear()
        for year in years:
            text = self.tr("{year} 年").format(year=year)
            if kind.years is not None and year not in with_data:
                text = self.tr("{year} 年（暂无记录）").format(year=year)
            self.year_combo.addItem(text, year)
        default = chosen if chosen in years else this_year
        self.year_combo.setCurrentIndex(self.year_combo.findData(default))

    def choose_year(self, year: int) -> None:
        self.year_combo.setCurrentIndex(self.year_combo.findData(year))

    # ----- the request -------------------------------------------------------------

    def request(self) -> ReportRequest | None:
        """What the choices ask of the report; None (and the user told why) when
        a typed date is wrong."""
        kind = self.current_kind()
        if kind is None:
            return None
        date_from = date_to = year = day = None
        title = None
        problem = None
        if kind.period == "range":
            problem = self.period.error()
            date_from, date_to = self.period.period()
        elif kind.period == "year":
            year = self.year_combo.currentData() or self.today().year
        if kind.meeting and problem is None:
            problem = self.meeting_day.error()
            day = self.meeting_day.date()
            title = self.meeting_title.text().strip() or None
        if problem:
            self.context.prompts.error(self, self.tr("无法生成报表"), problem)
            return None
        return ReportRequest(date_from=date_from, date_to=date_to, year=year, title=title, day=day)

    def suggested_name(self, kind: ReportKind, request: ReportRequest) -> str:
        """The file name 另存为 and 导出 Word offer, e.g. 结对帮扶台账-20250101-20251231."""
        if kind.period == "range":
            span = "-".join(f"{d:%Y%m%d}" for d in (request.date_from, request.date_to) if d)
        elif kind.period == "year":
            span = str(request.year)
        else:
            span = f"{request.day or self.today():%Y%m%d}"
        if kind.meeting and request.title:
            span = f"{request.title}-{span}"
        name = f"{self.tr(kind.title)}-{span}" if span else self.tr(kind.title)
        return name.replace("/", "-").replace("\\", "-")

    # ----- generating --------------------------------------------------------------

    def generate(self) -> BackgroundTask | None:
        """生成: write the chosen report in the background, then preview it. None
        when nothing is being written (a wrong date, or 支部名称 asked for first)."""
        kind = self.current_kind()
        if kind is None:
            return None
        request = self.request()
        if request is None:
            return None
        title = self.tr(kind.title)
        if not branch_name_ready(self, self.context, title, self.generate):
            return None
        name = self.suggested_name(kind, request)
        path = self.context.operations.report_files.new_path(pdf_name(name))
        services = self.services
        return self.context.operations.run_in_background(
            self,
            lambda progress, cancelled: Path(kind.write(services, request, path) or path),
            title=self.tr("生成{title}").format(title=title),
            label=self.tr("正在生成{title}…").format(title=title),
            error_title=self.tr("无法生成{title}").format(title=title),
            on_done=lambda written: self._show(kind, request, Path(written), name),
        )

    def _show(self, kind: ReportKind, request: ReportRequest, path: Path, name: str) -> None:
        try:
            self.preview.show_file(path, pdf_name(name))
        except Exception as exc:  # noqa: BLE001 - a writer that wrote no PDF
            message = getattr(exc, "message", str(exc))
            self.context.prompts.error(self, self.tr("无法显示预览"), message)
            return
        self._shown = (kind, request)
        self.preview.set_word_export(
            (lambda: self.export_word()) if kind.word is not None else None
        )
        self.stack.setCurrentWidget(self.preview)

    def export_word(self, path: Path | None = None) -> BackgroundTask | None:
        """导出 Word…: the report shown, as an editable .docx where the user chooses."""
        if self._shown is None or self._shown[0].word is None:
            return None
        kind, request = self._shown
        if path is None:
            path = self.context.prompts.save_file(
                self,
                self.tr("导出 Word"),
                self.suggested_name(kind, request) + ".docx",
                self.tr(WORD_FILTER),
            )
            if path is None:
                return None
        path = Path(path)
        if path.suffix.lower() != ".docx":
            path = path.with_name(path.name + ".docx")
        title = self.tr(kind.title)
        services, write = self.services, kind.word
        return self.context.operations.run_in_background(
            self,
            lambda progress, cancelled: Path(write(services, request, path) or path),
            title=self.tr("导出 Word"),
            label=self.tr("正在导出{title}到 {name}…").format(title=title, name=path.name),
            error_title=self.tr("无法导出 Word"),
            on_done=self._word_written,
        )

    def _word_written(self, path: Path) -> None:
        self.preview.show_status(self.tr("已导出 Word：{path}").format(path=path))
        prompts = self.context.prompts
        if prompts.confirm(
            self,
            self.tr("已导出 Word"),
            self.tr("已保存到：\n{path}\n\n现在打开吗？").format(path=path),
        ):
            prompts.opener.open_file(self, path)
