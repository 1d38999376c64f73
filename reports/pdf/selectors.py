"""The queries behind the PDF (the report itself comes from ``AnnualReport.objects``)."""

from reports.models import AnnualReport, ChangeNote, IndicatorValue


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
