"""Home, the list of reports, a report, and the staff preview of a report."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from reports.models import AnnualReport, ReportStatus
from reports.pdf.facts import published_pdf_facts

from .. import origin, presenters, report_layout, selectors, structured_data
from ..pagecache import cached_page
from ..qrcode import qr_svg

REPORTS_PER_PAGE = 10


@cached_page
def home(request):
    page = selectors.home_page()
    return render(
        request,
        "disclosure/home.html",
        {"page": page, "column_name": _("首页"), "column_type": _("首页")},
    )


def parse_year(value: str | None) -> tuple[int | None, bool]:
    """(year, valid): an empty value is no filter; anything else must be a year."""
    if not value:
        return None, True
    value = value.strip()
    if value.isdigit() and len(value) == 4:
        return int(value), True
    return None, False


@cached_page
def report_list(request):
    years = selectors.published_years()
    year, valid = parse_year(request.GET.get("year"))
    reports = selectors.public_reports()
    if year is not None:
        reports = reports.filter(year=year)
    paginator = Paginator(reports if valid else reports.none(), REPORTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/report_list.html",
        {
            "page_obj": page,
            "years": years,
            "year": year,
            "year_invalid": not valid,
            "query_prefix": f"year={year}&" if year else "",
            "column_name": _("年度报告"),
            "column_type": _("政务公开"),
        },
    )


def render_report(request, report, preview: bool = False, template="disclosure/report_detail.html"):
    withdrawn = report.status == ReportStatus.WITHDRAWN
    page = selectors.report_page(report, with_content=not withdrawn)
    presenters.mark_up_sections(page.sections, page.values, report.year)
    columns = report.column_names
    pdf_url = None if withdrawn else presenters.pdf_url(report.year)
    url = origin.absolute_url(request, reverse("disclosure:report_detail", args=[report.year]))
    json_ld = None
    if not (preview or withdrawn):
        json_ld = structured_data.script_element(
            structured_data.report(request, report, page.updated_at, pdf_url, url)
        )
    # A draft has no stored public PDF: its preview links the PDF without figures.
    pdf_facts = published_pdf_facts(report.year) if report.is_published else None
    return render(
        request,
        template,
        {
            "report": report,
            "page": page,
            "withdrawn": withdrawn,
            "preview": preview,
            "columns": columns,
            "column_name": columns[-1] if columns else _("年度报告"),
            "column_type": columns[0] if columns else _("政务公开"),
            "pdf_url": pdf_url,
            "pdf_label": report_layout.pdf_label(pdf_facts),
            "counted": report.status == ReportStatus.PUBLISHED and not preview,
            "chapters": report_layout.chapters(page.sections),
            "figure_groups": report_layout.figure_groups(page.sections, page.values),
            "written_on": report_layout.written_on(report.closing),
            "page_url": url,
            "qr_code": qr_svg(url, _("本页二维码:%(url)s") % {"url": url}),
            "citation": report_layout.citation(report, url, page.updated_at),
            "json_ld": json_ld,
        },
    )


@cached_page
def report_detail(request, year: int):
    report = AnnualReport.objects.public().of_year(year)
    response = render_report(request, report)
    if report.status == ReportStatus.PUBLISHED:
        response.counted_year = report.year  # every answer of this page, cached or not, counts
    return response


@cached_page
def report_print(request, year: int):
    """The report alone, laid out for paper: what 打印 opens (the site runs no JavaScript, so
    the reader prints it with the browser's own command)."""
    report = AnnualReport.objects.published().of_year(year)
    response = render_report(request, report, template="disclosure/report_print.html")
    response["X-Robots-Tag"] = "noindex"
    return response


def report_preview(request, year: int):
    """Staff see any report (draft, in review…) exactly as the public page would show it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not (request.user.is_staff and request.user.has_perm("reports.view_annualreport")):
        raise PermissionDenied
    response = render_report(request, AnnualReport.objects.of_year(year), preview=True)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
