"""Site search, read side: the backend of the current database queries the index, which
disclosure.search.index keeps up to date. Nothing here writes."""

from ..search.backends import SearchResult, get_search_backend

__all__ = ["SearchResult", "search"]


def search(terms: list[str], year: int | None = None) -> list[SearchResult]:
    return get_search_backend().search(terms, year)
