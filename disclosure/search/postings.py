"""The index as per-word postings, held in each process's memory and read again only when the
index changes (its version in SearchIndexState moves, read at most once a second: state.py).

A search then costs no scan of the index: each query word is looked up in a dict that gives the
entries holding it and how often, in the title and in the text. A one-character query (税)
looks through the vocabulary (a few thousand words) for the words holding it. Twenty years of
reports are some two thousand entries and a few megabytes; loading them takes a fraction of a
second: by each server process in the background once it starts (portal.warmup), and by the
first search after the index changed.
"""

import threading
from collections import Counter
from dataclasses import dataclass, field

from ..models import SearchEntry
from .normalise import normalise

TITLE, TEXT = 0, 1


@dataclass(frozen=True)
class EntryInfo:
    id: int
    kind: str
    report_id: int
    year: int
    section_id: int | None
    order: int


@dataclass
class Postings:
    version: str
    entries: dict[int, EntryInfo]
    # word → {entry id: (occurrences in the title, occurrences in the text)}
    words: dict[str, dict[int, tuple[int, int]]]
    # the figures as printed and normalised (10件, 3万余人次), latest year first
    figures: list[tuple[int, str]]
    _accepted: dict[tuple, frozenset[int]] = field(default_factory=dict)

    def lookup(self, term: str, substring: bool) -> dict[int, tuple[int, int]]:
        """The entries holding ``term`` as a word, or inside words when ``substring``."""
        if not substring:
            return self.words.get(term, {})
        found: dict[int, list[int]] = {}
        for word, holders in self.words.items():
            times = word.count(term)
            if not times:
                continue
            for entry_id, (in_title, in_text) in holders.items():
                counts = found.setdefault(entry_id, [0, 0])
                counts[TITLE] += times * in_title
                counts[TEXT] += times * in_text
        return {entry_id: (t, b) for entry_id, (t, b) in found.items()}

    def accepted(self, key: tuple, accept) -> frozenset[int]:
        """The ids of the entries ``accept`` takes (a filter: year, kind), kept per ``key``."""
        found = self._accepted.get(key)
        if found is None:
            if len(self._accepted) > 100:
                self._accepted.clear()
            found = frozenset(i for i, info in self.entries.items() if accept(info))
            self._accepted[key] = found
        return found


_lock = threading.Lock()
_current: Postings | None = None


def current() -> Postings:
    """The postings of the index as it now stands."""
    from .index import index_version

    version = index_version()
    postings = _current
    if postings is None or postings.version != version:
        with _lock:
            postings = _current
            if postings is None or postings.version != version:
                postings = _load(version)
                _set(postings)
    return postings


def _set(postings: Postings) -> None:
    global _current
    _current = postings


def _load(version: str) -> Postings:
    entries: dict[int, EntryInfo] = {}
    words: dict[str, dict[int, tuple[int, int]]] = {}
    figures = []
    rows = SearchEntry.objects.order_by().values_list(
        "id",
        "kind",
        "report_id",
        "report__year",
        "section_id",
        "order",
        "title_terms",
        "body_terms",
        "figure",
    )
    for entry_id, kind, report_id, year, section_id, order, title_terms, body_terms, figure in rows:
        entries[entry_id] = info = EntryInfo(entry_id, kind, report_id, year, section_id, order)
        if figure:
            figures.append((info, normalise(figure)))
        in_title = Counter(title_terms.split())
        in_text = Counter(body_terms.split())
        for word in in_title.keys() | in_text.keys():
            words.setdefault(word, {})[entry_id] = (in_title[word], in_text[word])
    figures.sort(key=lambda pair: (-pair[0].year, pair[0].order))
    return Postings(
        version=version,
        entries=entries,
        words=words,
        figures=[(info.id, figure) for info, figure in figures],
    )
