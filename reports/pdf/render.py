"""Rendering a report to PDF bytes with WeasyPrint, from the print template of its own."""

import gc
import hashlib
import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

import weasyprint
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetchingError

from reports.models import AnnualReport

from . import footnotes, justification, subsets, tagging
from .compression import use_default_compression_level
from .document import PrintDocument, build_document, warm_up_document
from .fonts import (
    ROLES,
    FontUnavailable,
    ResolvedFonts,
    prepared_fonts,
    prepared_fonts_version,
    read_manifest,
    resolve_fonts,
)

logger = logging.getLogger(__name__)

use_default_compression_level()
tagging.install()
justification.install()
footnotes.install()
subsets.install()

# Bump when rendering changes in a way the HTML does not show (e.g. WeasyPrint options).
RENDERER_VERSION = "4"  # 3: tagging of reports.pdf.tagging; 4: inter-character justification
TEMPLATE = "reports/pdf/report.html"
# Tagged PDF for screen readers (PDF/UA-1); WeasyPrint 70 produces it cleanly for this template.
PDF_VARIANT = "pdf/ua-1"


def draft_mark() -> str:
    return _("草稿（未发布）")  # full-width, as everything the PDF prints


@dataclass
class PreparedRendering:
    """Everything needed to render, and the version that names the result."""

    document: PrintDocument
    html: str
    fonts: ResolvedFonts
    version: str

    @property
    def file_name(self) -> str:
        return self.document.file_name


def _html(document: PrintDocument, fonts: ResolvedFonts | None) -> str:
    families = fonts.families if fonts else {role.key: role.key for role in ROLES}
    stacks = fonts.stacks if fonts else {role.key: f'"{role.key}"' for role in ROLES}
    with translation.override("zh-hans"):
        return render_to_string(
            TEMPLATE,
            {
                "doc": document,
                "report": document.report,
                "font_css": fonts.css if fonts else "",
                "families": families,
                "stacks": stacks,
                "draft_mark": draft_mark(),
            },
        )


