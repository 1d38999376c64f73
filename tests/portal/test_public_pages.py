"""Home, lists, indicator and department pages, open data, feed, sitemap, preview, 长者模式."""

import csv
import io
import json
import re

import pytest
from django.contrib.auth.models import Permission, User

from disclosure.models import SiteSettings
from reports.models import Department, IndicatorDefinition

from ..factories import make_definition, make_report, make_section, make_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_only(db):
    """A report in review naming a department and an indicator that nothing public names."""
    report = make_report(2031, status="review", title="测试:审核中的报告")
    section = make_section(report, title="审核中章节", body="尚未公开的秘密测试文字:机密措施。")
    department = Department.objects.create(name="测试:仅在草稿中的部门")
    section.departments.add(department)
    definition = make_definition(code="test.draft-only", name="测试:仅在草稿中的指标")
    make_value(report, definition, value="7", department=department, section=section)
    return report, department, definition


def test_home_shows_latest_report_headline_figures_and_years(client, seed_report, second_year):
    html = client.get("/").content.decode()
    assert "测试:2018年度法治政府建设情况报告" in html  # the latest
    assert 'href="/reports/2017/"' in html and 'href="/reports/2018/"' in html
    assert '<meta name="ColumnName" content="首页">' in html


def test_home_headline_figures(client, seed_report):
    html = client.get("/").content.decode()
    assert "3万余人次" in html and 'href="/indicators/review.applications/"' in html


def test_report_list_newest_first_with_year_filter_and_pages(client, seed_report):
    for year in range(2005, 2016):
        make_report(year, status="published", title=f"测试:{year}年度报告")
    html = client.get("/reports/").content.decode()
    titles = re.findall(r'<h2><a href="/reports/(\d+)/">', html)
    assert titles == [str(y) for y in [2017, 2015, 2014, 2013, 2012, 2011, 2010, 2009, 2008, 2007]]
    assert "第1页,共2页" in html
    page2 = client.get("/reports/?page=2").content.decode()
    assert re.findall(r'<h2><a href="/reports/(\d+)/">', page2) == ["2006", "2005"]
    only = client.get("/reports/?year=2010").content.decode()
    assert re.findall(r'<h2><a href="/reports/(\d+)/">', only) == ["2010"]
    bad = client.get("/reports/?year=abc")
    assert bad.status_code == 200 and "年度应为四位数字" in bad.content.decode()


def test_drafts_and_reports_in_review_are_never_public(client, seed_report, draft_only):
    report, department, definition = draft_only
    assert client.get("/reports/2031/").status_code == 404
    assert client.get(f"/indicators/{definition.code}/").status_code == 404
    assert client.get(f"/departments/{department.pk}/").status_code == 404
    assert client.get("/data/figures.csv?year=2031").status_code == 404
    assert client.get("/data/figures.json?year=2031").status_code == 404
    public = [
        "/",
        "/reports/",
        "/indicators/",
        "/departments/",
        "/data/figures.csv",
        "/data/figures.json",
        "/feed/",
        "/sitemap.xml",
        "/search/?q=机密措施",
        "/search/?q=秘密",
    ]
    for url in public:
        body = client.get(url).content.decode("utf-8-sig")
        assert "测试:审核中的报告" not in body, url
        assert "机密措施" not in body.replace("“机密措施”", "").replace('value="机密措施"', ""), url
        assert "仅在草稿中" not in body, url
        assert "2031年" not in body and "/reports/2031/" not in body, url
    filtered = client.get("/reports/?year=2031").content.decode()
    assert "没有2031年度的已发布报告" in filtered and "/reports/2031/" not in filtered


def test_indicator_page_across_years(client, seed_report, second_year):
    html = client.get("/indicators/review.applications/").content.decode()
    assert "<svg" in html and 'role="img"' in html  # chart drawn on the server
    assert 'id="y2017"' in html and 'id="y2018"' in html
    assert "10件" in html and "12件" in html
    assert "比上年增加2件(20%)" in html
    assert "今年我市共接到行政复议申请10件" in html  # the sentence it came from
    assert 'href="/data/figures.csv"' in html and 'href="/data/figures.json"' in html


def test_indicator_index_by_category(client, seed_report):
    html = client.get("/indicators/").content.decode()
    assert "化解社会矛盾纠纷" in html
    assert 'href="/indicators/review.applications/"' in html
    assert client.get("/indicators/no.such-thing/").status_code == 404


