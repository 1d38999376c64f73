"""Writes the search index: one SearchEntry per published section and figure, and the
vocabulary (SearchWord) that did-you-mean reads.

Called when ``report_changed`` fires or the synonym table changes (disclosure.receivers) and by
``manage.py rebuild_search_index``; nothing a citizen requests ever writes here. When the user
dictionary changes, every report is cut again, so that index and queries use the same words.
"""

from collections import Counter

from django.db import transaction
from pypinyin import lazy_pinyin

from reports.models import AnnualReport, IndicatorValue, ReportStatus, Section

from ..anchors import section_anchors
from ..models import SearchEntry, SearchEntryKind, SearchIndexedReport, SearchWord
from . import dictionary, state
from .segmentation import document_terms, document_words

PATH_SEPARATOR = " › "


def rebuild_index() -> None:
    """Rebuild the index of every published report from the database, dropping the rest."""
    dictionary.refresh()
    published = list(AnnualReport.objects.published().values_list("id", flat=True))
    with transaction.atomic():
        SearchEntry.objects.exclude(report_id__in=published).delete()
        SearchIndexedReport.objects.exclude(report_id__in=published).delete()
    for report_id in published:
        _index_report(report_id)
    _rebuild_vocabulary()


def index_report(report_id: int) -> None:
    """Bring one report's entries up to date (all reports', when the dictionary changed)."""
    if dictionary.refresh():
        rebuild_index()
        return
    _index_report(report_id)
    _rebuild_vocabulary()


def index_version() -> str:
    """Moves whenever the index changes: processes keep what they derive from it until then."""
    return state.current()[1]


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
    sections = list(Section.objects.filter(report=report).in_document_order())
    anchors = section_anchors((s.pk, s.parent_id, s.position) for s in sections)
    by_id = {section.pk: section for section in sections}
    entries = []
    for order, section in enumerate(sections):
        chain = _chain(section, by_id)
        entries.append(
            SearchEntry(
                report=report,
                kind=SearchEntryKind.SECTION,
                section=section,
                anchor=anchors[section.pk],
                order=order,
                title=section.heading,
                text=section.body,
                path=PATH_SEPARATOR.join(s.heading for s in chain[:-1]),
                number_path="".join(s.number for s in chain),
                title_terms=document_terms(section.heading),
                body_terms=document_terms(section.body),
                words=document_words(section.heading + "\n" + section.body),
            )
        )
    values = IndicatorValue.objects.filter(report=report).select_related("definition", "department")
    for order, value in enumerate(values, start=len(entries)):
        section = by_id.get(value.section_id)
        chain = _chain(section, by_id) if section else []
        department = value.department.name if value.department else ""
        # The department is not part of the title: a query naming it is not about the figure.
        entries.append(
            SearchEntry(
                report=report,
                kind=SearchEntryKind.INDICATOR,
                section=section,
                definition=value.definition,
                anchor=anchors.get(value.section_id, ""),
                order=order,
                title=value.definition.name,
                text=value.sentence,
                path=PATH_SEPARATOR.join(s.heading for s in chain),
                number_path="".join(s.number for s in chain),
                figure=value.source_text or value.display,
                department=department,
                title_terms=document_terms(value.definition.name),
                body_terms=document_terms(f"{value.sentence} {department}"),
                words=document_words(value.definition.name),
            )
        )
    return entries


def _chain(section: Section, by_id: dict[int, Section]) -> list[Section]:
    chain = []
    seen = set()
    node = section
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        chain.append(node)
        node = by_id.get(node.parent_id)
    return list(reversed(chain))


def _rebuild_vocabulary() -> None:
    counts: Counter[str] = Counter()
    for words in SearchEntry.objects.values_list("words", flat=True).iterator():
        counts.update(set(words.split()))
    known = dict(SearchWord.objects.values_list("word", "pinyin"))
    rows = [
        SearchWord(
            word=word,
            pinyin=known.get(word) or " ".join(lazy_pinyin(word)),
            entries=entries,
        )
        for word, entries in counts.items()
        if len(word) <= 50
    ]
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(rows, batch_size=500)
    state.save()
