"""Packaging pieces that need no build: the menu entry, the icons, the
Windows setup script (compiled by makensis against a stand-in payload)."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

from packaging_helpers import ROOT, require_tool

INSTALLER = ROOT / "installer"
sys.path.insert(0, str(INSTALLER))

from linux_libs import elf_needed  # noqa: E402

from app import __version__  # noqa: E402


def test_the_menu_entry_passes_desktop_file_validate_and_is_called_zhibu_taizhang():
    desktop = INSTALLER / "linux" / "branch-ledger.desktop"
    done = subprocess.run(
        [require_tool("desktop-file-validate"), str(desktop)], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
    lines = desktop.read_text(encoding="utf-8").splitlines()
    assert "Name=支部台账" in lines
    assert "Name[zh_CN]=支部台账" in lines
    assert "Icon=branch-ledger" in lines
    assert "Categories=Office;" in lines


def test_the_icon_is_rendered_in_every_menu_size_and_as_a_windows_ico(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(INSTALLER / "render_icons.py"),
            str(ROOT / "resources" / "icons" / "app-icon.svg"),
            str(tmp_path),
        ],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = (tmp_path / f"{size}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", png[16:24])
        assert (width, height) == (size, size)
    ico = (tmp_path / "branch-ledger.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind, count) == (0, 1, 7)


def test_library_dependencies_are_read_from_elf_files():
    needed = elf_needed(Path(sys.executable).resolve())
    libpython = [name for name in needed if name.startswith(("libc.so", "libpython", "libm."))]
    assert libpython, needed
    assert elf_needed(ROOT / "README.md") == []


def test_the_windows_setup_script_compiles_against_a_stand_in_payload(tmp_path):
    makensis = require_tool("makensis")
    payload = tmp_path / "branch-ledger"
    (payload / "_internal" / "resources").mkdir(parents=True)
    (payload / "branch-ledger.exe").write_bytes(b"MZ stand-in")
    (payload / "_internal" / "resources" / "说明.txt").write_text("中文文件名", encoding="utf-8")
    icons = tmp_path / "icons"
    subprocess.run(
        [
            sys.executable,
            str(INSTALLER / "render_icons.py"),
            str(ROOT / "resources" / "icons" / "app-icon.svg"),
            str(icons),
        ],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
        timeout=120,
    )
    setup = tmp_path / "安装程序.exe"
    done = subprocess.run(
        [
            makensis,
            "-V4",
            "-WX",  # a warning fails the build
            "-INPUTCHARSET",
            "UTF8",
            f"-DVERSION={__version__}",
            f"-DPAYLOAD={payload}",
            f"-DICON={icons / 'branch-ledger.ico'}",
            f"-DLICENSE_FILE={ROOT / 'resources' / 'licenses' / 'NOTICE.txt'}",
            f"-DOUTFILE={setup}",
            str(INSTALLER / "windows" / "branch-ledger.nsi"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert setup.read_bytes()[:2] == b"MZ"
    # the whole payload went in, Chinese file names included
    assert 'File: "branch-ledger.exe"' in done.stdout
    assert 'File: "说明.txt"' in done.stdout
    # one language only: Simplified Chinese
    script = (INSTALLER / "windows" / "branch-ledger.nsi").read_text(encoding="utf-8")
    assert script.count("!insertmacro MUI_LANGUAGE") == 1
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in script
    assert "1 language table" in done.stdout


def test_the_uninstaller_never_deletes_the_users_data_folder():
    script = (INSTALLER / "windows" / "branch-ledger.nsi").read_text(encoding="utf-8")
    uninstall = script[script.index('Section "Uninstall"') :]
    assert "APPDATA" not in uninstall.replace("%APPDATA%", "")
    assert 'RMDir /r "$INSTDIR"' not in uninstall  # only what the installer put there
    for script_name in ("postinst", "postrm"):
        text = (INSTALLER / "linux" / script_name).read_text(encoding="utf-8")
        assert "HOME" not in text and "rm " not in text
