"""Sections and figures, edited beside each other: a section's page lists the figures it states."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from reports.forms import (
    IndicatorValueForm,
    IndicatorValueInlineForm,
    PublishedChangeFormSet,
    SectionForm,
)
from reports.importexport.values import IndicatorValueResource
from reports.models import ExpectedFigure, IndicatorValue, Section
from reports.services import editing
from reports.services.permissions import can_edit_report

from .base import ReportPartAdmin
from .imports import OfficeImportExportMixin


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    form = IndicatorValueInlineForm
    formset = PublishedChangeFormSet
    fields = [
        "definition", "department", "value", "value_max", "qualifier", "source_text",
        "loaded_version",
    ]  # fmt: skip
    autocomplete_fields = ["definition", "department"]
    extra = 0
    verbose_name = _("本章节的指标数值")
    verbose_name_plural = _("本章节的指标数值")

    def _editable(self, request, obj):
        return obj is None or can_edit_report(request.user, obj.report)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        editable = obj is None or editing.can_delete_from(request.user, obj.report)
        return super().has_delete_permission(request, obj) and editable


@admin.register(Section)
class SectionAdmin(ReportPartAdmin):
    form = SectionForm
    inlines = [IndicatorValueInline]
    list_display = ["__str__", "report", "parent", "position", "duty_item", "needs_text"]
    list_filter = ["report", "duty_item", "needs_text"]
    list_select_related = ["report", "parent"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["departments"]
    raw_id_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["report", "parent", "number", "number_style", "title", "body"]}),
        (_("责任与督察事项"), {"fields": ["departments", "duty_item", "needs_text"]}),
        (_("更新说明(仅已发布报告需要)"), {"fields": ["change_note", "change_is_minor"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Moving a section happens on the report's outline, which keeps positions in order.
        return ["report", "parent"] if obj else []

    def save_model(self, request, obj, form, change):
        note = self.change_note(form)
        editing.save_section(
            user=request.user,
            section=obj,
            changed=form.has_changed(),
            departments=form.cleaned_data.get("departments"),
            **note,
        )

    def save_related(self, request, form, formsets, change):
        # The departments were saved with the section; the figures beside it are saved with
        # the same note (recorded once: here only when the section itself did not change).
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request, form, formset, change):
        saved = formset.save(commit=False)
        for value in saved:
            value.report = form.instance.report
        if saved or formset.deleted_objects:
            editing.save_values(
                user=request.user,
                report=form.instance.report,
                saved=saved,
                deleted=formset.deleted_objects,
                changed=not form.has_changed(),
                **self.change_note(form),
            )


@admin.register(IndicatorValue)
class IndicatorValueAdmin(OfficeImportExportMixin, ReportPartAdmin):
    resource_classes = [IndicatorValueResource]
    skip_admin_log = True  # each imported figure's history already records who and when
    form = IndicatorValueForm
    list_display = ["definition", "report", "display", "department", "section"]
    list_filter = ["report", "definition__category"]
    list_select_related = ["definition", "report", "department", "section"]
    search_fields = ["definition__name", "definition__code", "source_text"]
    raw_id_fields = ["section"]
    autocomplete_fields = ["definition", "department"]
    # Named fieldsets: the change note's own is dropped on a draft, never the figure's fields.
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "report",
                    "definition",
                    "department",
                    "section",
                    "value",
                    "value_max",
                    "qualifier",
                    "source_text",
                    "sentence",
                ]  # fmt: skip
            },
        ),
        (_("更新说明(仅已发布报告需要)"), {"fields": ["change_note", "change_is_minor"]}),
    ]


@admin.register(ExpectedFigure)
class ExpectedFigureAdmin(admin.ModelAdmin):
    list_display = ["definition", "report", "department", "section"]
    list_filter = ["report"]
    list_select_related = ["definition", "report", "department", "section"]
    autocomplete_fields = ["definition", "department"]
    raw_id_fields = ["section"]
