"""The light stylesheet: calm greys, one red accent (the app icon's), and
room around every control."""

from app.ui.resources import icon_path

ACCENT = "#b8322a"


def stylesheet() -> str:
    arrow = icon_path("chevron-down.svg").as_posix()
    return _TEMPLATE.replace("@ARROW@", arrow)


_TEMPLATE = f"""
QMainWindow, QDialog {{ background: #f6f7f9; }}
QWidget#rosterPage {{ background: #f6f7f9; }}
QLabel#pageTitle {{ font-size: 15pt; font-weight: bold; color: #1f2933; }}
QLabel#formHeading {{ font-size: 13pt; font-weight: bold; color: #1f2933; }}
QLabel#sectionTitle {{ font-weight: bold; color: #3e4c59; }}
QLabel#countLabel {{ color: #52606d; padding: 0 4px; }}
QLabel#fieldError {{ color: #c0392b; font-size: 9pt; padding: 0 0 2px 2px; }}
QLabel#dialogHeading {{ font-weight: bold; }}
QLabel#readOnlyBanner {{
    background: #fff4ce; color: #5c3c00; border-bottom: 1px solid #e0c46c;
    padding: 6px 12px; font-weight: bold;
}}

QListWidget#navigation {{
    background: #26323f; color: #d9e2ec; border: none; outline: 0;
    padding-top: 12px; font-size: 11pt;
}}
QListWidget#navigation::item {{ padding: 10px 16px; border-left: 3px solid transparent; }}
QListWidget#navigation::item:selected {{
    background: #334455; color: #ffffff; border-left: 3px solid {ACCENT};
}}
QLabel#brand {{
    background: #1d2833; color: #ffffff; font-size: 13pt; font-weight: bold; padding: 14px 16px;
}}
QLabel#branchName {{
    background: #1d2833; color: #cbd2d9; font-size: 9pt; padding: 0 16px 12px 16px;
}}
QLabel#openingNote {{ color: #7b8794; font-size: 11pt; qproperty-alignment: AlignCenter; }}

QLineEdit, QComboBox, QPlainTextEdit {{
    background: #ffffff; border: 1px solid #c3cad3; border-radius: 4px; padding: 3px 6px;
    selection-background-color: #cfe3ff; selection-color: #1f2933;
}}
QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus {{ border: 1px solid #3b82c4; }}
QLineEdit:disabled, QComboBox:disabled {{ background: #eef0f3; color: #9aa5b1; }}
QLineEdit[invalid="true"], QComboBox[invalid="true"], QPlainTextEdit[invalid="true"] {{
    border: 1px solid #c0392b; background: #fff7f6;
}}
QComboBox::drop-down {{ border: none; width: 22px; }}
QComboBox::down-arrow {{ image: url("@ARROW@"); width: 12px; height: 12px; }}
QComboBox QAbstractItemView {{
    background: #ffffff; border: 1px solid #c3cad3; selection-background-color: #dbeafe;
    selection-color: #102a43; outline: 0;
}}

QPushButton {{
    background: #ffffff; border: 1px solid #c3cad3; border-radius: 4px;
    padding: 5px 14px; min-width: 64px; color: #1f2933;
}}
QPushButton:hover {{ background: #f0f4f8; border-color: #9aa5b1; }}
QPushButton:pressed {{ background: #e4e7eb; }}
QPushButton:disabled {{ color: #9aa5b1; background: #f5f6f7; border-color: #dde1e6; }}
QPushButton:default, QPushButton#primaryButton {{
    background: {ACCENT}; color: #ffffff; border: 1px solid #9e2a23;
}}
QPushButton:default:hover, QPushButton#primaryButton:hover {{ background: #a52b24; }}
/* an action waiting for a selection must not look clickable */
QPushButton:default:disabled, QPushButton#primaryButton:disabled {{
    background: #f5f6f7; color: #9aa5b1; border: 1px solid #dde1e6;
}}
QPushButton#dangerButton {{ color: #a8231a; }}
/* in questions the default answer is the safe one (否): outlined, not red */
QMessageBox QPushButton:default {{
    background: #ffffff; color: #1f2933; border: 2px solid #3b82c4;
}}
QMessageBox QPushButton:default:hover {{ background: #f0f4f8; }}
QPushButton#dangerButton:disabled {{ color: #d2a6a2; }}
QToolButton {{
    background: #ffffff; border: 1px solid #c3cad3; border-radius: 4px; padding: 3px 8px;
}}
QToolButton:hover {{ background: #f0f4f8; }}
QToolButton:disabled {{ color: #9aa5b1; }}
QToolButton::menu-indicator {{ image: none; width: 0; }}

QTableView, QTreeWidget {{
    background: #ffffff; alternate-background-color: #f8fafc; border: 1px solid #d5dae1;
    border-radius: 4px; gridline-color: #edf0f3;
    selection-background-color: #dbeafe; selection-color: #102a43;
}}
QTreeWidget::item {{ padding: 4px 2px; }}
QTableView::item {{ padding: 0 6px; }}
QHeaderView::section {{
    background: #eef1f5; color: #3e4c59; border: none; border-right: 1px solid #dde2e8;
    border-bottom: 1px solid #d5dae1; padding: 6px 6px; font-weight: bold;
}}

QStatusBar {{ background: #eef1f5; color: #3e4c59; border-top: 1px solid #d5dae1; }}
QStatusBar QLabel {{ padding: 2px 8px; }}
QMenuBar {{ background: #ffffff; border-bottom: 1px solid #d5dae1; }}
QMenuBar::item {{ padding: 5px 12px; }}
QMenuBar::item:selected {{ background: #eef1f5; }}
QMenu {{ background: #ffffff; border: 1px solid #c3cad3; padding: 4px; }}
QMenu::item {{ padding: 5px 26px 5px 22px; }}
QMenu::item:selected {{ background: #dbeafe; color: #102a43; }}
QSplitter::handle {{ background: transparent; }}

QTabWidget::pane {{
    border: 1px solid #d5dae1; border-radius: 4px; background: #f6f7f9; top: -1px;
}}
QTabBar::tab {{
    background: #eef1f5; color: #3e4c59; border: 1px solid #d5dae1; border-bottom: none;
    padding: 6px 18px; margin-right: 2px; border-top-left-radius: 4px; border-top-right-radius: 4px;
}}
QTabBar::tab:selected {{ background: #f6f7f9; color: #1f2933; font-weight: bold; }}

/* 结对帮扶: the totals banner over the ledger, the 人次 of a session */
QFrame#totalsBanner {{
    background: #fff8f0; border: 1px solid #f0d9c4; border-left: 4px solid {ACCENT};
    border-radius: 4px;
}}
QLabel#totalsLine {{ font-size: 13pt; font-weight: bold; color: #1f2933; }}
QLabel#totalsNote {{ color: #7b8794; font-size: 9pt; }}
QLabel#personTimes {{ color: {ACCENT}; font-weight: bold; }}

/* the person picker: chosen people as chips, its list of suggestions */
QToolButton#personChip {{
    background: #e8f0fb; border: 1px solid #b9cde8; border-radius: 11px;
    padding: 2px 10px; color: #102a43;
}}
QToolButton#personChip:hover {{ background: #fde8e6; border-color: #e3a39c; }}
QListView#personSuggestions, QListView#pairingSuggestions {{
    background: #ffffff; border: 1px solid #c3cad3; outline: 0; }}
QListView#personSuggestions::item, QListView#pairingSuggestions::item {{ padding: 4px 6px; }}
QListView#personSuggestions::item:selected, QListView#pairingSuggestions::item:selected {{
    background: #dbeafe; color: #102a43; }}
"""

_TEMPLATE += """
/* 党员承诺: the pledge a dialog is about, the member form's notes and line numbers */
QLabel#pledgeAbout {
    color: #3e4c59; background: #eef1f5; border-radius: 4px; padding: 6px 10px;
}
QLabel#formNote { color: #1d5fa0; padding: 2px 0; }
QLabel#formHint { color: #7b8794; }
QLabel#pledgeLineNumber { color: #52606d; font-weight: bold; }
QPushButton#removeLineButton { min-width: 0; padding: 5px 10px; color: #a8231a; }
QPushButton#previewTool { min-width: 0; padding: 4px 10px; }
QWidget#previewPages { background: #d9dce1; }
QLabel#reportPlaceholder {
    color: #7b8794; background: #ffffff; border: 1px dashed #c3cad3; border-radius: 6px;
    padding: 24px;
}
QWidget#memberPicker QToolButton#personChip { border-radius: 4px; padding: 4px 10px; }
"""
