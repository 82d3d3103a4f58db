"""User text in a report, over all of Unicode (hypothesis): any text is either
refused by ``check_printable``, naming each character no font has, or becomes
a paragraph whose text is the input (modulo whitespace), each character in the
font that has it, with markup characters printed literally. 1,000 examples for
the markup; the full PDF round trip (build, then read back with pypdf) on fewer,
since each builds a PDF."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.platypus import Paragraph, SimpleDocTemplate

from app.domain.errors import UserError
from app.reports import layout

MARKUP_LIKE = st.sampled_from(
    ["<", ">", "&", "&amp;", "&lt;", "<b>", "</font>", "<br/>", '<font face="x">', "]]>",
     "<para>", "&#20320;", "&nbsp;", '"', "'", "<!--", "\n", "\t", "\r", " ", "\u3000"]
)  # fmt: skip
any_text = st.one_of(
    st.text(max_size=60),  # every code point except surrogates, controls included
    st.lists(st.one_of(st.characters(), MARKUP_LIKE), max_size=30).map("".join),
    st.lists(st.one_of(MARKUP_LIKE, st.text(max_size=3)), max_size=12).map("".join),
)


def flat(text: str) -> str:
    return "".join(text.split())


def paragraph_text_or_refusal(text: str):
    """(None, message) if refused, else (the paragraph, its text)."""
    try:
        layout.check_printable([("备注", text)])
    except UserError as refused:
        return None, refused.message
    paragraph = Paragraph(layout.markup(text), layout.styles()["cell"])
    return paragraph, "".join(getattr(f, "text", "") for f in paragraph.frags)


@pytest.fixture(scope="module", autouse=True)
def fonts():
    layout.register_fonts()


@settings(max_examples=1000, deadline=None)
@given(any_text)
@example("、\u3000、")  # found by a run: an ideographic space inside a CJK run
def test_any_text_is_refused_by_name_or_printed_literally_in_its_fonts(text):
    paragraph, shown = paragraph_text_or_refusal(text)
    missing = layout.missing_characters(text)
    event("refused" if paragraph is None else "printed")
    if paragraph is None:
        assert missing, shown
        for char in missing[:10]:  # the message names them (ten at most)
            assert f"U+{ord(char):04X}" in shown and "备注" in shown
        return
    assert missing == []
    assert flat(shown) == flat(text)  # markup is text: nothing lost, nothing added
    for frag in paragraph.frags:  # each run in the font that has its characters
        # (reportlab turns whitespace such as U+3000 into a plain space inside a
        # run: a space prints as a gap in any font)
        for char in getattr(frag, "text", ""):
            if not char.isspace():
                assert layout.font_runs(char) == [(frag.fontName, char)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.characters(max_codepoint=0x2FFFF, exclude_categories=["Cc", "Cs", "Co", "Cn"]),
            MARKUP_LIKE,
        ),
        min_size=1,
        max_size=20,
    ).map("".join)
)
def test_the_pdf_reads_back_the_printed_text(tmp_path_factory, text):
    paragraph, _ = paragraph_text_or_refusal(text)
    event("refused" if paragraph is None else "printed")
    if paragraph is None:
        return
    path = tmp_path_factory.mktemp("pdf") / "p.pdf"
    SimpleDocTemplate(str(path)).build([paragraph])
    read = flat(PdfReader(path).pages[0].extract_text())
    assert read == flat(text)
