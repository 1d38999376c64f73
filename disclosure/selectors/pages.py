"""The home page and the report page."""

from dataclasses import dataclass, field

from reports.models import AnnualReport, ChangeNote, IndicatorValue, Section

from .base import published_reports, published_values, published_years


@dataclass
class ReportPage:
    report: AnnualReport
    sections: list[Section] = field(default_factory=list)
    values: list[IndicatorValue] = field(default_factory=list)
    change_notes: list[ChangeNote] = field(default_factory=list)
    previous_year: int | None = None
    next_year: int | None = None

    @property
    def updated_at(self):
        """更新日期: the latest public change note, not the row's updated_at."""
        return self.change_notes[0].created_at if self.change_notes else None


def report_page(report: AnnualReport, with_content: bool = True) -> ReportPage:
    """Everything the report page shows, in a fixed number of queries whatever its size."""
    page = ReportPage(report=report)
    page.change_notes = list(
        ChangeNote.objects.public().filter(report=report).order_by("-created_at")
    )
    years = published_years()
    page.previous_year = max((y for y in years if y < report.year), default=None)
    page.next_year = min((y for y in years if y > report.year), default=None)
    if with_content:
        page.sections = report.sections_in_order()
        page.values = list(IndicatorValue.objects.filter(report=report).in_indicator_order())
    return page


@dataclass
class HomePage:
    latest: AnnualReport | None
    headline_values: list[IndicatorValue]
    reports: list[AnnualReport]


def home_page() -> HomePage:
    reports = list(
        published_reports().only(
            "year", "title", "published_at", "issuing_office", "summary", "government"
        )
    )
    latest = reports[0] if reports else None
    headline = []
    if latest is not None:
        headline = list(
            published_values()
            .filter(report=latest, definition__is_headline=True)
            .in_indicator_order()
        )
    return HomePage(latest=latest, headline_values=headline, reports=reports)
