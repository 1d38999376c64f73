from django.contrib import admin

from .models import (
    AnnualReport,
    Department,
    IndicatorCategory,
    IndicatorDefinition,
    IndicatorValue,
    Section,
)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "order"]
    search_fields = ["name", "short_name"]


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "status", "published_at", "index_number"]
    list_filter = ["status"]
    search_fields = ["title"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "report", "parent", "position"]
    list_filter = ["report"]
    list_select_related = ["report", "parent"]
    autocomplete_fields = ["departments"]
    raw_id_fields = ["parent"]


@admin.register(IndicatorCategory)
class IndicatorCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "category", "is_headline"]
    list_filter = ["category", "is_headline"]
    search_fields = ["code", "name"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["definition", "report", "display", "department"]
    list_filter = ["report"]
    list_select_related = ["definition", "report", "department"]
    raw_id_fields = ["section"]
    autocomplete_fields = ["definition", "department"]
