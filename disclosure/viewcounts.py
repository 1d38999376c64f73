"""点击数: which requests count as a reader's view, and how a view reaches the database.

Rules (unchanged from the first version): only GET, never crawlers or tools, never prefetches,
and the same reader once per PORTAL_VIEW_REPEAT_SECONDS (a signed cookie per report year).

Off the request path: with Redis as the shared cache a view is one ``HINCRBY`` on a hash of
pending views (year → count); ``manage.py flush_view_counts`` (run by the same systemd timer as
``publish_scheduled``) adds them to ``AnnualReport.view_count`` in one transaction. Killing an
app server loses nothing (the views are in Redis at once); losing Redis itself loses at most
the views since the last flush. Without Redis (local development), or while Redis does not
answer, a view is one atomic ``UPDATE … SET view_count = view_count + 1`` instead.

A page answered from the reverse proxy's cache never reaches Django: the report page carries
a 1×1 image (``seen.gif``) whose request is never cached and counts under the same rules. When
Django itself answered the page it has already counted and set the cookie, so the image does
not count again; the proxy tells Django to leave counting to the image with PROXY_HEADER.
"""

import logging
import re
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from reports import sharedcache
from reports.models import AnnualReport, ReportStatus

from .models import AppliedViewBatch

logger = logging.getLogger(__name__)

CRAWLER = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|yahoo|sogou|yisou|bytespider|bingpreview|"
    r"facebookexternalhit|headless|phantomjs|python-requests|python-urllib|aiohttp|httpx|"
    r"curl/|wget/|libwww|scrapy|go-http-client|java/|okhttp|node-fetch|axios|apache-httpclient|"
    r"monitor|uptime|pingdom|check_http|lighthouse|validator",
    re.IGNORECASE,
)
SEEN_COOKIE = "portal_seen_{year}"
SEEN_SALT = "disclosure.view-count"
# Set by the shipped nginx configuration on proxied public pages: the image counts, not the page.
PROXY_HEADER = "HTTP_X_PORTAL_COUNT_BY"
PENDING_KEY = "disclosure:views:pending"
FLUSHING_KEY = "disclosure:views:flushing"
FLUSH_LOCK_KEY = "disclosure:views:flush-lock"
# The batch being flushed is known by this token in the database once it has been added.
FLUSHING_TOKEN_KEY = "disclosure:views:flushing-token"
BATCHES_KEPT = timedelta(days=7)
# A transparent 1×1 GIF.
PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


def is_crawler(meta) -> bool:
    """A crawler or a tool by its User-Agent (``meta``: request.META or a WSGI environ)."""
    agent = meta.get("HTTP_USER_AGENT", "").strip()
    return not agent or bool(CRAWLER.search(agent))


def is_prefetch(meta) -> bool:
    purpose = meta.get("HTTP_SEC_PURPOSE", "") or meta.get("HTTP_PURPOSE", "")
    return "prefetch" in purpose.lower() or "prerender" in purpose.lower()


def redis_client():
    """The shared cache's Redis client, or None when the cache is not Redis.

    Counting through it shares Django's connection pool and the socket timeouts set in
    CACHES["default"]["OPTIONS"]. One client is kept per cache object (Django keeps one per
    thread): making a redis-py client builds its table of reply parsers, which costs more than
    the round trip to Redis itself.
    """
    if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        return None
    backend = cache._cache
    client = getattr(backend, "_portal_client", None)
    if client is None:
        client = backend._portal_client = backend.get_client(write=True)
    return client


def _add_in_database(year: int, views: int) -> int:
    return AnnualReport.objects.filter(year=year, status=ReportStatus.PUBLISHED).update(
        view_count=F("view_count") + views
    )


def record_view(year: int) -> None:
    """One more view of the published report of ``year``, in Redis or else in the database."""
    client = redis_client() if sharedcache.available() else None
    if client is not None:
        try:
            client.hincrby(cache.make_key(PENDING_KEY), str(year), 1)
            return
        except sharedcache.FAILURES as error:
            sharedcache.failed("count a view", error)
    _add_in_database(year, 1)


def already_seen(cookies, year: int) -> bool:
    """The reader's signed cookie says ``year`` was counted within PORTAL_VIEW_REPEAT_SECONDS."""
    name = SEEN_COOKIE.format(year=year)
    if name not in cookies:
        return False
    request = HttpRequest()  # Django's own reading of its signed cookie, on any cookie dict
    request.COOKIES = cookies
    seconds = settings.PORTAL_VIEW_REPEAT_SECONDS
    return request.get_signed_cookie(name, None, salt=SEEN_SALT, max_age=seconds) == "1"


