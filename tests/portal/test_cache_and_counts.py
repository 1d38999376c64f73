"""Page cache, conditional requests and 点击数."""

import pytest

from reports.models import AnnualReport, Section

from .conftest import BROWSER_UA

pytestmark = pytest.mark.django_db


def test_etag_last_modified_and_304(client, seed_report):
    first = client.get("/reports/2017/")
    assert first["ETag"] and first["Last-Modified"]
    assert "Cookie" in first["Vary"]
    again = client.get("/reports/2017/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get("/reports/2017/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert client.get("/reports/2017/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_cached_page_runs_no_query(client, seed_report, django_assert_num_queries):
    client.get("/reports/2017/")
    with django_assert_num_queries(0):  # the generation in the cache is the authority
        assert client.get("/reports/2017/").status_code == 200
    client.get("/indicators/review.applications/")
    with django_assert_num_queries(0):
        assert client.get("/indicators/review.applications/").status_code == 200


def test_edit_is_visible_at_once(client, seed_report, django_capture_on_commit_callbacks):
    assert "加强行政复议工作。" in client.get("/reports/2017/").content.decode()
    section = Section.objects.get(report=seed_report, title="加强行政复议工作。")
    with django_capture_on_commit_callbacks(execute=True):
        section.title = "测试:修改后的标题。"
        section.save()
    html = client.get("/reports/2017/").content.decode()
    assert "测试:修改后的标题。" in html and "加强行政复议工作。" not in html


def test_withdrawal_is_visible_at_once(client, seed_report, django_capture_on_commit_callbacks):
    client.get("/reports/2017/")
    client.get("/indicators/review.applications/")
    with django_capture_on_commit_callbacks(execute=True):
        AnnualReport.objects.filter(pk=seed_report.pk).update(status="withdrawn")
        from reports.signals import notify_report_changed

        notify_report_changed(seed_report.pk)
    assert "本报告已撤回" in client.get("/reports/2017/").content.decode()
    assert client.get("/indicators/review.applications/").status_code == 404


def views(report) -> int:
    return AnnualReport.objects.get(pk=report.pk).view_count


def test_a_reader_is_counted_once_not_on_reload(client, seed_report):
    client.get("/reports/2017/", HTTP_USER_AGENT=BROWSER_UA)
    assert views(seed_report) == 1
    client.get("/reports/2017/", HTTP_USER_AGENT=BROWSER_UA)  # reload: served from the cache
    assert views(seed_report) == 1
    client.cookies.clear()  # another reader
    client.get("/reports/2017/", HTTP_USER_AGENT=BROWSER_UA)
    assert views(seed_report) == 2


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Mozilla/5.0 (compatible; Googlebot/2.1)",
        "curl/8.5.0",
        "python-requests/2.32",
    ],
)
def test_crawlers_are_not_counted(client, seed_report, agent):
    client.get("/reports/2017/", HTTP_USER_AGENT=agent)
    assert views(seed_report) == 0


def test_forged_seen_cookie_does_not_stop_counting(client, seed_report):
    client.cookies[f"portal_seen_{seed_report.year}"] = "1"
    client.get("/reports/2017/", HTTP_USER_AGENT=BROWSER_UA)
    assert views(seed_report) == 1


def test_counting_does_not_touch_the_cache_or_updated_at(client, seed_report):
    before = AnnualReport.objects.get(pk=seed_report.pk).updated_at
    first = client.get("/reports/2017/", HTTP_USER_AGENT=BROWSER_UA)
    client.cookies.clear()
    second = client.get("/reports/2017/", HTTP_USER_AGENT=BROWSER_UA)
    assert views(seed_report) == 2
    assert first["ETag"] == second["ETag"]  # the second reader got the cached page
    assert AnnualReport.objects.get(pk=seed_report.pk).updated_at == before
