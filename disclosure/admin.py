from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import SearchMiss, SearchSynonym, SiteSettings


def footer_warnings() -> list[str]:
    """What the public footer and the 索引号 still lack: the public site leaves an empty
    setting out rather than invent it, so nobody else notices that it is missing."""
    warnings = []
    missing = SiteSettings.load().missing_footer_fields()
    if missing:
        warnings.append(
            _("网站设置中页面底部尚缺:%(fields)s。未填写的项目不会在公开页面显示。")
            % {"fields": "、".join(missing)}
        )
    if not (settings.REPORTS_ORG_CODE or "").strip():
        warnings.append(
            _(
                "尚未配置发布机构代码(环境变量 REPORTS_ORG_CODE):报告无法分配索引号,"
                "也无法发布。请联系系统管理员配置。"
            )
        )
    return warnings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row: the list page goes straight to it; it can be neither added twice nor deleted."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

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
        (
            _("备案信息"),
            {
                "fields": [
                    "icp_number",
                    "icp_url",
                    "police_number",
                    "police_url",
                    "conac_mark",
                    "conac_url",
                ]
            },
        ),
        (
            _("联系方式"),
            {"fields": ["contact_phone", "contact_email", "contact_address", "error_report_url"]},
        ),
        (_("报告页"), {"fields": ["topic_category", "outline_url"]}),
    ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "GET":
            for warning in footer_warnings():
                messages.warning(request, warning)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        site = SiteSettings.objects.filter(pk=1).first()
        if site is not None:
            return redirect(reverse("admin:disclosure_sitesettings_change", args=[site.pk]))
        return redirect(reverse("admin:disclosure_sitesettings_add"))


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """Words citizens use, searched as the report's term; the searches that found nothing are
    listed beside the table, so staff see what to add."""

    list_display = ["phrases", "target", "updated_at"]
    search_fields = ["phrases", "target"]
    fields = ["phrases", "target"]
    misses_shown = 20

    def get_changeform_initial_data(self, request):
        return {"phrases": request.GET.get("phrases", "")[:200]}

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "misses": SearchMiss.objects.all()[: self.misses_shown]
            if self._may_see_misses(request)
            else [],
            "can_add": self.has_add_permission(request),
        }
        return super().changelist_view(request, extra_context)

    @staticmethod
    def _may_see_misses(request):
        return request.user.has_perm("disclosure.view_searchmiss")


@admin.register(SearchMiss)
class SearchMissAdmin(admin.ModelAdmin):
    """Read-only: written by searches; staff may delete entries they have dealt with."""

    list_display = ["query", "count"]
    search_fields = ["query"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