def prepare(report: AnnualReport, draft: bool = False) -> PreparedRendering:
    """Build the print HTML and check its fonts; FontUnavailable when a glyph would be missing.

    The version is a hash of the HTML (which holds every word and number printed, and the
    font files used) with the renderer's own versions: the PDF changes exactly when it does.
    """
    with translation.override("zh-hans"):
        document = build_document(report, draft=draft)
    # Only the font rules depend on the fonts, not the text to check: the HTML is made once
    # with the prepared fonts, and again only when they do not cover it.
    expected = prepared_fonts()
    html = _html(document, expected)
    fonts = resolve_fonts(html)
    if fonts != expected:
        html = _html(document, fonts)
    digest = hashlib.sha256()
    for part in (RENDERER_VERSION, weasyprint.__version__, prepared_fonts_version(), html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return PreparedRendering(document, html, fonts, digest.hexdigest()[:24])


class FontFileFetcher(URLFetcher):
    """Fetches the rendering's own font files and nothing else (the template needs no more)."""

    def __init__(self, allowed: set[str]):
        super().__init__(allowed_protocols={"file"})
        self._allowed = allowed

    def fetch(self, url, headers=None):
        if url not in self._allowed:
            raise URLFetchingError(f"not fetched: {url}")
        return super().fetch(url, headers)


# One font configuration per process and set of fonts: WeasyPrint then loads the prepared
# font files once instead of copying them into every rendering. Pango's font map is not meant
# for concurrent use, so renderings of one process take turns (they are rare: once a version).
_render_lock = threading.Lock()
_font_configs: dict[frozenset, FontConfiguration] = {}
# The print stylesheet, parsed once per process and text (public or draft, and fonts): about
# 25 ms of every rendering otherwise. WeasyPrint's CSS objects are made to be reused.
_stylesheets: dict[str, weasyprint.CSS] = {}
STYLESHEETS_KEPT = 8


def _font_config(fonts: ResolvedFonts) -> FontConfiguration:
    key = frozenset(fonts.allowed_urls()) if fonts.prepared else frozenset()
    if key not in _font_configs:
        _font_configs.clear()
        _stylesheets.clear()  # their @font-face rules belong to the old configuration
        subsets.forget()  # made from the old configuration's faces
        _font_configs[key] = FontConfiguration()
    return _font_configs[key]


def _without_stylesheet(html: str) -> tuple[str, str]:
    """The print HTML without its <style> element, and that element's text."""
    start = html.index("<style>")
    end = html.index("</style>", start)
    return html[:start] + html[end + len("</style>") :], html[start + len("<style>") : end]


def _stylesheet(css: str, font_config: FontConfiguration, fetcher) -> weasyprint.CSS:
    if css not in _stylesheets:
        if len(_stylesheets) >= STYLESHEETS_KEPT:
            _stylesheets.clear()
        _stylesheets[css] = weasyprint.CSS(string=css, url_fetcher=fetcher, font_config=font_config)
    return _stylesheets[css]


def write_pdf(rendering: PreparedRendering) -> bytes:
    if not rendering.fonts.prepared and read_manifest() is not None:
        logger.info("PDF of %s rendered with the complete system fonts", rendering.file_name)
    fetcher = FontFileFetcher(rendering.fonts.allowed_urls())
    options = {"pdf_variant": PDF_VARIANT, "uncompressed_pdf": False}
    html, css = _without_stylesheet(rendering.html)
    with _render_lock, _no_garbage_collection():
        font_config = _font_config(rendering.fonts)
        stylesheets = [_stylesheet(css, font_config, fetcher)]
        document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(
            stylesheets=stylesheets, font_config=font_config, **options
        )
        if _publication_block_on_odd_page(document):
            # The text ended on an even page without room for the 版记, which WeasyPrint then
            # set on the odd page after it: start it on the next even page instead (a blank
            # page between), as GB/T 9704 places the 版记 on the back of the last sheet.
            html = html.replace(PUBLICATION_CALL, f"{PUBLICATION_CALL} on-next-sheet", 1)
            document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(
                stylesheets=stylesheets, font_config=font_config, **options
            )
        return document.write_pdf(**options)


PUBLICATION_CALL = 'class="publication-call'


@contextmanager
def _no_garbage_collection():
    """The cyclic garbage collector paused for one rendering.

    WeasyPrint makes hundreds of thousands of short-lived objects (boxes, styles, cffi
    pointers) in a rendering; each 700 of them start a collection, about a tenth of the
    rendering's time, that finds next to nothing until the rendering's boxes are dropped as a
    whole. Reference counting frees what it can as before, and the next collection after the
    rendering takes what is left.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _publication_block_on_odd_page(document) -> bool:
    for number, page in enumerate(document.pages, start=1):
        if "publication" in page.anchors:
            return number % 2 == 1
    return False


def render_report_pdf(report: AnnualReport, draft: bool = False) -> bytes:
    return write_pdf(prepare(report, draft=draft))


def render_print_document(document: PrintDocument) -> bytes:
    """Render a document that is not (or not only) in the database: the warm-up, font checks."""
    with translation.override("zh-hans"):
        fonts = resolve_fonts(_html(document, None))
        html = _html(document, fonts)
    return write_pdf(PreparedRendering(document, html, fonts, "unsaved"))


def warm_up() -> float | None:
    """Render a small synthetic document once; the seconds it took, or None if it could not.

    A process's first rendering otherwise pays one-time costs on top of the layout (about
    0.2 s here): cffi parsing the C types WeasyPrint uses, loading the prepared fonts into the
    process's font configuration, HarfBuzz's first subsetting. A server process calls this
    when it starts (``portal/wsgi.py``), so that no reader waits for them.
    """
    started = time.perf_counter()
    with translation.override("zh-hans"):
        document = warm_up_document()
    try:
        render_print_document(document)
    except FontUnavailable as error:
        logger.error("PDF warm-up skipped: %s", error)
        return None
    return time.perf_counter() - started
