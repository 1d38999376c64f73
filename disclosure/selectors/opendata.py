"""The figures of the published reports, as open data."""

from reports.models import IndicatorValue

from .base import published_values


def open_data_rows(year: int | None = None) -> list[IndicatorValue]:
    values = published_values().select_related(
        "report", "definition__category", "department", "section"
    )
    if year is not None:
        values = values.filter(report__year=year)
    return list(
        values.order_by(
            "-report__year",
            "definition__category__order",
            "definition__order",
            "definition__code",
            "department__order",
            "department__name",
        )
    )
