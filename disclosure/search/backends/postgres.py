"""PostgreSQL: full-text search over the segmented words ('simple' configuration: the tokens
are already words), title weight A and text weight B, ranked with ts_rank."""

from functools import reduce
from operator import or_

from .base import MAX_RESULTS, BaseSearchBackend


class PostgresSearchBackend(BaseSearchBackend):
    def matches(self, entries, terms):
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("title_terms", weight="A", config="simple") + SearchVector(
            "body_terms", weight="B", config="simple"
        )
        query = reduce(
            or_, [SearchQuery(term, config="simple", search_type="plain") for term in terms]
        )
        matches = (
            entries.annotate(document=vector, rank=SearchRank(vector, query))
            .filter(document=query)
            .order_by("-rank", "-report__year", "order")[: MAX_RESULTS * 2]
        )
        return [(entry, entry.rank) for entry in matches]
