"""The data collection sheet: one row per figure and responsible department of a draft report,
for departments to fill in; it comes back through the ordinary indicator-value import."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from reports.models import AnnualReport, ExpectedFigure, IndicatorValue, Qualifier

from . import columns
from .values import IndicatorValueResource

WIDTHS = {
    columns.YEAR: 8,
    columns.CODE: 34,
    columns.INDICATOR_NAME: 30,
    columns.UNIT: 8,
    columns.DEPARTMENT: 18,
    columns.VALUE: 12,
    columns.VALUE_MAX: 10,
    columns.QUALIFIER: 10,
    columns.SOURCE_TEXT: 14,
    columns.SECTION: 40,
}


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
    dataset = IndicatorValueResource().export(queryset=collection_rows(report))
    book = Workbook()
    sheet = book.active
    sheet.title = f"{report.year}年度指标采集"
    sheet.append(dataset.headers)
    for row in dataset:
        sheet.append(list(row))
    editable_fill = PatternFill("solid", fgColor="FFF2CC")
    for index, header in enumerate(dataset.headers, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = WIDTHS.get(header, 14)
        if header in columns.EDITABLE:
            cell.fill = editable_fill
        if header == columns.QUALIFIER:
            labels = ",".join(str(label) for label in Qualifier.labels)
            validation = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
            validation.add(f"{letter}2:{letter}{max(2, len(dataset) + 1)}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
