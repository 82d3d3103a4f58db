"""Start-up: smoke mode, Chinese in Qt's own dialogs, the bundled font."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.bootstrap import open_services
from app.ui.application import BUNDLED_FAMILY, run_application
from app.ui.resources import font_path, icon_path

ROOT = Path(__file__).resolve().parents[2]


def test_qt_standard_buttons_read_in_chinese(app):
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Yes
        | QDialogButtonBox.StandardButton.No
        | QDialogButtonBox.StandardButton.Save
    )
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert {"确定", "取消", "是", "否", "保存"} <= {t.split("(")[0] for t in texts}
    message = QMessageBox(QMessageBox.Icon.Question, "标题", "正文")
    message.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    yes = message.button(QMessageBox.StandardButton.Yes).text().replace("&", "")
    assert yes.startswith("是")


def test_bundled_font_is_registered_as_the_fallback(app):
    assert font_path().is_file()
    assert BUNDLED_FAMILY in QFontDatabase.families()
    assert BUNDLED_FAMILY in app.font().families()
    assert app.font().pointSize() >= 10


def test_app_icon_exists(app):
    assert icon_path().is_file()
    assert not app.windowIcon().isNull()


def test_a_file_that_is_not_our_database_gives_a_chinese_message_not_a_traceback(
    app, tmp_path, prompts
):
    bogus = tmp_path / "随便.sqlite3"
    bogus.write_bytes(b"this is not a database at all" * 100)
    assert (
        run_application(str(bogus), smoke=False, open_services=open_services, prompts=prompts) == 1
    )
    [(kind, title, text)] = prompts.shown
    assert kind == "error" and title == "无法打开数据库"
    assert text and all(ord(c) < 0x10000 for c in text)
    assert bogus.read_bytes().startswith(b"this is not a database")  # never written


def run_main(tmp_path, *args: str) -> subprocess.CompletedProcess:
    # A process of its own: app.exec() and quit() in the test process would
    # leave the offscreen platform's window activation in a state later tests trip on.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRANCH_LEDGER_HOME=str(tmp_path / "home"))
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_smoke_mode_exits_zero_once_the_window_is_painted(tmp_path):
    db = tmp_path / "cli.sqlite3"
    done = run_main(tmp_path, "--db", str(db), "--smoke")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert db.exists()


def test_smoke_mode_on_a_foreign_file_exits_one_with_a_chinese_line(tmp_path):
    bogus = tmp_path / "zero.sqlite3"
    bogus.write_bytes(b"")
    done = run_main(tmp_path, "--db", str(bogus), "--smoke")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("错误：")
    assert bogus.read_bytes() == b""


def test_smoke_mode_with_a_pdf_previews_and_prints_its_first_page(tmp_path):
    """What the frozen build's smoke test runs: PDFium and QtPrintSupport work."""
    from pypdf import PdfReader
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "report.pdf"
    sheet = canvas.Canvas(str(pdf))
    sheet.setFont("Helvetica", 40)
    sheet.drawString(72, 700, "Branch ledger report")
    sheet.showPage()
    sheet.drawString(72, 700, "page two")
    sheet.save()
    done = run_main(
        tmp_path, "--db", str(tmp_path / "p.sqlite3"), "--smoke", "--smoke-pdf", str(pdf)
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "打印 1 页" in done.stderr
    assert len(PdfReader(tmp_path / "report.printed.pdf").pages) == 1


def test_smoke_mode_with_a_file_that_is_no_pdf_exits_one(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"%PDF-1.4 nothing else")
    done = run_main(
        tmp_path, "--db", str(tmp_path / "p.sqlite3"), "--smoke", "--smoke-pdf", str(fake)
    )
    assert done.returncode == 1
    assert "预览失败" in done.stderr and "无法读取 PDF 文件" in done.stderr


FONT_PROBE = """
import sys
from PySide6.QtGui import QFontDatabase, QRawFont
from PySide6.QtWidgets import QApplication
from app.ui.application import configure_application
app = QApplication([])
configure_application(app)
raw = QRawFont.fromFont(app.font(), QFontDatabase.WritingSystem.SimplifiedChinese)
glyphs = raw.glyphIndexesForString("张伟䶮确定")
print(raw.familyName(), all(glyphs), flush=True)
"""


def test_chinese_shows_on_a_system_without_chinese_fonts(tmp_path):
    """Only Latin fonts installed: the bundled font draws the Chinese (rare 䶮 too)."""
    latin_only = Path("/usr/share/fonts/truetype/dejavu")
    if not latin_only.is_dir():
        pytest.skip("needs the DejaVu fonts to stand in for a Latin-only system")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{latin_only}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        FONTCONFIG_FILE=str(conf),
        PYTHONPATH=str(ROOT / "src"),
    )
    done = subprocess.run(
        [sys.executable, "-c", FONT_PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [*BUNDLED_FAMILY.split(), "True"]


def test_resources_are_found_in_a_frozen_bundle(monkeypatch, tmp_path):
    from app.ui import resources

    assert resources.font_path().is_file()  # from the source checkout
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.font_path() == tmp_path / "resources" / "fonts" / resources.FONT_FILE
    assert resources.icon_path() == tmp_path / "resources" / "icons" / "app.svg"


RARE_PROBE = """
import sys
import app.ui.application as application
if sys.argv[1] == "without":
    application.RARE_FONT_FILE = "no-such-font.ttf"
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication
app = QApplication([])
application.configure_application(app)

def drawn(text):
    image = QImage(120, 60, QImage.Format.Format_Grayscale8)
    image.fill(255)
    painter = QPainter(image)
    painter.setFont(app.font())
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image

print(application.RARE_FAMILY in app.font().families(),
      drawn("𠀀𪚥") == drawn("\\U0010fffd\\U0010fffd"), flush=True)
"""


def test_a_name_with_extension_b_characters_shows_in_the_window(tmp_path):
    """Only Latin fonts installed: without the bundled rare-character font 𠀀𪚥
    would be drawn as the same missing-glyph boxes as U+10FFFD (which no font
    has); with it, the UI draws them."""
    latin_only = Path("/usr/share/fonts/truetype/dejavu")
    if not latin_only.is_dir():
        pytest.skip("needs the DejaVu fonts to stand in for a Latin-only system")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{latin_only}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        FONTCONFIG_FILE=str(conf),
        PYTHONPATH=str(ROOT / "src"),
    )
    shown = {}
    for case in ("with", "without"):
        done = subprocess.run(
            [sys.executable, "-c", RARE_PROBE, case],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        shown[case] = done.stdout.split()
    assert shown == {"with": ["True", "False"], "without": ["False", "True"]}
