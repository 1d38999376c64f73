"""The report's admin page: its outline, figures, checks, workflow and the year's tools."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _

from reports.forms import (
    AnnualReportForm,
    CommentForm,
    PublishForm,
    SectionAddForm,
    SectionMoveForm,
)
from reports.importexport.collection_sheet import collection_sheet_xlsx
from reports.models import AnnualReport, ChangeNote, Section
from reports.services import outline as outline_service
from reports.services import workflow
from reports.services.change_notes import ChangeNoteRequired
from reports.services.checks import publication_deadline, run_checks
from reports.services.clone import CloneError, start_next_year
from reports.services.concurrency import OutlineConflict
from reports.services.permissions import can_edit_report, has_report_perm, needs_change_note
from reports.services.report_actions import allowed_actions

from .base import ReportPartAdmin
from .confirm import ConfirmViewsMixin
from .history_views import ReportHistoryViews
from .selectors import report_outline, workflow_events
from .text_figures import TextFiguresView
from .text_import import TextImportView

OUTLINE_OPERATIONS = {
    "up": outline_service.move_up,
    "down": outline_service.move_down,
    "indent": outline_service.indent,
    "outdent": outline_service.outdent,
}
USER_ERRORS = (
    workflow.WorkflowError,
    outline_service.OutlineError,
    ChangeNoteRequired,
    CloneError,
    OutlineConflict,
    PermissionDenied,
)


class ChangeNoteInline(admin.TabularInline):
    model = ChangeNote
    fields = ["created_at", "note", "is_minor", "created_by"]
    readonly_fields = ["created_at", "note", "is_minor", "created_by"]
    extra = 0
    can_delete = False
    verbose_name_plural = _("更新说明(已发布后的修改记录)")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(ConfirmViewsMixin, ReportPartAdmin):
    form = AnnualReportForm
    change_form_template = "admin/reports/annualreport/change_form.html"
    list_display = [
        "year",
        "title",
        "status",
        "published_at",
        "index_number",
        "scheduled_publish_at",
    ]
    list_filter = ["status"]
    search_fields = ["title"]
    inlines = [ChangeNoteInline]
    readonly_fields = [
        "status",
        "index_number",
        "published_at",
        "scheduled_publish_at",
        "withdrawal_reason",
    ]
    fieldsets = [
        (None, {"fields": ["year", "title", "government", "issuing_office", "column_path"]}),
        (_("正文前后"), {"fields": ["summary", "preamble", "closing"]}),
        (
            _("发布信息"),
            {
                "fields": [
                    "status",
                    "index_number",
                    "published_at",
                    "scheduled_publish_at",
                    "withdrawal_reason",
                ]
            },
        ),
        (_("更新说明(仅已发布报告需要)"), {"fields": ["change_note", "change_is_minor"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("year")  # the year is the report's identity on the site and in links
        return fields

    # --- URLs -------------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            *ReportHistoryViews(self).urls(view),
            path(
                "import-text/",
                view(TextImportView.as_view(model_admin=self)),
                name="reports_annualreport_import_text",
            ),
            path(
                "<int:pk>/workflow/withdraw/",
                view(self.withdraw_view),
                name="reports_annualreport_withdraw",
            ),
            path(
                "<int:pk>/sections/<int:section_id>/remove/",
                view(self.remove_section_view),
                name="reports_annualreport_remove_section",
            ),
            path(
                "<int:pk>/workflow/<str:action>/",
                view(self.workflow_view),
                name="reports_annualreport_workflow",
            ),
            path("<int:pk>/outline/", view(self.outline_view), name="reports_annualreport_outline"),
            path(
                "<int:pk>/text-figures/",
                view(TextFiguresView.as_view(model_admin=self)),
                name="reports_annualreport_text_figures",
            ),
            path(
                "<int:pk>/sections/add/",
                view(self.add_section_view),
                name="reports_annualreport_add_section",
            ),
            path(
                "<int:pk>/sections/<int:section_id>/move/",
                view(self.move_section_view),
                name="reports_annualreport_move_section",
            ),
            path(
                "<int:pk>/next-year/",
                view(self.next_year_view),
                name="reports_annualreport_next_year",
            ),
            path(
                "<int:pk>/collection-sheet/",
                view(self.collection_sheet_view),
                name="reports_annualreport_collection_sheet",
            ),
            *super().get_urls(),
        ]

    def _report(self, request, pk) -> AnnualReport:
        report = get_object_or_404(AnnualReport, pk=pk)
        if not self.has_view_or_change_permission(request, report):
            raise PermissionDenied
        return report

    def _back(self, report):
        return HttpResponseRedirect(
            reverse("admin:reports_annualreport_change", args=[report.pk]) + "#outline"
        )

    # --- the report page ---------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if report is not None:
            extra.update(self.report_panels(request, report))
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def report_panels(self, request, report) -> dict:
        actions = allowed_actions(report, request.user)
        try:
            preview_url = reverse("disclosure:report_preview", kwargs={"year": report.year})
        except NoReverseMatch:
            preview_url = None
        return {
            "report": report,
            "outline": report_outline(report),
            "checks": run_checks(report),
            "deadline": publication_deadline(report.year),
            "events": workflow_events(report),
            "actions": actions,
            "outline_editable": "edit" in actions,
            "needs_note": needs_change_note(report),
            "preview_url": preview_url,
            "publish_form": PublishForm(),
            "comment_form": CommentForm(),
        }

    # --- workflow -----------------------------------------------------------------------------

    def workflow_view(self, request, pk, action):
        if request.method != "POST":
            return self._back(self._report(request, pk))
        report = self._report(request, pk)
        user = request.user
        comment = request.POST.get("comment", "")
        try:
            if action == "submit":
                workflow.submit(report, user, comment)
                messages.success(request, _("已提交审核。"))
            elif action == "send_back":
                workflow.send_back(report, user, comment)
                messages.success(request, _("已退回修改。"))
            elif action == "unschedule":
                workflow.unschedule(report, user)
                messages.success(request, _("已取消定时发布。"))
            elif action == "publish":
                form = PublishForm(request.POST)
                if not form.is_valid():
                    raise workflow.WorkflowError(
                        _("定时发布时间格式有误,请按“年-月-日 时:分”填写。")
                    )
                note = form.cleaned_data["override_note"]
                when = form.cleaned_data["scheduled_at"]
                if when:
                    workflow.schedule(report, user, when, note)
                    messages.success(request, _("已设定定时发布。"))
                else:
                    report = workflow.publish(report, user, note)
                    messages.success(
                        request,
                        _("报告已发布,索引号 %(number)s。") % {"number": report.index_number},
                    )
            else:
                raise PermissionDenied
        except workflow.ChecksFailed as error:
            messages.error(request, str(error))
            for issue in error.issues:
                messages.error(request, issue.message)
        except USER_ERRORS as error:
            messages.error(request, str(error) or _("您没有执行此操作的权限。"))
        return self._back(report)

    # --- outline --------------------------------------------------------------------------------

    def _note(self, request) -> dict:
        """The change note and the outline version the page showed (see services.concurrency)."""
        try:
            outline_version = int(request.POST.get("outline_version", ""))
        except ValueError:
            outline_version = None
        return {
            "note": request.POST.get("change_note", ""),
            "is_minor": bool(request.POST.get("change_is_minor")),
            "outline_version": outline_version,
        }

    def outline_view(self, request, pk):
        report = self._report(request, pk)
        if request.method != "POST":
            return self._back(report)
        operation, _sep, section_id = request.POST.get("op", "").partition(":")
        section = get_object_or_404(Section, pk=section_id or 0, report=report)
        try:
            if operation in OUTLINE_OPERATIONS:
                OUTLINE_OPERATIONS[operation](section, request.user, **self._note(request))
            else:
                raise outline_service.OutlineError(_("未知的操作。"))
        except OutlineConflict as error:
            messages.error(request, str(error))
            typed = request.POST.get("change_note", "").strip()
            if typed:
                messages.info(request, _("您填写的更新说明(未保存):%(note)s") % {"note": typed})
        except USER_ERRORS as error:
            messages.error(request, str(error) or _("您没有修改此报告的权限。"))
        return self._back(report)

    def add_section_view(self, request, pk):
        report = self._editable_report(request, pk)
        form = SectionAddForm(
            request.POST or None,
            report=report,
            initial={
                "parent": request.GET.get("parent"),
                "outline_version": report.outline_version,
            },
        )

        def add(data):
            outline_service.add_section(
                report,
                request.user,
                title=data["title"],
                parent=data["parent"],
                number=data["number"],
                number_style=data["number_style"],
                body=data["body"],
                note=data["change_note"],
                is_minor=data["change_is_minor"],
                outline_version=data["outline_version"],
            )

        return self._outline_form(request, report, form, add, _("已添加章节。"), _("添加章节"))

    def move_section_view(self, request, pk, section_id):
        report = self._editable_report(request, pk)
        section = get_object_or_404(Section, pk=section_id, report=report)
        form = SectionMoveForm(
            request.POST or None,
            section=section,
            initial={
                "parent": section.parent_id,
                "position": section.position,
                "outline_version": report.outline_version,
            },
        )

        def move(data):
            outline_service.move_section(
                section,
                request.user,
                parent=data["parent"],
                position=data["position"],
                note=data["change_note"],
                is_minor=data["change_is_minor"],
                outline_version=data["outline_version"],
            )

        title = _("移动章节:%(section)s") % {"section": section}
        return self._outline_form(request, report, form, move, _("已移动章节。"), title)

    def _editable_report(self, request, pk):
        report = self._report(request, pk)
        if not can_edit_report(request.user, report) or not self.has_change_permission(
            request, report
        ):
            raise PermissionDenied
        return report

    def _outline_form(self, request, report, form, change, success_message, title):
        """A form that changes the outline: on a valid POST, the change or its error."""
        if request.method == "POST" and form.is_valid():
            try:
                change(form.cleaned_data)
            except OutlineConflict as error:
                form.add_error(None, str(error))
                form.show_current(AnnualReport.objects.get(pk=report.pk))
            except USER_ERRORS as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, success_message)
                return self._back(report)
        return self._render_form(request, report, form, title)

    def _render_form(self, request, report, form, title):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "report": report,
            "title": title,
            "form": form,
            "needs_note": needs_change_note(report),
        }
        return TemplateResponse(request, "reports/admin/section_form.html", context)

    # --- the year's tools ------------------------------------------------------------------------

    def next_year_view(self, request, pk):
        report = self._report(request, pk)
        if request.method != "POST":
            return self._back(report)
        try:
            draft = start_next_year(report, request.user)
        except USER_ERRORS as error:
            messages.error(request, str(error) or _("您没有新建年度报告的权限。"))
            return self._back(report)
        messages.success(
            request,
            _("已新建%(year)s年度草稿,沿用提纲,各章节标记为待更新正文。") % {"year": draft.year},
        )
        return HttpResponseRedirect(reverse("admin:reports_annualreport_change", args=[draft.pk]))

    def collection_sheet_view(self, request, pk):
        report = self._report(request, pk)
        if not has_report_perm(request.user, "export_indicators"):
            raise PermissionDenied
        content = collection_sheet_xlsx(report)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"report-{report.year}-collection-sheet.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
