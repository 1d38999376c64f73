"""What the public portal writes: the 点击数 of a report."""

import re

from django.conf import settings
from django.core import signing
from django.db.models import F

from reports.models import AnnualReport, ReportStatus

CRAWLER = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|yahoo|sogou|yisou|bytespider|bingpreview|"
    r"facebookexternalhit|headless|phantomjs|python-requests|python-urllib|aiohttp|httpx|"
    r"curl/|wget/|libwww|scrapy|go-http-client|java/|okhttp|node-fetch|axios|apache-httpclient|"
    r"monitor|uptime|pingdom|check_http|lighthouse|validator",
    re.IGNORECASE,
)
SEEN_COOKIE = "portal_seen_{id}"
SEEN_SALT = "disclosure.view-count"


def is_crawler(request) -> bool:
    agent = request.META.get("HTTP_USER_AGENT", "").strip()
    return not agent or bool(CRAWLER.search(agent))


def is_prefetch(request) -> bool:
    purpose = request.META.get("HTTP_SEC_PURPOSE", "") or request.META.get("HTTP_PURPOSE", "")
    return "prefetch" in purpose.lower() or "prerender" in purpose.lower()


def count_view(request, response, report_id: int) -> bool:
    """Add one to the report's 点击数 for a real reader's first view in a while.

    The increment is one UPDATE ... SET view_count = view_count + 1, atomic in the database, so
    no view is lost to concurrent requests; it leaves updated_at alone, so the page cache stays
    valid. A signed cookie per report marks the reader's view for PORTAL_VIEW_REPEAT_SECONDS,
    so that reloads in that time are not counted again.
    """
    if request.method != "GET" or is_crawler(request) or is_prefetch(request):
        return False
    name = SEEN_COOKIE.format(id=report_id)
    seconds = settings.PORTAL_VIEW_REPEAT_SECONDS
    try:
        if request.get_signed_cookie(name, salt=SEEN_SALT, max_age=seconds) == "1":
            return False
    except (KeyError, signing.BadSignature):
        pass
    counted = AnnualReport.objects.filter(pk=report_id, status=ReportStatus.PUBLISHED).update(
        view_count=F("view_count") + 1
    )
    response.set_signed_cookie(
        name,
        "1",
        salt=SEEN_SALT,
        max_age=seconds,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return bool(counted)
