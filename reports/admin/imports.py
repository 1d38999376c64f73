"""The admin's spreadsheet import and export: django-import-export's own preview-then-confirm
views, configured through its hooks (forms, storage, result), with the office's rules:
permissions, a size limit, Chinese messages, an upload bound to the user who sent it, and
nothing written if any row is wrong."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ImportForm

from reports.importexport.formats import EXPORT_FORMATS, IMPORT_FORMATS
from reports.importexport.reading import SpreadsheetError, check_size
from reports.importexport.sheets import template_xlsx
from reports.importexport.uploads import UploadExpired, UploadStorage, sign_upload, unsign_upload
from reports.services.permissions import has_report_perm

NOTE_MAX_LENGTH = 100  # the history's 修改原因 holds 100 characters


class OfficeImportForm(ImportForm):
    """The upload form: refuses files over IMPORT_MAX_UPLOAD_BYTES before reading them, and
    asks for a note that the history of every imported figure will show."""

    note = forms.CharField(
        label=gettext_lazy("导入说明"),
        required=False,
        max_length=60,
        help_text=gettext_lazy("记入每个数值的修改记录,例如“市司法局报送”。"),
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_size(upload.size)
        except SpreadsheetError as error:
            raise ValidationError(str(error)) from error
        if upload.size == 0:
            raise ValidationError(_("文件是空的。"))
        return upload


class SignedConfirmImportForm(ConfirmImportForm):
    """The confirm step: the stored file is named by a token signed for this user's session."""

    note = forms.CharField(widget=forms.HiddenInput(), required=False, max_length=60)

    def __init__(self, *args, user_id=None, session_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id = user_id
        self.session_key = session_key

    def clean_import_file_name(self):
        token = self.cleaned_data["import_file_name"]
        try:
            name = unsign_upload(token, user_id=self.user_id, session_key=self.session_key)
            stored = UploadStorage(name=name).exists()
        except UploadExpired:
            stored = False
        if not stored:
            raise ValidationError(_("上传的文件已失效或已导入,请重新上传文件。"))
        return name


class OfficeImportExportMixin(ImportExportMixin):
    import_form_class = OfficeImportForm
    confirm_form_class = SignedConfirmImportForm
    tmp_storage_class = UploadStorage
    import_template_name = "admin/reports/import.html"
    import_error_display = ("message",)
    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    import_permission = "import_indicators"
    export_permission = "export_indicators"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import/template/",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{opts.app_label}_{opts.model_name}_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        """A blank XLSX to fill in: required columns marked, fixed values as drop-downs."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0]()
        response = HttpResponse(
            template_xlsx(resource),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"{self.model._meta.model_name}-import-template.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def import_action(self, request, *args, **kwargs):
        response = super().import_action(request, *args, **kwargs)
        if hasattr(response, "context_data"):
            resource = self.get_import_resource_classes(request)[0]()
            response.context_data["required_columns"] = resource.required_columns()
        return response

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
            form.add_error("import_file", _("无法读取文件,请确认它是Excel或CSV表格。"))

    def get_confirm_form_kwargs(self, request, import_form=None):
        kwargs = super().get_confirm_form_kwargs(request, import_form)
        kwargs["user_id"] = request.user.pk
        kwargs["session_key"] = request.session.session_key
        return kwargs

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["import_file_name"] = sign_upload(
                initial["import_file_name"],
                user_id=request.user.pk,
                session_key=request.session.session_key,
            )
            initial["note"] = import_form.cleaned_data.get("note", "")
        return initial

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        if form is not None and hasattr(form, "cleaned_data"):
            kwargs["note"] = (form.cleaned_data.get("note") or "").strip()
        return kwargs

    def process_result(self, result, request):
        """Confirmed: if the rows now fail (the data changed since the preview, or someone
        else imported the same figures first), show why; nothing was written."""
        if result.has_errors() or result.has_validation_errors():
            context = {
                **self.admin_site.each_context(request),
                "title": _("导入"),
                "opts": self.model._meta,
                "result": result,
                "form": self.create_import_form(request),
                "import_error_display": self.import_error_display,
                "nothing_written": True,
            }
            return TemplateResponse(request, [self.import_template_name], context)
        return super().process_result(result, request)

    def create_import_form(self, request):
        if request.resolver_match and request.resolver_match.url_name.endswith("process_import"):
            # After a failed confirm: a fresh, unbound upload form.
            return self.get_import_form_class(request)(
                self.get_import_formats(), self.get_import_resource_classes(request)
            )
        return super().create_import_form(request)

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
