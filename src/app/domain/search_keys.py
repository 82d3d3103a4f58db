"""Search keys for people: what a search box matches against.

Pinyin initials ("zw" for 张伟) are computed once when a person is saved and
stored, so searching never loads the pinyin dictionary.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _pinyin():
    from pypinyin import Style, lazy_pinyin  # ~0.2 s import; only on save or import

    return lazy_pinyin, Style


def pinyin_initials(name: str) -> str:
    """Lower-case initials of each character of a Chinese name: 张伟 -> zw.

    Heteronyms take pypinyin's most common reading for the phrase.
    """
    if not name:
        return ""
    lazy_pinyin, style = _pinyin()
    letters = lazy_pinyin(name, style=style.FIRST_LETTER, errors="ignore", strict=False)
    initials = "".join(part[:1] for part in letters).lower()
    return initials


def name_sort_key(name: str) -> str:
    """The key the 姓名 column sorts by, as Chinese office software does: the full
    pinyin syllable by syllable (张伟 "zhang wei" before 赵磊 "zhao lei"), then
    the characters themselves, so namesakes in sound keep a stable order.

    Computed when a person is saved and stored, like the initials."""
    if not name:
        return ""
    lazy_pinyin, style = _pinyin()
    syllables = lazy_pinyin(name, style=style.NORMAL, errors="default", strict=False)
    return " ".join(part.lower() for part in syllables) + "\x1f" + name


def search_key(name: str, employee_no: str | None, initials: str) -> str:
    """One lower-case string a filter text is matched against."""
    return "\x1f".join((name.lower(), (employee_no or "").lower(), initials))
