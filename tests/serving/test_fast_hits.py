"""Cached pages and the counter image answered before Django (disclosure/fasthits.py).

The WSGI application is driven directly (as gunicorn does), with a Redis of the test's own.
"""

import brotli
import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import RequestFactory

from disclosure import fasthits, viewcounts
from reports.services.workflow import withdraw

from ..portal.conftest import BROWSER_UA

pytestmark = pytest.mark.django_db
CRAWLER_UA = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"


class CountingApplication:
    """Django's WSGI application, counting the requests that reach it."""

    def __init__(self):
        self.django = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.django(environ, start_response)


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        found = [value for key, value in self.headers if key.lower() == name.lower()]
        return found[0].strip() if found else None


@pytest.fixture
def keep_connection():
    """As Django's test client does: the test's transaction keeps its database connection
    (a real server closes it at the end of each request)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def site(own_redis, settings, keep_connection):
    settings.PORTAL_STAMP_CHECK_SECONDS = 3600  # checked on the first miss, then not due
    django = CountingApplication()
    application = fasthits.FastHits(django)

    def get(path, method="GET", **headers):
        environ = RequestFactory().generic(method, path, headers=headers).environ
        answered = []
        result = application(
            environ, lambda status, headers, *_: answered.extend([status, headers])
        )
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
        return Answer(int(answered[0].split()[0]), answered[1], body)

    get.django = django
    get.application = application
    return get


def warm(site, path="/reports/2017/", **headers):
    """A miss renders the page, a hit in Django keeps a copy: the third request is replayed."""
    site(path, user_agent=CRAWLER_UA, **headers)
    return site(path, user_agent=CRAWLER_UA, **headers)


def test_a_hit_is_replayed_with_djangos_bytes_and_headers_and_no_sql(
    site, seed_report, django_assert_num_queries
):
    by_django = warm(site)
    calls = site.django.calls
    with django_assert_num_queries(0):
        replayed = site("/reports/2017/", user_agent=CRAWLER_UA)
    assert site.django.calls == calls  # Django never saw it
    assert replayed.status == 200 and replayed.body == by_django.body
    skip = {"date", "content-length"}
    assert sorted((k, v) for k, v in replayed.headers if k.lower() not in skip) == sorted(
        (k, v) for k, v in by_django.headers if k.lower() not in skip
    )
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert replayed.header(header)


def test_a_replayed_page_counts_each_reader_once(site, seed_report):
    warm(site)
    calls = site.django.calls
    first = site("/reports/2017/", user_agent=BROWSER_UA)
    cookie = first.header("Set-Cookie")
    assert cookie.startswith("portal_seen_2017=") and "HttpOnly" in cookie
    again = site("/reports/2017/", user_agent=BROWSER_UA, cookie=cookie.split(";")[0])
    assert again.header("Set-Cookie") is None  # the same reader within the period
    site("/reports/2017/", user_agent=BROWSER_UA)  # another reader
    site("/reports/2017/", user_agent=CRAWLER_UA)
    site("/reports/2017/", user_agent=BROWSER_UA, sec_purpose="prefetch")
    assert site.django.calls == calls
    assert viewcounts.pending_views() == {2017: 2}


def test_a_withdrawn_report_is_never_replayed(
    site, seed_report, admin_user, django_capture_on_commit_callbacks
):
    warm(site)
    assert site("/reports/2017/", user_agent=BROWSER_UA).status == 200  # replayed, counted
    calls = site.django.calls
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(seed_report, admin_user, "测试:撤回原因")
    answer = site("/reports/2017/", user_agent=BROWSER_UA)
    assert site.django.calls == calls + 1  # the copy was stale: Django answered
    assert "本报告已撤回" in answer.body.decode() and answer.header("Set-Cookie") is None


def test_a_stale_copy_counts_its_reader_once(site, seed_report):
    """The round trip that finds the copy stale already counted: Django does not count again."""
    from disclosure import pagecache

    warm(site)
    pagecache.invalidate()
    answer = site("/reports/2017/", user_agent=BROWSER_UA)
    assert answer.status == 200 and answer.header("Set-Cookie").startswith("portal_seen_2017=")
    assert viewcounts.pending_views() == {2017: 1}


@pytest.mark.parametrize(
    "other",
    [
        {"path": "/reports/2017/?x=1"},
        {"cookie": "portal_elder=1"},
        {"host": "localhost"},
        {"x_forwarded_proto": "https"},
        {"method": "HEAD"},
        {"if_none_match": '"x"'},
    ],
)
def test_only_the_same_request_is_replayed(site, seed_report, other):
    warm(site)
    calls = site.django.calls
    other = dict(other)
    site(other.pop("path", "/reports/2017/"), user_agent=CRAWLER_UA, **other)
    assert site.django.calls == calls + 1


def test_a_refused_host_is_never_replayed(site, seed_report):
    warm(site)
    calls = site.django.calls
    answer = site("/reports/2017/", user_agent=CRAWLER_UA, host="evil.example")
    assert answer.status == 400 and "evil.example" not in answer.body.decode()  # not a 500
    assert site.django.calls == calls + 1


def test_a_replayed_page_is_compressed_once_with_a_weak_etag(site, seed_report):
    plain = warm(site)
    calls = site.django.calls
    for _ in range(2):
        answer = site("/reports/2017/", user_agent=CRAWLER_UA, accept_encoding="gzip, br")
        assert answer.header("Content-Encoding") == "br"
        assert brotli.decompress(answer.body) == plain.body
        assert answer.header("ETag") == "W/" + plain.header("ETag")
        assert "Accept-Encoding" in answer.header("Vary")
    assert site.django.calls == calls


def test_the_counter_image_is_replayed_and_counts(site, seed_report):
    site("/reports/2017/seen.gif", user_agent=BROWSER_UA)  # Django answers, a copy is kept
    calls = site.django.calls
    answer = site("/reports/2017/seen.gif", user_agent=BROWSER_UA)
    assert site.django.calls == calls
    assert answer.body == viewcounts.PIXEL and answer.header("Content-Type") == "image/gif"
    assert "no-store" in answer.header("Cache-Control") and answer.header("Expires")
    assert answer.header("Set-Cookie").startswith("portal_seen_2017=")
    site("/reports/2017/seen.gif", user_agent=CRAWLER_UA)
    assert viewcounts.pending_views() == {2017: 2}


def test_without_redis_django_answers_and_counts_in_the_database(site, seed_report, own_redis):
    warm(site)
    own_redis.stop()
    calls = site.django.calls
    assert site("/reports/2017/", user_agent=BROWSER_UA).status == 200
    assert site.django.calls == calls + 1
    seed_report.refresh_from_db()
    assert seed_report.view_count == 1
