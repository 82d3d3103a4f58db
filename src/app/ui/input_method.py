"""Chinese input on Linux desktops whose input method is fcitx.

The Qt shipped with PySide6 (and so in our installer) has the IBus input
plugin but no fcitx plugin. With QT_IM_MODULE=fcitx, Qt finds no plugin and
silently falls back to plain keyboard input: the user cannot type Chinese.
fcitx5 answers the IBus protocol through its ibus frontend, so on such a
desktop we ask Qt for the IBus plugin instead. Must run before QApplication.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, MutableMapping
from pathlib import Path

_FCITX = ("fcitx", "fcitx5")


def choose_input_module(
    environ: MutableMapping[str, str], available_plugins: Iterable[str]
) -> str | None:
    """The QT_IM_MODULE to set, or None to leave the environment alone."""
    if not sys.platform.startswith("linux"):
        return None
    plugins = {p.lower() for p in available_plugins}
    if any("fcitx" in p for p in plugins):
        return None  # a real fcitx plugin is there: let Qt use it
    requested = environ.get("QT_IM_MODULE", "").strip().lower()
    if requested in _FCITX:
        return "ibus"
    if not requested:
        modifiers = environ.get("XMODIFIERS", "").lower()
        gtk = environ.get("GTK_IM_MODULE", "").strip().lower()
        if "fcitx" in modifiers or gtk in _FCITX:
            return "ibus"
    return None


def qt_input_plugins() -> list[str]:
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    return [p.name for p in (folder / "platforminputcontexts").glob("*")]


def apply_input_method_fallback(environ: MutableMapping[str, str] | None = None) -> None:
    environ = os.environ if environ is None else environ
    module = choose_input_module(environ, qt_input_plugins())
    if module is not None:
        environ["QT_IM_MODULE"] = module
