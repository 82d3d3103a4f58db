"""What a page does with the forms it opens: ask before throwing typed text
away, remember the one open (the main window asks it at close), delete it when
closed, and run its save so field messages show under the fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from PySide6.QtCore import QObject

from app.domain.errors import ValidationFailed
from app.ui.operations import Operations
from app.ui.prompts import Prompts

T = TypeVar("T")


class FormHost(QObject):
    def __init__(self, operations: Operations, prompts: Prompts, parent: QObject) -> None:
        super().__init__(parent)
        self.operations = operations
        self.prompts = prompts
        self.current: Any | None = None  # the form open now, if any

    def open(self, form, save: Callable[[Any], Any]) -> None:
        """Show ``form``; its 保存 calls ``save``. Closing it untouched asks nothing.
        On a read-only database the form is not shown: the user is told why."""
        if self.operations.refuse_if_read_only(form.parentWidget()):
            form.deleteLater()
            return
        form.set_save(save)
        form.mark_pristine()
        form.confirm_discard = lambda: self.prompts.confirm(
            form,
            self.tr("放弃修改"),
            self.tr("表单中有尚未保存的内容，确定放弃吗？"),
            destructive=True,
        )
        self.current = form
        form.finished.connect(lambda _result, f=form: self._closed(f))
        form.open()

    def _closed(self, form) -> None:
        if self.current is form:
            self.current = None
        form.deleteLater()

    def run_save(
        self,
        form,
        action: Callable[[], T],
        *,
        changes: Iterable[str],
        inline_fields: Iterable[str] | None = None,
        shown_errors: Callable[[Mapping[str, str]], Any] | None = None,
    ) -> T:
        """Run a form's save; the service's field messages show under the fields.

        ``inline_fields`` defaults to the form's own fields; ``shown_errors``
        maps the service's field names to the ones the form shows."""
        try:
            return self.operations.run(
                form,
                action,
                changes=changes,
                inline_fields=form.fields if inline_fields is None else inline_fields,
            )
        except ValidationFailed as exc:
            if shown_errors is None:
                raise
            raise ValidationFailed(shown_errors(exc.errors)) from exc
