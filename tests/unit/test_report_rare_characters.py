"""Names with rare characters print: CJK Extension B and later come from the
bundled fallback font (resources/fonts/LedgerRareHan.ttf), embedded in the PDF,
drawn, and read back right when the PDF's text is copied or searched; a
character no bundled font has is still refused, naming it."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image, ImageOps
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from app.area import ReportRequest
from app.domain.enums import PoliticalStatus
from app.domain.errors import UserError
from app.domain.settings import BRANCH_NAME
from app.domain.validation import PersonInput
from app.reports import layout
from app.reports.signin_sheet import write_signin_sheet

EXT_B = "𠀀𪚥"  # U+20000, U+2A6A5
PRIVATE_USE = "\U0010fffd"
UNASSIGNED = "\U0002fffd"  # between Extension F and G: no character there


@pytest.fixture(autouse=True)
def branch(services):
    services.settings.save({BRANCH_NAME: "城东街道党支部"})


def add_member(services, name: str) -> int:
    return services.people.add_person(
        PersonInput(name=name, political_status=PoliticalStatus.MEMBER)
    )


def embedded_fonts(path) -> dict[str, dict]:
    """BaseFont (without the subset tag) -> font descriptor, over every page."""
    fonts = {}
    for page in PdfReader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).split("+")[-1]
            fonts[name] = font.get("/FontDescriptor", {})
    return fonts


def test_each_character_goes_to_the_font_that_has_it():
    assert layout.font_runs("王𠀀 Li明𪚥") == [
        (layout.CJK_FONT, "王"),
        (layout.RARE_FONT, "𠀀"),
        (layout.LATIN_FONT, " Li"),
        (layout.CJK_FONT, "明"),
        (layout.RARE_FONT, "𪚥"),
    ]
    # Droid Sans Fallback lacks some newer ideographs of the BMP: the fallback has them.
    assert layout.font_runs("鿏") == [(layout.RARE_FONT, "鿏")]
    assert layout.missing_characters(f"王{EXT_B}{PRIVATE_USE}明{UNASSIGNED}") == [
        PRIVATE_USE,
        UNASSIGNED,
    ]


def test_a_name_with_extension_b_characters_prints_and_reads_back(services, tmp_path):
    add_member(services, "王𠀀")
    add_member(services, "𪚥明")
    path = write_signin_sheet(services, ReportRequest(), tmp_path / "签到表.pdf")
    fonts = embedded_fonts(path)
    assert set(fonts) == {"DejaVuSans", "DroidSansFallback", "LedgerRareHan"}
    assert all("/FontFile2" in descriptor for descriptor in fonts.values())  # embedded
    text = "".join(PdfReader(path).pages[0].extract_text().split())
    # The text layer maps them back (a ToUnicode target beyond U+FFFF is a
    # surrogate pair): copying or searching the PDF finds the names.
    assert "王𠀀" in text and "𪚥明" in text
    assert "应到2人" in text


def test_the_fallback_font_really_draws_the_characters(tmp_path):
    """A page with nothing but 𠀀𪚥 drawn through the report's text runs is not
    blank once rendered: the glyphs are there, not empty boxes of nothing."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    path = tmp_path / "rare.pdf"
    layout.register_fonts()
    page = canvas.Canvas(str(path), pagesize=(200, 100), initialFontName=layout.LATIN_FONT)
    layout.draw_text(page, 20, 40, EXT_B, 40)
    page.save()
    assert set(embedded_fonts(path)) == {"LedgerRareHan"}
    subprocess.run([pdftoppm, "-r", "72", "-png", str(path), str(tmp_path / "rare")], check=True)
    [png] = tmp_path.glob("rare*.png")
    image = Image.open(png).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 200  # two 40 pt ideographs; an empty page has none
    # and only where the text was drawn: from x = 20, two ems wide
    box = ImageOps.invert(image).getbbox()
    assert box is not None and 15 <= box[0] and box[2] <= 20 + 2 * 40 + 5


def test_a_character_no_font_has_is_refused_naming_it(services, tmp_path):
    add_member(services, f"王{PRIVATE_USE}")
    with pytest.raises(UserError) as caught:
        write_signin_sheet(services, ReportRequest(), tmp_path / "签到表.pdf")
    message = caught.value.message
    assert "U+10FFFD" in message and f"人员「王{PRIVATE_USE}」" in message
    assert not (tmp_path / "签到表.pdf").exists()


def test_the_text_layer_of_other_astral_characters_is_right_too(tmp_path):
    """😀 (DejaVu Sans has it) used to read back as U+1F60 and a stray 0."""
    path = tmp_path / "emoji.pdf"
    layout.register_fonts()
    page = canvas.Canvas(str(path), pagesize=(200, 100), initialFontName=layout.LATIN_FONT)
    layout.draw_text(page, 20, 40, "笑😀A", 20)
    page.save()
    assert "".join(PdfReader(path).pages[0].extract_text().split()) == "笑😀A"
