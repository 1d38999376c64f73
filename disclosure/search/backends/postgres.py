"""PostgreSQL: whole words through its full-text search over the segmented words ('simple'
configuration: the tokens are already words), served by the GIN index on exactly this
expression (disclosure/migrations/0001_initial.py); a one-character query with LIKE."""

from functools import reduce
from operator import or_

from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from .base import CANDIDATE_FIELDS, BaseSearchBackend

DOCUMENT = (
    "(setweight(to_tsvector('simple'::regconfig, COALESCE(title_terms, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, COALESCE(body_terms, '')), 'B'))"
)


class PostgresSearchBackend(BaseSearchBackend):
    def candidate_rows(self, entries, terms, substring):
        if substring:
            condition = reduce(
                or_, [Q(title_terms__contains=t) | Q(body_terms__contains=t) for t in terms]
            )
            return entries.filter(condition).values_list(*CANDIDATE_FIELDS)
        query = " || ".join(["plainto_tsquery('simple'::regconfig, %s)"] * len(terms))
        matched = RawSQL(f"{DOCUMENT} @@ ({query})", terms, output_field=BooleanField())
        return entries.annotate(matched=matched).filter(matched=True).values_list(*CANDIDATE_FIELDS)
