"""The public pages' cache: ETag/Last-Modified, conditional GET, and 点击数 on a hit.

A page is kept under a key of its URL, host and the reader's display mode (长者模式, text size). The entry
records the *generation* it was made in; the generation kept in the shared cache is the
authority: ``report_changed`` (and a change note, the site settings) bumps it after the commit,
so publishing, correcting or withdrawing a report makes every server's cached pages stale at
once. As a safety net for a change that bypassed the signal, the content stamp of the public
reports (one query) is compared on every miss, and on a hit at most every
PORTAL_STAMP_CHECK_SECONDS per process; ``manage.py flush_view_counts`` (the timer) checks it too.

A hit costs one round trip to the cache (generation and page in one ``get_many``) and no SQL.
``PageCacheMiddleware`` answers hits before the rest of the middleware runs; ``@cached_page``
marks a view whose 200 answer may be kept, and answers hits itself when the middleware is not
installed. While the cache does not answer, pages are rendered every time (reports.sharedcache).
"""

import hashlib
import logging
import time
from dataclasses import dataclass, field
from functools import wraps

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from reports import sharedcache

from . import selectors, viewcounts

logger = logging.getLogger(__name__)

GENERATION_KEY = "disclosure:generation"
STAMP_KEY = "disclosure:content-stamp"
ELDER_COOKIE = "portal_elder"
TEXT_SIZE_COOKIE = "portal_text_size"
TEXT_SIZES = ("s", "m", "l")  # 小, 中 (the default), 大
# Headers that belong to one answer, not to the page: never kept with it.
UNKEPT_HEADERS = {
    "content-length",
    "content-encoding",
    "date",
    "etag",
    "last-modified",
    "cache-control",
    "expires",
    "set-cookie",
}
_MISSED = "disclosure.pagecache.generation"  # request attribute: the middleware missed
REPLAY_PAGE = "disclosure.pagecache.replay"  # request.META: a hit that may be replayed
_last_stamp_check = 0.0


@dataclass
class CachedPage:
    body: bytes
    generation: int
    etag: str
    last_modified: int
    headers: dict[str, str] = field(default_factory=dict)
    counted_year: int | None = None  # a published report's page: a GET counts as a view


def elder_mode(request) -> bool:
    return request.COOKIES.get(ELDER_COOKIE) == "1"


def text_size(request) -> str:
    size = request.COOKIES.get(TEXT_SIZE_COOKIE)
    return size if size in TEXT_SIZES else "m"


def page_key(request) -> str:
    parts = (
        elder_mode(request),
        text_size(request),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
    )
    return "disclosure:page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _new_generation() -> int | None:
    sharedcache.call("add", GENERATION_KEY, int(time.time()), None)
    return sharedcache.call("get", GENERATION_KEY)


def invalidate() -> None:
    """Make every cached page stale at once. The generation is a time, for Last-Modified."""
    if not sharedcache.available():
        # Redis is away: pages are rendered anyway; bump once it is back (its copy is stale).
        sharedcache.when_back(invalidate)
        return
    current = sharedcache.call("get", GENERATION_KEY, default=0) or 0
    if not sharedcache.available():  # the get just failed
        sharedcache.when_back(invalidate)
        return
    sharedcache.call("set", GENERATION_KEY, max(int(time.time()), current + 1), None)
    sharedcache.call("delete", STAMP_KEY)  # the next miss records the new stamp, no second bump
    if not sharedcache.available():
        sharedcache.when_back(invalidate)


def check_content_stamp() -> int | None:
    """Compare the public reports' content stamp with the one recorded; bump the generation
    when a change went by without the signal. Returns the current generation."""
    global _last_stamp_check
    _last_stamp_check = time.monotonic()
    stamp = selectors.content_stamp()
    recorded = sharedcache.call("get_many", [GENERATION_KEY, STAMP_KEY])
    if recorded is None:
        return None
    if STAMP_KEY in recorded and recorded[STAMP_KEY] != stamp:
        logger.info("Public reports changed without report_changed; page cache emptied")
        invalidate()
        recorded = {}
    sharedcache.call("set", STAMP_KEY, stamp, None)
    return recorded.get(GENERATION_KEY) or _new_generation()


