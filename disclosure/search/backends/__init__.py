"""One search backend per database, chosen by the connection's vendor (as Wagtail does)."""

from django.db import connection

from .base import BaseSearchBackend, Hit, Kind, SearchOutcome


def get_search_backend() -> BaseSearchBackend:
    if connection.vendor == "postgresql":
        from .postgres import PostgresSearchBackend

        return PostgresSearchBackend()
    from .sqlite import SQLiteSearchBackend

    return SQLiteSearchBackend()


__all__ = ["BaseSearchBackend", "Hit", "Kind", "SearchOutcome", "get_search_backend"]
