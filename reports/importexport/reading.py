"""Reading uploaded spreadsheets safely: size, encoding, real format, formulas, headers.

CSV is accepted as UTF-8 (with or without BOM) or GB18030 (as saved by Chinese Excel). XLSX is
read with formulas visible, so that a formula cell is refused rather than silently imported as
whatever value Excel last cached. Every problem is a SpreadsheetError with a message in
Chinese naming the row (as numbered in the spreadsheet) and the column.
"""

import csv
import io
import zipfile
from datetime import date, datetime

import tablib
from django.conf import settings
from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"


class SpreadsheetError(ValueError):
    """The file cannot be imported; the message is for the user."""


def check_size(size: int) -> None:
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if size > limit:
        raise SpreadsheetError(
            _("文件过大(%(size)s),超过上限 %(limit)s,请拆分后分批导入。")
            % {"size": human_size(size), "limit": human_size(limit)}
        )


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


def decode_csv(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(_("无法识别CSV文件的编码,请另存为“CSV UTF-8”或GB18030编码后再导入。"))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _column_label(headers: list[str], index: int) -> str:
    return headers[index] if index < len(headers) and headers[index] else f"第{index + 1}列"


def _finish(headers: list[str], rows: list[list[str]]) -> tablib.Dataset:
    headers = [h.strip() for h in headers]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise SpreadsheetError(_("文件是空的:第1行应是列名。"))
    seen = set()
    for header in headers:
        if header in seen:
            raise SpreadsheetError(_("列名“%(name)s”出现了不止一次。") % {"name": header})
        seen.add(header)
    dataset = tablib.Dataset(headers=headers)
    for line, row in enumerate(rows, start=2):
        cells = (row + [""] * len(headers))[: len(headers)]
        extra = [cell for cell in row[len(headers) :] if cell]
        if extra:
            raise SpreadsheetError(_("第%(line)s行的数据超出了列名所在的列。") % {"line": line})
        if not any(cells):
            continue  # blank line
        dataset.append(cells)
    if not len(dataset):
        raise SpreadsheetError(_("文件中没有数据行(第1行是列名,数据从第2行开始)。"))
    return dataset


def read_csv(data: bytes) -> tablib.Dataset:
    check_size(len(data))
    if not data.strip():
        raise SpreadsheetError(_("文件是空的。"))
    if data.startswith(XLSX_MAGIC):
        raise SpreadsheetError(_("这是一个Excel(XLSX)文件,不是CSV文件,请选择XLSX格式。"))
    text = decode_csv(data)
    if "\x00" in text:
        raise SpreadsheetError(_("文件不是CSV文本文件,请检查所选格式。"))
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise SpreadsheetError(_("CSV文件格式有误:%(error)s") % {"error": error}) from error
    rows = [[cell.strip() for cell in row] for row in rows]
    headers = rows[0] if rows else []
    for line, row in enumerate(rows[1:], start=2):
        for index, cell in enumerate(row):
            if cell.startswith("="):
                raise SpreadsheetError(
                    _("第%(line)s行“%(column)s”列是公式(%(cell)s),不能导入公式,请填写数值。")
                    % {"line": line, "column": _column_label(headers, index), "cell": cell[:30]}
                )
    return _finish(headers, rows[1:])


def read_xlsx(data: bytes) -> tablib.Dataset:
    import openpyxl

    check_size(len(data))
    if not data:
        raise SpreadsheetError(_("文件是空的。"))
    if not data.startswith(XLSX_MAGIC):
        raise SpreadsheetError(
            _("文件不是有效的Excel(XLSX)文件,请检查所选格式(CSV文件请选择CSV)。")
        )
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError(_("文件不是有效的Excel(XLSX)文件,无法打开。")) from error
    try:
        sheet = book.worksheets[0]
        rows_iter = sheet.iter_rows()
        header_cells = next(rows_iter, None)
        headers = [_cell_text(cell.value) for cell in header_cells] if header_cells else []
        rows = []
        for row in rows_iter:
            values = []
            for index, cell in enumerate(row):
                if cell.data_type == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith("=")
                ):
                    raise SpreadsheetError(
                        _(
                            "第%(line)s行“%(column)s”列(单元格%(cell)s)是公式,不能导入公式,请复制后“粘贴为数值”再导入。"
                        )
                        % {
                            "line": cell.row,
                            "column": _column_label(headers, index),
                            "cell": cell.coordinate,
                        }
                    )
                values.append(_cell_text(cell.value))
            rows.append(values)
    finally:
        book.close()
    return _finish(headers, rows)


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_table(data: bytes) -> tablib.Dataset:
    """Any spreadsheet a clerk sends, recognised from its content rather than its name."""
    if data.startswith(XLSX_MAGIC):
        return read_xlsx(data)
    if data.startswith(OLE2_MAGIC):
        raise SpreadsheetError(_("这是Excel 97-2003或WPS表格文件,请另存为.xlsx后再导入。"))
    return read_csv(data)
