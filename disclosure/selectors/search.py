"""Search over the published sections and figures.

The index (disclosure.models.SearchEntry) holds each published section and figure with its
text segmented by jieba. It is rebuilt for a report when report_changed fires, and, as a safety
net for changes that bypass the signal, whenever a published report's updated_at no longer
matches the one indexed. PostgreSQL ranks with its full-text search over the segmented text
('simple' configuration: the tokens are already words); SQLite matches whole tokens with LIKE
and ranks in Python with the same weights (title 1.0, text 0.4).
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import Q

from reports.models import AnnualReport, IndicatorValue, ReportStatus, Section

from ..anchors import section_anchors
from ..models import SearchEntry, SearchEntryKind, SearchIndexedReport
from ..segmentation import document_terms
from .base import published_reports

MAX_RESULTS = 200
TITLE_WEIGHT, TEXT_WEIGHT = 1.0, 0.4


@dataclass
class SearchResult:
    entry: SearchEntry
    matched: int  # distinct query words found
    rank: float


def refresh_search_index(report_id: int | None = None) -> None:
    """Rebuild the index of one report (or of every report when None) from the database."""
    if report_id is None:
        SearchIndexedReport.objects.all().delete()
        _ensure_fresh()
    else:
        _index_report(report_id)


def _ensure_fresh() -> None:
    published = dict(published_reports().values_list("id", "updated_at"))
    indexed = dict(SearchIndexedReport.objects.values_list("report_id", "source_updated_at"))
    gone = [report_id for report_id in indexed if report_id not in published]
    if gone:
        with transaction.atomic():
            SearchEntry.objects.filter(report_id__in=gone).delete()
            SearchIndexedReport.objects.filter(report_id__in=gone).delete()
    for report_id, updated_at in published.items():
        if indexed.get(report_id) != updated_at:
            _index_report(report_id)


def _index_report(report_id: int) -> None:
    with transaction.atomic():
        # The row lock makes concurrent rebuilds of one report wait for each other.
        report = AnnualReport.objects.select_for_update().filter(pk=report_id).first()
        SearchEntry.objects.filter(report_id=report_id).delete()
        SearchIndexedReport.objects.filter(report_id=report_id).delete()
        if report is None or report.status != ReportStatus.PUBLISHED:
            return
        SearchEntry.objects.bulk_create(_entries(report))
        SearchIndexedReport.objects.create(report=report, source_updated_at=report.updated_at)


def _entries(report: AnnualReport) -> list[SearchEntry]:
    sections = Section.objects.filter(report=report).in_document_order()
    anchors = section_anchors((s.pk, s.parent_id, s.position) for s in sections)
    entries = []
    for order, section in enumerate(sections):
        entries.append(
            SearchEntry(
                report=report,
                kind=SearchEntryKind.SECTION,
                section=section,
                anchor=anchors[section.pk],
                order=order,
                title=section.heading,
                text=section.body,
                title_terms=document_terms(section.heading),
                body_terms=document_terms(section.body),
            )
        )
    values = IndicatorValue.objects.filter(report=report).select_related("definition", "department")
    for order, value in enumerate(values, start=len(entries)):
        title = value.definition.name
        if value.department:
            title = f"{title}({value.department.name})"
        text = f"{value.display}。{value.sentence}"
        entries.append(
            SearchEntry(
                report=report,
                kind=SearchEntryKind.INDICATOR,
                definition=value.definition,
                anchor=anchors.get(value.section_id, ""),
                order=order,
                title=title,
                text=text,
                title_terms=document_terms(title),
                body_terms=document_terms(text),
            )
        )
    return entries


def _count(terms_text: str, term: str) -> int:
    return terms_text.count(f" {term} ")


def search(terms: list[str], year: int | None = None) -> list[SearchResult]:
    """Entries matching any of the words, those matching more words first, then by rank."""
    if not terms:
        return []
    _ensure_fresh()
    entries = SearchEntry.objects.filter(report__status=ReportStatus.PUBLISHED).select_related(
        "report", "definition"
    )
    if year is not None:
        entries = entries.filter(report__year=year)
    if connection.vendor == "postgresql":
        rows = _postgres_matches(entries, terms)
    else:
        rows = _token_matches(entries, terms)
    results = []
    for entry, rank in rows:
        matched = sum(
            1 for t in terms if _count(entry.title_terms, t) or _count(entry.body_terms, t)
        )
        results.append(SearchResult(entry=entry, matched=matched, rank=rank))
    results.sort(key=lambda r: (-r.matched, -r.rank, -r.entry.report.year, r.entry.order))
    return results[:MAX_RESULTS]


def _postgres_matches(entries, terms):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector("title_terms", weight="A", config="simple") + SearchVector(
        "body_terms", weight="B", config="simple"
    )
    query = reduce(or_, [SearchQuery(term, config="simple", search_type="plain") for term in terms])
    matches = (
        entries.annotate(document=vector, rank=SearchRank(vector, query))
        .filter(document=query)
        .order_by("-rank", "-report__year", "order")[: MAX_RESULTS * 2]
    )
    return [(entry, entry.rank) for entry in matches]


def _token_matches(entries, terms):
    condition = reduce(
        or_,
        [Q(title_terms__contains=f" {t} ") | Q(body_terms__contains=f" {t} ") for t in terms],
    )
    rows = []
    for entry in entries.filter(condition):
        rank = sum(
            TITLE_WEIGHT * _count(entry.title_terms, t) + TEXT_WEIGHT * _count(entry.body_terms, t)
            for t in terms
        )
        rows.append((entry, rank))
    return rows
