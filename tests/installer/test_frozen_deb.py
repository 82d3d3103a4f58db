"""The built .deb, unpacked into a temporary root (``dpkg-deb -x``), works on its
own: the frozen program starts, finds its fonts, translations and migrations,
imports and exports workbooks (and writes PDF reports once they exist).

Run by ``installer/smoke_test.sh`` (CI, after the suite); skipped without a .deb.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from packaging_helpers import ROOT, require_tool

from app import __version__

pytestmark = pytest.mark.frozen

NAME = "branch-ledger"
MIGRATION_VERSIONS = ROOT / "src" / "app" / "persistence" / "migrations" / "versions"


def frozen(deb_root: Path, *args: str, home: Path, timeout: int = 120):
    return subprocess.run(
        [str(deb_root / "opt" / NAME / NAME), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env={
            **os.environ,
            "BRANCH_LEDGER_HOME": str(home),
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONIOENCODING": "utf-8",
        },
    )


def newest_migration() -> str:
    revisions = []
    for path in MIGRATION_VERSIONS.glob("*.py"):
        found = re.search(r'^revision\s*=\s*["\']([^"\']+)', path.read_text("utf-8"), re.M)
        if found:
            revisions.append(found.group(1))
    return max(revisions)


def test_the_package_installs_the_program_launcher_menu_entry_and_icons(deb_root, deb_file):
    assert deb_file.name == f"{NAME}_{__version__}_amd64.deb"
    program = deb_root / "opt" / NAME / NAME
    assert program.is_file() and os.access(program, os.X_OK)
    launcher = deb_root / "usr" / "bin" / NAME
    assert launcher.is_symlink() and os.readlink(launcher) == f"/opt/{NAME}/{NAME}"
    desktop = deb_root / "usr" / "share" / "applications" / f"{NAME}.desktop"
    done = subprocess.run(
        [require_tool("desktop-file-validate"), str(desktop)], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
    icons = deb_root / "usr" / "share" / "icons" / "hicolor"
    for size in (16, 24, 32, 48, 64, 128, 256):
        assert (icons / f"{size}x{size}" / "apps" / f"{NAME}.png").is_file()
    assert (icons / "scalable" / "apps" / f"{NAME}.svg").is_file()


def test_the_package_depends_on_the_system_libraries_qt_needs(deb_control):
    control = (deb_control / "control").read_text(encoding="utf-8")
    depends = re.search(r"^Depends: (.*)$", control, re.M).group(1)
    for package in ("libc6", "libxcb1", "libxcb-cursor0", "libxkbcommon-x11-0", "libfontconfig1"):
        assert package in depends, depends
    assert re.search(r"^Version: " + re.escape(__version__) + "$", control, re.M)
    for script in ("postinst", "postrm"):
        text = (deb_control / script).read_text(encoding="utf-8")
        assert "HOME" not in text and "rm " not in text  # the user's data is never touched


def test_the_bundle_holds_fonts_translations_migrations_and_no_unused_qt(deb_root):
    internal = deb_root / "opt" / NAME / "_internal"
    assert (internal / "resources" / "fonts" / "DroidSansFallbackFull.ttf").is_file()
    assert (internal / "resources" / "licenses" / "NOTICE.txt").is_file()
    translations = internal / "PySide6" / "Qt" / "translations"
    assert (translations / "qtbase_zh_CN.qm").is_file()
    assert not list(translations.glob("*_de.qm")) and not list(translations.glob("*_ja.qm"))
    migrations = internal / "app" / "persistence" / "migrations"
    assert (migrations / "env.py").is_file()
    assert {p.name for p in migrations.glob("versions/*.py")} >= {
        p.name for p in MIGRATION_VERSIONS.glob("0*.py")
    }
    # the report preview: PDFium (loaded with ctypes) and Qt's printing
    assert (internal / "pypdfium2_raw" / "libpdfium.so").is_file()
    assert (internal / "pypdfium2_raw" / "version.json").is_file()
    assert (internal / "pypdfium2" / "version.json").is_file()
    qt = internal / "PySide6" / "Qt"
    assert list(qt.glob("lib/libQt6PrintSupport.so*"))
    assert list(qt.glob("plugins/printsupport/libcupsprintersupport.so"))
    assert not list(qt.glob("lib/libQt6Network*")) and not list(qt.glob("lib/libQt6Qml*"))
    assert not (qt / "plugins" / "platformthemes").exists()
    assert not [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]


def test_the_installed_size_stays_within_150_mb(deb_root):
    total = sum(p.lstat().st_size for p in deb_root.rglob("*") if not p.is_dir())
    assert total <= 150 * 1024 * 1024, f"{total / 1024 / 1024:.0f} MB"


def test_version_is_printed_in_chinese(deb_root, tmp_path):
    done = frozen(deb_root, "--version", home=tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, f"支部台账 {__version__}")


def test_the_window_starts_offscreen_and_creates_the_database(deb_root, tmp_path):
    done = frozen(deb_root, "--smoke", home=tmp_path)
    assert done.returncode == 0, done.stderr
    database = tmp_path / "data" / "branch-ledger.sqlite3"
    with sqlite3.connect(database) as connection:
        (version,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert version == newest_migration()  # the migrations were found inside the bundle


def sample_workbook(path: Path) -> Path:
    book = Workbook()
    units = book.active
    units.title = "单位"
    units.append(["单位名称", "上级单位", "类型"])
    units.append(["北区分公司", "", "分公司"])
    units.append(["网格一", "北区分公司", "网格"])
    people = book.create_sheet("人员")
    people.append(["姓名", "工号", "性别", "出生日期", "所在单位", "政治面貌", "入党日期"])
    people.append(["王芳", "A001", "女", "1985-03-02", "网格一", "中共党员", "2010-07-01"])
    people.append(["䶮明", "A002", "男", "1990-11-20", "北区分公司", "群众", None])
    book.save(path)
    return path


def test_import_then_export_round_trips_chinese_names(deb_root, tmp_path):
    database = tmp_path / "台账.sqlite3"
    workbook = sample_workbook(tmp_path / "名册.xlsx")
    done = frozen(deb_root, "--db", str(database), "import", str(workbook), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "人员 新增 2" in done.stdout

    exported = tmp_path / "导出.xlsx"
    done = frozen(deb_root, "--db", str(database), "export", str(exported), home=tmp_path)
    assert done.returncode == 0, done.stderr
    book = load_workbook(exported, read_only=True)
    names = {row[0] for row in book["人员"].iter_rows(min_row=2, values_only=True)}
    assert {"王芳", "䶮明"} <= names


def test_a_pdf_report_embeds_its_fonts(deb_root, tmp_path):
    if frozen(deb_root, "report", "--help", home=tmp_path).returncode != 0:
        pytest.skip("the frozen build has no report command yet")
    from pypdf import PdfReader

    database = tmp_path / "台账.sqlite3"
    workbook = sample_workbook(tmp_path / "名册.xlsx")
    assert (
        frozen(deb_root, "--db", str(database), "import", str(workbook), home=tmp_path).returncode
        == 0
    )
    named = frozen(
        deb_root, "--db", str(database), "settings", "set", "支部名称", "测试党支部", home=tmp_path
    )
    assert named.returncode == 0, named.stderr  # a report refuses to guess 支部名称
    pdf = tmp_path / "结对帮扶.pdf"
    done = frozen(
        deb_root,
        "--db",
        str(database),
        "report",
        "pairing",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--out",
        str(pdf),
        home=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    reader = PdfReader(pdf)
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            files = (
                [k for k in descriptor.get_object() if k.startswith("/FontFile")]
                if descriptor
                else []
            )
            fonts[str(font["/BaseFont"])] = bool(files)
    assert fonts and all(fonts.values()), fonts  # every font embedded, no standard fonts
    assert any("DroidSansFallback" in name for name in fonts), fonts
    assert "结对帮扶台账" in reader.pages[0].extract_text()


def test_the_window_previews_and_prints_a_generated_report(deb_root, tmp_path):
    """PDFium renders inside the bundle and QtPrintSupport prints: ``--smoke
    --smoke-pdf F`` opens F in the report preview, checks its first page is
    drawn and prints it to F.printed.pdf."""
    if frozen(deb_root, "report", "--help", home=tmp_path).returncode != 0:
        pytest.skip("the frozen build has no report command yet")
    import pypdfium2
    from pypdf import PdfReader

    database = tmp_path / "台账.sqlite3"
    workbook = sample_workbook(tmp_path / "名册.xlsx")
    for args in (
        ("import", str(workbook)),
        ("settings", "set", "支部名称", "测试党支部"),
    ):
        done = frozen(deb_root, "--db", str(database), *args, home=tmp_path)
        assert done.returncode == 0, done.stderr
    pdf = tmp_path / "台账.pdf"
    done = frozen(
        deb_root,
        *("--db", str(database), "report", "pairing", "--from", "2026-01-01"),
        *("--to", "2026-12-31", "--out", str(pdf)),
        home=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    done = frozen(
        deb_root, "--db", str(database), "--smoke", "--smoke-pdf", str(pdf), home=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "打印 1 页" in done.stderr
    printed = tmp_path / "台账.printed.pdf"
    assert len(PdfReader(printed).pages) == 1
    document = pypdfium2.PdfDocument(str(printed))
    try:
        bitmap = document[0].render(scale=0.5, grayscale=True)
        pixels = bytes(bitmap.buffer)
        assert sum(1 for value in pixels if value < 128) > 100  # the page is not blank
    finally:
        document.close()


def _ledger_with_sessions(database: Path) -> None:
    """A database made by this checkout's code (the same schema the frozen
    program has) with a roster and 结对帮扶 sessions, so the summary has a chart."""
    import datetime as dt

    from app.bootstrap import open_services
    from app.domain.enums import PairingKind, PoliticalStatus
    from app.domain.pairing_validation import PairingInput, SessionInput
    from app.domain.validation import PersonInput

    services = open_services(str(database), auto_backup=False)
    try:
        services.settings.save({"branch.name": "测试党支部"})
        add = services.people.add_person
        wang = add(
            PersonInput(
                name="王芳",
                political_status=PoliticalStatus.MEMBER,
                party_join_date=dt.date(2010, 7, 1),
                birth_date=dt.date(1985, 3, 2),
            )
        )
        rare = add(PersonInput(name="李强"))
        pairing = services.pairing.add_pairing(
            PairingInput(name="网格帮扶", kind=PairingKind.INTERNAL, helpers=[wang], helped=[rare])
        )
        for number, month in enumerate((1, 2, 2, 5), start=1):
            services.pairing.add_session(
                SessionInput(
                    date=dt.date(2026, month, 3 + number),
                    pairing_id=pairing,
                    topic=f"第{number}次帮扶",
                    participant_ids=[wang, rare],
                )
            )
    finally:
        services.close()


def test_the_summary_is_written_as_pdf_and_as_word(deb_root, tmp_path, monkeypatch):
    """The 工作汇总 through the frozen program: the PDF, and the Word copy whose chart picture is rendered by the bundled
    pdfium (python-docx's template, lxml, Pillow and pypdfium2 in the bundle)."""
    from docx import Document
    from pypdf import PdfReader

    monkeypatch.setenv("BRANCH_LEDGER_HOME", str(tmp_path / "builder"))
    database = tmp_path / "台账.sqlite3"
    _ledger_with_sessions(database)
    period = ["--from", "2026-01-01", "--to", "2026-12-31"]
    pdf, word = tmp_path / "汇总.pdf", tmp_path / "汇总.docx"
    for out in (pdf, word):
        done = frozen(
            deb_root, "--db", str(database), "report", "summary", *period, "--out", str(out),
            home=tmp_path,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    text = "".join("".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "测试党支部2026年度工作汇总" in text
    assert "共计4+0场，参与8+0人次" in text
    document = Document(word)
    assert document.paragraphs[0].text == "测试党支部2026年度工作汇总"
    assert len(document.inline_shapes) == 1  # the chart, drawn by the frozen pdfium
    words = "".join(p.text for p in document.paragraphs)
    assert "共计 4+0 场，参与 8+0 人次" in words


def test_an_encrypted_database_opens_with_the_password_variable(deb_root, tmp_path):
    """SQLCipher is bundled: the frozen program checks and backs up a ledger
    encrypted with a password given in BRANCH_LEDGER_PASSWORD, refuses a wrong
    one in Chinese, and the backup is encrypted too."""
    from app.areas import AREAS
    from app.paths import AppPaths
    from app.persistence.database import Database
    from app.services.registry import Services

    database = tmp_path / "加密台账.sqlite3"
    paths = AppPaths.under(tmp_path / "made")
    paths.ensure()
    services = Services.build(Database.open(database, backups_dir=paths.backups_dir), paths, AREAS)
    encrypted, result = services.change_password("Branch-2026")
    encrypted.close()
    assert result.problem is None
    assert database.read_bytes()[:16] != b"SQLite format 3\x00"

    def run_with(password: str, *args: str):
        return subprocess.run(
            [str(deb_root / "opt" / NAME / NAME), "--db", str(database), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            env={
                **os.environ,
                "BRANCH_LEDGER_HOME": str(tmp_path),
                "BRANCH_LEDGER_PASSWORD": password,
                "PYTHONIOENCODING": "utf-8",
            },
        )

    done = run_with("Branch-2026", "check")
    assert done.returncode == 0, done.stderr
    assert "检查通过" in done.stdout and "已加密" in done.stdout
    backup = tmp_path / "备份.sqlite3"
    done = run_with("Branch-2026", "backup", "--to", str(backup))
    assert done.returncode == 0, done.stderr
    assert backup.read_bytes()[:16] != b"SQLite format 3\x00"
    done = run_with("wrong-password", "check")
    assert done.returncode == 1
    assert "数据库密码不正确" in done.stderr
