"""What every backend shares: the published entries it reads, and the final ordering."""

from dataclasses import dataclass

from reports.models import ReportStatus

from ...models import SearchEntry

MAX_RESULTS = 200
TITLE_WEIGHT, TEXT_WEIGHT = 1.0, 0.4


@dataclass
class SearchResult:
    entry: SearchEntry
    matched: int  # distinct query words found
    rank: float


def count_term(terms_text: str, term: str) -> int:
    return terms_text.count(f" {term} ")


class BaseSearchBackend:
    def matches(self, entries, terms: list[str]) -> list[tuple[SearchEntry, float]]:
        raise NotImplementedError

    def search(self, terms: list[str], year: int | None = None) -> list[SearchResult]:
        """Entries matching any of the words, those matching more words first, then by rank."""
        if not terms:
            return []
        entries = SearchEntry.objects.filter(report__status=ReportStatus.PUBLISHED).select_related(
            "report", "definition"
        )
        if year is not None:
            entries = entries.filter(report__year=year)
        results = []
        for entry, rank in self.matches(entries, terms):
            matched = sum(
                1
                for t in terms
                if count_term(entry.title_terms, t) or count_term(entry.body_terms, t)
            )
            results.append(SearchResult(entry=entry, matched=matched, rank=rank))
        results.sort(key=lambda r: (-r.matched, -r.rank, -r.entry.report.year, r.entry.order))
        return results[:MAX_RESULTS]
