"""SQLite (and any database without full-text search): whole words matched with LIKE on the
space-padded word lists, ranked in Python."""

from functools import reduce
from operator import or_

from django.db.models import Q

from .base import TEXT_WEIGHT, TITLE_WEIGHT, BaseSearchBackend, count_term


class SQLiteSearchBackend(BaseSearchBackend):
    def matches(self, entries, terms):
        condition = reduce(
            or_,
            [Q(title_terms__contains=f" {t} ") | Q(body_terms__contains=f" {t} ") for t in terms],
        )
        rows = []
        for entry in entries.filter(condition):
            rank = sum(
                TITLE_WEIGHT * count_term(entry.title_terms, t)
                + TEXT_WEIGHT * count_term(entry.body_terms, t)
                for t in terms
            )
            rows.append((entry, rank))
        return rows
