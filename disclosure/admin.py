from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row: the list page goes straight to it; it can be neither added twice nor deleted."""

    fieldsets = [
        (
            _("网站标识"),
            {
                "fields": [
                    "site_name",
                    "site_domain",
                    "site_id_code",
                    "host_organization",
                    "site_mark",
                ]
            },
        ),
        (_("备案信息"), {"fields": ["icp_number", "icp_url", "police_number", "police_url"]}),
        (
            _("联系方式"),
            {"fields": ["contact_phone", "contact_email", "contact_address", "error_report_url"]},
        ),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        site = SiteSettings.objects.filter(pk=1).first()
        if site is not None:
            return redirect(reverse("admin:disclosure_sitesettings_change", args=[site.pk]))
        return redirect(reverse("admin:disclosure_sitesettings_add"))
