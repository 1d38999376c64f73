"""The audit log in the admin: administrators read it; nobody adds, edits or deletes a row."""

from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("occurred_at", "action", "username", "ip_address", "target")
    list_filter = ("action", "occurred_at")
    search_fields = ("username", "ip_address", "target", "detail")
    date_hierarchy = "occurred_at"
    readonly_fields = (
        "occurred_at",
        "action",
        "actor",
        "username",
        "ip_address",
        "target",
        "detail",
    )
    list_select_related = ("actor",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