def stamp_check_due() -> bool:
    return time.monotonic() - _last_stamp_check >= settings.PORTAL_STAMP_CHECK_SECONDS


def lookup(request) -> tuple[int | None, CachedPage | None]:
    """(current generation, the page if kept in it); (None, None) without a shared cache."""
    if stamp_check_due():
        check_content_stamp()
    key = page_key(request)
    found = sharedcache.call("get_many", [GENERATION_KEY, key])
    if found is None:
        return None, None
    generation = found.get(GENERATION_KEY) or _new_generation()
    page = found.get(key)
    if page is not None and page.generation != generation:
        page = None
    return generation, page


def store(request, page: CachedPage, timeout: int) -> None:
    sharedcache.call("set", page_key(request), page, timeout)


def respond(request, page: CachedPage) -> HttpResponse:
    response = HttpResponse(page.body)
    for name, value in page.headers.items():
        response[name] = value
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.last_modified)
    # Readers' browsers keep the page but ask every time whether it changed (304 if not).
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ["Cookie"])
    if page.counted_year is not None:
        viewcounts.count_page_view(request, response, page.counted_year)
    return get_conditional_response(
        request, etag=page.etag, last_modified=page.last_modified, response=response
    )


def _cacheable(request) -> bool:
    return request.method in ("GET", "HEAD") and settings.PORTAL_PAGE_CACHE_SECONDS > 0


def cached_page(view=None, *, timeout: int | None = None):
    """Keep the view's 200 answers in the page cache and answer from it.

    A view marks its answer as a view of a published report by setting
    ``response.counted_year``; the view then runs only on a miss, and every answer counts.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET", "HEAD"])  # public pages are read only
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            seconds = settings.PORTAL_PAGE_CACHE_SECONDS if timeout is None else timeout
            middleware_missed = hasattr(request, _MISSED)
            if not middleware_missed:
                _, page = lookup(request)
                if page is not None:
                    return respond(request, page)
            generation = check_content_stamp()
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if response.status_code != 200 or response.streaming:
                return response
            body = response.content
            page = CachedPage(
                body=body,
                generation=generation or 0,
                etag=f'"{hashlib.sha256(body).hexdigest()[:32]}"',
                last_modified=int(generation or time.time()),
                headers={k: v for k, v in response.items() if k.lower() not in UNKEPT_HEADERS},
                counted_year=getattr(response, "counted_year", None),
            )
            answer = respond(request, page)
            if generation is not None:
                if middleware_missed:
                    answer.portal_page = (page, seconds)  # kept with the frame's headers
                else:
                    store(request, page, seconds)
            return answer

        return wrapper

    return decorate(view) if view is not None else decorate


class PageCacheMiddleware:
    """Answers cached public pages before the rest of the middleware runs.

    Placed right after the security and static-file middleware: a cached page is the same for
    every reader (nothing in it depends on the session or the user), so no session, locale,
    CSRF or authentication work is needed to answer it. On a miss, the headers that the
    middleware below adds to the page (X-Frame-Options, Content-Security-Policy …) are kept
    with it, so that a hit answers with the same headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable(request):
            return self.get_response(request)
        generation, page = lookup(request)
        if page is not None:
            # Answered from the cache with this frame: disclosure.fasthits may replay it.
            request.META[REPLAY_PAGE] = page
            return respond(request, page)
        setattr(request, _MISSED, generation)
        response = self.get_response(request)
        kept = getattr(response, "portal_page", None)
        if kept is not None:
            page, seconds = kept
            for name, value in response.items():
                if name.lower() not in UNKEPT_HEADERS:
                    page.headers.setdefault(name, value)
            store(request, page, seconds)
        return response
