"""Declarative import/export resources for the office's spreadsheets (django-import-export).

Columns are named in Chinese; an import names each error by row and column and, through the
admin's two-step flow (preview, then confirm) inside one transaction, writes nothing when any
row is wrong. Exported text cells are neutralised so a spreadsheet never runs them as formulas.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from reports.models import (
    AnnualReport,
    Department,
    ExpectedFigure,
    IndicatorCategory,
    IndicatorDefinition,
    IndicatorValue,
    Qualifier,
    ReportStatus,
)
from reports.models.departments import DepartmentKind
from reports.services.shared_rows import (
    printed_changes,
    printed_values,
    reports_showing,
    years_label,
)
from reports.signals import notify_report_changed

from . import columns
from .cells import neutralise
from .loaders import ValueLoader, value_snapshot
from .widgets import AmountWidget, ChoiceWidget, LookupWidget, YesNoWidget


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (columns); the message is for the user."""


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


WRITTEN_FIELDS = ["department", "value", "value_max", "qualifier", "source_text", "section"]

CONCURRENT_WRITE = gettext_lazy(
    "确认导入时,其中的数值已被他人同时导入或修改,本次导入未写入任何数据。"
    "请重新上传文件,核对预览后再确认。"
)


def import_change_reason(file_name, note) -> str:
    """The history's 修改原因 of an imported figure: which file, and the importer's note."""
    reason = _("导入文件“%(name)s”") % {"name": file_name or _("未命名")}
    if note:
        reason += _(":%(note)s") % {"note": note}
    return reason[:100]


class IndicatorValueResource(OfficeResource):
    """A report's figures, one row per figure and department: also the data collection sheet."""

    report = fields.Field(
        attribute="report",
        column_name=columns.YEAR,
        widget=LookupWidget(AnnualReport, "year", label=_("年度报告")),
    )
    definition = fields.Field(
        attribute="definition",
        column_name=columns.CODE,
        widget=LookupWidget(IndicatorDefinition, "code", label=_("指标代码")),
    )
    definition_name = fields.Field(
        attribute="definition__name", column_name=columns.INDICATOR_NAME, readonly=True
    )
    unit = fields.Field(attribute="definition__unit", column_name=columns.UNIT, readonly=True)
    department = fields.Field(
        attribute="department",
        column_name=columns.DEPARTMENT,
        widget=LookupWidget(Department, "name", label=_("部门"), blank_is_none=True),
    )
    value = fields.Field(attribute="value", column_name=columns.VALUE, widget=AmountWidget())
    value_max = fields.Field(
        attribute="value_max", column_name=columns.VALUE_MAX, widget=AmountWidget()
    )
    qualifier = fields.Field(
        attribute="qualifier",
        column_name=columns.QUALIFIER,
        widget=ChoiceWidget(
            Qualifier,
            aliases={"余": "more_than", "多于": "more_than", "近": "nearly", "接近": "nearly"},
            default="exact",
        ),
    )
    source_text = fields.Field(attribute="source_text", column_name=columns.SOURCE_TEXT)
    section_heading = fields.Field(column_name=columns.SECTION, readonly=True)

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
        return [columns.YEAR, columns.CODE, columns.DEPARTMENT, columns.VALUE]

    def dehydrate_section_heading(self, value):
        return value.section.heading if value.section_id else ""

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._user = kwargs.get("user")
        self._change_reason = import_change_reason(kwargs.get("file_name"), kwargs.get("note"))
        self._reports: set[int] = set()
        self._expected = None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        # A collection-sheet row nobody filled in is left as it is.
        if not str(row.get(columns.VALUE) or "").strip():
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
        if report is not None and report.status != ReportStatus.DRAFT:
            errors.setdefault("report", []).append(
                _("%(year)s年度报告状态为“%(status)s”,只能向草稿报告导入数据。")
                % {"year": report.year, "status": report.get_status_display()}
            )
        unit = str(row.get(columns.UNIT) or "").strip()
        if unit and instance.definition_id and unit != instance.definition.unit:
            errors.setdefault("unit", []).append(
                _("单位“%(unit)s”与指标的单位“%(expected)s”不一致。")
                % {"unit": unit, "expected": instance.definition.unit}
            )
        if not str(row.get(columns.VALUE) or "").strip() and instance.pk:
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
        self._write(
            self.create_instances,
            dry_run,
            result,
            lambda rows, **kw: bulk_create_with_history(rows, IndicatorValue, **kw),
            batch_size,
        )

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write(
            self.update_instances,
            dry_run,
            result,
            lambda rows, **kw: bulk_update_with_history(rows, IndicatorValue, WRITTEN_FIELDS, **kw),
            batch_size,
        )

    def _write(self, instances, dry_run, result, write, batch_size):
        try:
            if instances and not dry_run:
                # A savepoint of its own: a refused write leaves the transaction usable for
                # the message, and the confirm's outer transaction rolls everything back.
                with transaction.atomic():
                    write(
                        instances,
                        batch_size=batch_size,
                        default_user=self._history_user(),
                        default_change_reason=self._change_reason,
                    )
        except IntegrityError:
            # Another import (or an edit) stored the same figure after this file's preview.
            self.handle_import_error(
                result, ImportFileError(str(CONCURRENT_WRITE)), raise_errors=False
            )
        except Exception as error:  # noqa: BLE001 - reported as an import error, rolled back
            self.handle_import_error(result, error, raise_errors=False)
        finally:
            instances.clear()

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
