"""Rows shared by every year's report: departments, indicator categories and definitions,
and the consistency rules between figures."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from reports.forms import SharedRowForm
from reports.importexport.resources import DepartmentResource, IndicatorDefinitionResource
from reports.models import ConsistencyRule, Department, IndicatorCategory, IndicatorDefinition
from reports.services.shared_rows import (
    PUBLIC_FIELDS,
    may_change_shown_row,
    reports_showing,
    save_shared_row,
    years_label,
)

from .base import HistoryAdmin
from .imports import OfficeImportExportMixin

NOTE_FIELDS = ["change_note", "change_is_minor"]


class SharedRowAdmin(HistoryAdmin):
    """A department or indicator that published reports may print: what they print is changed
    only by those who may change a published report, with a change note on each report."""

    form = SharedRowForm

    def _shown_in_reports(self, obj) -> bool:
        return obj is not None and reports_showing(obj).exists()

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name not in NOTE_FIELDS]
        if self._shown_in_reports(obj) and may_change_shown_row(request.user):
            fields += NOTE_FIELDS
        # Read-only fields would otherwise move to the end: keep the model's order.
        position = {field.name: index for index, field in enumerate(self.model._meta.fields)}
        return sorted(fields, key=lambda name: position.get(name, len(position)))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if request.method == "GET" and obj is not None and not may_change_shown_row(request.user):
            shown = list(reports_showing(obj))
            if shown:
                fields = "、".join(
                    str(self.model._meta.get_field(name).verbose_name)
                    for name in PUBLIC_FIELDS[self.model]
                )
                self.message_user(
                    request,
                    _(
                        "%(years)s度报告已公开并显示此项:%(fields)s只能由审核员修改,"
                        "并须填写更新说明。"
                    )
                    % {"years": years_label(shown), "fields": fields},
                    messages.INFO,
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._shown_in_reports(obj) and not may_change_shown_row(request.user):
            readonly += [name for name in PUBLIC_FIELDS[self.model] if name not in readonly]
        return readonly

    def save_model(self, request, obj, form, change):
        note = (form.cleaned_data.get("change_note") or "").strip()
        if note:
            obj._change_reason = note[:100]  # shown as 修改原因 in the history
        notes = save_shared_row(
            user=request.user,
            row=obj,
            note=note,
            is_minor=form.cleaned_data.get("change_is_minor", False),
        )
        if notes:
            self.message_user(
                request,
                _("已在%(count)s份已公开的年度报告中记录更新说明。") % {"count": len(notes)},
            )


@admin.register(Department)
class DepartmentAdmin(OfficeImportExportMixin, SharedRowAdmin):
    resource_classes = [DepartmentResource]
    list_display = ["name", "short_name", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(IndicatorCategory)
class IndicatorCategoryAdmin(SharedRowAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(OfficeImportExportMixin, SharedRowAdmin):
    resource_classes = [IndicatorDefinitionResource]
    list_display = ["code", "name", "unit", "category", "is_headline", "order"]
    list_filter = ["category", "is_headline"]
    list_select_related = ["category"]
    search_fields = ["code", "name"]


@admin.register(ConsistencyRule)
class ConsistencyRuleAdmin(HistoryAdmin):
    list_display = ["name", "expression", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "expression"]
