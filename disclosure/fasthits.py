"""Cached public pages and the report's counter image, answered before Django (WSGI).

Even when ``PageCacheMiddleware`` answers a hit, Django's request handling costs most of it:
the request object, the middleware above the cache, the signals, the response object, a
second round trip to Redis for the view. ``FastHits`` wraps Django's WSGI application
(portal/wsgi.py) and keeps, in each process, a copy of each answer that Django gave *from the
page cache* (and of the counter image ``seen.gif``): the body, the headers that every
middleware added, and the compressed bodies (made once). A later GET with the same replay key
is answered from the copy with:

- one Redis round trip (a pipeline): the current generation of the page cache, and the
  ``HINCRBY`` of the view when the reader counts (``disclosure.viewcounts``' rules: crawlers,
  prefetches and a reader seen within the period are not counted; the signed cookie is set
  as Django sets it). A copy of another generation is dropped and the request goes on to
  Django, which does not count that view a second time;
- no SQL, no session, no Django request or response object.

It is safe by construction: the replay key holds everything that the checks in front of the
page cache read (scheme and the proxy's scheme header, the host headers, server name and port,
path and query string) and the display mode (长者模式), and a copy is only made from an answer
Django itself gave for that key. A request that Django would refuse (a host not allowed, the
HTTPS redirect, a NUL in the path), leave to WhiteNoise, or render otherwise never finds one.
Everything else goes to Django: other methods, conditional and range requests (304s), a due
content-stamp check, Redis away or failing, an invalidation waiting for Redis to come back.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, parse_cookie
from django.utils.http import http_date

from reports import sharedcache

from . import compression, pagecache, viewcounts

KEPT_BYTES = 32 * 1024 * 1024  # copies (bodies and compressed bodies) kept per process
# Headers that belong to one answer: made again for each replay, never copied.
PER_ANSWER = {
    "content-length",
    "content-encoding",
    "etag",
    "last-modified",
    "set-cookie",
    "date",
    "expires",
}
# Left to Django: conditional GETs get their 304 there, ranges their 206.
LEFT_TO_DJANGO = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_RANGE",
)
# What Django's scheme, host and path come from (SECURE_PROXY_SSL_HEADER, USE_X_FORWARDED_HOST,
# USE_X_FORWARDED_PORT, FORCE_SCRIPT_NAME are settings: the same for every request).
KEY_FIELDS = (
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
)


@dataclass
class Copy:
    body: bytes
    headers: list[tuple[str, str]]
    counted_year: int | None  # a view of this year's report counts
    generation: int | None = None  # a page's; None for the counter image
    etag: str | None = None
    last_modified: str | None = None
    compressible: bool = False
    expires_now: bool = False  # never_cache's Expires: the time of the answer
    compressed: dict[str, bytes] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(body) for body in self.compressed.values())


def replay_key(environ) -> tuple:
    cookie = environ.get("HTTP_COOKIE", "")
    cookies = parse_cookie(cookie) if "portal_" in cookie else {}
    elder = cookies.get(pagecache.ELDER_COOKIE) == "1"
    size = cookies.get(pagecache.TEXT_SIZE_COOKIE)
    size = size if size in pagecache.TEXT_SIZES else "m"
    proxy_header = settings.SECURE_PROXY_SSL_HEADER
    return (
        *(environ.get(name) for name in KEY_FIELDS),
        environ.get(proxy_header[0]) if proxy_header else None,
        elder,
        size,  # 大/中/小, as pagecache.page_key
    )


def make_copy(mark, headers: list[tuple[str, str]]) -> Copy:
    kept = [(name, value) for name, value in headers if name.lower() not in PER_ANSWER]
    if isinstance(mark, pagecache.CachedPage):
        content_type = next((v for n, v in headers if n.lower() == "content-type"), "")
        return Copy(
            body=mark.body,
            headers=kept,
            counted_year=mark.counted_year,
            generation=mark.generation,
            etag=mark.etag,
            last_modified=http_date(mark.last_modified),
            compressible=settings.PORTAL_COMPRESS_PAGES
            and bool(compression.COMPRESSIBLE.match(content_type))
            and len(mark.body) >= compression.MIN_BYTES,
        )
    return Copy(
        body=viewcounts.PIXEL,
        headers=kept,
        counted_year=mark,
        expires_now=any(name.lower() == "expires" for name, _ in headers),
    )


class Copies:
    """A byte-bounded, least-recently-used store of copies, safe across threads."""

    def __init__(self, max_bytes: int = KEPT_BYTES):
        self.max_bytes = max_bytes
        self.size = 0
        self.items: OrderedDict[tuple, Copy] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key) -> Copy | None:
        with self.lock:
            copy = self.items.get(key)
            if copy is not None:
                self.items.move_to_end(key)
            return copy

    def put(self, key, copy: Copy) -> None:
        with self.lock:
            old = self.items.pop(key, None)
            if old is not None:
                self.size -= old.size
            self.items[key] = copy
            self.size += copy.size
            self._trim()

    def drop(self, key, copy: Copy) -> None:
        with self.lock:
            if self.items.get(key) is copy:
                del self.items[key]
                self.size -= copy.size

    def add_compressed(self, key, copy: Copy, encoding: str, body: bytes) -> None:
        with self.lock:
            if encoding not in copy.compressed:
                copy.compressed[encoding] = body
                if self.items.get(key) is copy:
                    self.size += len(body)
                    self._trim()

    def _trim(self) -> None:
        while self.size > self.max_bytes and self.items:
            _, dropped = self.items.popitem(last=False)
            self.size -= dropped.size


_seen_cookies: dict[int, tuple[int, str]] = {}


def seen_cookie(year: int) -> str:
    """The Set-Cookie value Django would send to a counted reader now (made once a second)."""
    now = int(time.time())
    made = _seen_cookies.get(year)
    if made is not None and made[0] == now:
        return made[1]
    response = HttpResponse()
    viewcounts.set_seen_cookie(response, year)
    value = response.cookies[viewcounts.SEEN_COOKIE.format(year=year)].OutputString()
    _seen_cookies[year] = (now, value)
    return value


class FastHits:
    def __init__(self, application):
        self.application = application
        self.copies = Copies()

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "GET":
            return self.application(environ, start_response)
        key = replay_key(environ)
        copy = self.copies.get(key)
        if copy is not None and not any(name in environ for name in LEFT_TO_DJANGO):
            answer = self.replay(key, copy, environ, start_response)
            if answer is not None:
                return answer
        answered = []

        def recording_start_response(status, headers, exc_info=None):
            answered[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.application(environ, recording_start_response)
        mark = environ.get(pagecache.REPLAY_PAGE, environ.get(viewcounts.REPLAY_PIXEL))
        if mark is not None and answered and answered[0].startswith("200"):
            if not _has_session(environ):  # a staff answer may carry more than a reader's
                self.copies.put(key, make_copy(mark, answered[1]))
        return result

    def replay(self, key, copy: Copy, environ, start_response):
        """Answer from ``copy``; None when Django must answer (the copy is dropped if stale)."""
        page = copy.generation is not None
        if page and pagecache.stamp_check_due():
            return None
        year = copy.counted_year
        count = (
            year is not None
            and not (page and environ.get(viewcounts.PROXY_HEADER))
            and viewcounts.counts_as_view(environ, _cookies(environ), year)
        )
        if page or count:
            if not sharedcache.available() or sharedcache.recovery_pending():
                return None
            client = viewcounts.redis_client()
            if client is None:
                return None
            pipeline = client.pipeline(transaction=False)
            if page:
                pipeline.get(cache.make_key(pagecache.GENERATION_KEY))
            if count:
                pipeline.hincrby(cache.make_key(viewcounts.PENDING_KEY), str(year), 1)
            try:
                results = pipeline.execute()
            except sharedcache.FAILURES as error:
                # Rare: the count may have reached Redis before the failure; Django's path
                # then counts it again (in the database). Counted twice beats lost.
                sharedcache.failed("answer a cached page", error)
                return None
            if page and (results[0] is None or int(results[0]) != copy.generation):
                self.copies.drop(key, copy)
                if count:
                    environ[viewcounts.COUNTED_KEY] = year
                return None
        return self.respond(key, copy, environ, start_response, count)

    def respond(self, key, copy: Copy, environ, start_response, counted: bool):
        headers = list(copy.headers)
        body = copy.body
        if copy.etag is not None:
            etag = copy.etag
            encoding = copy.compressible and compression.kept_encoding(
                environ.get("HTTP_ACCEPT_ENCODING", "")
            )
            if encoding:
                compressed = copy.compressed.get(encoding)
                if compressed is None:
                    compressed = compression.compress(copy.body, encoding)
                    self.copies.add_compressed(key, copy, encoding, compressed)
                if len(compressed) < len(body):
                    body = compressed
                    headers.append(("Content-Encoding", encoding))
                    if etag.startswith('"'):
                        etag = "W/" + etag  # as CompressionMiddleware does
            headers.append(("ETag", etag))
            headers.append(("Last-Modified", copy.last_modified))
        if copy.expires_now:
            headers.append(("Expires", http_date()))
        if counted:
            headers.append(("Set-Cookie", seen_cookie(copy.counted_year)))
        headers.append(("Content-Length", str(len(body))))
        start_response("200 OK", headers)
        return [body]


def _cookies(environ) -> dict:
    cookie = environ.get("HTTP_COOKIE")
    return parse_cookie(cookie) if cookie else {}


def _has_session(environ) -> bool:
    return settings.SESSION_COOKIE_NAME in environ.get("HTTP_COOKIE", "")
