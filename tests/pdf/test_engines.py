"""The PDF is read alike by every engine at hand, and its fonts are right by the specification.

poppler and PDFium take a CIDFontType0 font's CIDs as glyph indices; MuPDF, Ghostscript (and
Acrobat) look them up in the CFF program's charset, as ISO 32000-1 §9.7.4.2 says. A font whose
CIDs are not its glyph indices looks right in the first two and is blank, boxes or other
characters in the others: so the fonts are checked glyph by glyph, and the pages are drawn by
all four engines and compared with poppler's.
"""

from functools import cache

import pytest

from reports.pdf.charset import drawn_characters, gb2312_characters
from reports.pdf.fonts import ROLES, prepared_fonts

from . import engines
from .conftest import gb2312_and_punctuation
from .embedded_fonts import embedded_cid_fonts, single_substitutions

pytestmark = pytest.mark.django_db

OTHER_ENGINES = ["mupdf", "ghostscript", "pdfium"]
# A page's ink in another engine within this share of poppler's: Ghostscript draws text
# up to 5 % darker (its anti-aliasing); a blank or boxed glyph moves a page by 10 % or more.
INK_TOLERANCE = 0.06
# At most this share of the page's ink elsewhere on the page than poppler draws it.
MAP_TOLERANCE = 0.15


COMPLAINTS_DPI = 10  # reading the whole PDF is what makes an engine complain, not the pixels


@cache
def text_only(content: bytes) -> bytes:
    return engines.text_only(content)


@cache
def rendered(engine: str, content: bytes) -> engines.Rendering:
    return engines.render(engine, text_only(content))


@cache
def alternates(base_font: str) -> dict[int, set[int]]:
    """The one-to-one substitutions of the prepared font a PDF font was subset from."""
    family = base_font.split("+")[-1].removesuffix("-Bold")
    role = next(role for role in ROLES if role.css_family == family)
    files = prepared_fonts()
    assert files is not None, "the PDF fonts are not prepared: run scripts/setup.sh"
    return single_substitutions(files.files[role.key].path)


def assert_fonts_are_right(content: bytes) -> dict:
    fonts = embedded_cid_fonts(content)
    assert fonts, "no CID font in the PDF"
    for name, font in fonts.items():
        substitutes = alternates(font.name)
        assert font.encoding == "/Identity-H", f"{name}: a glyph is missing ({font.encoding})"
        for glyph in font.glyphs.values():
            where = f"{name}: CID {glyph.cid} ({glyph.text!r})"
            assert glyph.gid is not None, f"{where} selects no glyph"
            # CID = GID: readers that look the CID up and readers that take it as the glyph
            # index both draw the same glyph.
            assert glyph.gid == glyph.cid, f"{where} selects glyph {glyph.gid}"
            if glyph.cmap_gid is not None:
                # Shaping may choose a substitute (a full-width dash), never the glyph of
                # another character.
                allowed = {glyph.cmap_gid} | substitutes.get(glyph.cmap_gid, set())
                assert glyph.gid in allowed, f"{where} is not the font's glyph for it"
            assert glyph.stated_width == pytest.approx(glyph.program_width, abs=0.5), (
                f"{where}: /W says {glyph.stated_width}, the font {glyph.program_width}"
            )
    return fonts


def test_each_glyph_of_the_seed_pdf_is_its_characters_glyph_by_the_specification(seed_pdf):
    fonts = assert_fonts_are_right(seed_pdf.content)
    # All five faces (Fandol and Noto CJK) are CID-keyed CFF fonts.
    assert {font.subtype for font in fonts.values()} == {"/CIDFontType0"}
    body = next(font for font in fonts.values() if font.name.endswith("GovBody"))
    assert len(body.glyphs) > 500


def test_each_font_draws_every_character_of_gb_2312_with_its_own_glyph(gb2312_pdf):
    expected = set(gb2312_and_punctuation())
    assert drawn_characters("".join(gb2312_characters())) <= expected
    fonts = assert_fonts_are_right(gb2312_pdf)
    by_family = {font.name.split("+")[-1]: font for font in fonts.values()}
    assert set(by_family) == {"GovBody", "GovSong", "GovHei", "GovKai", "GovTitle-Bold"}
    # The body's characters are drawn by FandolFang, or by the 宋体 face where it has none.
    missing = set(expected)
    for family in ("GovBody", "GovSong"):
        face = by_family[family]
        drawn = {glyph.gid for glyph in face.glyphs.values()}
        # Characters that share a glyph (〜 and ～) have one text in /ToUnicode: compare glyphs.
        substitutes = alternates(face.name)
        missing -= {
            c
            for c in missing
            if c in face.cmap and ({face.cmap[c]} | substitutes.get(face.cmap[c], set())) & drawn
        }
    assert not missing, "".join(sorted(missing))
    assert len(by_family["GovBody"].glyphs) > 6000, "FandolFang draws GB 2312's 汉字"
    for family in ("GovHei", "GovKai", "GovTitle-Bold"):
        assert len(by_family[family].glyphs) > 400, family


def assert_engines_agree(content: bytes, engine: str) -> None:
    if not engines.available(engine) or not engines.available("poppler"):
        pytest.fail(f"{engine} or poppler is not installed: run scripts/setup.sh")
    for name in ("poppler", engine):
        as_is = engines.render(name, content, dpi=COMPLAINTS_DPI)
        assert as_is.complaints == "", f"{name}: {as_is.complaints[:500]}"
    reference, other = rendered("poppler", content), rendered(engine, content)
    assert len(other.pages) == len(reference.pages) == len(as_is.pages)
    for number, (page, poppler_page) in enumerate(
        zip(other.pages, reference.pages, strict=True), start=1
    ):
        ours, theirs = engines.ink(page), engines.ink(poppler_page)
        assert ours == pytest.approx(theirs, rel=INK_TOLERANCE), (
            f"page {number}: {engine} draws {ours:.4f} of ink, poppler {theirs:.4f}"
        )
        moved = engines.map_difference(page, poppler_page)
        assert moved < MAP_TOLERANCE, f"page {number}: {moved:.1%} of the ink differs"


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_every_page_of_the_seed_pdf_looks_the_same_in_every_engine(seed_pdf, engine):
    assert_engines_agree(seed_pdf.content, engine)


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_every_character_of_gb_2312_looks_the_same_in_every_engine(gb2312_pdf, engine):
    assert_engines_agree(gb2312_pdf, engine)
