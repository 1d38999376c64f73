"""Ranking, the same Python on every database, so results do not depend on where the portal runs.

The candidates are the entries the query's words are posted to (postings.py: no scan of the
index); then:

- a word weighs by its rarity, ln(1 + N/df) over the entries searched, so that a query's rare
  word decides more than a common one (行政复议 over 政府);
- a section's title counts fully and its text 0.4 (more occurrences count less and less); a
  figure's name counts 0.3 and its sentence 0.1, so that a section's own text ranks above the
  names of the figures it states, and a department named beside a figure adds almost nothing;
- one result per section: the figures of a section fold under it, adding half of the best one.
"""

import math
from dataclasses import dataclass, field

from reports.models import AnnualReport

from ..models import SearchEntry, SearchEntryKind
from . import postings
from .postings import TEXT, TITLE, EntryInfo

MAX_RESULTS = 200
SECTION_TITLE, SECTION_TEXT = 1.0, 0.4
FIGURE_TITLE, FIGURE_TEXT = 0.3, 0.1
FOLDED_FIGURE_SHARE = 0.5


class Kind:
    """The filters a reader can pick: everything, the text only, the figures only."""

    ALL = ""
    TEXT = "text"
    DATA = "data"
    CHOICES = (ALL, TEXT, DATA)


@dataclass
class Hit:
    """One result: a section (with the matched figures folded under it) or a lone figure."""

    entry_id: int | None  # the section's own entry, or the figure's
    section_id: int | None
    year: int
    order: int
    score: float = 0.0
    figure_ids: list[int] = field(default_factory=list)  # figures folded under the section
    entry: SearchEntry | None = None  # loaded for the page shown


@dataclass
class SearchOutcome:
    hits: list[Hit]
    rarity: dict[str, float]  # idf of each word found
    missing: list[str]  # words that found nothing


def _accepts(year: int | None, kind: str, published: frozenset[int]):
    section = SearchEntryKind.SECTION

    def accept(info: EntryInfo) -> bool:
        return (
            info.report_id in published
            and (year is None or info.year == year)
            and (kind != Kind.TEXT or info.kind == section)
            and (kind != Kind.DATA or info.kind != section)
        )

    return accept


def searchable(index: postings.Postings, year: int | None, kind: str) -> frozenset[int]:
    """The ids of the entries a search with these filters runs over. The index holds published
    reports only; the one query here keeps it so for a report withdrawn a moment ago, before
    every process has seen the index change."""
    published = frozenset(AnnualReport.objects.published().values_list("id", flat=True))
    return index.accepted((year, kind, published), _accepts(year, kind, published))


def search(terms: list[str], *, substring=False, year=None, kind=Kind.ALL) -> SearchOutcome:
    if not terms:
        return SearchOutcome(hits=[], rarity={}, missing=[])
    index = postings.current()
    searched = searchable(index, year, kind)
    total = len(searched) or 1
    held = {}
    for term in terms:
        posting = index.lookup(term, substring)
        held[term] = {eid: pair for eid, pair in posting.items() if eid in searched}
    rarity = {t: math.log(1 + total / len(found)) for t, found in held.items() if found}
    missing = [t for t in terms if not held[t]]
    scores: dict[int, float] = {}
    for term, found in held.items():
        for entry_id, pair in found.items():
            scores[entry_id] = scores.get(entry_id, 0.0) + _score(
                index.entries[entry_id], pair, rarity[term]
            )
    hits = _group(index.entries, scores, fold=kind == Kind.ALL)
    hits.sort(key=lambda h: (-h.score, -h.year, h.order))
    return SearchOutcome(hits=hits[:MAX_RESULTS], rarity=rarity, missing=missing)


def _score(info: EntryInfo, pair: tuple[int, int], weight: float) -> float:
    """What one word adds to an entry: its rarity, by where the entry holds it."""
    section = info.kind == SearchEntryKind.SECTION
    score = 0.0
    if pair[TITLE]:
        score += weight * (SECTION_TITLE if section else FIGURE_TITLE)
    if pair[TEXT]:
        score += weight * (SECTION_TEXT if section else FIGURE_TEXT) * (1 + math.log(pair[TEXT]))
    return score


def _group(entries: dict[int, EntryInfo], scores: dict[int, float], fold: bool) -> list[Hit]:
    hits: dict[object, Hit] = {}
    best_figure: dict[object, float] = {}
    for entry_id, score in scores.items():
        info = entries[entry_id]
        is_section = info.kind == SearchEntryKind.SECTION
        key = (
            ("section", info.section_id)
            if fold and info.section_id is not None
            else ("entry", info.id)
        )
        hit = hits.get(key)
        if hit is None:
            hit = hits[key] = Hit(
                entry_id=None, section_id=info.section_id, year=info.year, order=info.order
            )
        if is_section or key[0] == "entry":
            hit.entry_id, hit.order = info.id, info.order
            hit.score += score
        else:
            hit.figure_ids.append(info.id)
            best_figure[key] = max(best_figure.get(key, 0.0), score)
    for key, score in best_figure.items():
        hits[key].score += FOLDED_FIGURE_SHARE * score
    return list(hits.values())
