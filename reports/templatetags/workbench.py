"""The 年度工作台 on the admin's index page (see reports/admin/workbench.py)."""

from django import template

from reports.admin.workbench import may_use_workbench, workbench_cards

register = template.Library()


@register.inclusion_tag("admin/reports/workbench.html", takes_context=True)
def year_cards(context):
    user = context["request"].user
    if not may_use_workbench(user):
        return {"cards": None}
    return {
        "cards": workbench_cards(user),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
