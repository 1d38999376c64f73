"""XLSX sheets the office fills in: the blank import template of each resource, and the
styling the data collection sheet shares with it (bold header, column widths, drop-downs).

A template has the resource's columns in import order. Required columns are marked with ``*``
(the reader strips it) and filled red; columns that are only read by people are grey. A column
with fixed values (限定, 类别, 重点指标) is a drop-down (openpyxl data validation); so is a column
naming a registered row (部门, 指标代码, 类别代码), from a 可选值 sheet that lists them. A 填表说明
sheet says what each column takes. The template holds no figures.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from . import columns
from .widgets import ChoiceWidget, LookupWidget, YesNoWidget

TEMPLATE_ROWS = 1000  # rows that get the drop-downs in a blank template
REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")
READ_ONLY_FILL = PatternFill("solid", fgColor="E7E6E6")

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
    columns.NAME: 24,
    columns.DESCRIPTION: 40,
}


def choice_labels(widget) -> list[str]:
    """The values a drop-down offers for a column, or [] when the column is free text."""
    if isinstance(widget, ChoiceWidget):
        return [str(label) for label in widget.choices.labels]
    if isinstance(widget, YesNoWidget):
        return [_("是"), _("否")]
    return []


def style_sheet(sheet, resource, headers: list[str], last_row: int, fills: dict) -> None:
    """Bold header, widths, frozen header row, and a drop-down on each choice column."""
    widgets_by_column = {field.column_name: field.widget for field in resource.fields.values()}
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        name = str(header).rstrip("*")
        sheet.column_dimensions[letter].width = WIDTHS.get(name, 14)
        if name in fills:
            cell.fill = fills[name]
        labels = choice_labels(widgets_by_column.get(name))
        if labels:
            validation = DataValidation(
                type="list",
                formula1='"{}"'.format(",".join(labels)),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("不是可选的值"),
                error=_("请从下拉列表中选择:%(labels)s") % {"labels": "、".join(labels)},
            )
            validation.add(f"{letter}2:{letter}{max(2, last_row)}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"


def _read_only(resource) -> set[str]:
    return {f.column_name for f in resource.fields.values() if f.readonly} | set(
        columns.INFORMATIONAL
    )


def _lookup_lists(book, resource, headers: list[str], sheet) -> set[str]:
    """A 可选值 sheet with the names a lookup column accepts, and a drop-down from it.

    Its column names end in (可选值), so the import never takes this sheet for the data.
    Returns the columns given a list."""
    lists = None
    listed: set[str] = set()
    for index, header in enumerate(headers, start=1):
        name = header.rstrip("*")
        field = next((f for f in resource.fields.values() if f.column_name == name), None)
        widget = getattr(field, "widget", None)
        if not isinstance(widget, LookupWidget) or name == columns.YEAR:
            continue
        names = [str(n) for n in widget.model.objects.values_list(widget.field, flat=True)]
        if not names:
            continue
        if lists is None:
            lists = book.create_sheet(_("可选值"))
        listed.add(name)
        column = len(listed)
        lists.cell(row=1, column=column, value=f"{name}(可选值)").font = Font(bold=True)
        for row, value in enumerate(names, start=2):
            lists.cell(row=row, column=column, value=value)
        source = lists.cell(row=1, column=column).column_letter
        lists.column_dimensions[source].width = WIDTHS.get(name, 14) + 4
        letter = sheet.cell(row=1, column=index).column_letter
        validation = DataValidation(
            type="list",
            formula1=f"'{lists.title}'!${source}$2:${source}${len(names) + 1}",
            allow_blank=True,
            showErrorMessage=False,  # a 简称 or an alias is accepted too; the import checks
        )
        validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)
    return listed


def template_xlsx(resource) -> bytes:
    """A blank sheet to fill in and import with ``resource``."""
    names = [field.column_name for field in resource.get_export_fields()]
    required = set(resource.required_columns())
    read_only = _read_only(resource) - required
    headers = [f"{name}*" if name in required else name for name in names]
    fills = {name: REQUIRED_FILL for name in required}
    fills.update({name: READ_ONLY_FILL for name in read_only})
    book = Workbook()
    sheet = book.active
    sheet.title = str(resource._meta.name or _("数据"))
    sheet.append(headers)
    style_sheet(sheet, resource, headers, TEMPLATE_ROWS + 1, fills)

    notes = book.create_sheet(_("填表说明"))
    lookups = _lookup_lists(book, resource, headers, sheet)
    notes.append([_("列名"), _("是否必填"), _("可填的值")])
    widgets_by_column = {field.column_name: field.widget for field in resource.fields.values()}
    for name in names:
        labels = choice_labels(widgets_by_column.get(name))
        if name in required:
            need = _("必填(列名带*)")
        elif name in read_only:
            need = _("仅供阅读,导入时不读取")
        else:
            need = _("选填")
        if labels:
            choices = _("下拉选择:") + "、".join(labels)
        elif name in lookups:
            choices = _("下拉选择,见“可选值”工作表")
        else:
            choices = ""
        notes.append([name, need, choices])
    for letter, width in zip("ABC", (14, 24, 60), strict=True):
        notes.column_dimensions[letter].width = width
    for cell in notes[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
