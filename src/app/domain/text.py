"""Cleaning of text typed by users or read from workbooks."""

from __future__ import annotations

import re

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[\s\u3000]+(?=[{_CJK}])")
_ANY_SPACE = re.compile(r"[\s\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 and C1 controls
LIST_SEPARATORS = re.compile(r"[、，,;；\n]+")


def clean_text(value: object) -> str:
    """Strip surrounding (also full-width) spaces and control characters."""
    if value is None:
        return ""
    text = str(value)
    text = _CONTROL.sub("", text)
    # Every Unicode space (also U+3000, U+00A0, U+0085, U+2028): a name of only
    # such characters must come out empty, not as one blank.
    return text.strip()


def clean_name(value: object) -> str:
    """A person's or unit's name: no padding spaces (``王　芳`` is 王芳)."""
    text = clean_text(value)
    text = _SPACE_BETWEEN_CJK.sub("", text)
    return _ANY_SPACE.sub(" ", text)


def clean_title(value: object) -> str:
    """The name of a thing (a pairing, a campaign): spaces the user typed between
    words stay, but runs of spaces (also full-width) become one."""
    return _ANY_SPACE.sub(" ", clean_text(value))


def split_list(value: object) -> list[str]:
    """Split a list cell on 、 ， , ; and line breaks; drop empty items."""
    text = clean_text(value)
    return [item for item in (clean_text(p) for p in LIST_SEPARATORS.split(text)) if item]


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL.search(value))
