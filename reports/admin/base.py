"""What every office admin page shares: history with permission-checked revert, and change
notes for published reports. Spreadsheet import/export is in ``imports``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from reports.models import AnnualReport, Section
from reports.services import editing
from reports.services.concurrency import EditConflict, OutlineConflict
from reports.services.permissions import (
    NotAllowed,
    can_edit_report,
    editable_reports,
    needs_change_note,
)


class HistoryAdmin(SimpleHistoryAdmin):
    """Diff and revert from the history, but reverting is a change: it needs change permission,
    and it is saved through ``save_model`` (the editing service) like any other change."""

    object_history_list_template = "reports/admin/history_list.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        request.reverting_from_history = True
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except EditConflict:  # saved by someone meanwhile: the form now shows the conflict
            return super().history_form_view(request, object_id, version_id, extra_context)


class ReportPartAdmin(HistoryAdmin):
    """Admin of something that belongs to a report (the report itself, a section, a figure):
    editable while the user may edit the report; a published one is changed with a note and
    never deleted."""

    report_of = staticmethod(editing.report_of)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and obj.pk and getattr(request, "reverting_from_history", False):
            # The old version's fields are the form's content, but the save replaces what is
            # stored now: the version to check against is the live row's.
            live = type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).first()
            if live is not None:
                obj.version = live
        return super().get_form(request, obj, change, **kwargs)

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
        listed = {name for _name, options in fieldsets for name in options["fields"]}
        if obj is not None and fieldsets and "loaded_version" not in listed:
            # The version the user loaded, sent back on save (services.concurrency).
            name, options = fieldsets[0]
            fields = [*options["fields"], "loaded_version"]
            fieldsets = [(name, {**options, "fields": fields}), *fieldsets[1:]]
        return fieldsets

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Someone saved between this form's check and its save; the transaction wrote
            # nothing. Shown again, the form's check now finds the conflict and explains it.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return can_edit_report(request.user, self.report_of(obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        memo = getattr(request, "reports_of_deleted_rows", None)
        if memo is None or isinstance(obj, AnnualReport):
            return editing.can_delete_from(request.user, self.report_of(obj))
        if obj.report_id not in memo:
            memo[obj.report_id] = editing.can_delete_from(request.user, self.report_of(obj))
        return memo[obj.report_id]

    def get_deleted_objects(self, objs, request):
        # Django asks has_delete_permission of every row a delete collects; they share a
        # few reports, so each report is read and judged once, not once per row.
        request.reports_of_deleted_rows = {}
        try:
            deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        finally:
            del request.reports_of_deleted_rows
        return _without_links(deleted), _without_links(counts), perms_needed, protected

    delete_confirmation_template = "admin/reports/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/reports/delete_selected_confirmation.html"

    def delete_model(self, request, obj):
        editing.delete_rows(user=request.user, rows=[obj], **self._loaded_versions(request))

    def delete_queryset(self, request, queryset):
        editing.delete_rows(user=request.user, rows=queryset, **self._loaded_versions(request))

    @staticmethod
    def _loaded_versions(request) -> dict:
        """The versions the confirmation page showed (``_loaded_versions.html``)."""
        loaded = {"loaded_versions": {}, "loaded_outlines": {}}
        prefixes = {"loaded_version_": "loaded_versions", "loaded_outline_": "loaded_outlines"}
        for key, value in request.POST.items():
            for prefix, name in prefixes.items():
                if key.startswith(prefix):
                    try:
                        loaded[name][int(key[len(prefix) :])] = int(value)
                    except ValueError:
                        pass  # a tampered field: that row is deleted unchecked, as by a script
        return loaded

    def render_delete_form(self, request, context):
        context["object_as_list"] = [context["object"]]
        return super().render_delete_form(request, context)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except (EditConflict, OutlineConflict) as conflict:
            # Nothing was deleted (the view's transaction is rolled back): the page again,
            # with what is stored now.
            self.message_user(request, str(conflict), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_actions(self, request):
        """Django's 删除所选 action, first told why a selection may not be deleted: without
        it, a report in review or a published one gets Django's general "no permission to
        delete related objects" page."""
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            delete_selected, name, description = actions["delete_selected"]

            def delete_selected_if_allowed(modeladmin, request, queryset):
                for report in self._reports_of(queryset):
                    try:
                        editing.ensure_can_delete(request.user, report)
                    except NotAllowed as refusal:
                        message = _("未删除:%(title)s:%(reason)s") % {
                            "title": report.title,
                            "reason": refusal,
                        }
                        self.message_user(request, message, messages.ERROR)
                        return None
                try:
                    with transaction.atomic():  # the deletion's log entries with it
                        return delete_selected(modeladmin, request, queryset)
                except (EditConflict, OutlineConflict) as conflict:
                    self.message_user(request, str(conflict), messages.ERROR)
                    return None

            actions["delete_selected"] = (delete_selected_if_allowed, name, description)
        return actions

    @staticmethod
    def _reports_of(queryset):
        if queryset.model is AnnualReport:
            return list(queryset)
        return list(AnnualReport.objects.filter(pk__in=queryset.values("report")))

    @staticmethod
    def change_note(form) -> dict:
        return {
            "note": form.cleaned_data.get("change_note") or "",
            "is_minor": form.cleaned_data.get("change_is_minor", False),
        }

    def save_model(self, request, obj, form, change):
        note = self.change_note(form)
        editing.save_row(user=request.user, row=obj, changed=form.has_changed(), **note)


# A section's links to its departments (the many-to-many table Django makes) go with it, but
# are not content: the confirmation pages would list them as "Section-department关系:
# Section_departments object (17)".
_LINK_TABLE = Section.departments.through._meta


def _without_links(deleted):
    """Django's list (nested) or count (by kind) of what a delete takes, without those links."""
    if isinstance(deleted, dict):
        plural = str(_LINK_TABLE.verbose_name_plural)
        return {kind: count for kind, count in deleted.items() if str(kind) != plural}
    prefix = f"{capfirst(_LINK_TABLE.verbose_name)}: "
    return [
        _without_links(item) if isinstance(item, list) else item
        for item in deleted
        if isinstance(item, list) or not str(item).startswith(prefix)
    ]
