"""Writes the search index: one SearchEntry per published section and figure.

Called when ``report_changed`` fires (disclosure.receivers) and by
``manage.py rebuild_search_index``; nothing a citizen requests ever writes here.
"""

from django.db import transaction

from reports.models import AnnualReport, IndicatorValue, ReportStatus, Section

from ..anchors import section_anchors
from ..models import SearchEntry, SearchEntryKind, SearchIndexedReport
from .segmentation import document_terms


def rebuild_index() -> None:
    """Rebuild the index of every published report from the database, dropping the rest."""
    published = list(AnnualReport.objects.published().values_list("id", flat=True))
    with transaction.atomic():
        SearchEntry.objects.exclude(report_id__in=published).delete()
        SearchIndexedReport.objects.exclude(report_id__in=published).delete()
    for report_id in published:
        index_report(report_id)


def index_report(report_id: int) -> None:
    """Rebuild one report's entries; a report that is not published (or is gone) has none."""
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
