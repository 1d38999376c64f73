"""A server process warms up when it starts, so that no reader waits for one-time costs."""

import gc
import logging
from io import BytesIO

import pytest
from pypdf import PdfReader

from portal.warmup import warm_up_process
from reports.pdf import fonts, render

from .conftest import squeeze


@pytest.fixture
def captured_pdfs(monkeypatch):
    pdfs = []
    original = render.write_pdf

    def capture(rendering):
        pdfs.append(original(rendering))
        return pdfs[-1]

    monkeypatch.setattr(render, "write_pdf", capture)
    return pdfs


def test_process_warm_up_renders_a_made_up_report_without_the_database(captured_pdfs):
    # No django_db mark: any query would fail the test. A server process starts with this.
    try:
        timings = warm_up_process()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert set(timings) == {"search dictionary", "PDF rendering"}
    (pdf,) = captured_pdfs
    text = squeeze("".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages))
    assert "示例市2000年度法治政府建设情况报告" in text
    assert "示例正文" in text and "示例指标" in text


def test_warm_up_without_fonts_is_skipped_with_a_log_line(monkeypatch, settings, tmp_path, caplog):
    settings.PDF_FONT_DIR = tmp_path / "no-prepared-fonts"
    monkeypatch.setattr(fonts, "find_system_font", lambda role: None)
    with caplog.at_level(logging.ERROR, logger="reports.pdf.render"):
        assert render.warm_up() is None
    assert any("PDF warm-up skipped" in record.getMessage() for record in caplog.records)
