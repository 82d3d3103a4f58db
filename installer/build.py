"""Build 支部台账 for the platform this runs on.

    .venv/bin/python installer/build.py            (Linux: dist/branch-ledger_<version>_<arch>.deb)
    python installer\\build.py                      (Windows: dist\\branch-ledger-setup-<version>.exe)

Steps: install the pinned PyInstaller into this Python if needed, render the
icon sizes from resources/icons/app-icon.svg, run PyInstaller on
installer/branch-ledger.spec (one folder), then package it: a .deb with
dpkg-deb on Linux, an NSIS setup program with makensis on Windows.

Options: --skip-pyinstaller reuses build/pyinstaller/dist (packaging only).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
BUILD = ROOT / "build"
DIST = ROOT / "dist"
NAME = "branch-ledger"
PYINSTALLER_VERSION = "6.22.3"

sys.path.insert(0, str(ROOT / "src"))
from app import APP_NAME, __version__  # noqa: E402
from app.ui.translation_files import compile_translations  # noqa: E402

# Fallback soname -> Debian package, when dpkg cannot tell (non-Debian build host).
# Same list as scripts/setup.sh, found with ldd on the bundled Qt libraries and plugins.
KNOWN_PACKAGES = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-sm.so.6": "libsm6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libz.so.1": "zlib1g",
    "libpng16.so.16": "libpng16-16",
    "libcups.so.2": "libcups2",  # Qt's printsupport plugin: the system's printers
}
# Part of every Debian system (Essential or libc): never listed.
ALWAYS_THERE = ("libc6", "libgcc-s1", "libstdc++6")


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    log(" ".join(str(part) for part in cmd))
    return subprocess.run(cmd, check=True, **kwargs)


# --- steps shared by both platforms ------------------------------------------
def ensure_pyinstaller() -> None:
    try:
        import PyInstaller  # noqa: F401

        if PyInstaller.__version__ == PYINSTALLER_VERSION:
            return
    except ImportError:
        pass
    run([sys.executable, "-m", "pip", "install", "-q", f"pyinstaller=={PYINSTALLER_VERSION}"])


def render_icons() -> Path:
    out = BUILD / "icons"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run(
        [
            sys.executable,
            str(INSTALLER / "render_icons.py"),
            str(ROOT / "resources" / "icons" / "app-icon.svg"),
            str(out),
        ],
        env=env,
    )
    return out


def run_pyinstaller(icons: Path) -> Path:
    env = dict(os.environ, BRANCH_LEDGER_ICO=str(icons / "branch-ledger.ico"))
    env.pop("BRANCH_LEDGER_HOME", None)
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            "--distpath",
            str(BUILD / "pyinstaller" / "dist"),
            "--workpath",
            str(BUILD / "pyinstaller" / "work"),
            str(INSTALLER / "branch-ledger.spec"),
        ],
        env=env,
        cwd=ROOT,
    )
    bundle = BUILD / "pyinstaller" / "dist" / NAME
    if not bundle.is_dir():
        raise SystemExit(f"PyInstaller did not write {bundle}")
    # PyInstaller links top-level names to every Qt library it saw; the spec left
    # some libraries out, so their links point nowhere.
    for path in list(bundle.rglob("*")):
        if path.is_symlink() and not path.exists():
            path.unlink()
    return bundle


# --- Linux: .deb ---------------------------------------------------------------
def _elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def _needed_system_libraries(bundle: Path) -> tuple[dict[str, str | None], str]:
    """Sonames the bundled files link directly (DT_NEEDED) and the bundle does not
    hold (-> where the loader finds them here, or None), and the newest GLIBC
    symbol version any bundled file asks for."""
    sys.path.insert(0, str(INSTALLER))
    from linux_libs import elf_needed

    bundled = {path.name for path in bundle.rglob("*")}
    direct: set[str] = set()
    found: dict[str, str] = {}
    newest_glibc = (2, 17)
    for elf in _elf_files(bundle):
        for match in re.finditer(rb"GLIBC_2\.(\d+)", elf.read_bytes()):
            newest_glibc = max(newest_glibc, (2, int(match.group(1))))
        direct.update(name for name in elf_needed(elf) if name not in bundled)
        result = subprocess.run(["ldd", str(elf)], capture_output=True, text=True)
        for line in result.stdout.splitlines():
            match = re.match(r"\s*(\S+)\s+=>\s+(/\S+)", line)
            if match:
                found.setdefault(*match.groups())
    needed = {soname: found.get(soname) for soname in sorted(direct)}
    return needed, f"{newest_glibc[0]}.{newest_glibc[1]}"


def _package_of(path: str) -> str | None:
    for candidate in (path, str(Path(path).resolve())):
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0 and result.stdout:
            package = result.stdout.split(":", 1)[0].split(",")[0].strip()
            # Ubuntu 24.04 / Debian 13 "t64" packages provide the old name.
            return package[:-3] if package.endswith("t64") else package
    return None


def debian_depends(bundle: Path) -> str:
    needed, glibc = _needed_system_libraries(bundle)
    packages: set[str] = set()
    unknown = []
    for soname, where in sorted(needed.items()):
        package = _package_of(where) if where and shutil.which("dpkg") else None
        package = package or KNOWN_PACKAGES.get(soname)
        if package is None:
            if soname.startswith(("libc.so", "libm.so", "libdl.so", "libpthread.so", "librt.so")):
                continue
            if soname.startswith(("ld-linux", "libutil.so", "libresolv.so")):
                continue
            unknown.append(soname)
            continue
        packages.add(package)
    if unknown:
        log(f"warning: no package known for {', '.join(unknown)} (not listed in Depends)")
    listed = sorted(p for p in packages if p not in ALWAYS_THERE)
    # xcb-cursor is loaded by the xcb plugin only when present: list it anyway,
    # without it the mouse pointer is wrong on some desktops.
    if "libxcb-cursor0" not in listed:
        listed.append("libxcb-cursor0")
    return ", ".join([f"libc6 (>= {glibc})", *sorted(listed)])


def debian_architecture() -> str:
    if shutil.which("dpkg"):
        return subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
        ).stdout.strip()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)


def build_deb(bundle: Path, icons: Path) -> Path:
    arch = debian_architecture()
    root = BUILD / "deb-root"
    if root.exists():
        shutil.rmtree(root)
    program = root / "opt" / NAME
    shutil.copytree(bundle, program, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / NAME).symlink_to(f"/opt/{NAME}/{NAME}")
    share = root / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(INSTALLER / "linux" / f"{NAME}.desktop", share / "applications")
    for png in sorted(icons.glob("*.png")):
        size = png.stem
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copy2(png, target / f"{NAME}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / "icons" / "app-icon.svg", scalable / f"{NAME}.svg")
    doc = share / "doc" / NAME
    doc.mkdir(parents=True)
    licenses = ROOT / "resources" / "licenses"
    copyright_text = (INSTALLER / "linux" / "copyright").read_text(encoding="utf-8")
    (doc / "copyright").write_text(copyright_text, encoding="utf-8")
    if licenses.is_dir():
        shutil.copytree(licenses, doc / "licenses")

    for path in root.rglob("*"):  # regular permissions whatever the umask was
        if path.is_symlink():
            continue
        if path.is_dir() or os.access(path, os.X_OK):
            path.chmod(0o755)
        else:
            path.chmod(0o644)

    control_dir = root / "DEBIAN"
    control_dir.mkdir()
    installed_kb = sum(
        (p.lstat().st_size + 1023) // 1024 for p in root.rglob("*") if not p.is_dir()
    )
    depends = debian_depends(bundle)
    control = (
        f"Package: {NAME}\n"
        f"Version: {__version__}\n"
        f"Architecture: {arch}\n"
        "Maintainer: Branch Ledger maintainers <branch-ledger@localhost>\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {depends}\n"
        "Section: office\n"
        "Priority: optional\n"
        f"Description: {APP_NAME} (Branch Ledger) - offline ledgers for party branch secretaries\n"
        " 人员名册、结对帮扶等党支部工作台账，离线使用，数据保存在本机。\n"
        " .\n"
        " The program lives in /opt/branch-ledger. Each user's data and backups\n"
        " stay in their home folder and are never removed by uninstalling.\n"
    )
    (control_dir / "control").write_text(control, encoding="utf-8")
    for script in ("postinst", "postrm"):
        shutil.copy2(INSTALLER / "linux" / script, control_dir / script)
        (control_dir / script).chmod(0o755)
    log(f"Depends: {depends}")

    DIST.mkdir(exist_ok=True)
    deb = DIST / f"{NAME}_{__version__}_{arch}.deb"
    run(["dpkg-deb", "-Zxz", "--build", "--root-owner-group", str(root), str(deb)])
    return deb


# --- Windows: NSIS setup program -----------------------------------------------
def find_makensis() -> str | None:
    found = shutil.which("makensis")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        if base and (Path(base) / "NSIS" / "makensis.exe").is_file():
            return str(Path(base) / "NSIS" / "makensis.exe")
    return None


def build_nsis(bundle: Path, icons: Path, makensis: str | None = None) -> Path:
    makensis = makensis or find_makensis()
    if makensis is None:
        raise SystemExit(
            "makensis not found: install NSIS (choco install nsis / apt-get install nsis)"
        )
    DIST.mkdir(exist_ok=True)
    setup = DIST / f"{NAME}-setup-{__version__}.exe"
    license_file = ROOT / "resources" / "licenses" / "NOTICE.txt"
    run(
        [
            makensis,
            "-V2",
            "-WX",
            "-INPUTCHARSET",
            "UTF8",
            f"-DVERSION={__version__}",
            f"-DPAYLOAD={bundle}",
            f"-DICON={icons / 'branch-ledger.ico'}",
            f"-DLICENSE_FILE={license_file}",
            f"-DOUTFILE={setup}",
            str(INSTALLER / "windows" / "branch-ledger.nsi"),
        ]
    )
    return setup


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-pyinstaller", action="store_true")
    args = parser.parse_args(argv)
    started = time.monotonic()
    ensure_pyinstaller()
    compile_translations()  # the spec bundles resources/translations/*.qm
    icons = render_icons()
    bundle = BUILD / "pyinstaller" / "dist" / NAME
    if not args.skip_pyinstaller or not bundle.is_dir():
        bundle = run_pyinstaller(icons)
    if sys.platform.startswith("linux"):
        artefact = build_deb(bundle, icons)
    elif sys.platform == "win32":
        artefact = build_nsis(bundle, icons)
    else:
        raise SystemExit(f"no package format for {sys.platform}; the program is in {bundle}")
    size_mb = artefact.stat().st_size / 1e6
    log(f"wrote {artefact} ({size_mb:.1f} MB) in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
