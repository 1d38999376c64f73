"""What every backend shares: the entries it may read, and ranking in Python.

A backend only finds the candidate rows (entries holding any of the query's words); ranking is
the same on every database, so results do not depend on where the portal runs:

- a word weighs by its rarity, ln(1 + N/df) over the entries searched, so that a query's rare
  word decides more than a common one (行政复议 over 政府);
- a section's title counts fully and its text 0.4 (more occurrences count less and less); a
  figure's name counts 0.3 and its sentence 0.1, so that a section's own text ranks above the
  names of the figures it states, and a department named beside a figure adds almost nothing;
- one result per section: the figures of a section fold under it, adding half of the best one.
"""

import math
from dataclasses import dataclass, field

from reports.models import ReportStatus

from ...models import SearchEntry, SearchEntryKind
from ..index import index_version

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
class Candidate:
    id: int
    kind: str
    year: int
    section_id: int | None
    order: int
    title_terms: str
    body_terms: str


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


def published_entries(year: int | None = None, kind: str = Kind.ALL):
    entries = SearchEntry.objects.filter(report__status=ReportStatus.PUBLISHED).order_by()
    if year is not None:
        entries = entries.filter(report__year=year)
    if kind == Kind.TEXT:
        entries = entries.filter(kind=SearchEntryKind.SECTION)
    elif kind == Kind.DATA:
        entries = entries.filter(kind=SearchEntryKind.INDICATOR)
    return entries


_counts: dict[tuple, int] = {}


def entry_count(entries, year, kind) -> int:
    """How many entries a search runs over (for rarity), kept per index version."""
    key = (index_version(), year, kind)
    if key not in _counts:
        if len(_counts) > 100:
            _counts.clear()
        _counts[key] = entries.count() or 1
    return _counts[key]


CANDIDATE_FIELDS = (
    "id",
    "kind",
    "report__year",
    "section_id",
    "order",
    "title_terms",
    "body_terms",
)


def occurrences(terms_text: str, term: str, substring: bool) -> int:
    return terms_text.count(term) if substring else terms_text.count(f" {term} ")


class BaseSearchBackend:
    def candidate_rows(self, entries, terms: list[str], substring: bool):
        """values_list rows (CANDIDATE_FIELDS) of the entries holding any of the terms."""
        raise NotImplementedError

    def search(
        self, terms: list[str], *, substring=False, year=None, kind=Kind.ALL
    ) -> SearchOutcome:
        if not terms:
            return SearchOutcome(hits=[], rarity={}, missing=[])
        entries = published_entries(year, kind)
        candidates = [Candidate(*row) for row in self.candidate_rows(entries, terms, substring)]
        total = entry_count(entries, year, kind)
        counts = {}
        for candidate in candidates:
            counts[candidate.id] = {
                term: (
                    occurrences(candidate.title_terms, term, substring),
                    occurrences(candidate.body_terms, term, substring),
                )
                for term in terms
            }
        frequency = {term: sum(1 for c in candidates if any(counts[c.id][term])) for term in terms}
        rarity = {t: math.log(1 + total / df) for t, df in frequency.items() if df}
        missing = [t for t in terms if not frequency[t]]
        hits = self._group(candidates, counts, rarity, fold=kind == Kind.ALL)
        hits.sort(key=lambda h: (-h.score, -h.year, h.order))
        return SearchOutcome(hits=hits[:MAX_RESULTS], rarity=rarity, missing=missing)

    @staticmethod
    def _score(candidate: Candidate, counts, rarity) -> float:
        section = candidate.kind == SearchEntryKind.SECTION
        title_weight = SECTION_TITLE if section else FIGURE_TITLE
        text_weight = SECTION_TEXT if section else FIGURE_TEXT
        score = 0.0
        for term, weight in rarity.items():
            in_title, in_text = counts[term]
            if in_title:
                score += weight * title_weight
            if in_text:
                score += weight * text_weight * (1 + math.log(in_text))
        return score

    def _group(self, candidates, counts, rarity, fold: bool) -> list[Hit]:
        hits: dict[object, Hit] = {}
        best_figure: dict[object, float] = {}
        for candidate in candidates:
            score = self._score(candidate, counts[candidate.id], rarity)
            is_section = candidate.kind == SearchEntryKind.SECTION
            key = (
                ("section", candidate.section_id)
                if fold and candidate.section_id is not None
                else ("entry", candidate.id)
            )
            hit = hits.get(key)
            if hit is None:
                hit = hits[key] = Hit(
                    entry_id=None,
                    section_id=candidate.section_id,
                    year=candidate.year,
                    order=candidate.order,
                )
            if is_section or key[0] == "entry":
                hit.entry_id, hit.order = candidate.id, candidate.order
                hit.score += score
            else:
                hit.figure_ids.append(candidate.id)
                best_figure[key] = max(best_figure.get(key, 0.0), score)
        for key, score in best_figure.items():
            hits[key].score += FOLDED_FIGURE_SHARE * score
        return list(hits.values())
