"""What the user made of a table, remembered between runs: the column widths
they dragged and the column they sort by, kept per table (by the table's
object name) in ``view-state.ini`` in the config folder.

Columns the user has not sized fit their content (``record_table``'s
measuring); a width the user chose is kept as it is, until they change it.

    remember_table(table, config_dir, capped=model.TOOLTIP_COLUMNS)

restores the table's widths and sort when the table is built, and saves them
whenever they change (written shortly after, and at once when the table is
hidden or the application quits).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QTableView

from app.ui.widgets.record_table import ColumnNeeds, lay_out_columns

FILE_NAME = "view-state.ini"
WRITE_DELAY_MS = 400  # a dragged column resizes many times a second: write once it rests

_ORDERS = {"asc": Qt.SortOrder.AscendingOrder, "desc": Qt.SortOrder.DescendingOrder}


def settings_file(config_dir: Path) -> Path:
    return Path(config_dir) / FILE_NAME


def _open(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


class TableState(QObject):
    """One table's remembered widths and sort, and its columns' fit."""

    def __init__(self, table: QTableView, path: Path, capped: Iterable[int] = ()) -> None:
        super().__init__(table)
        self.table = table
        self.path = path
        self.key = f"tables/{table.objectName()}"
        model = table.model()
        self._names = _column_names(model)
        self.user_widths: dict[int, int] = {}  # column -> width the user chose
        self._needs = ColumnNeeds(table, capped)
        self._arranging = False  # our own resizes are not the user's
        self._write_timer = QTimer(self)
        self._write_timer.setSingleShot(True)
        self._write_timer.setInterval(WRITE_DELAY_MS)
        self._write_timer.timeout.connect(self.write)

        self._restore()
        self._refit()
        header = table.horizontalHeader()
        header.sectionResized.connect(self._resized)
        header.sortIndicatorChanged.connect(self._sorted)
        model.modelReset.connect(self._refit)
        self._viewport = table.viewport()
        table.installEventFilter(self)
        self._viewport.installEventFilter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)

    # ----- fitting ---------------------------------------------------------------

    def _refit(self) -> None:
        """Measure the rows now shown (their widest text only grows) and lay out."""
        self._needs.measure()
        self._arrange()

    def _arrange(self) -> None:
        self._arranging = True
        try:
            lay_out_columns(self.table, self._needs, self.user_widths)
        finally:
            self._arranging = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if not shiboken6.isValid(self.table):
            return False  # the table is being destroyed
        if watched is self._viewport and kind == QEvent.Type.Resize:
            self._arrange()  # spare width goes to the long-text columns
        elif watched is self.table and kind == QEvent.Type.Hide:
            self.flush()  # the window closes, or another page or tab shows
        return False

    # ----- what the user does --------------------------------------------------------

    def _resized(self, column: int, _old: int, new: int) -> None:
        if self._arranging or column == _last_visible_column(self.table):
            return  # ours, or the last column stretching to the table's edge
        self.user_widths[column] = new
        self._write_timer.start()

    def _sorted(self, _column: int, _order: Qt.SortOrder) -> None:
        if self.table.isSortingEnabled():
            self._write_timer.start()

    # ----- remembering ---------------------------------------------------------------

    def _restore(self) -> None:
        settings = _open(self.path)
        widths = _loads(settings.value(f"{self.key}/widths"))
        columns = {name: column for column, name in self._names.items()}
        if isinstance(widths, dict):
            for name, width in widths.items():
                if name in columns and isinstance(width, int) and width > 0:
                    self.user_widths[columns[name]] = width
        sort = _loads(settings.value(f"{self.key}/sort"))
        if (
            self.table.isSortingEnabled()
            and isinstance(sort, dict)
            and sort.get("column") in columns
            and sort.get("order") in _ORDERS
        ):
            self.table.sortByColumn(columns[sort["column"]], _ORDERS[sort["order"]])

    def flush(self) -> None:
        """Write now what is waiting to be written."""
        if self._write_timer.isActive() and shiboken6.isValid(self.table):
            self._write_timer.stop()
            self.write()

    def write(self) -> None:
        settings = _open(self.path)
        widths = {self._names[c]: w for c, w in sorted(self.user_widths.items())}
        settings.setValue(f"{self.key}/widths", json.dumps(widths, ensure_ascii=False))
        header = self.table.horizontalHeader()
        if self.table.isSortingEnabled() and header.sortIndicatorSection() in self._names:
            order = header.sortIndicatorOrder()
            sort = {
                "column": self._names[header.sortIndicatorSection()],
                "order": "desc" if order == Qt.SortOrder.DescendingOrder else "asc",
            }
            settings.setValue(f"{self.key}/sort", json.dumps(sort))
        settings.sync()


def remember_table(table: QTableView, config_dir: Path, capped: Iterable[int] = ()) -> TableState:
    """Fit ``table``'s columns, restore what the user made of them last time
    and remember what they make of them now. Call once the model is set (and
    sorting, if the table sorts). ``capped``: long-text columns, no wider than
    a short phrase unless there is room to spare."""
    return TableState(table, settings_file(config_dir), capped)


def _column_names(model) -> dict[int, str]:
    """Stable names of the columns (the model's column enum), so a column
    added later does not inherit another's width."""
    columns = getattr(model, "COLUMNS", None)
    if columns is not None:
        return {int(member): member.name for member in columns}
    return {c: str(c) for c in range(model.columnCount())}


def _last_visible_column(table: QTableView) -> int:
    header = table.horizontalHeader()
    for visual in range(header.count() - 1, -1, -1):
        logical = header.logicalIndex(visual)
        if not header.isSectionHidden(logical):
            return logical
    return -1


def _loads(value) -> object:
    if not isinstance(value, str):
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None
