"""帮助 → 关于: version, where the data and backups are, and the licences."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app import __version__


def open_about(window):
    bar = window.menuBar()
    [help_menu] = [a.menu() for a in bar.actions() if a.text().startswith("帮助")]
    [about] = [a for a in help_menu.actions() if a.text() == "关于"]
    about.trigger()
    return window.about_dialog


def click_component(qtbot, dialog, starts_with: str) -> str:
    items = dialog.component_list
    [row] = [i for i in range(items.count()) if items.item(i).text().startswith(starts_with)]
    rect = items.visualItemRect(items.item(row))
    items.scrollToItem(items.item(row))
    rect = items.visualItemRect(items.item(row))
    qtbot.mouseClick(items.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    return dialog.licence_view.toPlainText()


def test_about_shows_the_version_and_where_data_and_backups_live(window, app_paths, services):
    dialog = open_about(window)
    assert dialog.isVisible()
    assert f"支部台账 {__version__}" in dialog.title_label.text()
    assert dialog.data_label.text() == str(app_paths.data_dir)
    assert dialog.backups_label.text() == str(app_paths.backups_dir)
    assert dialog.database_label.text() == services.db.display_name


def test_about_lists_the_bundled_font_and_library_licences(window, qtbot):
    dialog = open_about(window)
    overview = dialog.licence_view.toPlainText()  # the overview is shown first
    for name in ("Droid Sans Fallback", "PySide6", "SQLAlchemy", "openpyxl", "ReportLab"):
        assert name in overview

    font = click_component(qtbot, dialog, "Droid Sans Fallback")
    assert "Apache License" in font and "Google" in font
    latin = click_component(qtbot, dialog, "DejaVu Sans")
    assert "Bitstream" in latin
    qt = click_component(qtbot, dialog, "Qt 6 / PySide6")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in qt and "Version 3" in qt
    for name, words in (
        ("SQLAlchemy", "MIT"),
        ("Alembic", "MIT"),
        ("openpyxl", "MIT"),
        ("ReportLab", "BSD"),
        ("pypinyin", "MIT"),
        ("platformdirs", "MIT"),
        ("defusedxml", "PSF"),
    ):
        text = click_component(qtbot, dialog, name)
        assert text.startswith(f"{name}：") and words in text.splitlines()[0]
        assert "未找到" not in text
        assert (
            "Permission" in text or "PYTHON SOFTWARE FOUNDATION" in text or "Redistribution" in text
        )


def test_close_closes_the_about_window(window, qtbot):
    dialog = open_about(window)
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_the_window_icon_is_the_app_icon(window):
    from PySide6.QtWidgets import QApplication

    icon = QApplication.windowIcon()
    assert not icon.isNull()
    image = icon.pixmap(16, 16).toImage()
    assert image.width() == 16 * image.devicePixelRatio()  # renders at menu size
    assert QApplication.desktopFileName() == "branch-ledger"
