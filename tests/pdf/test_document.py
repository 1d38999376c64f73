"""The seed report's PDF as a reader sees it: every character, fonts, page geometry, outline."""

import re
from io import BytesIO

import pytest
from fontTools.ttLib import TTFont

from reports.pdf.charset import drawn_characters

from .conftest import MM, PAGE_NUMBER, squeeze, width_in_characters

# Database access is what makes pytest-django set up the test database for the module fixture.
pytestmark = pytest.mark.django_db

A4 = (210 * MM, 297 * MM)
FORBIDDEN_LINE_STARTS = set(",。、;:?!)》」』】〕〉”’,.;:?!)")
FONT_FAMILIES = {"GovBody", "GovSong", "GovTitle-Bold", "GovHei", "GovKai"}
# Without prepared fonts: the Fandol files by @font-face, the Noto fonts by their names.
SYSTEM_FAMILIES = {
    "GovBody",
    "Noto-Serif-CJK-SC",
    "Noto-Serif-CJK-SC-Bold",
    "Noto-Sans-CJK-SC",
    "GovKai",
}


def body_pages(pdf):
    """Physical pages of the report text: after the cover, contents and key figures."""
    texts = pdf.page_texts()
    first = next(
        i for i, text in enumerate(texts) if squeeze(pdf.expected_text)[:20] in squeeze(text)
    )
    return list(range(first, len(texts)))


def embedded_fonts(reader):
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
            fonts[str(font["/BaseFont"])] = program.get_object().get_data() if program else None
    return fonts


def test_every_character_of_the_report_is_in_the_pdf_text_in_order(seed_pdf):
    text = squeeze(PAGE_NUMBER.sub("", "".join(seed_pdf.page_texts())))
    expected = squeeze(seed_pdf.expected_text)
    assert len(expected) > 5000
    assert expected in text
    assert "\ufffd" not in text


def test_every_character_is_drawn_with_a_real_glyph_of_an_embedded_font(seed_pdf):
    fonts = embedded_fonts(seed_pdf.reader)
    assert all(program is not None for program in fonts.values()), "a font is not embedded"
    covered = set()
    for name, program in fonts.items():
        with TTFont(BytesIO(program)) as font:
            assert "cmap" in font, name
            covered |= {chr(code) for code in font.getBestCmap()}
    missing = drawn_characters(seed_pdf.expected_text) - covered
    assert not missing, f"drawn without a glyph: {''.join(sorted(missing))}"


def test_only_the_official_stand_in_fonts_are_used(seed_pdf):
    names = {name.split("+", 1)[1] for name in embedded_fonts(seed_pdf.reader)}
    # Prepared fonts carry the stylesheet's names; without them the system fonts are used.
    assert names <= FONT_FAMILIES or names <= SYSTEM_FAMILIES, names
    assert len(names) == 5, names


def test_pages_are_a4_with_the_text_block_of_gb_t_9704(seed_pdf):
    reader = seed_pdf.reader
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=0.5)
    lefts, rights, tops, bottoms = [], [], [], []
    for index in body_pages(seed_pdf)[:-1]:

        def visit(text, cm, tm, font, size):
            if not text.strip() or PAGE_NUMBER.fullmatch(text.strip()):
                return
            scale = cm[0]
            x, baseline = tm[4] * scale, tm[5] * scale  # from the top-left corner, in pt
            lefts.append(x)
            # Full-width characters advance 156 mm / 28 each (the letter-spacing included).
            rights.append(x + width_in_characters(text) * 156 * MM / 28)
            tops.append(baseline - size * scale)
            bottoms.append(baseline)

        reader.pages[index].extract_text(visitor_text=visit)
    assert min(lefts) == pytest.approx(28 * MM, abs=1), "binding margin is 28 mm"
    # Widths are estimated from character counts (quotes and dashes vary): 3 mm of leeway.
    assert max(rights) <= (28 + 156 + 3) * MM, "text block is 156 mm wide"
    assert max(rights) >= (28 + 156 - 3) * MM, "lines fill the text block"
    assert min(tops) >= 37 * MM - 2, "top margin is 37 mm"
    assert max(bottoms) <= (37 + 225) * MM + 2, "text block is 225 mm high"