def test_department_page(client, seed_report, second_year):
    department = Department.objects.get(name="市政府法制办")
    assert f'href="/departments/{department.pk}/"' in client.get("/departments/").content.decode()
    html = client.get(f"/departments/{department.pk}/").content.decode()
    assert "2018年度" in html and "2017年度" in html
    assert 'href="/reports/2017/#sec-7-1"' in html  # 七、1. 加强行政复议工作
    assert "行政复议申请" in html


def test_open_data_csv_and_json(client, seed_report, second_year):
    response = client.get("/data/figures.csv")
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["年度", "报告标题", "指标类别", "指标代码", "指标名称"]
    assert len(rows) == 1 + 61
    review = [r for r in rows if r[3] == "review.applications"]
    assert [(r[0], r[6], r[10]) for r in review] == [("2018", "12", "12件"), ("2017", "10", "10件")]
    data = json.loads(client.get("/data/figures.json?year=2017").content)
    assert [r["year"] for r in data["reports"]] == [2017]
    assert len(data["figures"]) == 60
    assert {"indicator_code", "value", "unit", "sentence"} <= set(data["figures"][0])


def test_feed_and_sitemap(client, seed_report):
    feed = client.get("/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "五常市2017年度法治政府建设情况报告" in feed.content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    for path in ["/reports/2017/", "/indicators/review.applications/", "/departments/"]:
        assert path in sitemap


def test_site_settings_feed_the_frame_and_empty_fields_are_left_out(client, seed_report):
    html = client.get("/reports/2017/").content.decode()
    assert "SiteIDCode" not in html and "网站标识码" not in html and "我为政府网站找错" not in html
    SiteSettings.objects.create(
        site_name="测试市人民政府",
        site_domain="www.test.example.gov.cn",
        site_id_code="TEST000001",
        icp_number="测试ICP备00000000号",
        contact_phone="0000-00000000",
        error_report_url="https://example.org/error-report/test",
    )
    html = client.get("/reports/2017/").content.decode()
    assert '<meta name="SiteName" content="测试市人民政府">' in html
    assert '<meta name="SiteDomain" content="www.test.example.gov.cn">' in html
    assert '<meta name="SiteIDCode" content="TEST000001">' in html
    assert "网站标识码:TEST000001" in html and "测试ICP备00000000号" in html
    assert 'href="https://example.org/error-report/test"' in html
    assert "公安" not in html and "邮箱" not in html  # left empty: left out


def test_elder_mode_is_a_link_remembered_by_cookie(client, seed_report):
    html = client.get("/reports/2017/").content.decode()
    assert "<body>" in html
    link = (
        re.search(r'href="(/mode/\?elder=1&amp;next=[^"]+)"', html).group(1).replace("&amp;", "&")
    )
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == "/reports/2017/"
    assert client.cookies["portal_elder"].value == "1"
    html = client.get("/reports/2017/").content.decode()
    assert '<body class="elder">' in html and "退出长者模式" in html
    client.get("/mode/?elder=0&next=/")
    assert '<body class="elder">' not in client.get("/reports/2017/").content.decode()


def test_elder_mode_does_not_redirect_elsewhere(client):
    response = client.get("/mode/?elder=1&next=https://evil.example.com/")
    assert response["Location"] == "/"


def test_staff_preview(client, draft_only):
    url = "/reports/2031/preview/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/admin/login/")
    user = User.objects.create_user("reader", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(url).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_annualreport"))
    user = User.objects.get(pk=user.pk)
    client.force_login(user)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "预览" in html and "尚未公开的秘密测试文字" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert client.get("/reports/2031/").status_code == 404  # still not public


def test_indicator_definition_of_published_report_has_a_page(client, seed_report):
    codes = IndicatorDefinition.objects.values_list("code", flat=True)
    for code in list(codes)[:5]:
        assert client.get(f"/indicators/{code}/").status_code == 200


def test_feed_sends_the_summary_as_plain_text_never_markup(client):
    from xml.etree import ElementTree

    make_report(
        2030, status="published", summary='<img src=x onerror="alert(1)"> 测试 & <b>概述</b>'
    )
    feed = client.get("/feed/")
    assert b'type="html"' not in feed.content
    entry = ElementTree.fromstring(feed.content).find("{http://www.w3.org/2005/Atom}entry")
    summary = entry.find("{http://www.w3.org/2005/Atom}summary")
    assert summary.get("type") == "text"
    assert summary.text == '<img src=x onerror="alert(1)"> 测试 & <b>概述</b>'
