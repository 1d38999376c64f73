"""The report page: what a citizen reads, and that only public reports can be read."""

import re

import pytest
from django.urls import reverse

from reports.models import ChangeNote, Section
from reports.services.report_document import import_report_document

from ..factories import make_report, make_section
from .conftest import tripled_document

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_metadata_contents_and_numbered_headings(client, seed_report):
    html = client.get("/reports/2017/").content.decode()
    assert "发布机构" in html and "市政府法制办" in html
    assert "发布日期" in html and "2018-01-15" in html
    assert "点击数" not in html  # nobody has read it yet: no 0 shown
    assert "索引号" not in html  # the seed has none, and none is invented
    assert "更新日期" not in html  # no public change note yet
    sections = Section.objects.filter(report=seed_report).in_document_order()
    assert len(sections) == 42
    assert len(re.findall(r'<section class="chapter" id="sec-\d+">', html)) == 8
    assert len(re.findall(r'<div class="sec level-[2-9]" id="sec-[0-9-]+">', html)) == 34
    # the contents column lists chapters and measures, not the 一是/二是 sentences; every link
    # has its target
    toc = html.split('class="toc-column"')[1].split("</nav>")[0]
    targets = re.findall(r'href="#(sec-[0-9-]+)"', toc)
    assert len(targets) == 8 + 32
    assert "一是" not in toc and "二是" not in toc
    for target in targets:
        assert f'id="{target}"' in html
    # the folded contents (phone) list the chapters only
    folded = html.split('class="toc"')[1].split("</nav>")[0]
    assert "<details>" in folded
    assert len(re.findall(r'href="#sec-\d+"', folded)) == 8
    # chapters are h2, measures h3, sub-measures h4: heading level follows depth
    assert re.search(r"<h2>一、法治政府建设的组织领导和推进保障</h2>", html)
    assert re.search(r"<h3>1\.加强行政复议工作。</h3>", html)
    assert "sec-7-1" in html  # 七、1. has a stable, shareable anchor


def test_figures_in_the_text_link_to_their_indicator(client, seed_report):
    html = client.get("/reports/2017/").content.decode()
    link = re.search(
        r'<a class="figure" id="fig-(\d+)" href="/indicators/review.applications/#y2017"[^>]*>10件</a>',
        html,
    )
    assert link, "行政复议申请10件 is linked to its indicator page"
    assert "行政复议申请" + link.group(0) in html
    assert len(re.findall(r'<a class="figure"', html)) == 60  # every figure of the seed
    # the figures table links back to where each figure is printed
    assert f'href="#fig-{link.group(1)}"' in html


def test_section_body_with_markup_is_shown_as_text(client):
    report = make_report(2030, status="published")
    make_section(report, title="标题", body="<script>alert('x')</script>正文")
    html = client.get("/reports/2030/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;正文" in html


def test_index_number_is_shown_when_assigned(client):
    make_report(2030, status="published", index_number="TEST-2030-001")
    assert "TEST-2030-001" in text_of(client.get("/reports/2030/").content.decode())


def test_public_change_notes_and_update_date(client, seed_report):
    ChangeNote.objects.create(report=seed_report, note="更正第七部分的一处数字。")
    ChangeNote.objects.create(report=seed_report, note="错别字", is_minor=True)
    ChangeNote.objects.filter(note="更正第七部分的一处数字。").update(
        created_at="2018-02-03T10:00:00+08:00"
    )
    html = client.get("/reports/2017/").content.decode()
    assert "更新说明" in html and "更正第七部分的一处数字。" in html
    assert "错别字" not in html
    assert re.search(r"<dt>更新日期</dt><dd><time[^>]*>2018-02-03</time>", html)


def test_previous_and_next_year_links(client, seed_report, second_year):
    html = client.get("/reports/2017/").content.decode()
    assert 'href="/reports/2018/" rel="next"' in html
    html = client.get("/reports/2018/").content.decode()
    assert 'href="/reports/2017/" rel="prev"' in html


def test_report_page_links_its_pdf(client, seed_report):
    html = client.get("/reports/2017/").content.decode()
    assert f'href="{reverse("reports:report_pdf", kwargs={"year": 2017})}"' in html


def test_withdrawn_report_shows_the_notice_instead_of_content(client, seed_report):
    seed_report.status = "withdrawn"
    seed_report.withdrawal_reason = "测试:内容需要重新核实"
    seed_report.save()
    response = client.get("/reports/2017/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "本报告已撤回" in html and "测试:内容需要重新核实" in html
    assert "加强行政复议工作" not in html
    assert client.get("/indicators/review.applications/").status_code == 404


def test_article_meta_tags(client, seed_report):
    html = client.get("/reports/2017/").content.decode()
    assert '<meta name="ArticleTitle" content="五常市2017年度法治政府建设情况报告">' in html
    assert '<meta name="PubDate" content="2018-01-15 00:00">' in html
    assert '<meta name="ContentSource" content="市政府法制办">' in html
    assert '<meta name="ColumnName" content="依法行政">' in html
    assert '<meta name="SiteName" content="五常市人民政府">' in html
    breadcrumb = re.search(r'<nav class="breadcrumb.*?</nav>', html).group(0)
    crumbs = [text_of(item) for item in re.findall(r"<li>(.*?)</li>", breadcrumb)]
    assert crumbs == ["首页", "政务公开", "法治政府建设", "依法行政"]
    # items are links where a page exists: home, and the column's list of reports
    assert re.findall(r'href="([^"]+)"', breadcrumb) == ["/", "/reports/"]


def test_report_page_queries_do_not_grow_with_the_report(
    client, seed_document, django_assert_max_num_queries
):
    big = import_report_document(tripled_document(seed_document, 2019))
    assert Section.objects.filter(report=big).count() == 3 * 42
    with django_assert_max_num_queries(9):
        response = client.get("/reports/2019/")
    assert response.status_code == 200
    assert response.content.decode().count('class="figure"') == 180
