"""Printing a report to a PDF, the same way from every page: 支部名称 first
(the header carries it), then a file name, then the writing in the background,
then the offer to open the file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.ui.background import BackgroundTask
from app.ui.forms.settings_dialog import open_settings


@dataclass(frozen=True)
class PrintTexts:
    """What the user reads while printing one kind of report (already translated)."""

    title: str  # 打印结对帮扶台账: the file dialog and the progress dialog
    short: str  # 台账: "打印台账前…", "无法生成台账", "台账已生成"


def print_pdf(
    widget: QWidget,
    context,
    texts: PrintTexts,
    suggested: str,
    write: Callable[[Path], Path | None],
    again: Callable[[], object],
    path: Path | None = None,
) -> BackgroundTask | None:
    """Write the report with ``write(path)`` (on a worker thread) to ``path``, asked
    for when not given. Without 支部名称, 设置 opens first and ``again()`` prints
    once it is saved. None when nothing is being written (yet)."""
    tr = QCoreApplication.translate
    if not context.services.settings.has_branch_name():
        open_settings(
            widget,
            context.services,
            context.operations,
            context.prompts,
            note=tr(
                "ReportPrinting", "打印{what}前，请先填写支部名称：它印在{what}每一页的页眉上。"
            ).format(what=texts.short),
            on_saved=again,
            forms=context.forms,
        )
        return None
    if path is None:
        path = context.prompts.save_file(
            widget, texts.title, suggested, tr("ReportPrinting", "PDF 文件 (*.pdf)")
        )
        if path is None:
            return None
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(".pdf")

    def offer_to_open(written: Path) -> None:
        if context.prompts.confirm(
            widget,
            tr("ReportPrinting", "{what}已生成").format(what=texts.short),
            tr("ReportPrinting", "已保存到：\n{path}\n\n现在打开吗？").format(path=written),
        ):
            context.prompts.opener.open_file(widget, written)

    return context.operations.run_in_background(
        widget,
        lambda progress, cancelled: Path(write(path) or path),
        title=texts.title,
        label=tr("ReportPrinting", "正在生成 {name}…").format(name=path.name),
        error_title=tr("ReportPrinting", "无法生成{what}").format(what=texts.short),
        on_done=offer_to_open,
    )
