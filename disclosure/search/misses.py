"""The zero-result log: the words searched and how often, nothing about the reader, so that
staff see what citizens look for and add a synonym. Written when a result page is made (a page
served again from the cache is not counted again)."""

from django.db import IntegrityError, transaction
from django.db.models import F

from ..models import SearchMiss

# A flood of random queries must not fill the table: past this many, only known ones count.
MAX_DISTINCT_QUERIES = 5000


def record_zero_result(query: str) -> None:
    query = query[:100]
    if not query or SearchMiss.objects.filter(query=query).update(count=F("count") + 1):
        return
    if SearchMiss.objects.count() >= MAX_DISTINCT_QUERIES:
        return
    try:
        with transaction.atomic():
            SearchMiss.objects.create(query=query, count=1)
    except IntegrityError:  # another process logged it at the same moment
        SearchMiss.objects.filter(query=query).update(count=F("count") + 1)
