"""When each public page last changed: the latest change of a published report it shows."""

from dataclasses import dataclass
from datetime import datetime

from .base import published_reports_dated, published_sections, published_values


@dataclass
class SitemapDates:
    reports: list  # published reports with .modified_at, newest year first
    indicators: dict[str, datetime]  # indicator code -> latest change of a report showing it
    departments: dict[int, datetime]  # department id -> latest change of a report naming it

    @property
    def latest(self) -> datetime | None:
        return max((r.modified_at for r in self.reports), default=None)


def _latest(pairs, modified: dict[int, datetime]) -> dict:
    latest = {}
    for key, report_id in pairs:
        when = modified[report_id]
        if key not in latest or when > latest[key]:
            latest[key] = when
    return latest


def sitemap_dates() -> SitemapDates:
    """Four queries, whatever the number of reports, indicators and departments."""
    reports = list(published_reports_dated().only("year", "published_at"))
    modified = {report.pk: report.modified_at for report in reports}
    indicators = published_values().values_list("definition__code", "report_id").distinct()
    departments = [
        *published_values()
        .filter(department__isnull=False)
        .values_list("department_id", "report_id")
        .distinct(),
        *published_sections()
        .filter(departments__isnull=False)
        .values_list("departments", "report_id")
        .distinct(),
    ]
    return SitemapDates(
        reports=reports,
        indicators=_latest(indicators, modified),
        departments=_latest(departments, modified),
    )
