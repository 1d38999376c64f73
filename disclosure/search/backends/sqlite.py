"""SQLite (and any database without full-text search): whole words are matched with LIKE on
the space-padded word lists (" 行政复议 "), a one-character query inside words."""

from functools import reduce
from operator import or_

from django.db.models import Q

from .base import CANDIDATE_FIELDS, BaseSearchBackend


class SQLiteSearchBackend(BaseSearchBackend):
    def candidate_rows(self, entries, terms, substring):
        patterns = terms if substring else [f" {t} " for t in terms]
        condition = reduce(
            or_, [Q(title_terms__contains=p) | Q(body_terms__contains=p) for p in patterns]
        )
        return entries.filter(condition).values_list(*CANDIDATE_FIELDS)
