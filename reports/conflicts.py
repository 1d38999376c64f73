"""The notice a user gets when someone else saved the same report, section or figure first
(after Wagtail's concurrent-editing notices): who, when, what they changed, and the choice."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from reports.services.concurrency import EditConflict
from reports.textdiff import field_changes


def _latest(history):
    return history.select_related("history_user").order_by("-history_date", "-history_id").first()


def conflict_notice(conflict: EditConflict) -> SafeString:
    """The conflict as a page part (escaped by the template): the other person's change as a
    diff from the version the user loaded, and what saving now, reloading or merging means."""
    current = conflict.current
    model = type(conflict.row)
    context = {"kind": model._meta.verbose_name, "current": current, "changes": [], "by": None}
    if current is not None:
        loaded = (
            current.history.filter(version=conflict.loaded_version)
            .order_by("-history_date", "-history_id")
            .first()
        )
        latest = _latest(current.history.all())
        context["by"] = latest
        context["changes"] = field_changes(model, loaded, latest or current)
        context["reload_url"] = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[current.pk]
        )
    return render_to_string("reports/admin/edit_conflict.html", context)