def test_about_22_lines_of_about_28_characters_on_a_full_page(seed_pdf):
    page = seed_pdf.reader.pages[body_pages(seed_pdf)[1]]
    lines = [
        line for line in page.extract_text().splitlines() if not PAGE_NUMBER.fullmatch(line.strip())
    ]
    assert 21 <= len(lines) <= 23
    widths = [width_in_characters(line) for line in lines]
    assert max(widths) <= 28.5
    assert sum(1 for width in widths if width >= 26) >= 15, "most lines are full"


def test_no_line_begins_with_closing_punctuation(seed_pdf):
    for index in body_pages(seed_pdf):
        for line in seed_pdf.reader.pages[index].extract_text().splitlines():
            line = line.strip()
            assert not line or line[0] not in FORBIDDEN_LINE_STARTS, line


def test_page_numbers_alternate_right_and_left_and_start_at_the_key_figures(seed_pdf):
    reader = seed_pdf.reader
    texts = seed_pdf.page_texts()
    assert not PAGE_NUMBER.search(texts[0]), "the cover has no page number"
    assert not PAGE_NUMBER.search(texts[1]), "the contents page has no page number"
    key_figures = next(
        i for i, text in enumerate(texts) if "主要指标" in text and "指标" in text and i > 1
    )
    numbers = {}
    for index in range(key_figures, len(texts)):

        def visit(text, cm, tm, font, size, index=index):
            if PAGE_NUMBER.fullmatch(text.strip()):
                numbers[index] = (int(re.sub(r"\D", "", text)), tm[4] * cm[0])

        reader.pages[index].extract_text(visitor_text=visit)
    assert numbers[key_figures][0] == 1
    for index, (number, x) in numbers.items():
        assert number == index - key_figures + 1
        if number % 2:
            assert x > 105 * MM, f"odd page {number} is numbered on the right"
        else:
            assert x < 105 * MM, f"even page {number} is numbered on the left"


def test_bookmarks_for_every_chapter_and_section(seed_pdf):
    outline = seed_pdf.reader.outline
    top = [item["/Title"] for item in outline if not isinstance(item, list)]
    assert top[:3] == ["目录", "主要指标", "五常市2017年度法治政府建设情况报告"]
    assert top[-1] == "发布信息"
    chapters = [title for title in top if re.match(r"^[一二三四五六七八]、", title)]
    assert len(chapters) == 8

    def count(items):
        return sum(count(item) if isinstance(item, list) else 1 for item in items)

    assert count(outline) == 4 + seed_pdf.section_count
    measures = [item for item in outline if isinstance(item, list)]
    assert [len([m for m in group if not isinstance(m, list)]) for group in measures] == [
        5,
        5,
        2,
        6,
        4,
        3,
        3,
        4,
    ]
    assert measures[-1][-1][0]["/Title"].startswith("一是")


def test_metadata_and_language(seed_pdf):
    reader = seed_pdf.reader
    assert reader.metadata.title == "五常市2017年度法治政府建设情况报告"
    assert reader.metadata.author == "五常市人民政府"
    assert reader.metadata.subject == "五常市人民政府2017年度法治政府建设情况报告"
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_streams_are_compressed_at_zlibs_default_level(seed_pdf):
    from reports.pdf.compression import use_default_compression_level

    assert use_default_compression_level(), "pydyf changed: see reports/pdf/compression.py"
    # 522 KB since the body is FandolFang, whose glyphs' outlines are larger than Noto's and
    # compress little (its subset is about 300 KB of it); uncompressed, 1.3 MB.
    assert len(seed_pdf.content) < 600 * 1024
    contents = seed_pdf.reader.pages[3]["/Contents"]
    contents = contents[0] if isinstance(contents, list) else contents
    assert contents.get_object()["/Filter"] == "/FlateDecode"


def test_cover_contents_key_figures_and_publication_block(seed_pdf):
    texts = [squeeze(text) for text in seed_pdf.page_texts()]
    assert (
        "五常市人民政府" in texts[0] and "市政府法制办" in texts[0] and "2018年1月15日" in texts[0]
    )
    assert texts[1].startswith("目录")
    assert re.search(r"一、法治政府建设的组织领导和推进保障\.+\d+", texts[1])
    assert "行政审批事项232项" in texts[2] and "调解员448人" in texts[2]
    assert "发布机构：市政府法制办" in texts[-1] and "发布日期：2018年1月15日" in texts[-1]
    assert "索引号" not in "".join(texts), "the seed has no 索引号: none is invented"


def test_tagged_for_accessibility_as_pdf_ua_1(seed_pdf):
    root = seed_pdf.reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp
