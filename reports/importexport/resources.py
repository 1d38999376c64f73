"""Declarative import/export resources for the office's spreadsheets (django-import-export).

Columns are named in Chinese; an import names each error by row and column and, through the
admin's two-step flow (preview, then confirm) inside one transaction, writes nothing when any
row is wrong. Exported text cells are neutralised so a spreadsheet never runs them as formulas.
"""

import logging

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from reports.models import (
    Department,
    IndicatorCategory,
    IndicatorDefinition,
)
from reports.models.departments import DepartmentKind
from reports.services.shared_rows import (
    printed_changes,
    printed_values,
    reports_showing,
    years_label,
)

from . import columns
from .cells import neutralise
from .table import Place, SpreadsheetError, column_letter
from .widgets import ChoiceWidget, LookupWidget, YesNoWidget

logger = logging.getLogger(__name__)


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (columns); the message is for the user."""


def clerk_errors(result, place: Place) -> list[str]:
    """Every problem of an import as one line naming the sheet, the Excel row and the column,
    in the file's order; never Python's or the database's own wording."""
    lines = []
    for error in result.base_errors:
        if isinstance(error.error, ImportFileError | SpreadsheetError):
            lines.extend(str(error.error).split("\n"))
        else:
            logger.warning("import failed", exc_info=error.error)
            lines.append(_("导入时发生内部错误,未写入任何数据;请把文件发给系统管理员。"))
    for number, _errors in result.row_errors():
        lines.append(
            place.cell(number) + _(":这一行无法导入(内部错误),请检查后重试或联系系统管理员。")
        )
    for row in result.invalid_rows:
        for column, messages in row.field_specific_errors.items():
            lines.append(place.cell(row.number, column) + ":" + " ".join(map(str, messages)))
        for message in row.non_field_specific_errors:
            lines.append(place.cell(row.number) + ":" + str(message))
    return lines


class OfficeResource(resources.ModelResource):
    """Checks the columns first, names errors by column, and neutralises formulas on export."""

    def column_names(self) -> dict[str, str]:
        return {name: field.column_name for name, field in self.fields.items()}

    def required_columns(self) -> list[str]:
        return [self.fields[name].column_name for name in self.get_import_id_fields()]

    def place_of(self, dataset) -> Place:
        place = getattr(dataset, "place", None)
        if place is None:  # a dataset built in code: row 1 is the header
            place = Place(sheet=None, header_row=1, rows=list(range(2, len(dataset) + 2)))
            place.letters = {h: column_letter(i) for i, h in enumerate(dataset.headers or [])}
        return place

    def before_import(self, dataset, **kwargs):
        self._place = self.place_of(dataset)
        headers = [str(h).strip() for h in (dataset.headers or [])]
        known = {field.column_name for field in self.fields.values()}
        missing = [column for column in self.required_columns() if column not in headers]
        unknown = [header for header in headers if header not in known]
        problems = []
        if missing:
            problems.append(_("缺少必需的列:%(columns)s") % {"columns": "、".join(missing)})
        if unknown:
            problems.append(_("无法识别的列:%(columns)s") % {"columns": "、".join(unknown)})
        if problems:
            dataset.wipe()  # stop here: import-export would go on to import each row
            expected = "、".join(field.column_name for field in self.get_import_fields())
            where = self._place.prefix() + _("第%(row)s行(列名行)") % {
                "row": self._place.header_row
            }
            raise ImportFileError(
                where
                + ":"
                + ";".join(problems)
                + _("。可用的列:%(expected)s。") % {"expected": expected}
            )
        self._check_duplicate_keys(dataset)

    def _check_duplicate_keys(self, dataset):
        key_columns = self.required_columns()
        seen: dict[tuple, int] = {}
        for number, row in enumerate(dataset.dict, start=1):
            key = tuple(str(row.get(column) or "").strip() for column in key_columns)
            if key in seen:
                dataset.wipe()
                raise ImportFileError(
                    _("%(where)s与第%(first)s行重复(%(columns)s相同),同一项只能出现一次。")
                    % {
                        "where": self._place.cell(number),
                        "first": self._place.row(seen[key]),
                        "columns": "、".join(key_columns),
                    }
                )
            seen[key] = number

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        result.clerk_errors = clerk_errors(result, getattr(self, "_place", self.place_of(dataset)))
        result.preview_headers = list(dataset.headers or [])

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        row_result.cells = [row.get(header, "") for header in row.keys()]

    # Foreign keys set by LookupWidget come from the database already: checking again that
    # they exist would cost a query per key per row.
    looked_up_fields: tuple[str, ...] = ()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The file has no duplicate keys and existing rows are found by key, so the per-row
        # unique queries add nothing but time; the database's constraints remain the guard.
        errors = dict(import_validation_errors or {})
        exclude = {*errors.keys(), *self.looked_up_fields}
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(self._by_column(errors))

    def _by_column(self, errors: dict) -> dict:
        columns = self.column_names()
        renamed = {}
        for key, messages in errors.items():
            column = columns.get(key, NON_FIELD_ERRORS if key == NON_FIELD_ERRORS else key)
            if isinstance(messages, ValidationError):
                messages = messages.messages
            renamed.setdefault(column, []).extend(messages)
        return renamed

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))


