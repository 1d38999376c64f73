"""Reading an uploaded spreadsheet, whatever kind of file it is.

Accepted: XLSX (read in streaming, read-only mode), Excel 97-2003 .xls and WPS .et (through
xlrd), CSV in UTF-8 or GB18030 separated by commas or tabs, and Excel's "Unicode 文本" (UTF-16,
tabs), and OpenDocument .ods (``ods``). The kind of file is recognised from its content, never
from its name. The table in it is found by ``table``.

Limits (a small file can unpack to gigabytes): at most ``MAX_ROWS`` rows and
``table.MAX_UNPACKED_BYTES`` of unpacked XLSX or ODS, refused with a message before memory grows.
"""

import csv
import io
import re
import zipfile

import tablib
from django.utils.translation import gettext as _

from .ods import is_ods, read_ods
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

__all__ = ["SpreadsheetError", "check_size", "read_csv", "read_table", "read_xls", "read_xlsx"]

XLSX_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# --- XLSX -----------------------------------------------------------------------------------

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters.decode():
        index = index * 26 + ord(char) - 64
    return index - 1


def _scan_sheet(archive: zipfile.ZipFile, path: str):
    """The sheet's merged ranges (read-only mode has none), and a refusal before parsing
    when it holds more than MAX_ROWS rows: one streaming pass over its XML, counting bytes."""
    ranges = []
    rows = 0
    tail = b""
    with archive.open(path) as stream:
        while chunk := stream.read(1 << 20):
            rows += chunk.count(b"<row ") + chunk.count(b"<row>")
            if rows > MAX_ROWS + 1:  # the header row may come on top of MAX_ROWS
                raise too_many_rows()
            text = tail + chunk
            if b"mergeCell" in text:
                ranges.extend(
                    (int(m[2]), int(m[4]), _column_index(m[1]), _column_index(m[3]))
                    for m in _MERGE.finditer(text)
                )
            tail = text[-100:]
    return list(dict.fromkeys(ranges))


def read_xlsx(data: bytes) -> tablib.Dataset:
    import openpyxl

    check_size(len(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SpreadsheetError(_("文件不是有效的Excel(XLSX)文件,无法打开。")) from error
    check_unpacked(unpacked)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        raise SpreadsheetError(_("文件不是有效的Excel(XLSX)文件,无法打开。")) from error
    try:

        def rows(sheet):
            for cells in sheet.iter_rows(max_col=MAX_COLUMNS):
                number = next((c.row for c in cells if getattr(c, "row", None)), None)
                if number is None:
                    continue
                yield (
                    number,
                    [
                        Cell(str(c.value), formula=True)
                        if getattr(c, "data_type", None) == "f"
                        else Cell(cell_text(c.value, getattr(c, "number_format", "")))
                        for c in cells
                    ],
                )

        grids = (
            Grid(sheet.title, rows(sheet), _scan_sheet(archive, sheet._worksheet_path))
            for sheet in book.worksheets
        )
        return first_table(grids)
    finally:
        book.close()


# --- XLS and WPS ----------------------------------------------------------------------------


def read_xls(data: bytes) -> tablib.Dataset:
    import xlrd

    check_size(len(data))
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception as error:  # noqa: BLE001 - xlrd raises many kinds on what it cannot read
        raise SpreadsheetError(
            _("这是Excel 97-2003或WPS表格文件,但无法读取(可能已加密);请另存为.xlsx后再导入。")
        ) from error

    def cell(sheet, row, col):
        value = sheet.cell(row, col)
        if value.ctype == xlrd.XL_CELL_DATE:
            return Cell(cell_text(xlrd.xldate.xldate_as_datetime(value.value, book.datemode)))
        fmt = book.format_map.get(book.xf_list[value.xf_index].format_key)
        return Cell(cell_text(value.value if value.ctype else None, fmt.format_str if fmt else ""))

    def rows(sheet):
        for row in range(sheet.nrows):
            yield row + 1, [cell(sheet, row, col) for col in range(min(sheet.ncols, MAX_COLUMNS))]

    def grids():
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            merged = [(r0 + 1, r1, c0, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
            yield Grid(sheet.name, rows(sheet), merged)

    try:
        return first_table(grids())
    finally:
        book.release_resources()


# --- CSV and text ---------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")  # Excel's "Unicode 文本"
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(_("无法识别CSV文件的编码,请另存为“CSV UTF-8”或GB18030编码后再导入。"))


def read_csv(data: bytes) -> tablib.Dataset:
    check_size(len(data))
    if not data.strip():
        raise SpreadsheetError(_("文件是空的。"))
    text = decode_text(data)
    if "\x00" in text:
        raise SpreadsheetError(_("无法识别的文件:它既不是Excel表格,也不是CSV文本文件。"))
    head = text[:4096]
    delimiter = "\t" if head.count("\t") > head.count(",") else ","
    try:
        records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = ((number, [Cell(c.strip()) for c in row]) for number, row in enumerate(records, 1))
        return first_table([Grid(None, rows)])
    except csv.Error as error:
        raise SpreadsheetError(_("CSV文件格式有误:%(error)s") % {"error": error}) from error


def read_table(data: bytes) -> tablib.Dataset:
    """Any spreadsheet a clerk sends, recognised from its content rather than its name."""
    if not data:
        raise SpreadsheetError(_("文件是空的。"))
    if data.startswith(XLSX_MAGIC):
        if is_ods(data):
            return read_ods(data)
        return read_xlsx(data)
    if data.startswith(OLE2_MAGIC):
        return read_xls(data)
    return read_csv(data)
