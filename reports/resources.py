"""Declarative import/export resources for the office's spreadsheets (django-import-export).

Columns are named in Chinese; an import names each error by row and column and, through the
admin's two-step flow (preview, then confirm) inside one transaction, writes nothing when any
row is wrong. Exported text cells are neutralised so a spreadsheet never runs them as formulas.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .comparison import printed_number
from .models import (
    AnnualReport,
    Department,
    ExpectedFigure,
    IndicatorCategory,
    IndicatorDefinition,
    IndicatorValue,
    Qualifier,
)
from .models.departments import DepartmentKind
from .services.editing import ensure_can_import, import_refusal
from .services.shared_rows import printed_changes, printed_values, reports_showing, years_label
from .services.spreadsheets import neutralise
from .signals import notify_report_changed

YES = {"是", "y", "yes", "true", "1", "√"}
NO = {"否", "n", "no", "false", "0", ""}


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (columns); the message is for the user."""


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key looked up by a natural key, from one query cached for the whole import."""

    def __init__(self, model, field, *, label, blank_is_none=False):
        super().__init__(model, field)
        self.label = label
        self.blank_is_none = blank_is_none
        self._cache = None

    def _objects(self):
        if self._cache is None:
            self._cache = {str(getattr(obj, self.field)): obj for obj in self.model.objects.all()}
        return self._cache

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.blank_is_none:
                return None
            raise ValueError(_("%(label)s不能为空。") % {"label": self.label})
        found = self._objects().get(text)
        if found is None:
            raise ValueError(
                _("%(label)s“%(value)s”不存在。") % {"label": self.label, "value": text}
            )
        return found


class ChoiceWidget(widgets.Widget):
    """A choice written either as its Chinese label (or a short form) or as its stored code."""

    def __init__(self, choices, aliases=None, default=None):
        self.choices = choices
        self.lookup = {str(label): value for value, label in choices.choices}
        self.lookup.update({value: value for value in choices.values})
        self.lookup.update(aliases or {})
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text and self.default is not None:
            return self.default
        if text not in self.lookup:
            allowed = "、".join(str(label) for label in self.choices.labels)
            raise ValueError(
                _("“%(value)s”不是可选的值,可选:%(allowed)s。")
                % {"value": text, "allowed": allowed}
            )
        return self.lookup[text]

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


class AmountWidget(widgets.Widget):
    """A non-negative number; thousands separators and full-width digits are accepted."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        normalised = (
            text.replace(",", "")
            .replace(",", "")
            .translate(str.maketrans("0123456789.-", "0123456789.-"))
        )
        try:
            number = Decimal(normalised)
        except InvalidOperation:
            raise ValueError(_("“%(value)s”不是数字。") % {"value": text}) from None
        if not number.is_finite():
            raise ValueError(_("“%(value)s”不是数字。") % {"value": text})
        if number < 0:
            raise ValueError(_("数值不能为负数(%(value)s)。") % {"value": text})
        return number

    def render(self, value, obj=None, **kwargs):
        return printed_number(value) if value is not None else ""


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip().lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(_("请填写“是”或“否”。"))

    def render(self, value, obj=None, **kwargs):
        return _("是") if value else _("否")


class OfficeResource(resources.ModelResource):
    """Checks the columns first, names errors by column, and neutralises formulas on export."""

    def column_names(self) -> dict[str, str]:
        return {name: field.column_name for name, field in self.fields.items()}

    def required_columns(self) -> list[str]:
        return [self.fields[name].column_name for name in self.get_import_id_fields()]

    def before_import(self, dataset, **kwargs):
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
            raise ImportFileError(
                ";".join(problems) + _("。可用的列:%(expected)s。") % {"expected": expected}
            )
        self._check_duplicate_keys(dataset)

    def _check_duplicate_keys(self, dataset):
        key_columns = self.required_columns()
        seen: dict[tuple, int] = {}
        for line, row in enumerate(dataset.dict, start=2):
            key = tuple(str(row.get(column) or "").strip() for column in key_columns)
            if key in seen:
                dataset.wipe()
                raise ImportFileError(
                    _("第%(line)s行与第%(first)s行重复(%(columns)s相同),同一项只能出现一次。")
                    % {"line": line, "first": seen[key], "columns": "、".join(key_columns)}
                )
            seen[key] = line

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
    name = fields.Field(attribute="name", column_name="名称")
    short_name = fields.Field(attribute="short_name", column_name="简称")
    kind = fields.Field(
        attribute="kind",
        column_name="类别",
        widget=ChoiceWidget(
            DepartmentKind, aliases={"乡镇": "town", "街道": "town"}, default="department"
        ),
    )
    order = fields.Field(attribute="order", column_name="排序", widget=widgets.IntegerWidget())

    class Meta:
        model = Department
        fields = ("name", "short_name", "kind", "order")
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True
        name = "部门"


