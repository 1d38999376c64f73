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
    """What the report says, as stored, with the print version's full-width punctuation: the
    text the PDF must reproduce."""
    from reports.pdf.punctuation import full_width_punctuation

    sections = Section.objects.filter(report=report).in_document_order()
    text = report.preamble + "\n" + "\n".join(s.full_text for s in sections) + "\n" + report.closing
    return "\n".join(full_width_punctuation(line.strip()) for line in text.splitlines())


def stored_text(report: AnnualReport) -> str:
    """What the report says, word for word as stored (and on the web page)."""
    sections = Section.objects.filter(report=report).in_document_order()
    return report.preamble + "".join(s.full_text for s in sections) + report.closing


@dataclass(eq=False)
class RenderedPdf:
    content: bytes
    expected_text: str
    section_count: int
    stored_text: str = ""

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
            stored_text=stored_text(report),
        )
        transaction.set_rollback(True)
    return rendered


def gb2312_and_punctuation() -> str:
    """Every character of GB 2312 (汉字 and symbols) and the punctuation the body's faces have
    (of the ranges the fonts are prepared with, they lack a few rare marks such as ‗)."""
    from reports.pdf.charset import base_characters, drawn_characters
    from reports.pdf.fonts import body_characters, read_manifest

    manifest = read_manifest()
    assert manifest is not None, "the PDF fonts are not prepared: run scripts/setup.sh"
    body = body_characters(manifest)
    # The vertical kana repeat marks 〳〴〵 exist to be ligated with each other: set side by
    # side they become one glyph, whose text is the first.
    halves = set("\u3033\u3034\u3035")
    return "".join(sorted(drawn_characters("".join(base_characters())) & body - halves))


@pytest.fixture(scope="session")
def gb2312_pdf() -> bytes:
    """A synthetic report whose body holds every character of GB 2312 and the punctuation,
    and whose title and headings hold every 16th of them (their fonts are prepared the same
    way), rendered once for the test session (no database needed)."""
    from reports.models import AnnualReport
    from reports.pdf.document import Block, ContentsEntry, PrintDocument, Run
    from reports.pdf.render import render_print_document

    characters = gb2312_and_punctuation()
    sample = characters[::16]
    lines = [characters[start : start + 560] for start in range(0, len(characters), 560)]
    report = AnnualReport(
        year=2099,
        title=f"测试市{sample}",
        government="测试市人民政府",
        issuing_office="测试市司法局",
    )
    chapter = Run(f"一、{sample}", anchor="chapter", bookmark_level=1)
    measure = Run(f"(一){sample}", "heading-2", "measure", bookmark_level=2)
    document = PrintDocument(
        report=report,
        draft=False,
        blocks=[
            Block("heading", [chapter], 1, "chapter"),
            Block("paragraph", [measure], 2, "measure"),
            *(Block("paragraph", [Run(text)]) for text in lines),
        ],
        contents=[ContentsEntry("一、测试章节", "chapter", 1)],
        key_figures=[],
        previous_year=None,
        preamble=[],
        closing=[],
        published_date="2099年1月1日",
        change_notes=[],
    )
    return render_print_document(document)
