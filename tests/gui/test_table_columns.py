"""Issue 8, point 2: columns are as wide as their content (within reason), and
the widths the user drags and the column they sort by are kept between runs."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView
from roster_helpers import click_header, column_texts
from sample_pairing import QUARTER
from sample_pairing import seed as seed_pairings

from app.ui.main_window import MainWindow
from app.ui.operations import EVERYTHING
from app.ui.table_models.pairing_table_model import PairingColumn
from app.ui.table_models.people_table_model import Column
from app.ui.table_models.session_table_model import Column as SessionColumn
from app.ui.view_state import settings_file


def assert_fits(table: QTableView, column: int) -> None:
    """The column shows its header and every visible cell without "…" (Qt's
    own measure of the cells shown is the judge)."""
    header = table.horizontalHeader()
    title = table.model().headerData(column, Qt.Orientation.Horizontal)
    width = header.sectionSize(column)
    assert width >= table.sizeHintForColumn(column), f"{title}: {width} px cuts its cells"
    assert width >= header.sectionSizeHint(column), f"{title}: {width} px cuts its header"


def show_pairing_page(window, tab: int):
    window.navigation.setCurrentRow(1)
    page = window.page("pairing")
    page.tabs.setCurrentIndex(tab)
    return page


def test_dates_places_and_numbers_are_not_cut_when_the_window_has_room(window, services, qtbot):
    seed_pairings(services)
    window.resize(1280, 760)
    window.operations.changed.emit(EVERYTHING)
    qtbot.wait(20)

    roster = window.page("roster")
    assert_fits(roster.people_panel.table, Column.EMPLOYEE_NO)
    assert_fits(roster.people_panel.table, Column.BIRTH_DATE)

    page = show_pairing_page(window, 0)
    page.ledger_tab.period.set_custom(*QUARTER)
    qtbot.wait(20)
    ledger = page.ledger_tab.session_table
    assert ledger.model().rowCount() == 11
    for column in (SessionColumn.DATE, SessionColumn.PLACE, SessionColumn.SERVICE_TYPE):
        assert_fits(ledger, column)
    # the long texts share the room left, and the table needs no sideways scrolling
    assert ledger.horizontalScrollBar().maximum() == 0

    show_pairing_page(window, 1)
    qtbot.wait(20)
    pairings = page.pairings_tab.pairing_table
    for column in (PairingColumn.KIND, PairingColumn.UNIT, PairingColumn.START, PairingColumn.END):
        assert_fits(pairings, column)
    assert pairings.horizontalScrollBar().maximum() == 0


def drag_column_edge(qtbot, table: QTableView, column: int, by: int) -> None:
    """Drag the right edge of a column's header, as a person does."""
    header = table.horizontalHeader()
    edge = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    y = header.height() // 2
    viewport = header.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    for step in range(1, 6):
        qtbot.mouseMove(viewport, QPoint(edge + by * step // 5, y))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(edge + by, y))


def test_widths_and_sort_are_kept_when_the_window_is_closed_and_opened_again(
    window, services, prompts, qtbot, app_paths
):
    seed_pairings(services)
    window.resize(1280, 760)
    window.operations.changed.emit(EVERYTHING)
    qtbot.wait(20)
    people = window.page("roster").people_panel.table
    header = people.horizontalHeader()
    position = header.sectionSize(Column.POSITION)
    drag_column_edge(qtbot, people, Column.POSITION, 60)
    assert header.sectionSize(Column.POSITION) == position + 60
    click_header(qtbot, window.page("roster"), Column.EMPLOYEE_NO)
    click_header(qtbot, window.page("roster"), Column.EMPLOYEE_NO)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    numbers = [n for n in column_texts(window.page("roster"), Column.EMPLOYEE_NO) if n]
    assert numbers == sorted(numbers, reverse=True)

    page = show_pairing_page(window, 1)
    qtbot.wait(20)
    pairings = page.pairings_tab.pairing_table
    name_width = pairings.horizontalHeader().sectionSize(PairingColumn.NAME)
    drag_column_edge(qtbot, pairings, PairingColumn.NAME, -40)
    assert pairings.horizontalHeader().sectionSize(PairingColumn.NAME) == name_width - 40

    # new data does not undo what the user chose
    window.operations.changed.emit(EVERYTHING)
    qtbot.wait(20)
    assert pairings.horizontalHeader().sectionSize(PairingColumn.NAME) == name_width - 40
    window.close()
    assert settings_file(app_paths.config_dir).is_file()

    again = MainWindow(services, prompts)
    qtbot.addWidget(again)
    again.resize(1280, 760)
    again.show()
    qtbot.waitExposed(again)
    roster = again.page("roster")
    table = roster.people_panel.table
    assert table.horizontalHeader().sectionSize(Column.POSITION) == position + 60
    assert table.horizontalHeader().sortIndicatorSection() == Column.EMPLOYEE_NO
    assert table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert [n for n in column_texts(roster, Column.EMPLOYEE_NO) if n] == numbers
    page = show_pairing_page(again, 1)
    qtbot.wait(20)
    header = page.pairings_tab.pairing_table.horizontalHeader()
    assert header.sectionSize(PairingColumn.NAME) == name_width - 40
    # the columns the user left alone still fit their content
    assert_fits(page.pairings_tab.pairing_table, PairingColumn.START)


def test_a_sort_or_width_from_an_older_version_is_ignored(window, services, qtbot, app_paths):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(settings_file(app_paths.config_dir)), QSettings.Format.IniFormat)
    settings.setValue("tables/peopleTable/widths", '{"GONE": 300, "NAME": "wide"}')
    settings.setValue("tables/peopleTable/sort", "not json")
    settings.sync()
    del settings
    roster = window.page("roster")
    seed_pairings(services)
    window.operations.changed.emit(EVERYTHING)
    qtbot.wait(20)
    header = roster.people_panel.table.horizontalHeader()
    assert header.sortIndicatorSection() == Column.NAME
    assert_fits(roster.people_panel.table, Column.NAME)
