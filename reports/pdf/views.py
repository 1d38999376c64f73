"""The PDF downloads: the published report for everyone, a marked draft for staff."""

import logging
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from reports.models import AnnualReport

from . import render, store
from .fonts import FontUnavailable

logger = logging.getLogger(__name__)


def content_disposition(file_name: str, ascii_name: str) -> str:
    """RFC 6266 with the RFC 5987 UTF-8 name, and an ASCII name for clients that lack it."""
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def _font_unavailable(request, report, error: FontUnavailable):
    logger.error("PDF of %s cannot be typeset: %s", report.year, error)
    response = TemplateResponse(
        request, "reports/pdf/unavailable.html", {"report": report}, status=503
    )
    response["Retry-After"] = "600"
    return response


def _matches(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    if header.strip() == "*":
        return True
    # Weak comparison (RFC 9110): a proxy may have marked our tag W/.
    return etag in {tag.removeprefix("W/") for tag in parse_etags(header)}


def _serve(request, report, draft: bool):
    try:
        prepared = render.prepare(report, draft=draft)
    except FontUnavailable as error:
        return _font_unavailable(request, report, error)
    etag = f'"{prepared.version}"'
    if _matches(request, etag):
        response = HttpResponseNotModified()
    else:
        stored, file = store.open_pdf(report, draft=draft, prepared=prepared)
        accel = None if draft else store.accel_redirect_uri(stored)
        if accel:
            # Checked public here; nginx sends the file itself (deploy/nginx/).
            file.close()
            response = HttpResponse(content_type="application/pdf")
            response["X-Accel-Redirect"] = accel
        else:
            response = FileResponse(file, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition(
            prepared.file_name, prepared.document.ascii_file_name
        )
    response["ETag"] = etag
    if draft:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        # Browsers and proxies keep it and ask again with If-None-Match: a correction shows at once.
        patch_cache_control(response, public=True, no_cache=True)
    return response


@require_safe
def report_pdf(request, year: int):
    """The published report of ``year`` as a PDF; 404 for any other status."""
    return _serve(request, AnnualReport.objects.published().of_year(year), draft=False)


@require_safe
@login_required(login_url=reverse_lazy("admin:login"))
def report_pdf_draft(request, year: int) -> HttpResponse:
    """Staff preview of a report that is not published, marked 草稿（未发布） on every page."""
    if not request.user.is_staff or not request.user.has_perm("reports.view_annualreport"):
        raise PermissionDenied
    report = AnnualReport.objects.of_year(year)
    if report.is_published:
        return redirect("reports:report_pdf", year=year)
    return _serve(request, report, draft=True)
