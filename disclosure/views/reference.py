"""Indicator and department pages, and each indicator's chart (SVG, PNG) and data (CSV)."""

from itertools import groupby

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from reports.importexport import open_data as files

from .. import charts, presenters, selectors
from ..pagecache import cached_page
from .data import figure_records


@cached_page
def indicator_index(request):
    rows = presenters.index_rows(selectors.indicator_index())
    categories = [
        (category, list(items))
        for category, items in groupby(rows, key=lambda row: row.definition.category)
    ]
    return render(
        request,
        "disclosure/indicator_index.html",
        {"categories": categories, "column_name": _("指标数据"), "column_type": _("政务公开")},
    )


@cached_page
def indicator_detail(request, code: str):
    history = selectors.indicator_detail(code)
    definition = history.definition
    values = presenters.with_changes(history.values)
    series = presenters.yearly_series(values)
    chart = presenters.indicator_chart(definition, series)
    return render(
        request,
        "disclosure/indicator_detail.html",
        {
            "definition": definition,
            "values": values,
            "chart": chart,
            "chart_svg": charts.chart_svg(chart) if chart else "",
            # One year only: a figure card, not a single fat bar.
            "card": series[0] if len(series) == 1 else None,
            "stated_together": history.stated_together,
            "parent_links": [(_("指标数据"), reverse("disclosure:indicator_index"))],
            "column_name": _("指标数据"),
            "column_type": _("政务公开"),
        },
    )


def _chart(code: str) -> charts.Chart:
    history = selectors.indicator_detail(code)
    chart = presenters.indicator_chart(history.definition, presenters.yearly_series(history.values))
    if chart is None:
        raise Http404("This indicator has no chart (fewer than two years)")
    return chart


def _attachment(body, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@cached_page
def indicator_chart_svg(request, code: str):
    svg = charts.chart_svg(_chart(code), standalone=True)
    return _attachment(svg.encode("utf-8"), "image/svg+xml; charset=utf-8", f"{code}.svg")


@cached_page
def indicator_chart_png(request, code: str):
    return _attachment(charts.chart_png(_chart(code)), "image/png", f"{code}.png")


@cached_page
def indicator_data_csv(request, code: str):
    history = selectors.indicator_detail(code)
    records = figure_records(request, history.values)
    return _attachment(files.csv_bytes(records), "text/csv; charset=utf-8", f"{code}.csv")


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
