"""Site search, read side: the index's postings are searched and ranked (which
disclosure.search.index keeps up to date), and the page's hits are loaded. Nothing here writes."""

from dataclasses import dataclass, field

from django.db.models import Q

from reports.models import ReportStatus

from ..models import SearchEntry, SearchEntryKind
from ..search import ranking
from ..search.figures import FigureAnswer, figure_answers
from ..search.query import ParsedQuery, parse_query
from ..search.ranking import Hit, Kind
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
    outcome = ranking.search(query.terms, substring=query.substring, year=year, kind=kind)
    results.hits, results.rarity = outcome.hits, outcome.rarity
    # a synonym's term that the reports do not use is not "not found" when the reader's own
    # word, searched beside it, was (办事 → 政务服务)
    kept = {target for phrase, target in query.synonyms if phrase in query.terms}
    results.missing = [word for word in outcome.missing if not (word in kept and outcome.hits)]
    if query.numbers and kind != Kind.TEXT:
        words = [term for term in query.terms if not term[0].isdigit()]
        results.answers = figure_answers(query.numbers, year, words)
        # the sections that state the figure asked for come first
        stating = {answer.section_id for answer in results.answers}
        results.hits.sort(key=lambda hit: hit.section_id not in stating)
    if (results.missing or query.unknown) and not query.substring:
        results.suggestion = did_you_mean(query.terms, results.missing, query.unknown)
    return results


# What the results page shows of an entry (the segmented words stay in the database).
SHOWN_FIELDS = (
    "kind",
    "section_id",
    "anchor",
    "title",
    "text",
    "path",
    "number_path",
    "figure",
    "report__year",
    "definition__code",
)


def load_hits(hits: list[Hit]) -> list[Hit]:
    """Give each hit its entry to show: the section's own, even when only its figures matched.
    One query for the page; the hits whose entry is gone (the index changed a moment ago, or
    the report is no longer published) are left out of what is returned."""
    ids = [hit.entry_id for hit in hits if hit.entry_id is not None]
    lacking = [hit.section_id for hit in hits if hit.entry_id is None]
    wanted = Q(id__in=ids)
    if lacking:
        wanted |= Q(kind=SearchEntryKind.SECTION, section_id__in=lacking)
    rows = (
        SearchEntry.objects.filter(wanted, report__status=ReportStatus.PUBLISHED)
        .select_related("report", "definition")
        .only(*SHOWN_FIELDS)
        .order_by()
    )
    entries, by_section = {}, {}
    for entry in rows:
        entries[entry.id] = entry
        if entry.kind == SearchEntryKind.SECTION:
            by_section[entry.section_id] = entry
    shown = []
    for hit in hits:
        hit.entry = entries.get(hit.entry_id) or by_section.get(hit.section_id)
        if hit.entry is not None:
            shown.append(hit)
    return shown
