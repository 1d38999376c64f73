"""Queries behind the public pages. Only published reports ever leave this module."""

from django.db.models import Prefetch
from django.http import Http404

from reports.models import AnnualReport, Section


def published_reports():
    return AnnualReport.objects.published().order_by("-year")


def published_report(year: int) -> AnnualReport:
    try:
        return published_reports().get(year=year)
    except AnnualReport.DoesNotExist:
        raise Http404("No published report for this year") from None


def report_sections(report: AnnualReport) -> list[Section]:
    """All sections in printed order, each with ``level``, in a fixed number of queries."""
    sections = Section.objects.filter(report=report).prefetch_related(Prefetch("departments"))
    return sections.in_document_order()
