"""The table inside a spreadsheet, found the way a clerk laid it out, with each cell's place.

The header is the first row holding several known column names (年度, 指标代码, 数值, ...), on
whichever sheet has one: title rows above it and instruction sheets before it are passed over.
Column names lose ``*`` and ``(必填)``; a second header row under merged cells is read too.
Merged cells count as their top-left cell on every row they cover. Blank rows, 填表说明/填表人
rows and 合计 rows are left out. Every dataset row keeps its place (sheet, Excel row, column
letters), so every message names the cell as the clerk sees it: ``工作表“数据”第13行 F列“数值”``.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import tablib
from django.conf import settings
from django.utils.translation import gettext as _

from . import columns
from .numbers import parse_year

MAX_ROWS = 100_000
MAX_COLUMNS = 64
HEADER_SEARCH_ROWS = 30

FOOTER_MARKS = ("填表说明", "说明:", "注:", "备注:", "填表人", "审核人", "负责人", "联系人", "联系电话",
                "填报单位", "填报日期", "单位负责人", "制表人")  # fmt: skip
TOTAL_MARKS = frozenset({"合计", "总计", "小计", "总数"})
FORMULA_ALLOWED = columns.INFORMATIONAL | {columns.UNIT}


class SpreadsheetError(ValueError):
    """The file cannot be imported; the message is for the user."""


def too_many_rows() -> SpreadsheetError:
    return SpreadsheetError(
        _("表格超过%(limit)s行,请拆分后分批导入。") % {"limit": f"{MAX_ROWS:,}"}
    )


def check_size(size: int) -> None:
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if size > limit:
        raise SpreadsheetError(
            _("文件过大(%(size)s),超过上限 %(limit)s,请拆分后分批导入。")
            % {"size": human_size(size), "limit": human_size(limit)}
        )


MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a zipped sheet (XLSX, ODS) unpacked


def check_unpacked(size: int) -> None:
    if size > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(
            _("文件解压后达%(size)s,超过上限%(limit)s;请删除多余的行或工作表,或拆分后分批导入。")
            % {"size": human_size(size), "limit": human_size(MAX_UNPACKED_BYTES)}
        )


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Cell:
    text: str
    formula: bool = False


@dataclass
class Place:
    """Where a dataset's rows and columns were in the file."""

    sheet: str | None
    header_row: int
    letters: dict[str, str] = field(default_factory=dict)  # column name → letter
    rows: list[int] = field(default_factory=list)  # Excel row of each dataset row

    def prefix(self) -> str:
        return _("工作表“%(sheet)s”") % {"sheet": self.sheet} if self.sheet else ""

    def row(self, number: int) -> int:
        """The Excel row of import-export's row ``number`` (1-based in the dataset)."""
        return self.rows[number - 1] if 0 < number <= len(self.rows) else number + self.header_row

    def cell(self, number: int | None, column: str | None = None) -> str:
        where = self.prefix()
        if number is not None:
            where += _("第%(row)s行") % {"row": self.row(number)}
        if column and column in self.letters:
            where += _(" %(letter)s列“%(column)s”") % {
                "letter": self.letters[column],
                "column": column,
            }
        elif column:
            where += _("“%(column)s”列") % {"column": column}
        return where

    def sheet_cell(self, row: int, index: int, name: str = "") -> str:
        label = _("“%(column)s”") % {"column": name} if name else ""
        return (
            self.prefix()
            + _("第%(row)s行 %(letter)s列")
            % {
                "row": row,
                "letter": column_letter(index),
            }
            + label
        )

    def drop(self, index: int) -> None:
        del self.rows[index]


def clean_header(value: str) -> str:
    text = unicodedata.normalize("NFKC", value or "")
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"\((必填|选填|可选|必须填写)\)", "", text)
    return text.strip("*:")


def _known(headers) -> int:
    return sum(1 for header in headers if clean_header(header) in columns.KNOWN)


