"""A new version of a report costs its layout, not work already done for the version before:
font subsets and large compressed streams are made once, and the garbage collector pauses."""

import dataclasses
import gc
import zlib
from io import BytesIO

import pytest
from pypdf import PdfReader

from reports.pdf import compression, render, subsets
from reports.pdf.document import Block, Run, warm_up_document

from .conftest import squeeze


def embedded_font_programs(pdf: bytes) -> dict[str, bytes]:
    """Each embedded font's name (without its subset tag) and its program, decompressed."""
    programs = {}
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            for key in ("/FontFile3", "/FontFile2", "/FontFile"):
                if key in descriptor:
                    name = str(font["/BaseFont"]).split("+", 1)[-1]
                    programs[name] = descriptor[key].get_object().get_data()
    return programs


def with_body_text(text: str):
    document = warm_up_document()
    blocks = [*document.blocks, Block("paragraph", [Run(text)])]
    return dataclasses.replace(document, blocks=blocks)


def test_same_characters_again_reuse_the_font_subsets_with_the_same_glyphs():
    first = render.render_print_document(with_body_text("合成测试段落甲。"))
    before = dict(subsets.statistics)
    # Different text, the same characters: every face gets the subset made for the first.
    second = render.render_print_document(with_body_text("甲段落测试合成。"))
    assert subsets.statistics["reused"] > before["reused"]
    assert subsets.statistics["made"] == before["made"]
    programs = embedded_font_programs(first)
    assert len(programs) >= 3
    assert embedded_font_programs(second) == programs
    text = squeeze("".join(page.extract_text() for page in PdfReader(BytesIO(second)).pages))
    assert "甲段落测试合成。" in text


def test_a_new_character_gets_a_new_subset_that_draws_it():
    render.render_print_document(with_body_text("合成测试段落乙。"))
    before = dict(subsets.statistics)
    pdf = render.render_print_document(with_body_text("合成测试段落乙丙。"))
    assert subsets.statistics["made"] > before["made"]
    text = squeeze("".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages))
    assert "合成测试段落乙丙。" in text


def test_large_streams_are_compressed_once_and_decode_to_their_input():
    large = bytes(range(256)) * 512  # 128 KB, as a font subset
    first = compression.compressed(large)
    assert zlib.decompress(first) == large
    assert compression.compressed(bytes(large)) is first
    small = b"BT /F1 16 Tf (synthetic) Tj ET"
    assert zlib.decompress(compression.compressed(small)) == small


def test_kept_streams_stay_within_their_memory_budget(monkeypatch):
    monkeypatch.setattr(compression, "KEPT_BYTES", 600 * 1024)
    streams = [bytes([n]) * 200 * 1024 for n in range(8)]  # 200 KB each, synthetic
    for data in streams:
        assert zlib.decompress(compression.compressed(data)) == data
    kept = sum(len(data) + len(out) for data, out in compression._compressed.items())
    assert kept == compression._kept_bytes <= 600 * 1024
    assert streams[-1] in compression._compressed and streams[0] not in compression._compressed


def test_rendering_pauses_the_garbage_collector_and_restores_it_after_a_failure(monkeypatch):
    seen = []

    def failing_render(self, *args, **kwargs):
        seen.append(gc.isenabled())
        raise RuntimeError("synthetic layout failure")

    monkeypatch.setattr(render.weasyprint.HTML, "render", failing_render)
    assert gc.isenabled()
    with pytest.raises(RuntimeError, match="synthetic layout failure"):
        render.render_print_document(warm_up_document())
    assert seen == [False]
    assert gc.isenabled()