def counts_as_view(meta, cookies, year: int) -> bool:
    """The rules of a reader's view, on request.META (or a WSGI environ) and its cookies."""
    return (
        meta.get("REQUEST_METHOD") == "GET"
        and not is_crawler(meta)
        and not is_prefetch(meta)
        and not already_seen(cookies, year)
    )


def set_seen_cookie(response, year: int) -> None:
    response.set_signed_cookie(
        SEEN_COOKIE.format(year=year),
        "1",
        salt=SEEN_SALT,
        max_age=settings.PORTAL_VIEW_REPEAT_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


# Set by the answers replayed before Django (disclosure.fasthits): the view of this year was
# already counted in Redis in the same round trip that found the copy stale.
COUNTED_KEY = "disclosure.viewcounts.counted"
# Set on the counter image's answers: disclosure.fasthits may replay them (the year).
REPLAY_PIXEL = "disclosure.viewcounts.replay"


def count_view(request, response, year: int) -> bool:
    """Count a real reader's first view of ``year`` in a while; mark it on ``response``."""
    if not counts_as_view(request.META, request.COOKIES, year):
        return False
    if request.META.get(COUNTED_KEY) != year:
        record_view(year)
    set_seen_cookie(response, year)
    return True


def count_page_view(request, response, year: int) -> bool:
    """Count a view when the page itself is the counter (no proxy cache in front)."""
    if request.META.get(PROXY_HEADER):
        return False
    return count_view(request, response, year)


@never_cache
@require_safe
def seen_pixel(request, year: int):
    """The report page's 1×1 image: counts readers whose page came from the proxy's cache."""
    response = HttpResponse(PIXEL, content_type="image/gif")
    count_view(request, response, year)
    response["X-Robots-Tag"] = "noindex"
    # This answer may be replayed before Django for the same address (disclosure.fasthits).
    request.META[REPLAY_PIXEL] = year
    return response


def pending_views() -> dict[int, int]:
    """Views counted in Redis and not yet in the database (year → views)."""
    client = redis_client()
    if client is None:
        return {}
    pending: dict[int, int] = {}
    for key in (FLUSHING_KEY, PENDING_KEY):
        for year, views in client.hgetall(cache.make_key(key)).items():
            pending[int(year)] = pending.get(int(year), 0) + int(views)
    return pending


def flush_view_counts() -> dict[int, int]:
    """Move the views counted in Redis into the database; returns year → views added.

    The pending hash is renamed first, so views counted meanwhile go to a new hash and none is
    lost; a batch whose flush stopped half-way (the process was killed) is taken up by the next
    flush, and its token, stored with the counts in one transaction, keeps a batch that was
    added before the stop from being added again. A lock keeps two servers' timers from
    flushing at once.
    """
    client = redis_client()
    if client is None:
        return {}
    lock = cache.make_key(FLUSH_LOCK_KEY)
    if not client.set(lock, "1", nx=True, ex=300):
        logger.info("Another flush of view counts is running")
        return {}
    try:
        flushing = cache.make_key(FLUSHING_KEY)
        batch_token = cache.make_key(FLUSHING_TOKEN_KEY)
        if not client.exists(flushing):
            if not client.exists(cache.make_key(PENDING_KEY)):
                return {}
            client.delete(batch_token)
            client.rename(cache.make_key(PENDING_KEY), flushing)
        client.set(batch_token, uuid.uuid4().hex, nx=True)  # kept while the batch is flushed
        token = client.get(batch_token)
        token = token.decode() if isinstance(token, bytes) else token
        batch = {int(year): int(views) for year, views in client.hgetall(flushing).items()}
        with transaction.atomic():
            _, new_batch = AppliedViewBatch.objects.get_or_create(token=token)
            if not new_batch:
                batch = {}  # added by a flush that stopped before Redis let go of it
            for year, views in sorted(batch.items()):
                if not _add_in_database(year, views):
                    logger.info("%d views of %s dropped: not published", views, year)
            AppliedViewBatch.objects.filter(applied_at__lt=timezone.now() - BATCHES_KEPT).delete()
        if not new_batch:
            logger.warning("Views batch %s was already in the database: not added again", token)
        client.delete(flushing, batch_token)
        return batch
    finally:
        client.delete(lock)
