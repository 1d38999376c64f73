"""The report's timeline (with revert and the restoring of deletions) and what changed since
last year: pages linked from the report's admin page. Queries are in ``timeline`` and
``year_changes``; writes go through ``reports.services.restore``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from reports.models import AnnualReport
from reports.services.change_notes import ChangeNoteRequired
from reports.services.concurrency import EditConflict
from reports.services.permissions import can_edit_report, has_report_perm
from reports.services.restore import restore_deleted, revert_to

from .timeline import KINDS, report_timeline
from .year_changes import year_changes


class ReportHistoryViews:
    """Bound to the report's ModelAdmin, which checks who may see the report."""

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def urls(self, view) -> list:
        """The pages' URLs, each wrapped by ``view`` (the admin site's login and permission)."""
        return [
            path("<int:pk>/timeline/", view(self.timeline), name="reports_annualreport_timeline"),
            path(
                "<int:pk>/timeline/revert/<str:kind>/<int:history_id>/",
                view(self.revert),
                name="reports_annualreport_revert",
            ),
            path(
                "<int:pk>/timeline/restore/<str:kind>/<int:history_id>/",
                view(self.restore),
                name="reports_annualreport_restore",
            ),
            path(
                "<int:pk>/since-last-year/",
                view(self.since_last_year),
                name="reports_annualreport_since_last_year",
            ),
        ]

    def _report(self, request, pk) -> AnnualReport:
        report = get_object_or_404(AnnualReport, pk=pk)
        if not self.model_admin.has_view_or_change_permission(request, report):
            raise PermissionDenied
        return report

    def _render(self, request, report, template, title, **context):
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": AnnualReport._meta,
            "report": report,
            "title": title,
            **context,
        }
        return TemplateResponse(request, template, context)

    def timeline(self, request, pk):
        report = self._report(request, pk)
        deletions_only = request.GET.get("show") == "deleted"
        page, entries = report_timeline(report, request.GET.get("page", 1), deletions_only)
        may_edit = can_edit_report(request.user, report)
        for entry in entries:
            name = entry.model._meta.model_name
            entry.may_revert = (
                may_edit and entry.revertible and has_report_perm(request.user, f"change_{name}")
            )
            entry.may_restore = (
                may_edit and entry.restorable and has_report_perm(request.user, f"add_{name}")
            )
        return self._render(
            request,
            report,
            "reports/admin/timeline.html",
            _("%(year)s年度报告的修改记录") % {"year": report.year},
            page=page,
            entries=entries,
            deletions_only=deletions_only,
            needs_note=report.is_public,
        )

    def revert(self, request, pk, kind, history_id):
        return self._write_from_history(request, pk, kind, history_id, restore=False)

    def restore(self, request, pk, kind, history_id):
        return self._write_from_history(request, pk, kind, history_id, restore=True)

    def _write_from_history(self, request, pk, kind, history_id, *, restore: bool):
        """Back to the version of history record ``history_id``, or (``restore``) bring back
        the row whose deletion it records; both as a change with its note."""
        report = self._report(request, pk)
        back = reverse("admin:reports_annualreport_timeline", args=[report.pk])
        if request.method != "POST":
            return HttpResponseRedirect(back)
        if kind not in KINDS:
            raise Http404
        record = KINDS[kind].history.filter(history_id=history_id).first()
        if record is None or _report_id(kind, record) != report.pk:
            raise Http404
        note = request.POST.get("change_note", "")
        is_minor = bool(request.POST.get("change_is_minor"))
        try:
            if restore:
                restore_deleted(user=request.user, record=record, note=note, is_minor=is_minor)
            else:
                revert_to(
                    user=request.user,
                    record=record,
                    loaded_version=_int_or_none(request.POST.get("loaded_version")),
                    note=note,
                    is_minor=is_minor,
                )
        except (EditConflict, ChangeNoteRequired, PermissionDenied, ValidationError) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, reason or _("您没有修改此报告的权限。"))
            if note.strip():
                messages.info(request, _("您填写的说明(未保存):%(note)s") % {"note": note})
        else:
            if restore:
                messages.success(request, _("已恢复删除的内容,并记入修改记录。"))
            else:
                messages.success(request, _("已恢复到所选版本,并记入修改记录。"))
        return HttpResponseRedirect(back)

    def since_last_year(self, request, pk):
        report = self._report(request, pk)
        return self._render(
            request,
            report,
            "reports/admin/year_changes.html",
            _("%(year)s年度与上年对比") % {"year": report.year},
            changes=year_changes(report),
        )


def _int_or_none(text) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def _report_id(kind: str, record) -> int:
    return record.id if kind == "report" else record.report_id