def cell_text(value, number_format: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        if "%" in (number_format or ""):
            return format((number * 100).normalize(), "f") + "%"  # a 0%-formatted 0.95 is 95%
        if number == number.to_integral_value():
            return str(int(number))
        return format(number.normalize(), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if not value.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


class Grid:
    """One sheet's rows as (Excel row number, cells), with its merged ranges."""

    def __init__(self, name, rows, merged=()):
        self.name = name
        self.rows = rows  # iterable of (row number, [Cell])
        self.merged = list(merged)  # (first row, last row, first col, last col), 1-based rows

    def filled(self):
        """Rows with merged ranges filled from their top-left cell; at most MAX_ROWS."""
        pending = sorted(self.merged)
        active: list[tuple[int, int, int, int]] = []
        tops: dict[tuple[int, int], Cell] = {}
        for number, cells in self.rows:
            if number > MAX_ROWS:
                raise too_many_rows()
            while pending and pending[0][0] <= number:
                active.append(pending.pop(0))
            active = [merge for merge in active if merge[1] >= number]
            if active:
                cells = list(cells)
                for first_row, _last, first_col, last_col in active:
                    last_col = min(last_col, MAX_COLUMNS - 1)
                    if first_row == number and first_col < len(cells):
                        tops[(first_row, first_col)] = cells[first_col]
                    cells.extend(Cell("") for _ in range(len(cells), last_col + 1))
                    top = tops.get((first_row, first_col), Cell(""))
                    for index in range(first_col, last_col + 1):
                        if (number, index) != (first_row, first_col) and not cells[index].text:
                            cells[index] = top
            yield number, cells


def _table(grid: Grid) -> tuple[list[str], list[int], list[list[Cell]], int] | None:
    """(headers, Excel rows, cells, header row) of the table on this sheet, or None."""
    rows = grid.filled()
    header = None
    seen = 0
    for number, cells in rows:
        if not any(cell.text for cell in cells):
            continue
        seen += 1
        if _known(cell.text for cell in cells) >= 2:
            header = (number, [clean_header(cell.text) for cell in cells])
            break
        if seen >= HEADER_SEARCH_ROWS:
            return None
    if header is None:
        return None
    header_row, headers = header
    body_rows: list[int] = []
    body: list[list[Cell]] = []
    second_checked = False
    for number, cells in rows:
        texts = [cell.text for cell in cells]
        if not second_checked:
            second_checked = True
            lower = [clean_header(t) for t in texts]
            if _known(lower) >= 1 and not any(t and t[0].isdigit() for t in texts):
                # Two header rows: the lower names the columns under a merged upper cell.
                width = max(len(headers), len(lower))
                headers = [
                    (lower[i] if i < len(lower) and lower[i] in columns.KNOWN else "")
                    or (headers[i] if i < len(headers) else "")
                    for i in range(width)
                ]
                header_row = number
                continue
        body_rows.append(number)
        body.append(list(cells))
    return headers, body_rows, body, header_row


def _finish(grid: Grid, found) -> tablib.Dataset:
    headers, body_rows, body, header_row = found
    while headers and not headers[-1]:
        headers.pop()
    place = Place(sheet=grid.name, header_row=header_row)
    seen = {}
    for index, header in enumerate(headers):
        if not header:
            continue
        if header in seen:
            raise SpreadsheetError(
                _("%(where)s:列名“%(name)s”出现了两次(另一处在%(other)s列)。")
                % {
                    "where": place.sheet_cell(header_row, index),
                    "name": header,
                    "other": column_letter(seen[header]),
                }
            )
        seen[header] = index
        place.letters[header] = column_letter(index)
    dataset = tablib.Dataset(
        headers=[h or f"({column_letter(i)}列)" for i, h in enumerate(headers)]
    )
    footer = False
    for number, cells in zip(body_rows, body, strict=True):
        texts = [cell.text for cell in cells]
        filled = [t for t in texts if t]
        if not filled:
            continue
        if filled[0].startswith(FOOTER_MARKS):
            footer = True
            continue
        if footer and len(filled) <= 1:
            continue  # an instruction line under 填表说明
        if any(
            texts[index].replace(" ", "") in TOTAL_MARKS
            for index, header in enumerate(headers[: len(texts)])
            if header in (columns.INDICATOR_NAME, columns.CODE, columns.DEPARTMENT, columns.YEAR)
        ):
            continue
        for index, cell in enumerate(cells[len(headers) :], start=len(headers)):
            if cell.text:
                raise SpreadsheetError(
                    _("%(where)s有内容“%(text)s”,但这一列没有列名;请删除它或补上列名。")
                    % {"where": place.sheet_cell(number, index), "text": cell.text[:20]}
                )
        row = []
        for index, header in enumerate(headers):
            cell = cells[index] if index < len(cells) else Cell("")
            if cell.formula:
                if header in FORMULA_ALLOWED or not header:
                    row.append("")
                    continue
                raise SpreadsheetError(
                    _("%(where)s是公式(%(formula)s),不能导入公式,请复制后“粘贴为数值”再导入。")
                    % {
                        "where": place.sheet_cell(number, index, header),
                        "formula": cell.text[:30],
                    }
                )
            text = cell.text
            if header == columns.YEAR:
                text = parse_year(text)
            if (
                header
                and not text.startswith("'")
                and text.startswith("=")
                and (header not in FORMULA_ALLOWED)
            ):
                raise SpreadsheetError(
                    _("%(where)s是公式(%(formula)s),不能导入公式,请填写数值。")
                    % {"where": place.sheet_cell(number, index, header), "formula": text[:30]}
                )
            row.append(text)
        dataset.append(row)
        place.rows.append(number)
    if not len(dataset):
        raise SpreadsheetError(
            _("%(where)s第%(row)s行是列名,但下面没有数据行。")
            % {"where": place.prefix(), "row": header_row}
        )
    dataset.place = place
    return dataset


def first_table(grids) -> tablib.Dataset:
    names = []
    for grid in grids:
        found = _table(grid)
        if found is not None:
            return _finish(grid, found)
        names.append(grid.name)
    sheets = _("(已查看工作表:%(names)s)") % {"names": "、".join(n for n in names if n)}
    raise SpreadsheetError(
        _("找不到列名行:表格中应有一行写着“年度”“指标代码”“部门”“数值”等列名。")
        + (sheets if any(names) else "")
    )
