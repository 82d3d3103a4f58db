"""Where the bundled resources (fonts, icons, translations) are found.

One place, so the source checkout, an installed wheel and a frozen
(PyInstaller) build agree: a frozen build unpacks ``resources/`` next to
``sys._MEIPASS``.
"""

from __future__ import annotations

import sys
from pathlib import Path

FONT_FILE = "DroidSansFallbackFull.ttf"
APP_ICON_FILE = "app.svg"


def resources_dir() -> Path:
    """The ``resources/`` folder of the checkout or of the frozen bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    # src/app/ui/resources.py -> repository root
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "resources"
        if (candidate / "fonts").is_dir():
            return candidate
    return here.parents[3] / "resources"


def font_path() -> Path:
    return resources_dir() / "fonts" / FONT_FILE


def icon_path(name: str = APP_ICON_FILE) -> Path:
    return resources_dir() / "icons" / name


def translations_dir() -> Path:
    return resources_dir() / "translations"
