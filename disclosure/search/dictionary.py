"""The user dictionary: words jieba must cut as one, taken from the published reports and the
office's own tables, so that 双随机一公开 or 法制办 is one word in the index and the query.

Its sources: terms the reports put in quotation marks (“三集中”, “五证合一、一照一码”), the
department names and their short forms (市政府法制办 → 法制办), and the terms of the synonym
table. The words are kept in the SearchIndexState row, which every process reads (state.py).
"""

import hashlib
import re

from reports.models import Department, ReportStatus, Section

from ..models import SearchSynonym
from . import state
from .normalise import normalise
from .segmentation import loaded_fingerprint, use_user_words

QUOTED = re.compile(r"[“\"「]([^”\"」]{2,40})[”\"」]")
LIST_MARKS = re.compile(r"[、,,;;/]+")
TERM = re.compile(r"^[\u3400-\u9fff0-9]{2,10}$")
# Prefixes a department name carries that citizens leave out (市政府法制办 → 法制办).
DEPARTMENT_PREFIXES = ("市人民政府", "市政府", "市")


def _terms_of(text: str) -> set[str]:
    found = set()
    for quoted in QUOTED.findall(text):
        for piece in LIST_MARKS.split(normalise(quoted)):
            if TERM.match(piece):
                found.add(piece)
    return found


def _short_forms(name: str) -> set[str]:
    name = normalise(name)
    forms = {name}
    for prefix in DEPARTMENT_PREFIXES:
        if name.startswith(prefix) and len(name) - len(prefix) >= 2:
            forms.add(name[len(prefix) :])
    return {form for form in forms if TERM.match(form)}


def collect_words() -> frozenset[str]:
    words: set[str] = set()
    texts = Section.objects.filter(report__status=ReportStatus.PUBLISHED).values_list(
        "title", "body"
    )
    for title, body in texts.iterator():
        words |= _terms_of(title) | _terms_of(body)
    for name in Department.objects.values_list("name", flat=True):
        words |= _short_forms(name)
    for target in SearchSynonym.objects.values_list("target", flat=True):
        target = normalise(target)
        if TERM.match(target):
            words.add(target)
    return frozenset(words)


def fingerprint_of(words: frozenset[str]) -> str:
    return hashlib.sha256("\n".join(sorted(words)).encode()).hexdigest()


def refresh() -> bool:
    """Recollect the words; store and load them when they changed. True when they changed
    (the whole index must then be cut again)."""
    words = collect_words()
    fingerprint = fingerprint_of(words)
    changed = state.current()[0] != fingerprint or not state.current()[1]
    if changed:
        state.save(words=words, fingerprint=fingerprint)
    use_user_words(words, fingerprint)
    return changed


def ensure_loaded() -> None:
    """Load the stored words into this process's jieba when another process changed them."""
    fingerprint = state.current()[0]
    if fingerprint != loaded_fingerprint():
        use_user_words(state.stored_words(), fingerprint)