class DepartmentResource(OfficeResource):
    name = fields.Field(attribute="name", column_name=columns.NAME)
    short_name = fields.Field(attribute="short_name", column_name=columns.SHORT_NAME)
    kind = fields.Field(
        attribute="kind",
        column_name=columns.KIND,
        widget=ChoiceWidget(
            DepartmentKind, aliases={"乡镇": "town", "街道": "town"}, default="department"
        ),
    )
    order = fields.Field(
        attribute="order", column_name=columns.ORDER, widget=widgets.IntegerWidget()
    )

    class Meta:
        model = Department
        fields = ("name", "short_name", "kind", "order")
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True
        name = "部门"


class IndicatorDefinitionResource(OfficeResource):
    code = fields.Field(attribute="code", column_name=columns.CODE)
    name = fields.Field(attribute="name", column_name=columns.INDICATOR_NAME)
    unit = fields.Field(attribute="unit", column_name=columns.UNIT)
    category = fields.Field(
        attribute="category",
        column_name=columns.CATEGORY_CODE,
        widget=LookupWidget(IndicatorCategory, "code", label=_("指标类别")),
    )
    description = fields.Field(attribute="description", column_name=columns.DESCRIPTION)
    is_headline = fields.Field(
        attribute="is_headline", column_name=columns.HEADLINE, widget=YesNoWidget()
    )
    order = fields.Field(
        attribute="order", column_name=columns.ORDER, widget=widgets.IntegerWidget()
    )

    class Meta:
        model = IndicatorDefinition
        fields = ("code", "name", "unit", "category", "description", "is_headline", "order")
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        name = "指标"

    looked_up_fields = ("category",)

    def import_instance(self, instance, row, **kwargs):
        stored_unit = instance.unit if instance.pk else None
        before = printed_values(instance) if instance.pk else {}
        super().import_instance(instance, row, **kwargs)
        if stored_unit and instance.unit != stored_unit and instance.values.exists():
            raise ValidationError(
                {
                    "unit": _(
                        "该指标已有数值,单位不能从“%(old)s”改为“%(new)s”;如口径变化请新建指标。"
                    )
                    % {"old": stored_unit, "new": instance.unit}
                }
            )
        changed = printed_changes(before, printed_values(instance))
        if changed and (shown := list(reports_showing(instance))):
            labels = "、".join(str(self.fields[name].column_name) for name in changed)
            raise ValidationError(
                {
                    changed[0]: _(
                        "%(years)s度报告已公开并显示此指标,修改%(fields)s须在指标页面逐项修改并"
                        "填写更新说明,不能通过导入修改。"
                    )
                    % {"years": years_label(shown), "fields": labels}
                }
            )
