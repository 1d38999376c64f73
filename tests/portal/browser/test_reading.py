"""The report page and the site's frame as readers see them, on a phone (375 px) and a PC
(1280 px): measured in Chromium, not read from the HTML."""

import re
import unicodedata
from io import BytesIO

import pytest
from pypdf import PdfReader

from reports.models import ChangeNote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_page(browser, live_server, path, width, elder=False, height=800):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    if elder:
        context.add_cookies([{"name": "portal_elder", "value": "1", "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + path)
    return page


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def px(page, selector, prop):
    return page.evaluate(
        f"parseFloat(getComputedStyle(document.querySelector({selector!r}))[{prop!r}])"
    )


def test_phone_header_is_compact_and_contents_are_folded(live_server, browser, seed_report):
    page = open_page(browser, live_server, "/reports/2017/", 375)
    try:
        header = box(page, ".site-header")
        assert header["height"] <= 120, header  # was 265 px
        menu, search = box(page, ".menu > summary"), box(page, ".site-search input")
        assert abs(menu["y"] + menu["height"] / 2 - (search["y"] + search["height"] / 2)) < 12
        assert not page.locator(".menu-wide").is_visible()
        # 菜单 opens on request, and its links work
        assert not page.get_by_role("link", name="指标数据").is_visible()
        page.locator(".menu > summary").click()
        page.get_by_role("link", name="指标数据").click()
        page.wait_for_url(re.compile(r"/indicators/$"))
        page.goto(live_server.url + "/reports/2017/")
        # contents folded: the first paragraph starts on the first screen
        assert page.locator(".toc details").get_attribute("open") is None
        assert not page.locator(".toc-column").is_visible()
        assert box(page, ".preamble p")["y"] < 800
        page.locator(".toc summary").click()
        links = page.locator(".toc ol a")
        assert links.count() == 8  # chapters only
        links.nth(6).click()
        page.wait_for_url(re.compile(r"#sec-7$"))
        # the figures table scrolls inside its region and says so
        assert page.locator(".scroll-hint").is_visible()
        overflow = page.evaluate(
            "(() => { const w = document.querySelector('#figures .table-wrap');"
            " return w.scrollWidth > w.clientWidth; })()"
        )
        assert overflow
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        page.context.close()


def test_pc_reading_measure_headings_and_quiet_figures(live_server, browser, seed_report):
    page = open_page(browser, live_server, "/reports/2017/", 1280)
    try:
        size = px(page, ".report-body p", "fontSize")
        assert 17 <= size <= 18
        width = page.evaluate(
            "document.querySelector('.report-body .sec p').getBoundingClientRect().width"
        )
        assert 35 <= width / size <= 40  # characters a line (a CJK character is 1 em)
        assert px(page, ".report-body h2", "fontSize") >= 1.3 * size
        assert px(page, ".report-body h3", "fontSize") > size
        figure = page.locator("a.figure").first
        assert figure.evaluate("e => getComputedStyle(e).fontWeight") == "400"
        assert figure.evaluate("e => getComputedStyle(e).color") == figure.evaluate(
            "e => getComputedStyle(e.parentElement).color"
        )  # reads as text; the link shows by its thin underline, hover and focus
        assert figure.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
        # numbers in the figures table are right-aligned
        assert (
            page.locator("#figures td.num").first.evaluate("e => getComputedStyle(e).textAlign")
            == "right"
        )
        assert not page.locator(".scroll-hint").is_visible()
    finally:
        page.context.close()


def test_pc_contents_column_stays_in_view_and_shows_the_chapter(live_server, browser, seed_report):
    page = open_page(browser, live_server, "/reports/2017/", 1280, height=900)
    try:
        assert not page.locator(".toc").is_visible()
        column = page.locator(".toc-column")
        assert column.is_visible()
        assert "一是" not in column.inner_text()
        page.locator("#sec-5-2").scroll_into_view_if_needed()
        page.evaluate("document.querySelector('#sec-5-2').scrollIntoView()")
        page.wait_for_timeout(200)
        top = column.bounding_box()["y"]
        assert -1 <= top <= 20  # sticky: still at the top of the window
        # the chapter being read is marked in the column (no JavaScript on the page)
        marked = page.evaluate(
            "[...document.querySelectorAll('.toc-column > ol > li')].map(li =>"
            " getComputedStyle(li).borderLeftColor)"
        )
        red = "rgb(168, 20, 27)"
        assert marked[4] == red and marked.count(red) <= 2, marked
        # 返回顶部 ends each chapter
        chapter = page.locator("section.chapter").nth(4)
        last = chapter.locator(":scope > *").last
        assert last.inner_text() == "返回顶部"
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_actions_share_panel_and_dates(live_server, browser, seed_report, width):
    ChangeNote.objects.create(report=seed_report, note="测试:更正一处数字。")
    page = open_page(browser, live_server, "/reports/2017/", width)
    try:
        actions = page.locator(".report-actions")
        assert actions.get_by_role("link", name=re.compile(r"下载PDF版")).is_visible()
        assert actions.get_by_role("link", name="打印").is_visible()
        page.locator(".share > summary").click()
        qr = page.locator(".share svg.qr")
        assert qr.is_visible() and qr.bounding_box()["width"] >= 120
        assert page.get_by_label("本页链接(选中后复制)").input_value().endswith("/reports/2017/")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # dates are never broken across lines
        for time in page.locator(".info-block time").all():
            height = time.evaluate("e => e.getClientRects().length")
            assert height == 1
        page.get_by_role("link", name="打印").click()
        page.wait_for_url(re.compile(r"/reports/2017/print/$"))
        assert not page.locator(".site-header").is_visible()
        assert page.locator("h1").inner_text() == "五常市2017年度法治政府建设情况报告"
    finally:
        page.context.close()


def test_text_sizes_and_elder_mode_keep_search_and_pdf(live_server, browser, seed_report):
    page = open_page(browser, live_server, "/reports/2017/", 375, elder=True)
    try:
        assert page.locator("#site-search-q").is_visible()
        assert page.locator(".pdf-link").is_visible()
        before = px(page, ".report-body p", "fontSize")
        assert before >= 24
        page.locator(".size-links").get_by_role("link", name="大").click()
        page.wait_for_url(re.compile(r"/reports/2017/$"))
        assert px(page, ".report-body p", "fontSize") > before
        assert "elder" in page.locator("body").get_attribute("class")
        page.locator(".size-links").get_by_role("link", name="小").click()
        page.wait_for_url(re.compile(r"/reports/2017/$"))
        assert px(page, ".report-body p", "fontSize") < before
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_short_pages_keep_the_footer_at_the_bottom_and_404_offers_search(
    live_server, browser, seed_report, width
):
    page = open_page(browser, live_server, "/reports/1999/", width, height=1000)
    try:
        footer = box(page, ".site-footer")
        assert abs(footer["y"] + footer["height"] - 1000) <= 1
        page.get_by_role("search", name="查找内容").get_by_role("searchbox").fill("行政复议")
        page.get_by_role("search", name="查找内容").get_by_role("button").click()
        page.wait_for_url(re.compile(r"/search/\?q="))
        assert page.locator("ol.results > li").count() > 0
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_breadcrumb_links_where_a_page_exists(live_server, browser, seed_report, width):
    page = open_page(browser, live_server, "/reports/2017/", width)
    try:
        crumbs = page.locator(".breadcrumb")
        assert crumbs.get_by_role("link").all_inner_texts() == ["首页", "依法行政"]
        crumbs.get_by_role("link", name="依法行政").click()
        page.wait_for_url(re.compile(r"/reports/$"))
    finally:
        page.context.close()


def test_phone_lays_out_far_chapters_late_yet_links_print_and_find_reach_them(
    live_server, browser, seed_report
):
    page = open_page(browser, live_server, "/reports/2017/", 375)
    try:
        skipped = page.evaluate(
            "[...document.querySelectorAll('.report-body > section.chapter, #figures')]"
            ".map(e => getComputedStyle(e).contentVisibility)"
        )
        assert skipped == ["auto"] * 9  # 8 chapters and the figures table
        # the last measure of the last chapter, by link: in view, its text laid out
        page.goto(live_server.url + "/reports/2017/#sec-8-4-2")
        page.wait_for_timeout(300)
        target = page.locator("#sec-8-4-2")
        assert 0 <= target.bounding_box()["y"] <= 40
        assert target.inner_text().strip()
        # printing (the 打印 button prints the page) sets every chapter and the table
        page.goto(live_server.url + "/reports/2017/")
        printed = PdfReader(BytesIO(page.pdf()))
        printed = "".join(p.extract_text() for p in printed.pages)
        # Chromium's PDF maps some glyphs to Kangxi radicals (⼋ for 八): NFKC folds them back.
        printed = re.sub(r"\s+", "", unicodedata.normalize("NFKC", printed))
        assert "八、全面提高政府工作人员法治思维和依法行政能力" in printed
        assert "行政执法人员资格培训参训人员" in printed
    finally:
        page.context.close()
