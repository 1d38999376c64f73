"""What the report page says about its PDF download: the stored file's size and page count.

Only a PDF that has been rendered and stored is described; before that the page links the PDF
without figures rather than guess them. Facts are read once per stored version (its name holds
the version) and kept in the shared cache; ``reports.signals.pdf_stored`` tells the public pages to refresh
when a new public version is stored.
"""

from dataclasses import dataclass

from pypdf import PdfReader

from reports import sharedcache

from . import store

FACTS_CACHE_SECONDS = 30 * 24 * 3600


@dataclass(frozen=True)
class PdfFacts:
    size: int  # bytes
    pages: int


def current_public_name(year: int) -> str | None:
    """The stored public PDF of the year, when exactly one is stored (while a new version is
    being stored two may be, and which is current is not known without rendering)."""
    try:
        _, files = store.pdf_storage().listdir(str(year))
    except FileNotFoundError:
        return None
    prefix = store.kind_of(draft=False) + "-"
    names = [f for f in files if f.startswith(prefix) and f.endswith(".pdf")]
    return f"{year}/{names[0]}" if len(names) == 1 else None


def published_pdf_facts(year: int) -> PdfFacts | None:
    name = current_public_name(year)
    if name is None:
        return None
    key = f"reports-pdf-facts:{name}"
    facts = sharedcache.call("get", key)
    if facts is None:
        storage = store.pdf_storage()
        try:
            with storage.open(name, "rb") as file:
                pages = len(PdfReader(file).pages)
            facts = PdfFacts(size=storage.size(name), pages=pages)
        except FileNotFoundError:  # replaced by a newer version meanwhile
            return None
        sharedcache.call("set", key, facts, FACTS_CACHE_SECONDS)
    return facts
