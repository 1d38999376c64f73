"""Redis stopping in the middle of requests: no 500 anywhere, it degrades and recovers."""

import os
import signal
import time

import pytest
from django.test import Client

from disclosure import viewcounts
from disclosure.models import SiteSettings
from reports.models import AnnualReport
from reports.signals import notify_report_changed

from ..portal.conftest import BROWSER_UA

pytestmark = pytest.mark.django_db

PAGES = (
    "/",
    "/reports/",
    "/reports/2017/",
    "/indicators/",
    "/indicators/review.applications/",
    "/departments/",
    "/search/?q=行政复议",
    "/data/figures.csv",
    "/feed/",
    "/sitemap.xml",
    "/admin/login/",
)


def stored_views(report) -> int:
    return AnnualReport.objects.get(pk=report.pk).view_count


def wait_past_the_pause():
    from reports import sharedcache

    time.sleep(sharedcache.RETRY_SECONDS + 0.05)


def test_pages_saves_and_counts_go_on_while_redis_is_stopped(
    own_redis, seed_report, django_capture_on_commit_callbacks, django_assert_num_queries
):
    client = Client(HTTP_USER_AGENT=BROWSER_UA)
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    own_redis.stop()
    for url in PAGES:  # every page rendered without the cache
        assert Client(HTTP_USER_AGENT=BROWSER_UA).get(url).status_code == 200, url
    # Views go straight to the database meanwhile (the first reader's waits in Redis).
    assert stored_views(seed_report) == 1
    with django_capture_on_commit_callbacks(execute=True):
        SiteSettings(site_name="测试:网站名称").save()
        notify_report_changed(seed_report.pk)
    assert "测试:网站名称" in Client().get("/").content.decode()

    own_redis.start()  # an empty Redis on the same port
    wait_past_the_pause()
    Client().get("/reports/2017/")
    with django_assert_num_queries(0):  # cached again, by itself
        assert Client().get("/reports/2017/").status_code == 200
    Client(HTTP_USER_AGENT=BROWSER_UA).get("/reports/2017/")
    assert viewcounts.pending_views() == {2017: 1}  # counting in Redis again


def test_a_change_made_while_redis_hangs_shows_when_it_answers_again(
    own_redis, seed_report, settings, django_capture_on_commit_callbacks
):
    """Redis keeps its data but does not answer (a stopped process): the generation bump that
    was missed is made as soon as it answers, so its stale pages are never served."""
    settings.CACHES["default"]["OPTIONS"]["socket_timeout"] = 0.3
    settings.PORTAL_STAMP_CHECK_SECONDS = 3600  # the generation alone must do it
    client = Client()
    assert "加强行政复议工作。" in client.get("/reports/2017/").content.decode()
    os.kill(own_redis.process.pid, signal.SIGSTOP)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            AnnualReport.objects.filter(pk=seed_report.pk).update(status="withdrawn")
            notify_report_changed(seed_report.pk)
        assert "本报告已撤回" in client.get("/reports/2017/").content.decode()
    finally:
        os.kill(own_redis.process.pid, signal.SIGCONT)
    wait_past_the_pause()
    assert "本报告已撤回" in client.get("/reports/2017/").content.decode()
    assert "本报告已撤回" in client.get("/reports/2017/").content.decode()
