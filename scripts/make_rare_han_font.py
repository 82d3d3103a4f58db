"""Make resources/fonts/LedgerRareHan.ttf: the reports' fallback font for rare
name characters that Droid Sans Fallback lacks (CJK Extension B and later).

A developer's tool, run once when the font is (re)made; the app never imports
it, and fontTools is not a dependency of the app. How it was run:

    mkdir /tmp/hanazono && cd /tmp/hanazono
    apt-get download fonts-hanazono          # Debian 12: 20170904-2.1
    dpkg-deb -x fonts-hanazono_*.deb x
    python3 -m venv venv && venv/bin/pip install fonttools==4.68.0
    venv/bin/python /path/to/checkout/scripts/make_rare_han_font.py \\
        x/usr/share/fonts/truetype/hanazono /path/to/checkout

(pypinyin is read from the checkout's .venv site-packages through
``--pinyin-path``, or from the running interpreter when it has pypinyin.)

What goes in, and why (the file ships in every installer, whose installed size
is held under 150 MB; the whole of HanaMinB is 30 MB):

* From HanaMinB (Extensions B to F, about 60,000 characters): the characters
  that have a Mandarin reading in pypinyin's dictionary (Unihan's
  kHanyuPinyin, kMandarin, kTGHZ2013 ... readings): about 14,900. A name must
  be read aloud, and the roster sorts names by their pinyin, so a character
  without any reading is the least likely to be in a name. This includes the
  name characters of the 通用规范汉字表 (2013) outside the BMP (e.g. 𬌗 𬭚 𫍯).
* ``EXTRA``: name characters without such a reading that users have met.
* From HanaMinA: the ideographs of the BMP (URO and Extension A) that Droid
  Sans Fallback lacks (mostly those added since Unicode 4.1, e.g. 鿏 鿔).

Only outlines, character map and metrics are kept (no hinting, layout or
vertical tables: reportlab uses none of them). The family is renamed (Ledger
Rare Han) as the SIL OFL asks of a modified font with reserved names; the
HanaMin fonts are dual licensed, Hanazono Font License or SIL OFL 1.1 (both
texts in resources/fonts/LICENSE-Hanazono.txt).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

OUT_NAME = "LedgerRareHan.ttf"
FAMILY = "Ledger Rare Han"
# Name characters without a reading in pypinyin's dictionary, kept anyway.
EXTRA = "𠮷𡈽"
# CJK ideograph blocks: BMP (Extension A, URO) and the supplementary planes.
BMP_IDEOGRAPHS = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF)]
ASTRAL_IDEOGRAPHS = [(0x20000, 0x2FFFF), (0x30000, 0x323AF)]


def _in(code: int, ranges: list[tuple[int, int]]) -> bool:
    return any(low <= code <= high for low, high in ranges)


def _cmap(path: Path) -> set[int]:
    font = TTFont(path, lazy=True)
    try:
        return set(font.getBestCmap())
    finally:
        font.close()


def _subset(path: Path, codes: set[int], out: Path) -> None:
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["vhea", "vmtx", "BASE", "FFTM", "GDEF", "GSUB", "GPOS"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codes))
    subsetter.subset(font)
    subset.save_font(font, str(out), options)


def _rename(font: TTFont) -> None:
    name = font["name"]
    version = name.getDebugName(5) or ""
    for record in list(name.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18):
            name.removeNames(nameID=record.nameID)
    name.setName(FAMILY, 1, 3, 1, 0x409)
    name.setName("Regular", 2, 3, 1, 0x409)
    name.setName(f"{FAMILY}; subset of HanaMinA/HanaMinB {version}", 3, 3, 1, 0x409)
    name.setName(FAMILY, 4, 3, 1, 0x409)
    name.setName(FAMILY.replace(" ", ""), 6, 3, 1, 0x409)
    note = (
        "Subset of HanaMinA and HanaMinB (Hanazono Mincho, GlyphWiki Project) made by"
        " scripts/make_rare_han_font.py of 支部台账; licence: Hanazono Font License"
        " or SIL Open Font License 1.1."
    )
    name.setName(note, 10, 3, 1, 0x409)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("hanazono", type=Path, help="folder with HanaMinA.ttf and HanaMinB.ttf")
    parser.add_argument("checkout", type=Path, help="the 支部台账 checkout (resources/fonts)")
    parser.add_argument("--pinyin-path", help="a site-packages folder holding pypinyin")
    args = parser.parse_args(argv)
    if args.pinyin_path:
        sys.path.insert(0, args.pinyin_path)
    from pypinyin.pinyin_dict import pinyin_dict

    fonts = args.checkout / "resources" / "fonts"
    droid = _cmap(fonts / "DroidSansFallbackFull.ttf")
    font_a, font_b = args.hanazono / "HanaMinA.ttf", args.hanazono / "HanaMinB.ttf"
    have_a, have_b = _cmap(font_a), _cmap(font_b)
    extra = {ord(c) for c in EXTRA}
    from_b = {c for c in have_b if _in(c, ASTRAL_IDEOGRAPHS) and (c in pinyin_dict or c in extra)}
    from_a = {c for c in have_a if _in(c, BMP_IDEOGRAPHS) and c not in droid}
    missing = extra - have_b
    if missing:
        print("not in HanaMinB:", " ".join(chr(c) for c in sorted(missing)), file=sys.stderr)

    work = args.checkout / "build" / "rare-han"
    work.mkdir(parents=True, exist_ok=True)
    part_a, part_b = work / "a.ttf", work / "b.ttf"
    _subset(font_a, from_a, part_a)
    _subset(font_b, from_b, part_b)
    merged = Merger().merge([str(part_b), str(part_a)])
    _rename(merged)
    out = fonts / OUT_NAME
    merged.save(out)
    print(
        f"{out}: {len(from_b)} characters from HanaMinB, {len(from_a)} from HanaMinA,"
        f" {out.stat().st_size / 1e6:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
