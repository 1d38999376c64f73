"""/robots.txt and the icons: small answers every browser and crawler asks for.

They never render a template or touch the page cache: robots.txt is a few lines of text and the
icons are kept in memory once drawn (disclosure/icons.py).
"""

import hashlib
import mimetypes

from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response

from .. import icons
from ..models import SiteSettings
from ..origin import absolute_url

ICON_MAX_AGE = 24 * 3600  # a day: a mark staff upload reaches browsers by the next day
ROBOTS_MAX_AGE = 3600


def _year_pattern(name: str) -> str:
    """The path of a per-year URL with the year as robots.txt's wildcard."""
    return reverse(name, kwargs={"year": 9999}).replace("9999", "*")


def robots_txt(request):
    disallowed = [
        reverse("admin:index"),
        reverse("disclosure:search"),
        reverse("disclosure:display_mode"),
        _year_pattern("disclosure:report_preview"),
        _year_pattern("reports:report_pdf_draft"),
        _year_pattern("disclosure:seen_pixel"),
    ]
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in disallowed),
        "",
        f"Sitemap: {absolute_url(request, reverse('disclosure:sitemap'))}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={ROBOTS_MAX_AGE}"
    return response


def _icon_response(request, kind: icons.IconKind):
    icon = icons.icon(SiteSettings.load(), kind)
    response = HttpResponse(icon.body, content_type=icon.content_type)
    response["ETag"] = icon.etag
    response["Cache-Control"] = f"public, max-age={ICON_MAX_AGE}"
    return get_conditional_response(request, etag=icon.etag, response=response)


def favicon(request):
    return _icon_response(request, icons.FAVICON)


def touch_icon(request):
    return _icon_response(request, icons.TOUCH)


def share_image(request):
    return _icon_response(request, icons.SHARE)


def conac_mark(request):
    """The 党政机关网站标识 staff uploaded, for the footer (media files are not served as such)."""
    site = SiteSettings.load()
    if not site.conac_mark:
        raise Http404
    try:
        with default_storage.open(site.conac_mark.name, "rb") as file:
            body = file.read()
    except OSError as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(site.conac_mark.name)[0] or "application/octet-stream"
    if not content_type.startswith("image/"):
        raise Http404
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={ICON_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return get_conditional_response(request, etag=etag, response=response)
