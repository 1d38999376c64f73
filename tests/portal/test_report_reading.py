"""The report page as a publication: information block, actions, citation, related links, the
figures table by chapter, and the site's frame (footer marks, text sizes, error pages)."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from disclosure.models import SiteSettings
from reports.models import ChangeNote
from reports.pdf import store

from ..factories import make_short_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_pdf_store(settings, tmp_path):
    """Each test sees only the PDFs it stored itself."""
    settings.PDF_STORAGE_DIR = tmp_path / "pdf"
    settings.PDF_LOCK = "file"


def block(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def info_rows(html: str) -> dict[str, str]:
    info = block(html, '<dl class="info-block">', "</dl>")
    return {
        dt: re.sub(r"<[^>]+>", "", dd).strip()
        for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", info, re.S)
    }


def test_information_block_leaves_out_empty_rows_and_a_zero_count(client, seed_report):
    rows = info_rows(client.get("/reports/2017/").content.decode())
    assert rows == {"发布机构": "市政府法制办", "发布日期": "2018-01-15"}


def test_information_block_with_every_row(client, seed_report):
    SiteSettings.objects.create(topic_category="测试分类/法治建设")
    seed_report.index_number = "TEST-ORG/2018-001"
    seed_report.closing = "测试市人民政府\n2018年1月10日"
    seed_report.view_count = 37
    seed_report.save()
    ChangeNote.objects.create(report=seed_report, note="测试:更正一处数字。")
    html = client.get("/reports/2017/").content.decode()
    rows = info_rows(html)
    assert list(rows) == [
        "索引号",
        "主题分类",
        "发布机构",
        "成文日期",
        "发布日期",
        "更新日期",
        "点击数",
    ]
    assert rows["索引号"] == "TEST-ORG/2018-001"
    assert rows["成文日期"] == "2018-01-10"  # the date the closing is signed with
    assert rows["更新日期"].startswith(timezone.localdate().isoformat())
    assert "更新说明1条" in rows["更新日期"]  # a link to the notes themselves
    assert rows["点击数"] == "37"
    # the block stands above the title, as on government portals
    assert html.index('class="info-block"') < html.index("<h1>")


def test_pdf_link_states_the_stored_files_real_size_and_pages(client):
    report = make_short_report(2031)
    html = client.get("/reports/2031/").content.decode()
    link = re.search(r'<a href="/reports/2031/pdf/"[^>]*>(.*?)</a>', html).group(1)
    assert re.sub(r"<[^>]+>", "", link) == "下载PDF版(PDF)"  # not rendered yet: nothing guessed
    stored = store.get_or_render(report)
    with stored.open() as file:
        content = file.read()
    pages = len(PdfReader(io.BytesIO(content)).pages)
    html = client.get("/reports/2031/").content.decode()  # the stored PDF made the page stale
    expected = f"PDF,{round(len(content) / 1024)} KB,{pages}页"
    assert f'<span class="pdf-facts">({expected})</span>' in html


def test_print_copy_link_qr_code_and_citation(client, seed_report):
    html = client.get("/reports/2017/", HTTP_HOST="testserver").content.decode()
    actions = block(html, '<ul class="report-actions">', "</ul>\n</header>")
    assert 'href="/reports/2017/print/"' in actions and ">打印<" in actions
    assert 'id="share-url" readonly value="http://testserver/reports/2017/"' in actions
    svg = re.search(r"<svg [^>]*>.*?</svg>", actions, re.S).group(0)
    assert (
        'role="img"' in svg and "<title>本页二维码:http://testserver/reports/2017/</title>" in svg
    )
    assert "<path" in svg  # drawn on the server: no script, no image request
    citation = block(html, '<p class="citation-text">', "</p>")
    assert citation == (
        "五常市人民政府. 五常市2017年度法治政府建设情况报告[EB/OL]. (2018-01-15). "
        "http://testserver/reports/2017/."
    )
    assert "我要纠错" not in html and "法治政府建设实施纲要</a>" not in html


def test_print_version_is_the_report_alone_and_not_indexed(client, seed_report):
    response = client.get("/reports/2017/print/")
    html = response.content.decode()
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex"
    assert '<link rel="canonical" href="http://testserver/reports/2017/">' in html
    assert 'class="print-view"' in html and "Ctrl+P" in html
    assert "加强行政复议工作。" in html and 'class="toc' not in html
    assert client.get("/reports/2031/print/").status_code == 404  # no such public report


def test_error_report_and_outline_links_come_from_site_settings(client, seed_report, second_year):
    html = client.get("/reports/2017/").content.decode()  # cached now
    SiteSettings.objects.create(
        error_report_url="https://example.org/jiucuo/test",
        outline_url="https://example.org/test-outline",
    )  # a settings change makes cached pages stale
    html = client.get("/reports/2017/").content.decode()
    assert '<a href="https://example.org/jiucuo/test" rel="noopener">我要纠错</a>' in html
    related = block(html, '<nav class="related"', "</nav>")
    assert 'href="/reports/2018/" rel="next"' in related
    assert '<a href="https://example.org/test-outline" rel="noopener">法治政府建设实施纲要</a>' in (
        related
    )


def test_figures_table_is_grouped_by_chapter_with_one_link_a_row(client, seed_report):
    html = client.get("/reports/2017/").content.decode()
    table = block(html, '<section id="figures"', "</section>")
    assert "查看原文" not in table
    groups = re.findall(r'<tr class="group"><th scope="colgroup" colspan="4">(.*?)</th>', table)
    assert groups[0] == "一、法治政府建设的组织领导和推进保障"
    assert groups[6] == "七、依法有效化解社会矛盾纠纷" and len(groups) == 8
    rows = re.findall(r"<tr>\n<th scope=\"row\">.*?</tr>", table, re.S)
    assert len(rows) == 60
    assert all(row.count("<a ") == 1 for row in rows)
    review = next(row for row in rows if ">行政复议申请<" in row)
    assert '<td class="num">10件</td>' in review and '<td class="place">七、1.</td>' in review
    assert 'href="#fig-' in review


def test_return_to_top_closes_each_chapter(client, seed_report):
    html = client.get("/reports/2017/").content.decode()
    chapters = re.findall(r'<section class="chapter".*?</section>', html, re.S)
    assert len(chapters) == 8
    for chapter in chapters:
        assert chapter.count("返回顶部") == 1
        assert chapter.rstrip().endswith(
            '<p class="to-top"><a href="#top">返回顶部</a></p>\n</section>'
        )


def png(size=(60, 70)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 0, 0)).save(buffer, format="PNG")
    return SimpleUploadedFile("conac.png", buffer.getvalue(), content_type="image/png")


def test_footer_shows_the_conac_mark_staff_uploaded(client, seed_report, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    html = client.get("/reports/2017/").content.decode()
    assert "党政机关网站标识" not in html and client.get("/site-conac-mark").status_code == 404
    SiteSettings.objects.create(conac_mark=png(), conac_url="https://example.org/conac/test")
    html = client.get("/reports/2017/").content.decode()
    footer = block(html, '<footer class="site-footer">', "</footer>")
    assert (
        '<a href="https://example.org/conac/test" rel="noopener"><img src="/site-conac-mark?v='
        in (footer)
    )
    assert 'alt="党政机关网站标识"' in footer
    mark = client.get("/site-conac-mark")
    assert mark.status_code == 200 and mark["Content-Type"] == "image/png"
    assert mark.content.startswith(b"\x89PNG")


def test_admin_warns_staff_while_footer_settings_or_org_code_are_empty(client, settings):
    settings.REPORTS_ORG_CODE = ""
    admin = User.objects.create_superuser("root", password="x")
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert (
        "网站设置中页面底部尚缺:主办单位、联系电话、网站标识码、ICP备案号、公安机关备案号" in html
    )
    assert "REPORTS_ORG_CODE" in html
    assert "尚缺" in client.get("/admin/disclosure/sitesettings/add/").content.decode()
    settings.REPORTS_ORG_CODE = "TEST-ORG"
    SiteSettings.objects.create(
        host_organization="测试市人民政府办公室",
        contact_phone="0000-00000000",
        site_id_code="TEST000001",
        icp_number="测试ICP备00000000号",
        police_number="测试公网安备00000000000000号",
        conac_mark=png(),
    )
    html = client.get("/admin/").content.decode()
    assert "尚缺" not in html and "REPORTS_ORG_CODE" not in html


def test_text_size_links_set_a_cookie_and_keep_elder_mode(client, seed_report):
    html = client.get("/reports/2017/").content.decode()
    assert '<html lang="zh-CN">' in html
    sizes = re.findall(r'href="/mode/\?size=(\w)&amp;next=/reports/2017/"', html)
    assert sizes == ["l", "m", "s"]
    client.cookies["portal_elder"] = "1"
    response = client.get("/mode/?size=l&next=/reports/2017/")
    assert response.status_code == 302 and response["Location"] == "/reports/2017/"
    assert client.cookies["portal_text_size"].value == "l"
    html = client.get("/reports/2017/").content.decode()  # not the cached normal-size page
    assert '<html lang="zh-CN" class="elder text-l">' in html
    assert re.search(r'<a href="/mode/\?size=l[^"]*"[^>]*aria-current="true">大</a>', html)
    client.get("/mode/?size=m&next=/reports/2017/")
    assert client.cookies["portal_text_size"].value == ""  # 中 is the default: cookie dropped
    assert client.cookies["portal_elder"].value == "1"


def test_elder_mode_keeps_site_search_and_the_pdf(client, seed_report):
    client.cookies["portal_elder"] = "1"
    html = client.get("/reports/2017/").content.decode()
    assert 'id="site-search-q"' in html and 'href="/reports/2017/pdf/"' in html


def test_error_pages_offer_a_search_box(client):
    html = client.get("/reports/1999/").content.decode()
    assert 'action="/search/"' in html and 'id="error-search-q"' in html
    html = render_to_string("500.html")  # as Django's server_error renders it: no context
    assert 'id="error-search-q"' in html and 'action="/search/"' in html


@pytest.mark.parametrize(
    "closing, expected",
    [
        ("测试市人民政府\n2018年1月10日", "2018-01-10"),
        ("测试市人民政府办公室\n2017年12月31日印发\n2018 年 1 月 5 日", "2018-01-05"),
        ("测试市人民政府", None),
        ("2018年2月30日", None),  # no such day: nothing shown rather than a guess
        ("", None),
    ],
)
def test_written_date_is_read_from_the_closing(closing, expected):
    from disclosure.report_layout import written_on

    found = written_on(closing)
    assert (found.isoformat() if found else None) == expected


def test_pdf_label_in_kilobytes_or_megabytes():
    from disclosure.report_layout import pdf_label
    from reports.pdf.facts import PdfFacts

    assert pdf_label(None) == "PDF"
    assert pdf_label(PdfFacts(size=367_616, pages=13)) == "PDF,359 KB,13页"
    assert pdf_label(PdfFacts(size=3 * 1024 * 1024 + 200_000, pages=80)) == "PDF,3.2 MB,80页"
