"""Where the bundled resources (fonts, icons, translations) are found, without Qt.

One place, so the source checkout, an installed wheel and a frozen
(PyInstaller) build agree: a frozen build unpacks ``resources/`` next to
``sys._MEIPASS``. The PDF reports use it as well as the window.
"""

from __future__ import annotations

import sys
from pathlib import Path

FONT_FILE = "DroidSansFallbackFull.ttf"  # CJK (no Latin letters or digits)
LATIN_FONT_FILE = "DejaVuSans.ttf"  # Latin letters, digits and punctuation
# Rare name characters Droid Sans Fallback lacks (CJK Extension B and later):
# a subset of HanaMinA/HanaMinB made by scripts/make_rare_han_font.py.
RARE_FONT_FILE = "LedgerRareHan.ttf"
APP_ICON_FILE = "app.svg"


def resources_dir() -> Path:
    """The ``resources/`` folder of the checkout or of the frozen bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "resources"
        if (candidate / "fonts").is_dir():
            return candidate
    return here.parents[2] / "resources"


def font_path(name: str = FONT_FILE) -> Path:
    return resources_dir() / "fonts" / name


def icon_path(name: str = APP_ICON_FILE) -> Path:
    return resources_dir() / "icons" / name


def translations_dir() -> Path:
    return resources_dir() / "translations"
