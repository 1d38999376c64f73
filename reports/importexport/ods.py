"""Reading an OpenDocument spreadsheet (.ods, as LibreOffice and WPS save it).

``content.xml`` is read as a stream (``iterparse``), one row at a time. Repeated rows and
columns (``number-rows-repeated``, how ODS writes a run of empty rows to the sheet's end) are
expanded only where they hold something; a merged range (``number-columns-spanned`` /
``number-rows-spanned``) gives its top-left cell to every cell it covers. The same limits as for
XLSX apply: ``MAX_ROWS`` rows, ``MAX_COLUMNS`` columns and the unpacked size.
"""

import io
import zipfile
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError, iterparse

from django.utils.translation import gettext as _

from .table import (
    MAX_COLUMNS,
    MAX_ROWS,
    Cell,
    Grid,
    SpreadsheetError,
    cell_text,
    check_size,
    check_unpacked,
    first_table,
    too_many_rows,
)

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
NUMBER_TYPES = frozenset({"float", "percentage", "currency"})


def is_ods(data: bytes) -> bool:
    """OpenDocument keeps its mimetype, uncompressed, as the zip's first entry."""
    return MIMETYPE in data[:100]


def _paragraph_text(element) -> str:
    parts = []
    for node in element.iter():
        if node.tag == f"{TEXT}s":  # a run of spaces
            parts.append(" " * int(node.get(f"{TEXT}c", "1")))
        elif node.tag == f"{TEXT}tab":
            parts.append("\t")
        if node is not element and node.tail:
            parts.append(node.tail)
        if node.text and node.tag != f"{TEXT}s":
            parts.append(node.text)
    return "".join(parts)


def _cell(element) -> Cell:
    formula = element.get(f"{TABLE}formula")
    if formula:
        return Cell(formula.removeprefix("of:"), formula=True)
    kind = element.get(f"{OFFICE}value-type")
    if kind in NUMBER_TYPES:
        try:
            number = Decimal(element.get(f"{OFFICE}value", ""))
        except InvalidOperation:
            number = None
        if number is not None:
            return Cell(cell_text(number, "0%" if kind == "percentage" else ""))
    if kind == "date":
        return Cell(element.get(f"{OFFICE}date-value", "")[:10])
    if kind == "boolean":
        return Cell(cell_text(element.get(f"{OFFICE}boolean-value") == "true"))
    lines = [_paragraph_text(p) for p in element.findall(f"{TEXT}p")]
    return Cell("\n".join(lines).strip())


def _rows(table_rows):
    """(row number, cells) for every row with something in it; merged cells filled."""
    number = 0
    merges: list[tuple[int, int, int, int, Cell]] = []  # rows and columns covered, top-left cell
    for element in table_rows:
        repeat = int(element.get(f"{TABLE}number-rows-repeated", "1"))
        row = number + 1
        merges = [merge for merge in merges if merge[1] >= row]
        cells: list[Cell] = []
        for child in element:
            if child.tag not in (f"{TABLE}table-cell", f"{TABLE}covered-table-cell"):
                continue
            times = int(child.get(f"{TABLE}number-columns-repeated", "1"))
            if child.tag == f"{TABLE}covered-table-cell":
                for _ in range(min(times, MAX_COLUMNS - len(cells))):
                    column = len(cells)
                    top = next(
                        (m[4] for m in merges if m[0] <= row <= m[1] and m[2] <= column <= m[3]),
                        Cell(""),
                    )
                    cells.append(top)
                continue
            cell = _cell(child)
            rows_spanned = int(child.get(f"{TABLE}number-rows-spanned", "1"))
            columns_spanned = int(child.get(f"{TABLE}number-columns-spanned", "1"))
            if rows_spanned > 1 or columns_spanned > 1:
                column = len(cells)
                merges.append(
                    (row, row + rows_spanned - 1, column, column + columns_spanned - 1, cell)
                )
            cells.extend([cell] * min(times, MAX_COLUMNS - len(cells)))
        if any(cell.text for cell in cells):
            for _ in range(repeat):
                number += 1
                if number > MAX_ROWS:
                    raise too_many_rows()
                yield number, cells
        else:
            number += repeat
        element.clear()


def read_ods(data: bytes):
    check_size(len(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError(_("文件不是有效的OpenDocument表格(.ods)文件,无法打开。")) from error
    check_unpacked(info.file_size)

    def grids():
        with archive.open(info) as stream:
            name, rows = None, []
            for event, element in iterparse(stream, events=("start", "end")):
                if element.tag == f"{TABLE}table":
                    if event == "start":
                        name, rows = element.get(f"{TABLE}name"), []
                    else:
                        yield Grid(name, _rows(rows))
                        element.clear()
                elif event == "end" and element.tag == f"{TABLE}table-row":
                    rows.append(element)

    try:
        return first_table(grids())
    except ParseError as error:
        raise SpreadsheetError(_("文件不是有效的OpenDocument表格(.ods)文件,无法打开。")) from error
