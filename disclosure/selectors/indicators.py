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


def indicator_index() -> list[IndicatorDefinition]:
    """Indicators with at least one published figure, ordered by category, with .year_count."""
    return list(
        IndicatorDefinition.objects.filter(values__report__status=ReportStatus.PUBLISHED)
        .select_related("category")
        .annotate(year_count=Count("values__report", distinct=True))
        .order_by("category__order", "category__code", "order", "code")
    )


def indicator_detail(code: str) -> IndicatorHistory:
    definition = IndicatorDefinition.objects.select_related("category").filter(code=code).first()
    if definition is None:
        raise Http404("No such indicator")
    values = list(
        published_values()
        .filter(definition=definition)
        .select_related("report", "department", "section")
        .order_by("report__year", "department__order", "department__name")
    )
    if not values:
        raise Http404("No published figure for this indicator")
    for value in values:
        value.definition = definition  # the one indicator: not a query per year
    attach_anchors(values)
    return IndicatorHistory(definition=definition, values=values)


def attach_anchors(values) -> None:
    """Give each value the anchor of its section on the report page, in one query."""
    report_ids = {value.report_id for value in values}
    anchors = section_anchors(
        Section.objects.filter(report_id__in=report_ids).values_list("id", "parent_id", "position")
    )
    for value in values:
        value.anchor = anchors.get(value.section_id, "")
