"""点击数 off the request path: Redis counts, the timer's flush writes, nothing is lost."""

import threading

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from disclosure import viewcounts
from reports.models import AnnualReport

from ..portal.conftest import BROWSER_UA

pytestmark = pytest.mark.django_db


def stored_views(report) -> int:
    return AnnualReport.objects.get(pk=report.pk).view_count


def flush():
    call_command("flush_view_counts", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_views_wait_in_redis_until_the_timer_flushes(own_redis, seed_report):
    for _ in range(3):
        assert Client().get("/reports/2017/", HTTP_USER_AGENT=BROWSER_UA).status_code == 200
    assert stored_views(seed_report) == 0  # no UPDATE on the request path
    assert viewcounts.pending_views() == {2017: 3}
    flush()
    assert stored_views(seed_report) == 3
    assert viewcounts.pending_views() == {}
    flush()  # nothing twice
    assert stored_views(seed_report) == 3


def test_a_cached_page_counts_once_per_reader(own_redis, seed_report, django_assert_num_queries):
    reader = Client(HTTP_USER_AGENT=BROWSER_UA)
    reader.get("/reports/2017/")
    with django_assert_num_queries(0):
        reader.get("/reports/2017/")  # a reload: not counted
        Client(HTTP_USER_AGENT=BROWSER_UA).get("/reports/2017/")  # another reader, cached page
        Client(HTTP_USER_AGENT="Mozilla/5.0 (compatible; Baiduspider/2.0)").get("/reports/2017/")
    flush()
    assert stored_views(seed_report) == 2


def test_the_image_counts_readers_of_a_page_from_the_proxy_cache(client, seed_report):
    """Through nginx the page does not count (it may come from nginx's cache); its image does."""
    html = client.get(
        "/reports/2017/", HTTP_USER_AGENT=BROWSER_UA, HTTP_X_PORTAL_COUNT_BY="image"
    ).content.decode()
    assert stored_views(seed_report) == 0
    assert 'src="/reports/2017/seen.gif"' in html
    pixel = client.get("/reports/2017/seen.gif", HTTP_USER_AGENT=BROWSER_UA)
    assert pixel["Content-Type"] == "image/gif" and "no-store" in pixel["Cache-Control"]
    assert stored_views(seed_report) == 1
    client.get("/reports/2017/seen.gif", HTTP_USER_AGENT=BROWSER_UA)  # the same reader again
    assert stored_views(seed_report) == 1


def test_the_image_does_not_count_a_page_django_counted(client, seed_report):
    client.get("/reports/2017/", HTTP_USER_AGENT=BROWSER_UA)
    client.get("/reports/2017/seen.gif", HTTP_USER_AGENT=BROWSER_UA)
    assert stored_views(seed_report) == 1


def test_a_withdrawn_or_draft_year_counts_nothing(client, seed_report):
    assert client.get("/reports/2031/seen.gif", HTTP_USER_AGENT=BROWSER_UA).status_code == 200
    AnnualReport.objects.filter(pk=seed_report.pk).update(status="withdrawn")
    html = client.get("/reports/2017/", HTTP_USER_AGENT=BROWSER_UA).content.decode()
    assert "seen.gif" not in html
    assert stored_views(seed_report) == 0


def test_views_counted_during_a_flush_are_not_lost(own_redis, seed_report, settings):
    """Readers keep coming while the timer flushes: every view ends in the database."""
    settings.PORTAL_STAMP_CHECK_SECONDS = 3600
    Client().get("/reports/2017/")  # cached: the readers' thread needs no database
    stop = threading.Event()
    counted = []

    def readers():
        while not stop.is_set():
            Client(HTTP_USER_AGENT=BROWSER_UA).get("/reports/2017/")
            counted.append(1)

    thread = threading.Thread(target=readers)
    thread.start()
    try:
        for _ in range(5):
            flush()
    finally:
        stop.set()
        thread.join(timeout=30)
    flush()
    assert len(counted) > 0
    assert stored_views(seed_report) == len(counted)


def test_a_flush_stopped_after_its_commit_does_not_add_the_views_twice(
    own_redis, seed_report, monkeypatch
):
    """The timer's process is killed (or Redis stops answering) after the database took the
    batch and before Redis let go of it: the next flush must not add it again."""
    for _ in range(2):
        Client().get("/reports/2017/", HTTP_USER_AGENT=BROWSER_UA)
    client = viewcounts.redis_client()
    real_delete = client.delete

    batch = cache.make_key(viewcounts.FLUSHING_KEY)

    def delete_failing_for_the_batch(*keys):
        if batch in keys:  # letting go of the batch, after the database's commit
            raise ConnectionError("synthetic: Redis stopped answering")
        return real_delete(*keys)

    monkeypatch.setattr(client, "delete", delete_failing_for_the_batch)
    with pytest.raises(ConnectionError):
        viewcounts.flush_view_counts()
    monkeypatch.setattr(client, "delete", real_delete)
    assert stored_views(seed_report) == 2
    assert viewcounts.pending_views() == {2017: 2}  # still in Redis, already in the database

    Client().get("/reports/2017/", HTTP_USER_AGENT=BROWSER_UA)  # a new reader meanwhile
    flush()
    flush()
    assert stored_views(seed_report) == 3
    assert viewcounts.pending_views() == {}
