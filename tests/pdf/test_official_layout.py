"""The seed's PDF measured as a reader of official documents looks at it (GB/T 9704-2012):
the body's fonts, a flush right edge, the page number's place, the 落款 and the 版记.

Positions come from PDFium's character boxes (pypdfium2): the loose box of a character is its
cell (origin to advance), the tight box its ink. PDF coordinates start at the page's lower
left corner, in points; characters are grouped into lines by their origins.
"""

import ctypes
from dataclasses import dataclass
from functools import cache
from io import BytesIO

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from fontTools.ttLib import TTFont

from .conftest import MM, squeeze

pytestmark = pytest.mark.django_db

LEFT = 28 * MM  # 订口: the text block's left edge
RIGHT = (28 + 156) * MM  # its right edge
BLOCK_BOTTOM = 35 * MM  # its lower edge, from the foot of the page
BODY_SIZE = 16  # 3号
PAGE_NUMBER_SIZE = 14  # 4号


@dataclass
class Line:
    page: int  # 1-based, physical
    text: str
    left: float
    right: float
    bottom: float


@dataclass
class Character:
    text: str
    baseline: float  # the character's origin: its line
    loose: tuple[float, float, float, float]  # left, bottom, right, top
    tight: tuple[float, float, float, float]


@cache
def characters(content: bytes) -> list[list[Character]]:
    document = pypdfium2.PdfDocument(content)
    pages = []
    for page in document:
        text_page = page.get_textpage()
        found = []
        for index in range(text_page.count_chars()):
            text = text_page.get_text_range(index, 1)
            if not text.strip():
                continue
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(text_page.raw, index, x, y)
            found.append(
                Character(
                    text,
                    y.value,
                    text_page.get_charbox(index, loose=True),
                    text_page.get_charbox(index, loose=False),
                )
            )
        pages.append(found)
    return pages


def lines_of(content: bytes, page: int) -> list[Line]:
    """The lines of text of a page, top to bottom (characters grouped by their cell)."""
    rows: dict[int, list[Character]] = {}
    for character in characters(content)[page - 1]:
        rows.setdefault(round(character.baseline), []).append(character)
    lines = []
    for bottom in sorted(rows, reverse=True):
        row = sorted(rows[bottom], key=lambda c: c.loose[0])
        lines.append(
            Line(
                page,
                "".join(c.text for c in row),
                min(c.loose[0] for c in row),
                max(c.loose[2] for c in row),
                bottom,
            )
        )
    return lines


def text_pages(pdf) -> range:
    """Physical page numbers of the report's text: from its title to its last paragraph."""
    texts = [squeeze(text) for text in pdf.page_texts()]
    first = next(i for i, text in enumerate(texts) if squeeze(pdf.expected_text)[:20] in text)
    last = max(i for i, text in enumerate(texts) if squeeze(pdf.expected_text)[-20:] in text)
    return range(first + 1, last + 2)


def body_lines(pdf) -> list[Line]:
    """Every line of the text in reading order, without the page numbers."""
    return [
        line
        for page in text_pages(pdf)
        for line in lines_of(pdf.content, page)
        if line.bottom > BLOCK_BOTTOM - 2
    ]


def test_every_line_but_a_paragraphs_last_ends_at_the_right_edge(seed_pdf):
    lines = body_lines(seed_pdf)
    # Paragraphs and headings open with a 2-character indent: a line followed by one that
    # starts at the left edge is not its paragraph's last.
    full = [
        line
        for line, following in zip(lines, lines[1:], strict=False)
        if abs(following.left - LEFT) < 0.5 * MM
    ]
    assert len(full) > 150, len(full)
    short = [
        f"p.{line.page} {(RIGHT - line.right) / MM:+.2f} mm: {line.text[-12:]}"
        for line in full
        if abs(line.right - RIGHT) > 0.5 * MM
    ]
    assert not short, "\n".join(short)
    assert all(abs(line.left - LEFT) < 0.5 * MM or line.left > LEFT for line in lines)


def test_half_width_punctuation_of_the_text_is_full_width_in_print_only(seed_pdf):
    # pypdf reads the text through the PDF's /ToUnicode (PDFium folds full-width forms).
    printed = squeeze("".join(seed_pdf.page_texts()[page - 1] for page in text_pages(seed_pdf)))
    # The web text (the seed as stored) has hundreds of half-width marks ...
    assert sum(seed_pdf.stored_text.count(mark) for mark in ",;:()") > 100
    # ... which the print version sets full-width; numbers keep theirs.
    assert not [mark for mark in ",;()" if mark in printed], printed
    assert printed.count("\uff0c") > 100  # ,


def page_number_marks(pdf) -> dict[int, list[Character]]:
    """The characters below the text block of each page: its page number "— N —"."""
    found = {}
    for page, page_characters in enumerate(characters(pdf.content), start=1):
        below = [c for c in page_characters if c.loose[3] < BLOCK_BOTTOM]
        if below:
            found[page] = sorted(below, key=lambda c: c.loose[0])
    return found


def test_page_number_7_mm_below_the_text_block_one_character_in(seed_pdf):
    marks = page_number_marks(seed_pdf)
    assert len(marks) >= 10
    for page, row in marks.items():
        text = "".join(c.text for c in row)
        assert text.startswith("—") and text.endswith("—"), text
        number = int(text.strip("—"))
        for dash in (row[0], row[-1]):
            middle = (dash.tight[1] + dash.tight[3]) / 2
            below = (BLOCK_BOTTOM - middle) / MM
            assert below == pytest.approx(7, abs=0.3), f"p.{page}: the dash is {below:.2f} mm below"
        if number % 2:
            inset = (RIGHT - row[-1].loose[2]) / PAGE_NUMBER_SIZE
        else:
            inset = (row[0].loose[0] - LEFT) / PAGE_NUMBER_SIZE
        assert inset == pytest.approx(1, abs=0.1), f"page {number}: {inset:.2f} characters in"
        assert (page % 2 == 1) == (number % 2 == 1), "odd numbers are on odd (right) pages"


