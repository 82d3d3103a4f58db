"""Render the app icon (SVG) to PNGs and a Windows .ico, with Qt's own SVG renderer.

    python installer/render_icons.py resources/icons/app-icon.svg OUT_DIR

writes OUT_DIR/<size>.png for every size in SIZES and OUT_DIR/branch-ledger.ico
(PNG-compressed entries, 16 to 256 px). Uses only PySide6 (QtSvg), offscreen.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, out_dir: Path) -> dict[int, Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"not a valid SVG: {svg}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[int, Path] = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out_dir / f"{size}.png"
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"could not write {path}")
        written[size] = path
    del app
    return written


def write_ico(pngs: dict[int, Path], target: Path) -> None:
    """An .ico whose entries are PNG files (Windows Vista and later read these)."""
    entries = [(size, pngs[size].read_bytes()) for size in ICO_SIZES]
    header = struct.pack("<HHH", 0, 1, len(entries))
    offset = len(header) + 16 * len(entries)
    directory = b""
    for size, data in entries:
        edge = 0 if size >= 256 else size  # 0 means 256
        directory += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    target.write_bytes(header + directory + b"".join(data for _, data in entries))


def main(argv: list[str]) -> int:
    svg, out_dir = Path(argv[0]), Path(argv[1])
    pngs = render(svg, out_dir)
    write_ico(pngs, out_dir / "branch-ledger.ico")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
