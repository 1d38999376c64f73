"""What every office admin page shares: history with permission-checked revert, and change
notes for published reports. Spreadsheet import/export is in ``imports``."""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from reports.services import editing
from reports.services.permissions import (
    can_edit_report,
    editable_reports,
    needs_change_note,
)


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
