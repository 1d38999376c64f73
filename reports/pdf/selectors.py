"""The queries behind the PDF. Only ``published_report`` may feed the public URL."""

from django.http import Http404

from reports.models import AnnualReport, ChangeNote, IndicatorValue, Section


def published_report(year: int) -> AnnualReport:
    try:
        return AnnualReport.objects.published().get(year=year)
    except AnnualReport.DoesNotExist:
        raise Http404("No published report for this year") from None


def any_report(year: int) -> AnnualReport:
    """A report whatever its status: for staff only."""
    try:
        return AnnualReport.objects.get(year=year)
    except AnnualReport.DoesNotExist:
        raise Http404("No report for this year") from None


def report_sections(report: AnnualReport) -> list[Section]:
    return Section.objects.filter(report=report).in_document_order()


def previous_published_report(report: AnnualReport) -> AnnualReport | None:
    return AnnualReport.objects.published().filter(year__lt=report.year).order_by("-year").first()


def headline_values(report: AnnualReport) -> list[IndicatorValue]:
    """The report's figures for headline indicators (重点指标), in the indicators' order."""
    return list(
        IndicatorValue.objects.filter(
            report=report, definition__is_headline=True
        ).in_indicator_order()
    )


def public_change_notes(report: AnnualReport) -> list[ChangeNote]:
    return list(ChangeNote.objects.public().filter(report=report).order_by("created_at"))
