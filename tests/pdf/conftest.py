"""Fixtures of the PDF tests: the seed report rendered once per module, synthetic reports."""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from io import BytesIO

import pytest
from django.db import transaction
from pypdf import PdfReader

from reports.models import AnnualReport, Section

MM = 72 / 25.4
PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def width_in_characters(text: str) -> float:
    """Length in full-width characters: half-width digits and letters count a half."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in squeeze(text))


def report_text(report: AnnualReport) -> str:
    """What the report says, as stored: the text the PDF must reproduce."""
    sections = Section.objects.filter(report=report).in_document_order()
    return report.preamble + "".join(s.full_text for s in sections) + report.closing


@dataclass(eq=False)
class RenderedPdf:
    content: bytes
    expected_text: str
    section_count: int

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(BytesIO(self.content))

    @cache  # noqa: B019 - one rendering per module, kept for the module
    def page_texts(self) -> list[str]:
        return [page.extract_text() for page in self.reader.pages]


@pytest.fixture(autouse=True)
def pdf_settings(settings, tmp_path):
    settings.PDF_STORAGE_DIR = tmp_path / "pdf"
    settings.PDF_RENDER_AHEAD = "off"
    settings.PDF_LOCK = "file"
    return settings


@pytest.fixture(scope="module")
def seed_pdf(seed_snapshot, django_db_blocker) -> RenderedPdf:
    """The seed report's public PDF, rendered once for the module; the database is rolled back."""
    from reports.pdf.render import render_report_pdf

    from .. import seed_snapshot as snapshots

    with django_db_blocker.unblock(), transaction.atomic():
        snapshots.restore(seed_snapshot)
        report = AnnualReport.objects.get(pk=seed_snapshot.report_pk)
        rendered = RenderedPdf(
            content=render_report_pdf(report),
            expected_text=report_text(report),
            section_count=Section.objects.filter(report=report).count(),
        )
        transaction.set_rollback(True)
    return rendered
