"""The querysets every public query starts from."""

from django.db.models import Count, Max

from reports.models import AnnualReport, IndicatorValue, ReportStatus, Section


def published_reports():
    return AnnualReport.objects.published().order_by("-year")


def public_reports():
    """Published or withdrawn: a withdrawn report keeps its address and shows only the notice."""
    return AnnualReport.objects.public().order_by("-year")


def published_values():
    return IndicatorValue.objects.filter(report__status=ReportStatus.PUBLISHED)


def published_sections():
    return Section.objects.filter(report__status=ReportStatus.PUBLISHED)


def published_years() -> list[int]:
    return list(published_reports().values_list("year", flat=True))


def content_stamp() -> tuple:
    """Changes whenever a public report changes (updated_at moves, one is added or removed).

    Part of every page-cache key, so that the cache never serves a page older than the data even
    when a change did not go through the report_changed signal.
    """
    stamp = public_reports().order_by().aggregate(latest=Max("updated_at"), count=Count("id"))
    latest = stamp["latest"]
    return (latest.timestamp() if latest else 0.0, stamp["count"])
