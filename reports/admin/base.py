"""What every office admin page shares: history with permission-checked revert, change notes
for published reports, and spreadsheet import/export that writes all or nothing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from reports.forms import OfficeImportForm
from reports.services import editing
from reports.services.permissions import (
    can_edit_report,
    editable_reports,
    has_report_perm,
    needs_change_note,
)
from reports.services.spreadsheets import SpreadsheetError, read_csv, read_xlsx


class CSVFormat(base_formats.CSV):
    """CSV read as bytes (UTF-8 with or without BOM, or GB18030); written as UTF-8 with BOM so
    that Excel opens it with the Chinese intact."""

    def get_read_mode(self):
        return "rb"

    def is_binary(self):
        return True

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return read_csv(in_stream)

    def export_data(self, dataset, **kwargs):
        return ("\ufeff" + dataset.export("csv")).encode("utf-8")


class XLSXFormat(base_formats.XLSX):
    def create_dataset(self, in_stream):
        return read_xlsx(in_stream)


class HistoryAdmin(SimpleHistoryAdmin):
    """Diff and revert from the history, but reverting is a change: it needs change permission."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReportPartAdmin(HistoryAdmin):
    """Admin of something that belongs to a report (the report itself, a section, a figure):
    editable while the user may edit the report; a published one is changed with a note and
    never deleted."""

    report_of = staticmethod(editing.report_of)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "report":  # an add form offers only what the user may change now
            kwargs["queryset"] = editable_reports(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        # The change note is asked only of someone who may change a published report.
        # Adding a section or figure: the form's report decides, so the fields stay.
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            drop = self.model.__name__ == "AnnualReport"
        else:
            drop = not needs_change_note(self.report_of(obj)) or not self.has_change_permission(
                request, obj
            )
        if drop:
            fieldsets = [fs for fs in fieldsets if "change_note" not in fs[1]["fields"]]
        return fieldsets

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return can_edit_report(request.user, self.report_of(obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return editing.can_delete_from(request.user, self.report_of(obj))

    def delete_model(self, request, obj):
        editing.delete_rows(user=request.user, rows=[obj])

    def delete_queryset(self, request, queryset):
        editing.delete_rows(user=request.user, rows=queryset)

    @staticmethod
    def change_note(form) -> dict:
        return {
            "note": form.cleaned_data.get("change_note") or "",
            "is_minor": form.cleaned_data.get("change_is_minor", False),
        }

    def save_model(self, request, obj, form, change):
        note = self.change_note(form)
        if note["note"].strip():
            obj._change_reason = note["note"].strip()[:100]  # shown as 修改原因 in the history
        editing.save_row(user=request.user, row=obj, changed=form.has_changed(), **note)


class OfficeImportExportMixin(ImportExportMixin):
    """django-import-export's preview-then-confirm flow, with the office's rules:
    permissions, a size limit, Chinese messages, and nothing written if any row is wrong."""

    import_form_class = OfficeImportForm
    import_template_name = "admin/reports/import.html"
    import_error_display = ("message",)
    formats = [CSVFormat, XLSXFormat]
    import_permission = "import_indicators"
    export_permission = "export_indicators"

    def has_import_permission(self, request):
        return has_report_perm(request.user, self.import_permission) and self.has_add_permission(
            request
        )

    def has_export_permission(self, request):
        return has_report_perm(request.user, self.export_permission)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e))
        else:
            form.add_error("import_file", _("无法读取文件,请确认文件格式与所选格式一致。"))

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_import(self, request, **kwargs):
        """Confirm: import again in one transaction; if anything fails now, show why."""
        if request.method != "POST":
            raise PermissionDenied
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            return super().process_import(request, **kwargs)
        input_format = self.get_import_formats()[int(confirm_form.cleaned_data["format"])]()
        storage = self.get_tmp_storage_class()(
            name=confirm_form.cleaned_data["import_file_name"],
            encoding=None,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        try:
            dataset = input_format.create_dataset(storage.read())
        except (SpreadsheetError, OSError) as error:
            messages.error(request, _("导入失败,未写入任何数据:%(error)s") % {"error": error})
            return self.import_action(request)
        result = self.process_dataset(dataset, confirm_form, request, **kwargs)
        storage.remove()
        if result.has_errors() or result.has_validation_errors():
            context = {
                **self.admin_site.each_context(request),
                "title": _("导入"),
                "opts": self.model._meta,
                "result": result,
                "form": self.get_import_form_class(request)(
                    self.get_import_formats(), self.get_import_resource_classes(request)
                ),
                "import_error_display": self.import_error_display,
                "nothing_written": True,
            }
            return TemplateResponse(request, [self.import_template_name], context)
        return self.process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _("导入完成:新增 %(new)s 行,修改 %(update)s 行,未变 %(skip)s 行。")
            % {
                "new": totals.get("new", 0),
                "update": totals.get("update", 0),
                "skip": totals.get("skip", 0),
            },
        )
