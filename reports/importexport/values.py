"""The report's figures as a spreadsheet: one row per figure and department. The same columns
are the data collection sheet the departments fill in and send back.

Reading follows how departments fill the sheet in (see ``numbers`` and ``reading``): a blank
数值 leaves the figure alone; the same figure twice is refused naming both rows unless the
copies agree; figures someone else set are shown with who set them before they are changed.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from reports.models import (
    AnnualReport,
    Department,
    ExpectedFigure,
    IndicatorDefinition,
    IndicatorValue,
    Qualifier,
)
from reports.models.indicators import format_value
from reports.services.editing import ensure_can_import, import_refusal
from reports.services.permissions import NotAllowed
from reports.signals import notify_report_changed

from . import columns
from .loaders import ValueLoader, value_snapshot
from .numbers import FigureError, is_blank, normalise_text, parse_figure
from .reminders import last_setters, reminders
from .resources import ImportFileError, OfficeResource
from .widgets import AmountWidget, ChoiceWidget, LookupWidget

WRITTEN_FIELDS = ["department", "value", "value_max", "qualifier", "source_text", "section"]
FIGURE_COLUMNS = (columns.VALUE, columns.VALUE_MAX, columns.QUALIFIER, columns.SOURCE_TEXT)

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


def _is_blank_row(row) -> bool:
    """Nothing filled in: the collection sheet's rows a department leaves for others."""
    return all(is_blank(row.get(column)) for column in (columns.VALUE, columns.SOURCE_TEXT))


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
        widget=LookupWidget(
            Department, "name", label=_("部门"), blank_is_none=True, alias="short_name"
        ),
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
            aliases={
                "余": "more_than",
                "多于": "more_than",
                "超过": "more_than",
                "以上": "more_than",
                "近": "nearly",
                "接近": "nearly",
                "将近": "nearly",
                "大约": "about",
                "左右": "about",
                "范围": "range",
            },  # fmt: skip
            default="",
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

    # --- before the rows -------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        self._user = kwargs.get("user")
        self._change_reason = import_change_reason(kwargs.get("file_name"), kwargs.get("note"))
        self._reports: set[int] = set()
        self._expected = None
        self._changes: dict[int, tuple] = {}  # row number → (stored value, its old display)
        self._added: dict[int, IndicatorValue] = {}
        self._setters: dict[int, tuple] = {}
        super().before_import(dataset, **kwargs)

    def _check_duplicate_keys(self, dataset):
        """Two rows for one figure and department: identical copies count once; different
        values are refused naming both rows, so neither is silently lost."""
        departments = self.fields["department"].widget
        first: dict[tuple, tuple[int, tuple]] = {}
        copies, problems = [], []
        rows = dataset.dict
        for index, row in enumerate(rows):
            if _is_blank_row(row):
                continue
            named = departments.find(row.get(columns.DEPARTMENT))
            key = (
                normalise_text(row.get(columns.YEAR)),
                normalise_text(row.get(columns.CODE)),
                named.pk if named else normalise_text(row.get(columns.DEPARTMENT)),
            )
            figure = tuple(normalise_text(row.get(column)) for column in FIGURE_COLUMNS)
            if key not in first:
                first[key] = (index, figure)
            elif first[key][1] == figure:
                copies.append(index)
            else:
                earlier, earlier_figure = first[key]
                problems.append(
                    _(
                        "%(where)s与第%(first)s行是同一指标同一部门(%(a)s/%(b)s),请只保留正确的一行。"
                    )
                    % {
                        "where": self._place.cell(index + 1),
                        "first": self._place.row(earlier + 1),
                        "a": row_figure_text(rows[earlier]),
                        "b": row_figure_text(row),
                    }
                )
        if problems:
            dataset.wipe()
            raise ImportFileError("\n".join(problems))
        for index in reversed(copies):
            del dataset[index]
            self._place.drop(index)

    # --- each row --------------------------------------------------------------------------

    def import_instance(self, instance, row, **kwargs):
        if _is_blank_row(row):
            instance._blank = True  # blank means: leave this figure as it is
            return
        errors: dict[str, list] = {}
        for name in ("report", "definition", "department"):
            field = self.fields[name]
            if field.column_name in row:
                try:
                    setattr(instance, name, field.widget.clean(row[field.column_name], row=row))
                except ValueError as error:
                    errors[name] = [str(error)]
        if "definition" not in errors and instance.definition_id:
            self._read_figure(instance, row, errors)
        report = instance.report if instance.report_id else None
        refusal = import_refusal(report, self._user) if report is not None else None
        if refusal:
            errors.setdefault("report", []).append(refusal)
        unit = normalise_text(row.get(columns.UNIT))
        if unit and instance.definition_id and unit != normalise_text(instance.definition.unit):
            errors.setdefault("unit", []).append(
                _("单位“%(unit)s”与指标的单位“%(expected)s”不一致。")
                % {"unit": row.get(columns.UNIT), "expected": instance.definition.unit}
            )
        if errors:
            raise ValidationError(errors)
        number = kwargs.get("row_number")
        if instance.pk is None:
            if instance.section_id is None and report is not None:
                instance.section = self._expected_section(instance)
            self._added[number] = instance
        else:
            self._changes[number] = instance

    def _read_figure(self, instance, row, errors):
        unit = instance.definition.unit
        value_text = row.get(columns.VALUE)
        source = row.get(columns.SOURCE_TEXT)
        # 300余个 under 原文数字 with 数值 left empty: the figure is read from the text.
        column, text = (
            ("value", value_text) if not is_blank(value_text) else ("source_text", source)
        )
        try:
            figure = parse_figure(text, unit)
        except FigureError as error:
            errors[column] = [str(error)]
            return
        high = None
        if not is_blank(row.get(columns.VALUE_MAX)):
            try:
                high = parse_figure(row.get(columns.VALUE_MAX), unit)
            except FigureError as error:
                errors["value_max"] = [str(error)]
                return
        try:
            stated = self.fields["qualifier"].widget.clean(row.get(columns.QUALIFIER))
        except ValueError as error:
            errors["qualifier"] = [str(error)]
            return
        if stated and figure.qualifier and stated != figure.qualifier:
            errors["qualifier"] = [
                _("“%(text)s”写的是“%(written)s”,限定列却是“%(stated)s”,请只保留一处。")
                % {
                    "text": text,
                    "written": Qualifier(figure.qualifier).label,
                    "stated": Qualifier(stated).label,
                }
            ]
            return
        instance.value = figure.value
        instance.value_max = figure.value_max if high is None else high.value
        instance.qualifier = stated or figure.qualifier or Qualifier.EXACT
        if instance.value_max is not None and instance.qualifier == Qualifier.EXACT:
            instance.qualifier = Qualifier.RANGE
        if columns.SOURCE_TEXT in row:
            instance.source_text = str(source or "").strip()

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        if getattr(instance, "_blank", False):
            return True
        loaded = getattr(instance, "_loaded_values", None)
        return loaded is not None and loaded == value_snapshot(instance)

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

    # --- writing ---------------------------------------------------------------------------

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
        # Who set each figure, read before this import's own history entries are written.
        self._setters.update(last_setters([value.pk for value in self.update_instances]))
        # A new version of each figure: a figure page opened before the import then shows
        # the import as a concurrent change instead of overwriting it (services.concurrency).
        for value in self.update_instances:
            value.version += 1
        fields = [*WRITTEN_FIELDS, "version"]
        self._write(
            self.update_instances,
            dry_run,
            result,
            lambda rows, **kw: bulk_update_with_history(rows, IndicatorValue, fields, **kw),
            batch_size,
        )

    def _write(self, instances, dry_run, result, write, batch_size):
        try:
            if instances and not dry_run:
                # A savepoint of its own: a refused write leaves the transaction usable for
                # the message, and the confirm's outer transaction rolls everything back.
                with transaction.atomic():
                    ensure_can_import(self._user, {value.report_id for value in instances})
                    write(
                        instances,
                        batch_size=batch_size,
                        default_user=self._history_user(),
                        default_change_reason=self._change_reason,
                    )
        except NotAllowed as error:
            self.handle_import_error(result, ImportFileError(str(error)), raise_errors=False)
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

    # --- after the rows --------------------------------------------------------------------

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        changed = self._changes.get(kwargs.get("row_number"))
        if changed is not None and row_result.import_type == row_result.IMPORT_TYPE_UPDATE:
            old = getattr(changed, "_loaded_values", None)
            before = format_value(old[1], old[2], old[3], changed.definition.unit) if old else ""
            after = changed.display
            index = list(row.keys()).index(columns.VALUE)
            row_result.cells[index] = f"{before} → {after}"

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        result.clerk_warnings = reminders(self, result)
        if not kwargs.get("dry_run") and not result.has_errors():
            for report_id in self._reports:
                notify_report_changed(report_id)

    def get_queryset(self):
        return IndicatorValue.objects.select_related(
            "report", "definition", "department", "section"
        )


def row_figure_text(row) -> str:
    return str(row.get(columns.VALUE) or row.get(columns.SOURCE_TEXT) or "").strip()
