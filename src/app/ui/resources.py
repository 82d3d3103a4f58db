"""Where the bundled resources are found: see app.resource_paths (Qt-free, shared
with the PDF reports); re-exported here for the window."""

from __future__ import annotations

from app.resource_paths import (
    APP_ICON_FILE,
    FONT_FILE,
    RARE_FONT_FILE,
    font_path,
    icon_path,
    resources_dir,
    translations_dir,
)

__all__ = [
    "APP_ICON_FILE",
    "FONT_FILE",
    "RARE_FONT_FILE",
    "font_path",
    "icon_path",
    "resources_dir",
    "translations_dir",
]
