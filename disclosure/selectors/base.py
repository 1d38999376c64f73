"""The querysets every public query starts from."""

from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from reports.models import AnnualReport, ChangeNote, IndicatorValue, ReportStatus, Section


def published_reports():
    return AnnualReport.objects.published().order_by("-year")


def published_reports_dated():
    """Published reports with ``modified_at``: the time of their latest public change note (更新
    日期, as the report page shows it), else their publication; what sitemaps and structured
    data give as the date a report last changed, never the time its rows were loaded."""
    latest_note = (
        ChangeNote.objects.public()
        .filter(report=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return published_reports().annotate(modified_at=Coalesce(Subquery(latest_note), "published_at"))


def public_reports():
    """Published or withdrawn: a withdrawn report keeps its address and shows only the notice."""
    return AnnualReport.objects.public().order_by("-year")


def published_values():
    return IndicatorValue.objects.filter(report__status=ReportStatus.PUBLISHED)


def published_sections():
    return Section.objects.filter(report__status=ReportStatus.PUBLISHED)


def latest_government() -> str:
    """发布主体 of the latest published report: who the site speaks for, unless 网站设置 says."""
    return published_reports().values_list("government", flat=True).first() or ""


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
