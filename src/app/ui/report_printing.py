"""Printing a report, the same way from every page: 支部名称 first (the header
carries it), then the report written in the background to a temporary file,
then its preview, where the user saves, prints or opens it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from app.domain.errors import UserError
from app.ui.background import BackgroundTask
from app.ui.forms.settings_dialog import open_settings


@dataclass(frozen=True)
class PrintTexts:
    """What the user reads while printing one kind of report (already translated)."""

    title: str  # 打印结对帮扶台账: the progress dialog and the preview's window
    short: str  # 台账: "打印台账前…", "无法生成台账"


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportPrinting", text)


def branch_name_ready(widget: QWidget, context, what: str, again: Callable[[], object]) -> bool:
    """True when 支部名称 is filled in. Otherwise 设置 opens, saying why, and
    ``again()`` runs once it is saved; False."""
    if context.services.settings.has_branch_name():
        return True
    open_settings(
        widget,
        context.services,
        context.operations,
        context.prompts,
        note=_tr("打印{what}前，请先填写支部名称：它印在{what}每一页的页眉上。").format(what=what),
        on_saved=again,
        forms=context.forms,
    )
    return False


def pdf_name(suggested: str) -> str:
    """``suggested`` as a PDF's file name."""
    name = Path(suggested).name or "report.pdf"
    return name if name.lower().endswith(".pdf") else name + ".pdf"


def print_pdf(
    widget: QWidget,
    context,
    texts: PrintTexts,
    suggested: str,
    write: Callable[[Path], Path | None],
    again: Callable[[], object],
) -> BackgroundTask | None:
    """Write the report with ``write(path)`` (on a worker thread) to a temporary
    file, then show it in a ``ReportPreviewDialog`` (另存为 suggests
    ``suggested``). Without 支部名称, 设置 opens first and ``again()`` prints
    once it is saved. None when nothing is being written (yet)."""
    if not branch_name_ready(widget, context, texts.short, again):
        return None
    name = pdf_name(suggested)
    path = context.operations.report_files.new_path(name)
    return context.operations.run_in_background(
        widget,
        lambda progress, cancelled: Path(write(path) or path),
        title=texts.title,
        label=_tr("正在生成{what}…").format(what=texts.short),
        error_title=_tr("无法生成{what}").format(what=texts.short),
        on_done=lambda written: show_preview(widget, context.prompts, written, texts.title, name),
    )


def show_preview(widget: QWidget, prompts, path: Path, title: str, suggested: str):
    """Open the preview of the PDF ``path`` over ``widget``'s window."""
    from app.ui.report_preview import ReportPreviewDialog

    try:
        dialog = ReportPreviewDialog(prompts, path, title, suggested, widget)
    except UserError as exc:
        prompts.error(widget, _tr("无法显示预览"), exc.message)
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
