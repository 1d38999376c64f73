import copy
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from reports.models import Department, IndicatorDefinition, IndicatorValue

from ..factories import make_report, make_section

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty page cache (the local-memory cache outlives tests), and
    reads the search index's state afresh (each test's database is rolled back)."""
    from disclosure.search import state

    cache.clear()
    state.forget()
    yield
    cache.clear()


@pytest.fixture
def reader(client):
    """A citizen's browser: a real User-Agent, so that views are counted."""
    client.defaults["HTTP_USER_AGENT"] = BROWSER_UA
    return client


@pytest.fixture
def second_year(seed_report):
    """A synthetic 2018 report (测试 data) stating the same indicator, 12 applications."""
    report = make_report(
        2018,
        status="published",
        government="五常市人民政府",
        title="测试:2018年度法治政府建设情况报告",
        issuing_office="市政府法制办",
        published_at=timezone.make_aware(timezone.datetime(2019, 1, 20, 9, 30)),
    )
    chapter = make_section(report, number="一、", title="依法有效化解社会矛盾纠纷")
    measure = make_section(
        report,
        parent=chapter,
        number="1.",
        title="加强行政复议工作。",
        body="测试年度共接到行政复议申请12件,全部依法审结。",
    )
    IndicatorValue.objects.create(
        report=report,
        definition=IndicatorDefinition.objects.get(code="review.applications"),
        department=Department.objects.get(name="市政府法制办"),
        section=measure,
        value=Decimal(12),
        source_text="12件",
        sentence="测试年度共接到行政复议申请12件,全部依法审结。",
    )
    return report


def tripled_document(document: dict, year: int) -> dict:
    """The seed's structure three times over, as a synthetic report of another year."""
    document = copy.deepcopy(document)
    document["report"].update(
        year=year, title=f"测试:{year}年度报告(三倍规模)", index_number=None, status="published"
    )
    definitions = document["definitions"]
    sections = []
    for copy_number in range(3):
        chapters = copy.deepcopy(document["sections"])
        if copy_number:
            suffix = f"-copy{copy_number}"

            def rename(items, suffix=suffix):
                for item in items:
                    for value in item.get("values", []):
                        value["definition"] += suffix
                    rename(item.get("children", []))

            rename(chapters)
        sections.extend(chapters)
    extra = []
    for copy_number in (1, 2):
        for definition in definitions:
            clone = dict(definition, code=definition["code"] + f"-copy{copy_number}")
            clone["name"] = f"{definition['name']}(测试副本{copy_number})"
            extra.append(clone)
    document["definitions"] = definitions + extra
    document["sections"] = sections
    return document


@pytest.fixture
def indexed(db):
    """Brings the search index up to date with what the test wrote so far, as report_changed
    does once a transaction commits (a test's writes are never committed): each report whose
    indexed version differs from its own is indexed again (index_report; all of them when the
    user dictionary changed). The seed (seed_report) comes with its index already built, so
    a test that only reads the seed costs nothing here. Call it after writing."""
    from disclosure.models import SearchIndexedReport
    from disclosure.search.index import index_report
    from reports.models import AnnualReport

    def bring_up_to_date():
        indexed_at = dict(SearchIndexedReport.objects.values_list("report_id", "source_updated_at"))
        reports = dict(AnnualReport.objects.values_list("pk", "updated_at"))
        for report_id in sorted(reports.keys() | indexed_at.keys()):
            if reports.get(report_id) != indexed_at.get(report_id):
                index_report(report_id)

    return bring_up_to_date
