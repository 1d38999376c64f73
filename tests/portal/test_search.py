"""Search: Chinese words found across published sections and figures, ranked, highlighted."""

import re

import pytest
from django.core.cache import cache

from disclosure.search.query import parse_query
from reports.models import AnnualReport

from ..factories import make_report, make_section

pytestmark = pytest.mark.django_db


def results(html: str) -> list[str]:
    return re.findall(r'<li>\s*<h2><a href="([^"]+)">', html)


def test_query_is_segmented_into_words():
    assert parse_query("规范性文件 清理").terms == ["规范性", "文件", "清理"]
    assert parse_query("行政复议的").terms == ["行政复议"]
    assert parse_query(" ,。!").terms == []


def test_one_word_finds_sections_and_figures_ranked(client, seed_report, indexed):
    indexed()
    html = client.get("/search/?q=行政复议").content.decode()
    found = results(html)
    assert found, html
    assert found[0] == "/reports/2017/#sec-7-1"  # 七、1. 加强行政复议工作 names it most
    figures = results(client.get("/search/?q=行政复议&kind=data").content.decode())
    assert "/indicators/review.applications/#y2017" in figures
    assert "<mark>行政复议</mark>" in html


def test_several_words_rank_pages_with_all_of_them_first(client, seed_report, indexed):
    indexed()
    html = client.get("/search/?q=规范性文件+清理").content.decode()
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', html, re.S)
    assert snippets
    marked = "".join(re.findall(r"<mark>(.*?)</mark>", snippets[0]))
    assert "规范性文件" in marked and "清理" in marked
    first = re.sub(r"<[^>]+>", "", html.split('<ol class="results">')[1].split("</li>")[0])
    assert "清理" in first and "规范性文件" in first


def test_year_filter(client, seed_report, second_year, indexed):
    indexed()
    assert "/reports/2018/" in " ".join(results(client.get("/search/?q=行政复议").content.decode()))
    only_2017 = results(client.get("/search/?q=行政复议&year=2017").content.decode())
    assert only_2017 and all("2017" in url for url in only_2017)


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "x" * 5000,
        "<script>alert(1)</script>",
        "%00",
        "' OR 1=1 --",
        "行政\x00复议",
        "😀" * 50,
        "(&|!:*)",
        "a & b | !c",
    ],
)
def test_any_query_gets_a_page(client, seed_report, query, indexed):
    indexed()
    response = client.get("/search/", {"q": query, "year": "x" if "!" in query else "2017"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_snippets_escape_the_text(client, indexed):
    report = make_report(2030, status="published")
    make_section(report, title="测试章节", body="<b>行政复议</b> 测试 <script>x()</script>")
    indexed()
    html = client.get("/search/?q=行政复议").content.decode()
    assert "&lt;b&gt;<mark>行政复议</mark>&lt;/b&gt;" in html
    assert "<script>x()" not in html


def test_nothing_found_says_so(client, seed_report, indexed):
    indexed()
    html = client.get("/search/?q=量子计算机").content.decode()
    assert "没有找到" in html


def test_index_follows_the_report(client, seed_report, indexed, django_capture_on_commit_callbacks):
    indexed()
    assert results(client.get("/search/?q=行政复议").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        seed_report.status = "withdrawn"
        seed_report.save()
    assert not results(client.get("/search/?q=行政复议").content.decode())


def test_a_report_taken_off_the_site_is_not_found_before_its_index_changes(client, seed_report):
    """Between a withdrawal and the index's refresh (another process, a failed refresh), the
    report's entries are still in every process's postings: search must not show them."""
    assert results(client.get("/search/?q=行政复议").content.decode())
    AnnualReport.objects.filter(pk=seed_report.pk).update(status="withdrawn")  # no signal
    cache.clear()  # the page made before (the page cache has its own safety net)
    html = client.get("/search/?q=行政复议").content.decode()
    assert not results(html)
    assert "行政复议申请" not in client.get("/search/?q=10件").content.decode()


def test_rebuild_command_restores_a_lost_index(client, seed_report, indexed):
    indexed()
    from io import StringIO

    from django.core.management import call_command

    from disclosure import pagecache
    from disclosure.models import SearchEntry

    assert results(client.get("/search/?q=行政复议").content.decode())  # indexed
    SearchEntry.objects.all().delete()  # e.g. a restore that left the index table empty
    pagecache.invalidate()
    assert not results(client.get("/search/?q=行政复议").content.decode())
    make_report(year=2031, status="draft")
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "2017年度:" in out.getvalue() and "1份已发布的报告" in out.getvalue()
    assert "2031" not in out.getvalue()
    assert results(client.get("/search/?q=行政复议").content.decode())


def test_a_citizens_search_never_writes_the_index(client, seed_report, indexed):
    indexed()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from disclosure.models import SearchEntry

    indexed = SearchEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/?q=行政复议").status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "searchentry" in q["sql"].lower() and not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert writes == []
    assert SearchEntry.objects.count() == indexed
