"""Open data: every published figure as CSV (UTF-8 with BOM, for Excel), XLSX and JSON.

The files are built by ``reports.importexport.open_data`` from the same column definitions as
the office's spreadsheets; every CSV and XLSX cell is neutralised against formulas there.
"""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.importexport import open_data as files
from reports.importexport.columns import OPEN_DATA, OPEN_DATA_TITLE

from .. import selectors, structured_data
from ..context_processors import site_name
from ..models import SiteSettings
from ..pagecache import cached_page
from .pages import parse_year

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def figure_records(request, values) -> list[dict]:
    """Open-data records of published ``values``, each linked to its place in the report."""

    def url_of(value):
        report_url = reverse("disclosure:report_detail", kwargs={"year": value.report.year})
        anchor = f"#fig-{value.pk}" if value.section_id else ""
        return request.build_absolute_uri(report_url + anchor)

    return files.figure_records(values, url_of)


def _records(request, year):
    return figure_records(request, selectors.open_data_rows(year))


def _year(request):
    year, valid = parse_year(request.GET.get("year"))
    if not valid or (year is not None and year not in selectors.published_years()):
        raise Http404("No published report for this year")
    return year


def _dataset(request, reports) -> dict:
    years = [report.year for report in reports]
    csv_url, json_url = reverse("disclosure:open_data_csv"), reverse("disclosure:open_data_json")
    xlsx_url = reverse("disclosure:open_data_xlsx")
    downloads = [
        (_("全部年度数据(CSV)"), csv_url, "text/csv"),
        (_("全部年度数据(XLSX)"), xlsx_url, XLSX_TYPE),
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
            "部门、数值、单位、原文语句和原文链接,提供CSV、XLSX和JSON三种格式,随报告更正同步更新。"
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
            "columns": OPEN_DATA,
            "years": [report.year for report in reports],
            "column_name": _("开放数据"),
            "column_type": _("数据开放"),
            "json_ld": structured_data.script_element(_dataset(request, reports)),
        },
    )


def _download(request, extension, content_type, write):
    year = _year(request)
    response = HttpResponse(write(_records(request, year)), content_type=content_type)
    name = f"rule-of-law-figures-{year}.{extension}" if year else f"rule-of-law-figures.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@cached_page
def open_data_csv(request):
    return _download(request, "csv", "text/csv; charset=utf-8", files.csv_bytes)


@cached_page
def open_data_xlsx(request):
    return _download(
        request, "xlsx", XLSX_TYPE, lambda records: files.xlsx_bytes(records, str(OPEN_DATA_TITLE))
    )


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
        "fields": dict(OPEN_DATA),
        "reports": reports,
        "figures": _records(request, year),
    }
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
