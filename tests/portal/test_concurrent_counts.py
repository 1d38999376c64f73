"""点击数 under concurrent readers: every real view counts, none is lost."""

import threading

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from disclosure.services import count_view
from reports.models import AnnualReport
from tests.foundation.factories import make_report

READERS = 8
VIEWS_EACH = 15


@pytest.mark.django_db(transaction=True)
def test_concurrent_views_are_all_counted():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # Threads share one in-memory SQLite database only through its shared cache, which
        # refuses concurrent writers outright instead of waiting: PostgreSQL runs this for real.
        pytest.skip("in-memory SQLite has no concurrent writers; covered on PostgreSQL")
    report = make_report(2030, status="published")
    factory = RequestFactory()
    errors = []
    start = threading.Barrier(READERS)

    def reader():
        try:
            start.wait()
            for _ in range(VIEWS_EACH):
                # A new reader each time (no cookie): every view is a first view.
                request = factory.get("/reports/2030/", HTTP_USER_AGENT="Mozilla/5.0 测试浏览器")
                assert count_view(request, HttpResponse(), report.pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reader) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AnnualReport.objects.get(pk=report.pk).view_count == READERS * VIEWS_EACH
