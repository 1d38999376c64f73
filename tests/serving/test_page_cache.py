"""A cached public page costs one cache round trip: no SQL, no view code, the same headers."""

import pytest

from disclosure import pagecache
from reports.models import AnnualReport

pytestmark = pytest.mark.django_db


def test_a_cached_page_runs_no_query(client, seed_report, django_assert_num_queries):
    for url in ("/reports/2017/", "/indicators/review.applications/", "/", "/search/?q=复议"):
        first = client.get(url)
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.status_code == 200 and again.content == first.content


def test_a_hit_keeps_the_headers_of_the_frame(client, seed_report):
    first = client.get("/reports/2017/")
    again = client.get("/reports/2017/")
    for header in ("Content-Type", "X-Frame-Options", "ETag", "Last-Modified", "Vary"):
        assert again[header] == first[header]
    csv = client.get("/data/figures.csv")
    assert client.get("/data/figures.csv")["Content-Disposition"] == csv["Content-Disposition"]


def test_the_generation_is_the_authority_and_the_stamp_a_safety_net(client, seed_report, settings):
    """A change that bypassed report_changed (a raw UPDATE) shows once the stamp is checked:
    on the timer, not on every hit."""
    client.get("/reports/2017/")
    AnnualReport.objects.filter(pk=seed_report.pk).update(
        title="测试:绕过信号修改的标题", updated_at=seed_report.updated_at.replace(year=2030)
    )
    assert "测试:绕过信号修改的标题" not in client.get("/reports/2017/").content.decode()
    settings.PORTAL_STAMP_CHECK_SECONDS = 0  # the timer is due
    assert "测试:绕过信号修改的标题" in client.get("/reports/2017/").content.decode()


def test_the_flush_timer_checks_the_stamp(client, seed_report):
    from django.core.management import call_command

    client.get("/reports/2017/")
    AnnualReport.objects.filter(pk=seed_report.pk).update(
        title="测试:定时检查发现的修改", updated_at=seed_report.updated_at.replace(year=2030)
    )
    call_command("flush_view_counts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert "测试:定时检查发现的修改" in client.get("/reports/2017/").content.decode()


def test_a_staff_preview_is_never_answered_from_the_cache(client, seed_report, admin_user):
    client.get("/reports/2017/")
    client.force_login(admin_user)
    preview = client.get("/reports/2017/preview/")
    assert preview.status_code == 200 and "预览" in preview.content.decode()
    assert "no-cache" in preview["Cache-Control"] and "ETag" not in preview


def test_only_get_and_head_are_answered_from_the_cache(client, seed_report):
    client.get("/reports/2017/")
    assert client.head("/reports/2017/").status_code == 200
    assert client.post("/reports/2017/").status_code in (403, 405)


def test_page_keys_separate_elder_mode(client, seed_report):
    normal = client.get("/reports/2017/").content
    client.cookies[pagecache.ELDER_COOKIE] = "1"
    elder = client.get("/reports/2017/").content
    assert normal != elder


def test_page_queries_do_not_grow_with_the_number_of_years(client, second_year, settings):
    """The report page and the indicator page (which compares every published year) run a
    fixed number of queries for 2 years and for 8 (rendered each time: the cache is off)."""
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.models import IndicatorValue

    from ..factories import make_short_report

    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    urls = ("/reports/2017/", "/indicators/review.applications/")

    def queries(url) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    for url in urls:
        queries(url)  # what is kept across requests (the site settings) is read once
    two_years = {url: queries(url)[0] for url in urls}
    stated = IndicatorValue.objects.get(report=second_year)
    for year in range(2019, 2025):
        report = make_short_report(year, title=f"测试:{year}年度报告(合成数据)")
        IndicatorValue.objects.create(
            report=report,
            definition=stated.definition,
            department=stated.department,
            value=Decimal(year - 2000),
            source_text=f"{year - 2000}件",
            sentence=f"测试年度共接到行政复议申请{year - 2000}件。",
        )
    eight_years = {url: queries(url) for url in urls}
    assert "2024" in eight_years["/indicators/review.applications/"][1]  # every year shown
    assert {url: found[0] for url, found in eight_years.items()} == two_years