class IndicatorDefinitionResource(OfficeResource):
    code = fields.Field(attribute="code", column_name="指标代码")
    name = fields.Field(attribute="name", column_name="指标名称")
    unit = fields.Field(attribute="unit", column_name="单位")
    category = fields.Field(
        attribute="category",
        column_name="类别代码",
        widget=LookupWidget(IndicatorCategory, "code", label=_("指标类别")),
    )
    description = fields.Field(attribute="description", column_name="说明")
    is_headline = fields.Field(
        attribute="is_headline", column_name="重点指标", widget=YesNoWidget()
    )
    order = fields.Field(attribute="order", column_name="排序", widget=widgets.IntegerWidget())

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


COMPARED_VALUE_FIELDS = ("department_id", "value", "value_max", "qualifier", "source_text")


def value_snapshot(value: IndicatorValue) -> tuple:
    return tuple(getattr(value, name) for name in COMPARED_VALUE_FIELDS)


class ValueLoader(BaseInstanceLoader):
    """Finds existing figures by (年度, 指标代码, 部门) from one query for the whole file."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.resource = resource
        self._index = None

    def get_instance(self, row):
        resource = self.resource
        try:
            report = resource.fields["report"].clean(row)
            definition = resource.fields["definition"].clean(row)
            department = resource.fields["department"].clean(row)
        except (ValueError, ValidationError):
            return None  # reported with its column when the row is imported
        if self._index is None:
            years = {str(r.get("年度") or "").strip() for r in self.dataset.dict}
            values = IndicatorValue.objects.filter(
                report__year__in=[y for y in years if y.isdigit()]
            )
            self._index = {(v.report_id, v.definition_id, v.department_id): v for v in values}
        found = self._index.get((report.pk, definition.pk, department.pk if department else None))
        if found is not None:
            found._loaded_values = value_snapshot(found)
        return found


class IndicatorValueResource(OfficeResource):
    """A report's figures, one row per figure and department: also the data collection sheet."""

    report = fields.Field(
        attribute="report",
        column_name="年度",
        widget=LookupWidget(AnnualReport, "year", label=_("年度报告")),
    )
    definition = fields.Field(
        attribute="definition",
        column_name="指标代码",
        widget=LookupWidget(IndicatorDefinition, "code", label=_("指标代码")),
    )
    definition_name = fields.Field(
        attribute="definition__name", column_name="指标名称", readonly=True
    )
    unit = fields.Field(attribute="definition__unit", column_name="单位", readonly=True)
    department = fields.Field(
        attribute="department",
        column_name="部门",
        widget=LookupWidget(Department, "name", label=_("部门"), blank_is_none=True),
    )
    value = fields.Field(attribute="value", column_name="数值", widget=AmountWidget())
    value_max = fields.Field(attribute="value_max", column_name="区间上限", widget=AmountWidget())
    qualifier = fields.Field(
        attribute="qualifier",
        column_name="限定",
        widget=ChoiceWidget(
            Qualifier,
            aliases={"余": "more_than", "多于": "more_than", "近": "nearly", "接近": "nearly"},
            default="exact",
        ),
    )
    source_text = fields.Field(attribute="source_text", column_name="原文数字")
    section_heading = fields.Field(column_name="所在章节", readonly=True)

    class Meta:
        model = IndicatorValue
        fields = (
            "report", "definition", "definition_name", "unit", "department",
            "value", "value_max", "qualifier", "source_text", "section_heading",
        )  # fmt: skip
        import_id_fields = ("report", "definition", "department")
        instance_loader_class = ValueLoader
        skip_unchanged = True
        report_skipped = True
        use_bulk = True
        batch_size = 1000
        # Ten thousand rows must go through preview and confirm quickly: no per-row deep copy
        # and HTML diff; the preview shows the row as uploaded, and unchanged rows are found by
        # comparing with the values loaded (see skip_row).
        skip_diff = True
        store_row_values = True
        name = "指标数值"

    looked_up_fields = ("report", "definition", "department", "section")

    def required_columns(self):
        return ["年度", "指标代码", "部门", "数值"]

    def dehydrate_section_heading(self, value):
        return value.section.heading if value.section_id else ""

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._user = kwargs.get("user")
        self._reports: set[int] = set()
        self._expected = None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        # A collection-sheet row nobody filled in is left as it is.
        if not str(row.get("数值") or "").strip():
            return True
        loaded = getattr(instance, "_loaded_values", None)
        return loaded is not None and loaded == value_snapshot(instance)

    def _writable_fields(self):
        if not hasattr(self, "_writable"):
            self._writable = [
                (name, field)
                for name, field in self.fields.items()
                if field.attribute and not field.readonly and "__" not in field.attribute
            ]
        return self._writable

    def import_instance(self, instance, row, **kwargs):
        # import-export's generic loop re-resolves the field list and wraps each value per
        # row; with ten thousand rows the direct assignment below is what keeps the import fast.
        errors = {}
        for name, field in self._writable_fields():
            if field.column_name not in row:
                continue
            try:
                setattr(
                    instance, field.attribute, field.widget.clean(row[field.column_name], row=row)
                )
            except ValueError as error:
                errors[name] = [str(error)]
        report = instance.report if instance.report_id else None
        refusal = import_refusal(report, self._user) if report is not None else None
        if refusal:
            errors.setdefault("report", []).append(refusal)
        unit = str(row.get("单位") or "").strip()
        if unit and instance.definition_id and unit != instance.definition.unit:
            errors.setdefault("unit", []).append(
                _("单位“%(unit)s”与指标的单位“%(expected)s”不一致。")
                % {"unit": unit, "expected": instance.definition.unit}
            )
        if not str(row.get("数值") or "").strip() and instance.pk:
            errors.setdefault("value", []).append(_("数值不能为空。"))
        if errors:
            raise ValidationError(errors)
        if instance.pk is None and instance.section_id is None and report is not None:
            instance.section = self._expected_section(instance)

    def _expected_section(self, instance):
        if self._expected is None:
            self._expected = {
                (e.report_id, e.definition_id, e.department_id): e.section
                for e in ExpectedFigure.objects.select_related("section").filter(
                    section__isnull=False
                )
            }
        return self._expected.get(
            (instance.report_id, instance.definition_id, instance.department_id)
        )

    def before_save_instance(self, instance, row, **kwargs):
        self._reports.add(instance.report_id)

    # The preview validates every row without writing: the bulk writes would only be rolled
    # back. Anything the database alone would refuse is caught by the confirm step, which runs
    # in one transaction and writes nothing if it fails.
    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.create_instances.clear()
            return
        if self.create_instances:
            try:
                ensure_can_import(self._user, {value.report_id for value in self.create_instances})
                bulk_create_with_history(
                    self.create_instances,
                    IndicatorValue,
                    batch_size=batch_size,
                    default_user=self._history_user(),
                )
            except Exception as error:  # noqa: BLE001 - reported as an import error, rolled back
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.update_instances.clear()
            return
        if self.update_instances:
            try:
                ensure_can_import(self._user, {value.report_id for value in self.update_instances})
                bulk_update_with_history(
                    self.update_instances,
                    IndicatorValue,
                    ["department", "value", "value_max", "qualifier", "source_text", "section"],
                    batch_size=batch_size,
                    default_user=self._history_user(),
                )
            except Exception as error:  # noqa: BLE001 - reported as an import error, rolled back
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def _history_user(self):
        user = getattr(self, "_user", None)
        return user if user is not None and user.is_authenticated else None

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not kwargs.get("dry_run") and not result.has_errors():
            for report_id in self._reports:
                notify_report_changed(report_id)

    def get_queryset(self):
        return IndicatorValue.objects.select_related(
            "report", "definition", "department", "section"
        )
