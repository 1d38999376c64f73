"""Steps that cannot be taken back lightly, each confirmed on a page of its own (not by a
JavaScript dialog alone): withdrawing a published report, and deleting a section."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from reports.forms import ChangeNoteFields, WithdrawForm
from reports.models import IndicatorValue, Section
from reports.services import outline as outline_service
from reports.services import workflow
from reports.services.change_notes import ChangeNoteRequired
from reports.services.permissions import has_report_perm, needs_change_note

CONFIRM_ERRORS = (
    workflow.WorkflowError,
    outline_service.OutlineError,
    ChangeNoteRequired,
    PermissionDenied,
)


class ConfirmViewsMixin:
    """Views of AnnualReportAdmin: a GET shows what will happen, a POST from that page does it."""

    def _confirm_page(self, request, report, form, title, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "report": report,
            "title": title,
            "form": form,
            **context,
        }
        return TemplateResponse(request, "reports/admin/confirm.html", context)

    def withdraw_view(self, request, pk):
        report = self._report(request, pk)
        if not has_report_perm(request.user, "withdraw_annualreport"):
            raise PermissionDenied
        form = WithdrawForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                workflow.withdraw(report, request.user, form.cleaned_data["comment"])
            except CONFIRM_ERRORS as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("报告已撤回,公众将看到撤回说明。"))
                return self._back(report)
        return self._confirm_page(
            request,
            report,
            form,
            _("撤回%(year)s年度报告") % {"year": report.year},
            warning=_(
                "撤回后,公众页面和PDF不再显示报告正文,只显示撤回说明;报告和历史记录保留,"
                "审核员可将其退回草稿、修改后重新发布。"
            ),
            button=_("确认撤回"),
        )

    def remove_section_view(self, request, pk, section_id):
        report = self._editable_report(request, pk)
        section = get_object_or_404(Section, pk=section_id, report=report)
        note_form = ChangeNoteFields(request.POST or None)
        if request.method == "POST" and note_form.is_valid():
            try:
                outline_service.remove_section(
                    section,
                    request.user,
                    note=note_form.cleaned_data["change_note"],
                    is_minor=note_form.cleaned_data["change_is_minor"],
                )
            except CONFIRM_ERRORS as error:
                note_form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("已删除章节,其下级章节已上移;删除的章节可在本报告的“修改记录”中恢复。"),
                )
                return self._back(report)
        return self._confirm_page(
            request,
            report,
            note_form if needs_change_note(report) else None,
            _("删除章节:%(section)s") % {"section": section.heading[:40]},
            warning=_(
                "将删除本章节的标题和正文;其下级章节(%(children)s个)上移到它的位置,"
                "所述指标数值(%(values)s项)不再归入任何章节(恢复章节时重新归入)。删除的章节可在本报告的“修改记录”中恢复。"
            )
            % {
                "children": Section.objects.filter(parent=section).count(),
                "values": IndicatorValue.objects.filter(section=section).count(),
            },
            quote=section.body,
            button=_("确认删除"),
        )
