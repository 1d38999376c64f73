"""schema.org descriptions (JSON-LD) of the report pages and of the open data, for search
engines: a ``Report`` published by a ``GovernmentOrganization``, and a ``Dataset`` with its
``DataDownload`` files. Only published content goes in; nothing is invented (a field with no
value is left out)."""

import json

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .origin import absolute_url

# The characters that could end the <script> element or start markup inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_element(data: dict) -> SafeString:
    """<script type="application/ld+json">: a data block, never run, so CSP does not apply."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _date(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _years(years) -> str:
    if not years:
        return ""
    return str(min(years)) if min(years) == max(years) else f"{min(years)}/{max(years)}"


def government(name: str, url: str = "") -> dict:
    return _compact({"@type": "GovernmentOrganization", "name": name, "url": url})


def report(request, report, modified_at, pdf_url: str | None, canonical: str) -> dict:
    """A published report. ``modified_at``: its latest public change note, or None."""
    origin = absolute_url(request, "/")
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "Report",
            "@id": canonical + "#report",
            "url": canonical,
            "name": report.title,
            "headline": report.title,
            "description": report.summary,
            "inLanguage": settings.PORTAL_LANGUAGE_TAG,
            "identifier": report.index_number,
            "reportNumber": report.index_number,
            "temporalCoverage": str(report.year),
            "datePublished": _date(report.published_at),
            "dateModified": _date(modified_at or report.published_at),
            "publisher": government(report.government, origin),
            "author": government(report.issuing_office),
            "encoding": pdf_url
            and {
                "@type": "MediaObject",
                "contentUrl": absolute_url(request, pdf_url),
                "encodingFormat": "application/pdf",
                "name": f"{report.title}(PDF)",
            },
        }
    )


def dataset(request, *, name, description, publisher, years, modified_at, downloads) -> dict:
    """The open data. ``downloads``: (name, path, media type) of each file offered."""
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "@id": absolute_url(request, reverse("disclosure:open_data")) + "#dataset",
            "url": absolute_url(request, reverse("disclosure:open_data")),
            "name": name,
            "description": description,
            "inLanguage": settings.PORTAL_LANGUAGE_TAG,
            "isAccessibleForFree": True,
            "publisher": publisher and government(publisher, absolute_url(request, "/")),
            "creator": publisher and government(publisher),
            "temporalCoverage": _years(years),
            "dateModified": modified_at and _date(modified_at),
            "distribution": [
                {
                    "@type": "DataDownload",
                    "name": file_name,
                    "contentUrl": absolute_url(request, path),
                    "encodingFormat": media_type,
                }
                for file_name, path, media_type in downloads
            ],
        }
    )
