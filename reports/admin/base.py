"""What every office admin page shares: history with permission-checked revert, and change
notes for published reports. Spreadsheet import/export is in ``imports``."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from reports.services.change_notes import record_change
from reports.services.permissions import can_edit_report, needs_change_note


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

    @staticmethod
    def report_of(obj):
        return obj if obj.__class__.__name__ == "AnnualReport" else obj.report

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
        report = self.report_of(obj)
        return not needs_change_note(report) and can_edit_report(request.user, report)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            if not self.has_delete_permission(request, obj):
                raise PermissionDenied(_("已发布的报告及其内容不能删除,只能撤回。"))
        super().delete_queryset(request, queryset)

    def save_model(self, request, obj, form, change):
        note = (form.cleaned_data.get("change_note") or "").strip()
        if note:
            obj._change_reason = note[:100]  # shown as 修改原因 in the history
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            report = self.report_of(obj)
            if form.has_changed() and needs_change_note(report):
                record_change(
                    report,
                    form.cleaned_data.get("change_note"),
                    is_minor=form.cleaned_data.get("change_is_minor", False),
                    user=request.user,
                )
