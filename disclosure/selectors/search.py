"""Site search, read side: the current database's backend queries the index (which
disclosure.search.index keeps up to date), and the page's hits are loaded. Nothing here writes."""

from dataclasses import dataclass, field

from ..models import SearchEntry, SearchEntryKind
from ..search.backends import get_search_backend
from ..search.backends.base import Hit, Kind
from ..search.figures import FigureAnswer, figure_answers
from ..search.query import ParsedQuery, parse_query
from ..search.suggest import did_you_mean

__all__ = ["Kind", "SearchResults", "load_hits", "search"]


@dataclass
class SearchResults:
    query: ParsedQuery
    hits: list[Hit] = field(default_factory=list)
    rarity: dict[str, float] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    suggestion: str | None = None
    answers: list[FigureAnswer] = field(default_factory=list)


def search(raw_query: str, year: int | None = None, kind: str = Kind.ALL) -> SearchResults:
    query = parse_query(raw_query)
    results = SearchResults(query=query)
    if not query.terms:
        return results
    outcome = get_search_backend().search(
        query.terms, substring=query.substring, year=year, kind=kind
    )
    results.hits, results.rarity = outcome.hits, outcome.rarity
    # a synonym's term that the reports do not use is not "not found" when the reader's own
    # word, searched beside it, was (办事 → 政务服务)
    kept = {target for phrase, target in query.synonyms if phrase in query.terms}
    results.missing = [word for word in outcome.missing if not (word in kept and outcome.hits)]
    if query.numbers and kind != Kind.TEXT:
        results.answers = figure_answers(query.numbers, year)
        # the sections that state the figure asked for come first
        stating = {answer.section_id for answer in results.answers}
        results.hits.sort(key=lambda hit: hit.section_id not in stating)
    if (results.missing or query.unknown) and not query.substring:
        results.suggestion = did_you_mean(query.terms, results.missing, query.unknown)
    return results


def load_hits(hits: list[Hit]) -> None:
    """Give each hit its entry to show: the section's own, even when only its figures matched."""
    ids = [hit.entry_id for hit in hits if hit.entry_id is not None]
    entries = SearchEntry.objects.select_related("report", "definition").in_bulk(ids)
    lacking = [hit.section_id for hit in hits if hit.entry_id is None]
    by_section = {
        entry.section_id: entry
        for entry in SearchEntry.objects.select_related("report", "definition").filter(
            kind=SearchEntryKind.SECTION, section_id__in=lacking
        )
    }
    for hit in hits:
        hit.entry = entries.get(hit.entry_id) or by_section.get(hit.section_id)
