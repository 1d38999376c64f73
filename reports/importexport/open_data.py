"""The public's copy of every published figure, as CSV, JSON and XLSX, from one definition.

The views choose which figures (published reports only) and how to link them; this module
turns them into records and files with the columns of ``columns.OPEN_DATA``.
"""

import csv
import io
from collections.abc import Callable, Iterable

from reports.models import IndicatorValue

from .cells import neutralise_row
from .columns import OPEN_DATA
from .numbers import plain_number


def figure_record(value: IndicatorValue, url: str) -> dict:
    return {
        "year": value.report.year,
        "report_title": value.report.title,
        "category": value.definition.category.name,
        "indicator_code": value.definition.code,
        "indicator_name": value.definition.name,
        "department": value.department.name if value.department else "",
        "value": plain_number(value.value),
        "value_max": plain_number(value.value_max),
        "qualifier": value.get_qualifier_display(),
        "unit": value.definition.unit,
        "display": value.display,
        "source_text": value.source_text,
        "sentence": value.sentence,
        "url": url,
    }


def figure_records(values: Iterable[IndicatorValue], url_of: Callable) -> list[dict]:
    return [figure_record(value, url_of(value)) for value in values]


def _table(records: list[dict]) -> list[list]:
    rows = [[label for _key, label in OPEN_DATA]]
    rows.extend(neutralise_row([record[key] for key, _label in OPEN_DATA]) for record in records)
    return rows


def csv_bytes(records: list[dict]) -> bytes:
    """UTF-8 with a BOM, so that Excel opens the Chinese intact."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerows(_table(records))
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(records: list[dict], title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)  # rows go straight to the file: memory stays flat
    sheet = book.create_sheet(title[:31])
    rows = _table(records)
    header, *body = rows
    sheet.append(header)
    for row in body:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
