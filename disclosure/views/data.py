"""Open data: every published figure as CSV (UTF-8 with BOM, for Excel) and as JSON."""

import csv
import io
import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.comparison import plain_number

from .. import selectors, structured_data
from ..context_processors import site_name
from ..models import SiteSettings
from ..pagecache import cached_page
from .pages import parse_year

COLUMNS = [
    ("year", "年度"),
    ("report_title", "报告标题"),
    ("category", "指标类别"),
    ("indicator_code", "指标代码"),
    ("indicator_name", "指标名称"),
    ("department", "部门"),
    ("value", "数值"),
    ("value_max", "区间上限"),
    ("qualifier", "限定"),
    ("unit", "单位"),
    ("display", "数值(按原文)"),
    ("source_text", "原文数字"),
    ("sentence", "原文语句"),
    ("url", "原文链接"),
]


def _records(request, year):
    records = []
    for value in selectors.open_data_rows(year):
        report_url = reverse("disclosure:report_detail", kwargs={"year": value.report.year})
        anchor = f"#fig-{value.pk}" if value.section_id else ""
        records.append(
            {
                "year": value.report.year,
                "report_title": value.report.title,
                "category": value.definition.category.name,
                "indicator_code": value.definition.code,
                "indicator_name": value.definition.name,
                "department": value.department.name if value.department else "",
                "value": plain_number(value.value),
                "value_max": plain_number(value.value_max),
                "qualifier": value.get_qualifier_display(),
                "unit": value.definition.unit,
                "display": value.display,
                "source_text": value.source_text,
                "sentence": value.sentence,
                "url": request.build_absolute_uri(report_url + anchor),
            }
        )
    return records


def _year(request):
    year, valid = parse_year(request.GET.get("year"))
    if not valid or (year is not None and year not in selectors.published_years()):
        raise Http404("No published report for this year")
    return year


def _dataset(request, reports) -> dict:
    years = [report.year for report in reports]
    csv_url, json_url = reverse("disclosure:open_data_csv"), reverse("disclosure:open_data_json")
    downloads = [
        (_("全部年度数据(CSV)"), csv_url, "text/csv"),
        (_("全部年度数据(JSON)"), json_url, "application/json"),
    ]
    for year in years:
        downloads += [
            (_("%(year)s年度数据(CSV)") % {"year": year}, f"{csv_url}?year={year}", "text/csv"),
            (
                _("%(year)s年度数据(JSON)") % {"year": year},
                f"{json_url}?year={year}",
                "application/json",
            ),
        ]
    return structured_data.dataset(
        request,
        name=_("法治政府建设年度报告指标数据"),
        description=_(
            "已发布的法治政府建设年度报告中的全部指标数据:每项数据的年度、指标类别、指标名称、"
            "部门、数值、单位、原文语句和原文链接,提供CSV和JSON两种格式,随报告更正同步更新。"
        ),
        publisher=site_name(SiteSettings.load()),
        years=years,
        modified_at=max((report.modified_at for report in reports), default=None),
        downloads=downloads,
    )


@cached_page
def open_data(request):
    reports = list(selectors.published_reports_dated().only("year", "published_at"))
    return render(
        request,
        "disclosure/open_data.html",
        {
            "columns": COLUMNS,
            "years": [report.year for report in reports],
            "column_name": _("开放数据"),
            "column_type": _("数据开放"),
            "json_ld": structured_data.script_element(_dataset(request, reports)),
        },
    )


@cached_page
def open_data_csv(request):
    year = _year(request)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # the BOM makes Excel read the file as UTF-8
    writer = csv.writer(buffer)
    writer.writerow([label for _, label in COLUMNS])
    for record in _records(request, year):
        writer.writerow([record[key] for key, _ in COLUMNS])
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    name = f"rule-of-law-figures-{year}.csv" if year else "rule-of-law-figures.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@cached_page
def open_data_json(request):
    year = _year(request)
    reports = [
        {
            "year": report.year,
            "title": report.title,
            "government": report.government,
            "issuing_office": report.issuing_office,
            "published_at": timezone.localtime(report.published_at).isoformat(),
            "url": request.build_absolute_uri(
                reverse("disclosure:report_detail", kwargs={"year": report.year})
            ),
        }
        for report in selectors.published_reports()
        if year is None or report.year == year
    ]
    document = {
        "fields": {key: label for key, label in COLUMNS},
        "reports": reports,
        "figures": _records(request, year),
    }
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
