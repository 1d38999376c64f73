"""Rows shared by every year's report: departments, indicator categories and definitions,
and the consistency rules between figures."""

from django.contrib import admin

from reports.models import ConsistencyRule, Department, IndicatorCategory, IndicatorDefinition
from reports.resources import DepartmentResource, IndicatorDefinitionResource

from .base import HistoryAdmin, OfficeImportExportMixin


@admin.register(Department)
class DepartmentAdmin(OfficeImportExportMixin, HistoryAdmin):
    resource_classes = [DepartmentResource]
    list_display = ["name", "short_name", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(IndicatorCategory)
class IndicatorCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(OfficeImportExportMixin, HistoryAdmin):
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
