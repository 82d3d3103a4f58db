"""Compile the translation sources (``resources/translations/*.ts``) to the
``.qm`` files Qt loads, with ``pyside6-lrelease`` (shipped by PySide6-Essentials).

Run at setup (``scripts/setup.sh``: ``python -m app.ui.translation_files``), at
build time (``installer/build.py``) and before the GUI tests; ``.qm`` files are
build products, never committed. No Qt import: lrelease runs as a program.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from app.resource_paths import translations_dir


def lrelease_command() -> list[str] | None:
    """How to run lrelease here: PySide6's own binary, else pyside6-lrelease on PATH."""
    try:
        import PySide6  # the package's folder only; no Qt library is loaded
    except ImportError:
        PySide6 = None  # noqa: N806
    if PySide6 is not None:
        folder = Path(PySide6.__file__).parent
        for name in ("lrelease.exe", "lrelease") if os.name == "nt" else ("lrelease",):
            if (folder / name).is_file():
                return [str(folder / name)]
    found = shutil.which("pyside6-lrelease")
    return [found] if found else None


def stale(ts: Path) -> bool:
    qm = ts.with_suffix(".qm")
    return not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime


def compile_translations(folder: Path | None = None, *, force: bool = False) -> list[Path]:
    """Compile every ``.ts`` in ``folder`` whose ``.qm`` is missing or older;
    returns the ``.qm`` files written. Raises RuntimeError when lrelease is
    missing or fails."""
    folder = folder or translations_dir()
    todo = [ts for ts in sorted(folder.glob("*.ts")) if force or stale(ts)]
    if not todo:
        return []
    command = lrelease_command()
    if command is None:
        raise RuntimeError("lrelease not found: install PySide6-Essentials (pyside6-lrelease)")
    written: list[Path] = []
    for ts in todo:
        qm = ts.with_suffix(".qm")
        result = subprocess.run(
            [*command, "-silent", str(ts), "-qm", str(qm)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not qm.exists():
            raise RuntimeError(f"lrelease failed on {ts.name}: {result.stderr or result.stdout}")
        written.append(qm)
    return written


def main() -> int:
    try:
        written = compile_translations(force="--force" in sys.argv[1:])
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    for qm in written:
        print(f"compiled {qm.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
