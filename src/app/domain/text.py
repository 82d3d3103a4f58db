"""Cleaning of text typed by users or read from workbooks."""

from __future__ import annotations

import re

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[\s\u3000]+(?=[{_CJK}])")
_ANY_SPACE = re.compile(r"[\s\u3000]+")
# Line breaks in every form a pasted text or a workbook brings them: CR LF and
# CR (Windows, old Mac), VT (Word's manual line break, Shift+Enter, pasted from a
# table), FF, NEL and the Unicode line and paragraph separators.
_LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# What is removed: the C0 and C1 control characters except TAB and LF, and the
# invisible format characters that make two equal-looking names differ (zero
# width space, word joiner, BOM, soft hyphen, the bidirectional marks and
# embeddings). ZWJ and ZWNJ stay: they join emoji and shape some scripts.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
LIST_SEPARATORS = re.compile(r"[、，,;；\n]+")


def clean_text(value: object) -> str:
    """The one rule for text typed into a form or read from a workbook.

    Invisible control and format characters are removed (a secretary cannot see
    them, so refusing them would leave her nothing to fix); line breaks of every
    kind become LF and stay, so a multi-line note keeps its lines (a one-line
    field turns them into spaces through ``clean_name``/``clean_title``, or
    refuses them by its own rule); surrounding spaces (also full-width) go.
    """
    if value is None:
        return ""
    text = str(value)
    text = _INVISIBLE.sub("", _LINE_BREAK.sub("\n", text))
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


def has_invisible_characters(value: str) -> bool:
    """True if ``clean_text`` would remove something besides surrounding spaces."""
    return bool(_INVISIBLE.search(value))
