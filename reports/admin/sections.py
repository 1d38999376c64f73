"""Sections and figures, edited beside each other: a section's page lists the figures it states."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reports.forms import (
    IndicatorValueForm,
    IndicatorValueInlineForm,
    PublishedChangeFormSet,
    SectionForm,
)
from reports.importexport.values import IndicatorValueResource
from reports.models import ExpectedFigure, IndicatorValue, Section
from reports.models.report import PUBLIC_STATUSES
from reports.services import editing
from reports.services.permissions import can_edit_report, editable_reports

from .base import ReportPartAdmin
from .imports import OfficeImportExportMixin
from .selectors import section_surroundings

SECTION_HEADING_CHARS = 14  # the list's 所在章节 column; the whole heading is its tooltip


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


def short_heading(section: Section | None):
    """A section's heading for a narrow list column: cut, with the whole as its tooltip."""
    if section is None:
        return "—"
    heading = section.heading
    if len(heading) <= SECTION_HEADING_CHARS:
        return heading
    return format_html('<span title="{}">{}…</span>', heading, heading[:SECTION_HEADING_CHARS])


@admin.register(Section)
class SectionAdmin(ReportPartAdmin):
    form = SectionForm
    change_form_template = "admin/reports/section/change_form.html"
    inlines = [IndicatorValueInline]
    # The year, not the report's long title, so that the section's own column keeps its width.
    list_display = ["section", "year", "parent_heading", "position", "duty_item", "needs_text"]
    list_display_links = ["section"]
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

    @admin.display(description=_("章节"), ordering="position")
    def section(self, obj):
        return str(obj)

    @admin.display(description=_("年度"), ordering="report__year")
    def year(self, obj):
        return obj.report.year

    @admin.display(description=_("上级章节"))
    def parent_heading(self, obj):
        return short_heading(obj.parent)

    def get_readonly_fields(self, request, obj=None):
        # Moving a section happens on the report's outline, which keeps positions in order.
        return ["report", "parent"] if obj else []

    def change_view(self, request, object_id, form_url="", extra_context=None):
        section = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if section is not None:
            extra["around"] = section_surroundings(section)
        return super().change_view(request, object_id, form_url, extra_context=extra)

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
    # Narrow columns in Chinese: the list fits the admin's content pane at 1280 px.
    list_display = ["year", "indicator", "shown_value", "department", "section_heading"]
    list_display_links = ["indicator"]
    list_filter = ["report__year", "definition__category"]
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

    @admin.display(description=_("年度"), ordering="report__year")
    def year(self, obj):
        return obj.report.year

    @admin.display(description=_("指标"), ordering="definition__name")
    def indicator(self, obj):
        return obj.definition.name

    @admin.display(description=_("数值"), ordering="value")
    def shown_value(self, obj):
        return obj.display

    @admin.display(description=_("所在章节"))
    def section_heading(self, obj):
        return short_heading(obj.section)


@admin.register(ExpectedFigure)
class ExpectedFigureAdmin(admin.ModelAdmin):
    """Expected figures are written through ``editing`` like the rest of a report."""

    list_display = ["definition", "report", "department", "section"]
    list_filter = ["report__year"]
    list_select_related = ["definition", "report", "department", "section"]
    autocomplete_fields = ["definition", "department"]
    raw_id_fields = ["section"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "report":
            kwargs["queryset"] = editable_reports(request.user).exclude(status__in=PUBLIC_STATUSES)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _may(self, request, obj) -> bool:
        return obj is None or editing.can_change_expected(request.user, obj.report)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may(request, obj)

    def save_model(self, request, obj, form, change):
        editing.save_expected_figure(user=request.user, figure=obj)

    def delete_model(self, request, obj):
        editing.delete_rows(user=request.user, rows=[obj])

    def delete_queryset(self, request, queryset):
        editing.delete_rows(user=request.user, rows=queryset)
