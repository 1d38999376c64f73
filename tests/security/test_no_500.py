"""Input that used to end in a 500 (issue 11 item 6) and bodies refused early (item 10)."""

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import RequestFactory
from django.views.defaults import server_error

from disclosure.pagecache import ELDER_COOKIE
from reports.models import AnnualReport, ReportStatus
from reports.services import workflow
from tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", ["x", "reports", "https://evil.example/", "//evil.example/"])
def test_elder_mode_with_any_next_goes_to_a_page_of_this_site(client, target):
    response = client.get("/mode/", {"elder": "1", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[ELDER_COOKIE].value == "1"


def test_elder_mode_returns_to_the_page_the_reader_was_on(client):
    response = client.get("/mode/", {"elder": "1", "next": "/reports/2017/#s3"})
    assert response["Location"] == "/reports/2017/#s3"


@pytest.mark.parametrize("url", ["/indicators/%00/", "/reports/%00/", "/departments/%00/"])
def test_a_nul_byte_in_the_address_is_not_found(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.parametrize("query", ["q=%00", "q=%E8%A1%8C%00%E6%94%BF", "year=%00&q=x"])
def test_a_nul_byte_in_the_query_is_dropped(client, query):
    assert client.get(f"/search/?{query}").status_code == 200


def test_nul_byte_in_an_admin_filter_is_not_a_500(admin_client):
    response = admin_client.get("/admin/reports/annualreport/?status__exact=%00")
    assert response.status_code in (200, 302)  # the admin drops an invalid filter with ?e=1
    searched = admin_client.get("/admin/reports/section/?q=%00")
    assert searched.status_code == 200


def test_the_500_page_is_chinese_in_the_site_frame_without_database(django_assert_num_queries):
    request = RequestFactory().get("/reports/2017/")
    with django_assert_num_queries(0):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "服务器暂时无法处理您的请求" in page
    assert 'class="site-header"' in page and 'class="site-footer"' in page


def test_an_oversized_public_body_is_refused_before_it_is_read(client, settings):
    settings.PUBLIC_MAX_REQUEST_BYTES = 1000
    request_body = b"q=" + b"x" * 5000
    response = client.generic(
        "POST", "/search/", request_body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()


def test_admin_import_urls_accept_up_to_the_import_limit(admin_client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 20_000
    settings.ADMIN_MAX_REQUEST_BYTES = 10_000
    body = b"x" * 15_000
    ordinary = admin_client.generic(
        "POST", "/admin/reports/department/add/", body, content_type="application/octet-stream"
    )
    assert ordinary.status_code == 413
    importing = admin_client.generic(
        "POST", "/admin/reports/department/import/", body, content_type="application/octet-stream"
    )
    assert importing.status_code != 413
    too_big = admin_client.generic(
        "POST",
        "/admin/reports/department/import/",
        b"x" * 200_000,
        content_type="application/octet-stream",
    )
    assert too_big.status_code == 413


def test_the_body_is_not_read_when_refused(client, settings):
    """A client announcing a large body is answered at once, not waited for."""
    settings.PUBLIC_MAX_REQUEST_BYTES = 1000

    class UnreadableBody:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    response = client.request(
        REQUEST_METHOD="POST",
        PATH_INFO="/search/",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH="10000000",
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413


@pytest.mark.django_db(transaction=True)
def test_two_reports_published_at_the_same_moment_get_different_serials(settings, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's IMMEDIATE transactions already publish one at a time")
    settings.REPORTS_ORG_CODE = "TEST-ORG"
    reviewer = User.objects.create_superuser("chief-reviewer", password="Fzb-2024-report")
    reports = [make_report(year, status=ReportStatus.REVIEW) for year in (2030, 2031)]
    both_checked = threading.Barrier(2, timeout=20)
    real_checks = workflow._check_or_note

    def checks_then_wait(report, note, now):
        result = real_checks(report, note, now)
        both_checked.wait()  # both publishes now take their serial at the same moment
        return result

    monkeypatch.setattr(workflow, "_check_or_note", checks_then_wait)
    errors = []

    def publish(report):
        try:
            workflow.publish(report, reviewer, override_note="测试:并发发布")
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(report,)) for report in reports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    numbers = sorted(AnnualReport.objects.values_list("index_number", flat=True))
    assert len(set(numbers)) == 2 and all(numbers)


@pytest.mark.django_db(transaction=True)
def test_first_request_after_database_connections_die_is_served(client):
    """What a PostgreSQL restart does to the pool: every pooled connection is dead."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL runs a connection pool")
    import psycopg

    make_report(2030, status="published")
    assert client.get("/reports/").status_code == 200  # the pool now holds connections
    connection.close()
    params = connection.get_connection_params()
    params.pop("pool", None)
    params.pop("context", None)
    params.pop("cursor_factory", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(**params, autocommit=True) as killer:
        killed = killer.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]
    assert killed >= 1
    try:
        for _ in range(3):
            assert client.get("/reports/").status_code == 200
    finally:
        # Connections other threads of earlier tests still hold were killed too; a fresh pool
        # lets the test's own teardown (and the tests after it) connect again.
        connection.close()
        connection.close_pool()
