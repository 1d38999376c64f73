"""Indicator pages: one indicator across every published year, and the index by category."""

from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404

from reports.models import IndicatorDefinition, IndicatorValue, ReportStatus, Section

from ..anchors import section_anchors
from .base import published_values


@dataclass
class IndicatorHistory:
    definition: IndicatorDefinition
    values: list[IndicatorValue]  # oldest year first; each with .anchor of its section
    # Figures stated in the same sentence of the same report, newest year first; groups of two
    # or more (行政复议申请10件,调解4件,立案6件…), each figure in the order of the text.
    stated_together: list[list[IndicatorValue]]


def indicator_index() -> list[IndicatorDefinition]:
    """Indicators with at least one published figure, ordered by category, with .year_count
    and .published_values (oldest year first), in two queries."""
    definitions = list(
        IndicatorDefinition.objects.filter(values__report__status=ReportStatus.PUBLISHED)
        .select_related("category")
        .annotate(year_count=Count("values__report", distinct=True))
        .order_by("category__order", "category__code", "order", "code")
    )
    by_pk = {definition.pk: definition for definition in definitions}
    for definition in definitions:
        definition.published_values = []
    values = (
        published_values()
        .select_related("report")
        .order_by("report__year", "department__order", "department__name", "pk")
    )
    for value in values:
        definition = by_pk[value.definition_id]
        value.definition = definition
        definition.published_values.append(value)
    return definitions


def indicator_detail(code: str) -> IndicatorHistory:
    definition = IndicatorDefinition.objects.select_related("category").filter(code=code).first()
    if definition is None:
        raise Http404("No such indicator")
    values = list(
        published_values()
        .filter(definition=definition)
        .select_related("report", "department", "section", "definition__category")
        .order_by("report__year", "department__order", "department__name")
    )
    if not values:
        raise Http404("No published figure for this indicator")
    for value in values:
        value.definition = definition  # the one indicator: not a query per year
    attach_anchors(values)
    return IndicatorHistory(definition, values, stated_together(values))


def stated_together(values: list[IndicatorValue]) -> list[list[IndicatorValue]]:
    """The published figures that share a sentence with one of ``values`` (one query)."""
    keys = {(v.report_id, v.section_id, v.sentence) for v in values if v.sentence.strip()}
    if not keys:
        return []
    groups: dict[tuple, list[IndicatorValue]] = {}
    candidates = (
        published_values()
        .filter(report_id__in={key[0] for key in keys}, sentence__in={key[2] for key in keys})
        .select_related("report", "definition", "department")
        .order_by("-report__year", "pk")
    )
    for value in candidates:
        key = (value.report_id, value.section_id, value.sentence)
        if key in keys:
            groups.setdefault(key, []).append(value)
    for group in groups.values():
        group.sort(key=lambda v: (_position_in(v), v.pk))
    return [group for group in groups.values() if len(group) > 1]


def _position_in(value: IndicatorValue) -> int:
    found = value.sentence.find(value.source_text) if value.source_text else -1
    return found if found >= 0 else len(value.sentence)


def attach_anchors(values) -> None:
    """Give each value the anchor of its section on the report page, in one query."""
    report_ids = {value.report_id for value in values}
    anchors = section_anchors(
        Section.objects.filter(report_id__in=report_ids).values_list("id", "parent_id", "position")
    )
    for value in values:
        value.anchor = anchors.get(value.section_id, "")
