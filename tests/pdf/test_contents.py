"""What the PDF says beyond the report text: key figures against last year, the 索引号."""

import threading
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from reports.models import AnnualReport, IndicatorCategory, IndicatorDefinition, IndicatorValue
from reports.pdf import receivers
from reports.pdf.render import render_report_pdf

from ..factories import make_short_report
from .conftest import squeeze

pytestmark = pytest.mark.django_db


def pdf_pages(report) -> list[str]:
    reader = PdfReader(BytesIO(render_report_pdf(report)))
    return [squeeze(page.extract_text()) for page in reader.pages]


def headline(code, name, unit):
    category, _ = IndicatorCategory.objects.get_or_create(
        code="test", defaults={"name": "测试类别"}
    )
    return IndicatorDefinition.objects.create(
        code=code, name=name, unit=unit, category=category, is_headline=True
    )


def test_key_figures_compare_with_the_previous_published_year():
    cases = headline("test.cases", "测试案件", "件")
    people = headline("test.people", "测试人员", "人")
    last_year, this_year = make_short_report(year=2030), make_short_report(year=2031)
    IndicatorValue.objects.create(report=last_year, definition=cases, value=Decimal("40"))
    IndicatorValue.objects.create(report=this_year, definition=cases, value=Decimal("50"))
    IndicatorValue.objects.create(report=this_year, definition=people, value=Decimal("7"))
    key_figures = pdf_pages(this_year)[2]
    assert "主要指标" in key_figures and "2031年" in key_figures and "2030年" in key_figures
    assert "测试案件50件40件比上年增加10件(25%)" in key_figures
    assert "测试人员7人—无上年数据" in key_figures


def test_a_draft_year_is_not_a_previous_year_and_a_first_report_says_so():
    cases = headline("test.cases", "测试案件", "件")
    draft = make_short_report(year=2030, status="draft")
    IndicatorValue.objects.create(report=draft, definition=cases, value=Decimal("99"))
    report = make_short_report(year=2031)
    IndicatorValue.objects.create(report=report, definition=cases, value=Decimal("50"))
    key_figures = pdf_pages(report)[2]
    assert "2030年" not in key_figures and "99" not in key_figures
    assert "此前无已发布的年度报告，不作同比。" in key_figures


def test_index_number_is_printed_when_the_report_has_one():
    report = make_short_report(index_number="TEST-000/2031-00001")
    assert "索引号：TEST-000/2031-00001" in pdf_pages(report)[-1]


def test_user_text_is_escaped_not_interpreted():
    from reports.pdf.punctuation import full_width_punctuation

    preamble = '<b>不是粗体</b><link rel="stylesheet" href="http://x/">&amp;'
    report = make_short_report(preamble=preamble)
    text = "".join(pdf_pages(report))
    # Printed as written (with the print version's full-width ; at the end of Chinese text).
    assert squeeze(full_width_punctuation(preamble)) in text
    assert '<b>不是粗体</b><linkrel="stylesheet"href="http://x/">&amp' in text


def test_render_ahead_coalesces_a_burst_of_changes(monkeypatch, settings):
    settings.PDF_RENDER_AHEAD = "thread"
    monkeypatch.setattr(receivers, "DEBOUNCE_SECONDS", 0.05)
    done, calls = threading.Event(), []

    def refresh(report_id):
        calls.append(report_id)
        done.set()

    monkeypatch.setattr(receivers, "refresh_report_pdf", refresh)
    report = AnnualReport(pk=987, year=2031, status="published")
    for _ in range(20):  # an import sends the signal once per section
        receivers.on_report_changed(AnnualReport, report=report)
    worker = receivers._worker
    assert done.wait(5)
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert calls == [987]
