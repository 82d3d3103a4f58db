"""Every string a user can see is Chinese: Qt's own file dialog (whose "&Look in:"
and "Files of &type:" PySide6's qtbase_zh_CN.qm lacks) and the error when the
backup at close fails (issue 8, point 3)."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QTreeView,
)

from app.domain.validation import PersonInput
from app.persistence import sqlite_copy
from app.ui.prompts import WORKBOOK_FILTER, Prompts

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
PRODUCT_NAMES = {"Excel", "PDF", "SQLite"}  # written so in Chinese text too


def english_in(text: str) -> list[str]:
    """Latin words left in a text, ignoring file patterns, shortcuts and paths."""
    text = re.sub(r"\(\*[^)]*\)|\(&\w\)|&|Alt\+\w+|Ctrl\+\w+|\S*/\S*|\*\.\w+", "", text)
    return [w for w in LATIN_WORD.findall(text) if w not in PRODUCT_NAMES]


def visible_texts(dialog: QFileDialog) -> list[str]:
    texts = [dialog.windowTitle()]
    texts += [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    for button in dialog.findChildren(QAbstractButton):
        if button.isVisible():
            texts += [button.text(), button.toolTip()]
    for combo in dialog.findChildren(QComboBox):
        if combo.isVisible() and combo.objectName() != "lookInCombo":  # folders' names
            texts += [combo.itemText(i) for i in range(combo.count())]
    view = dialog.findChild(QTreeView, "treeView")
    model = view.model()
    texts += [model.headerData(c, view.header().orientation()) for c in range(4)]
    root = view.rootIndex()
    for row in range(model.rowCount(root)):
        # 体积 ("0 字节", not "0 bytes"), 类型 (文件夹 ...), 修改日期
        texts += [model.index(row, column, root).data() or "" for column in (1, 2, 3)]
    return [t for t in texts if t]


@pytest.mark.parametrize("save", [False, True], ids=["open", "save"])
def test_the_file_dialog_speaks_chinese(app, qtbot, tmp_path, save):
    (tmp_path / "子文件夹").mkdir()
    (tmp_path / "台账.xlsx").write_bytes(b"")
    dialog = Prompts().build_file_dialog(
        None, "导出工作簿", tmp_path / "台账.xlsx", WORKBOOK_FILTER, save=save
    )
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # what Linux desktops show
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.findChild(QTreeView, "treeView")
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) == 2)
    texts = visible_texts(dialog)
    assert "查找范围(&L)：" in texts and "文件类型(&T)：" in texts
    assert "文件夹" in texts  # the type of 子文件夹
    assert "0 字节" in texts  # the size of 台账.xlsx
    left = {t: english_in(t) for t in texts if english_in(t)}
    assert not left, left
    dialog.reject()


@pytest.fixture
def failing_disk(monkeypatch):
    """The disk fails while the backup copy is written (SQLITE_IOERR)."""
    real_connect = sqlite3.connect

    class Source:
        def __init__(self, conn):
            self.conn = conn

        def backup(self, target, **kwargs):
            raise sqlite3.OperationalError("disk I/O error")

        def close(self):
            self.conn.close()

        def __getattr__(self, name):  # everything else as the real connection
            return getattr(self.conn, name)

    def connect(target, *args, **kwargs):
        conn = real_connect(target, *args, **kwargs)
        return Source(conn) if kwargs.get("uri") else conn

    monkeypatch.setattr(sqlite_copy.sqlite3, "connect", connect)


@pytest.mark.skipif(
    bool(os.environ.get("BRANCH_LEDGER_TEST_DB_URL")),
    reason="backups are SQLite files; a database server keeps its own",
)
def test_a_failed_backup_at_close_is_explained_in_chinese(
    qtbot, window, services, prompts, failing_disk
):
    services.people.add_person(PersonInput(name="张伟"))  # something to back up
    window.close()
    [(kind, title, text)] = prompts.shown
    assert (kind, title) == ("error", "关闭时备份失败")
    assert text.startswith("备份失败（磁盘读写错误）：")
    assert text.endswith("。已有的备份都保持不变。")
    path = text.removeprefix("备份失败（磁盘读写错误）：").removesuffix("。已有的备份都保持不变。")
    assert not english_in(text.replace(path, ""))  # was: copy of … failed: disk I/O error
    assert Path(path).parent == services.backups.backups_dir
    assert not Path(path).exists()


def test_sqlite_and_system_errors_are_described_in_chinese(tmp_path):
    try:  # a real SQLite error, with its result code: a folder is no database
        sqlite3.connect(tmp_path).execute("SELECT 1")
    except sqlite3.Error as exc:
        assert sqlite_copy.describe_sqlite_error(exc) == "无法打开文件"
    assert sqlite_copy.describe_os_error(OSError(13, "Permission denied")) == "没有写入权限"
    assert sqlite_copy.describe_os_error(OSError(28, "No space left")) == "磁盘空间不足"
    assert sqlite_copy.describe_os_error(OSError(999, "odd")) == "系统错误（错误号 999）"


def test_the_buttons_of_our_messages_come_from_qt_in_chinese(app):
    texts = [
        QApplication.translate("QPlatformTheme", s)
        for s in ("OK", "Cancel", "&Yes", "&No", "Close")
    ]
    assert texts == ["确定", "取消", "是(&Y)", "否(&N)", "关闭"]