def font_family(reader, font) -> str:
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    program = descriptor["/FontFile3"].get_object().get_data()
    with TTFont(BytesIO(program)) as parsed:
        # FandolFang calls its regular face's family "FandolFang R" (name ID 1).
        return parsed["name"].getBestFamilyName().removesuffix(" R")


def drawn_in(pdf, page: int) -> dict[str, str]:
    """The text of a page by the family of the font that draws it."""
    by_family: dict[str, str] = {}
    reader = pdf.reader

    def visit(text, cm, tm, font, size):
        if font is not None and text.strip():
            family = font_family(reader, font)
            by_family[family] = by_family.get(family, "") + text

    reader.pages[page - 1].extract_text(visitor_text=visit)
    return by_family


def test_body_in_fandol_fang_level_2_headings_in_fandol_kai(seed_pdf):
    page = text_pages(seed_pdf)[1]
    fonts = drawn_in(seed_pdf, page)
    body = squeeze(fonts.get("FandolFang", ""))
    assert len(body) > 400, fonts.keys()
    # What is not FandolFang on a page of text: the 黑体 chapter headings, the 楷体 measures'
    # lead sentences and the 宋体 page number.
    assert set(fonts) <= {"FandolFang", "FandolKai", "Noto Sans CJK SC", "Noto Serif CJK SC"}
    assert len(body) > 0.7 * sum(len(squeeze(text)) for text in fonts.values())
    all_fonts: dict[str, str] = {}
    for number in text_pages(seed_pdf):
        for family, text in drawn_in(seed_pdf, number).items():
            all_fonts[family] = all_fonts.get(family, "") + text
    assert "1.加强法治政府建设的组织领导" in squeeze(all_fonts["FandolKai"])
    assert "一、法治政府建设的组织领导和推进保障" in squeeze(all_fonts["Noto Sans CJK SC"])
    assert "—" in all_fonts["Noto Serif CJK SC"], "page numbers in 宋体"


def test_closing_right_aligned_below_the_text(seed_pdf):
    """The seed has no 落款 of its own: the 发布主体 and the publication date stand in."""
    lines = body_lines(seed_pdf)
    signature = next(line for line in lines if line.text == "五常市人民政府")
    date = lines[lines.index(signature) + 1]
    assert date.text == "2018年1月15日"
    assert lines[-1] == date, "the closing ends the text"
    two = 2 * BODY_SIZE
    # The date ends 2 characters in from the right; the signature starts 2 characters to the
    # left of the date (the date is the longer).
    assert RIGHT - date.right == pytest.approx(two, abs=0.5 * MM)
    assert date.left - signature.left == pytest.approx(two, abs=0.5 * MM)
    before = lines[lines.index(signature) - 1]
    assert before.bottom - signature.bottom == pytest.approx(2 * 28.95, abs=1), "a blank line"


def test_publication_block_at_the_foot_of_an_even_last_page(seed_pdf):
    pages = len(characters(seed_pdf.content))
    assert pages % 2 == 0, "the last page is the back of a sheet"
    last = lines_of(seed_pdf.content, pages)
    assert any(line.text.startswith("发布机构") for line in last)
    block = [line for line in last if line.bottom > BLOCK_BOTTOM - 2]
    # Its last line's baseline: the row's lower half-leading, the padding and the rule below.
    assert BLOCK_BOTTOM < min(line.bottom for line in block) < BLOCK_BOTTOM + 8 * MM, (
        "the 版记 ends at the foot of the text block"
    )
    assert max(line.bottom for line in block) < 100 * MM, "nothing but the 版记 on the page"


def test_text_ending_on_a_full_even_page_gets_a_blank_page_and_no_numbers_on_either():
    """GB/T 9704 7.5: the 版记 goes on the back of a sheet; when a blank page has to come
    before it, neither the blank page nor the 版记's page is numbered."""
    import dataclasses
    import re

    from pypdf import PdfReader

    from reports.pdf.document import Block, Run, warm_up_document
    from reports.pdf.render import render_print_document

    from .conftest import PAGE_NUMBER

    def pages_with_lines(count):
        document = warm_up_document()
        lines = [Block("paragraph", [Run("测试" * 13)]) for _ in range(count)]
        document = dataclasses.replace(document, blocks=[*document.blocks, *lines])
        pdf = render_print_document(document)
        return [squeeze(page.extract_text()) for page in PdfReader(BytesIO(pdf)).pages]

    # One-line paragraphs, more each time, until the text fills an even page to its foot.
    for count in range(40, 64):
        pages = pages_with_lines(count)
        if PAGE_NUMBER.sub("", pages[-2]) == "":
            break
    else:
        pytest.fail("no text length from 40 to 63 lines ends on a full even page")
    assert len(pages) % 2 == 0, "the 版记 is on the back of a sheet"
    assert pages[-1].startswith("发布信息") and not PAGE_NUMBER.search(pages[-1])
    assert pages[-2] == "", "the blank page: no text, no page number"
    text_end = pages[-3]
    assert text_end.endswith("—"), "the text's last page keeps its number"
    number = int(re.findall(r"—(\d+)—", text_end)[-1])
    assert number % 2 == 0, "the text ends on an even page"
    # A few lines fewer: the 版记 fits at the foot of the text's last page, numbered as before.
    fewer = pages_with_lines(count - 3)
    assert "发布信息" in fewer[-1] and PAGE_NUMBER.search(fewer[-1])
