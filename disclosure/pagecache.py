"""The public pages' cache, ETag/Last-Modified and conditional GET.

A cached page is keyed by the URL, the reader's display mode (长者模式), a generation number
that report_changed bumps at once (so publishing, editing or withdrawing a report empties the
cache in every process sharing the cache, Redis included), and the content stamp of the public
reports (a safety net for a change that bypassed the signal).
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from . import selectors

GENERATION_KEY = "disclosure:generation"
ELDER_COOKIE = "portal_elder"


@dataclass
class CachedPage:
    body: bytes
    content_type: str
    etag: str
    last_modified: int
    robots: str = ""


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, int(time.time()), None)
        value = cache.get(GENERATION_KEY) or int(time.time())
    return value


def invalidate() -> None:
    """Make every cached page stale at once. The generation is a time, for Last-Modified."""
    current = cache.get(GENERATION_KEY) or 0
    cache.set(GENERATION_KEY, max(int(time.time()), current + 1), None)


def elder_mode(request) -> bool:
    return request.COOKIES.get(ELDER_COOKIE) == "1"


def serve(request, render, timeout: int | None = None) -> HttpResponse:
    """Answer from the cache, or call ``render()`` and keep its 200 answer."""
    if timeout is None:
        timeout = settings.PORTAL_PAGE_CACHE_SECONDS
    gen = generation()
    stamp = selectors.content_stamp()
    key = (
        "disclosure:page:"
        + hashlib.sha256(
            repr(
                (
                    gen,
                    stamp,
                    elder_mode(request),
                    request.scheme,
                    request.get_host(),
                    request.get_full_path(),
                )
            ).encode()
        ).hexdigest()
    )
    page = cache.get(key) if timeout > 0 else None
    if page is None:
        response = render()
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if response.status_code != 200 or response.streaming:
            return response
        body = response.content
        page = CachedPage(
            body=body,
            content_type=response["Content-Type"],
            etag=f'"{hashlib.sha256(body).hexdigest()[:32]}"',
            last_modified=max(gen, int(stamp[0])),
            robots=response.get("X-Robots-Tag", ""),
        )
        if timeout > 0:
            cache.set(key, page, timeout)
    return respond(request, page)


def respond(request, page: CachedPage) -> HttpResponse:
    response = HttpResponse(page.body, content_type=page.content_type)
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.last_modified)
    # Readers' browsers keep the page but ask every time whether it changed (304 if not).
    response["Cache-Control"] = "no-cache"
    if page.robots:
        response["X-Robots-Tag"] = page.robots
    patch_vary_headers(response, ["Cookie"])
    return get_conditional_response(
        request, etag=page.etag, last_modified=page.last_modified, response=response
    )
