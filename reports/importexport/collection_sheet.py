"""The data collection sheet: one row per figure and responsible department of a draft report,
for departments to fill in; it comes back through the ordinary indicator-value import."""

import io

from openpyxl import Workbook

from reports.models import AnnualReport, ExpectedFigure, IndicatorValue

from . import columns
from .sheets import EDITABLE_FILL, style_sheet
from .values import IndicatorValueResource


def collection_rows(report: AnnualReport) -> list[IndicatorValue]:
    """Figures already entered, then those expected and still missing, in indicator order."""
    values = list(
        IndicatorValue.objects.filter(report=report).select_related(
            "report", "definition", "department", "section"
        )
    )
    have = {(v.definition_id, v.department_id) for v in values}
    for figure in ExpectedFigure.objects.filter(report=report).select_related(
        "definition", "department", "section"
    ):
        if (figure.definition_id, figure.department_id) in have:
            continue
        values.append(
            IndicatorValue(
                report=report,
                definition=figure.definition,
                department=figure.department,
                section=figure.section,
                value=None,
                qualifier="",
            )
        )
    values.sort(
        key=lambda v: (
            v.definition.category_id,
            v.definition.order,
            v.definition.code,
            v.department.name if v.department else "",
        )
    )
    return values


def collection_sheet_xlsx(report: AnnualReport) -> bytes:
    resource = IndicatorValueResource()
    dataset = resource.export(queryset=collection_rows(report))
    book = Workbook()
    sheet = book.active
    sheet.title = f"{report.year}年度指标采集"
    sheet.append(dataset.headers)
    for row in dataset:
        sheet.append(list(row))
    fills = dict.fromkeys(columns.EDITABLE, EDITABLE_FILL)
    style_sheet(sheet, resource, dataset.headers, len(dataset) + 1, fills)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
