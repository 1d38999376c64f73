"""Indicator and department pages."""

from itertools import groupby

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import charts, presenters, selectors
from ..pagecache import cached_page


@cached_page
def indicator_index(request):
    definitions = selectors.indicator_index()
    categories = [
        (category, list(items))
        for category, items in groupby(definitions, key=lambda d: d.category)
    ]
    return render(
        request,
        "disclosure/indicator_index.html",
        {"categories": categories, "column_name": _("指标数据"), "column_type": _("政务公开")},
    )


def chart_points(values):
    """One bar per year: the year's only figure, else its figure for the whole government."""
    by_year = {}
    for value in values:
        by_year.setdefault(value.report.year, []).append(value)
    points = []
    for year, items in by_year.items():
        chosen = (
            items[0]
            if len(items) == 1
            else next((v for v in items if v.department_id is None), None)
        )
        if chosen is not None:
            points.append((_("%(year)s年") % {"year": year}, chosen.value, chosen.display))
    return points


@cached_page
def indicator_detail(request, code: str):
    history = selectors.indicator_detail(code)
    definition = history.definition
    values = presenters.with_changes(history.values)
    chart = charts.bar_chart(
        chart_points(values),
        _("%(name)s历年数值柱状图,详细数据见下表") % {"name": definition.name},
        definition.unit,
    )
    return render(
        request,
        "disclosure/indicator_detail.html",
        {
            "definition": definition,
            "values": values,
            "chart": chart,
            "parent_links": [(_("指标数据"), reverse("disclosure:indicator_index"))],
            "column_name": _("指标数据"),
            "column_type": _("政务公开"),
        },
    )


@cached_page
def department_index(request):
    return render(
        request,
        "disclosure/department_index.html",
        {
            "departments": selectors.department_index(),
            "column_name": _("部门"),
            "column_type": _("政务公开"),
        },
    )


@cached_page
def department_detail(request, pk: int):
    history = selectors.department_detail(pk)
    return render(
        request,
        "disclosure/department_detail.html",
        {
            "history": history,
            "parent_links": [(_("部门"), reverse("disclosure:department_index"))],
            "column_name": _("部门"),
            "column_type": _("政务公开"),
        },
    )
