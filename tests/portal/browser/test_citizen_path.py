"""A citizen's path through the portal in Chromium, on a phone and on a desktop."""

import re

import pytest

from reports.models import Department

from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_report_contents_figure_indicator_search_elder_mode(live_server, page, seed_report):
    page.goto(live_server.url + "/")
    # keyboard: the first Tab reaches the skip link, which leads to the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"

    page.get_by_role("link", name="阅读2017年度报告全文").click()
    page.wait_for_url(re.compile(r"/reports/2017/$"))
    assert page.locator("h1").inner_text() == "五常市2017年度法治政府建设情况报告"

    page.locator(".toc-column").get_by_role("link", name="1.加强行政复议工作。").click()
    page.wait_for_url(re.compile(r"#sec-7-1$"))
    measure = page.locator("#sec-7-1")
    assert measure.is_visible()
    assert "行政复议申请10件" in measure.inner_text()

    measure.get_by_role("link", name="10件").click()
    page.wait_for_url(re.compile(r"/indicators/review\.applications/#y2017$"))
    assert page.locator("h1").inner_text() == "行政复议申请"
    assert page.locator(".figure-card").is_visible()  # one year: a figure card, not a bar
    assert "今年我市共接到行政复议申请10件" in page.locator("table").first.inner_text()

    page.get_by_label("站内搜索").fill("行政复议")
    page.get_by_label("站内搜索").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert page.locator("ol.results > li").count() > 0
    assert page.locator("ol.results mark").first.inner_text() == "行政复议"

    page.get_by_role("link", name="长者模式").click()
    page.wait_for_load_state()
    assert "elder" in page.locator("body").get_attribute("class")
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.snippet')).fontSize)"
    )
    line = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.snippet')).lineHeight)"
    )
    assert size >= 24  # 18 pt
    assert line / size >= 1.5
    page.goto(live_server.url + "/reports/2017/")  # remembered on the next page
    assert "elder" in page.locator("body").get_attribute("class")
    assert page.get_by_role("link", name="退出长者模式").is_visible()


@pytest.mark.parametrize("width", [320, 640])  # 640 CSS px is a 1280 px screen at 200 % zoom
def test_no_sideways_scrolling_on_small_screens(live_server, browser, seed_report, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for path in [
            "/",
            "/reports/2017/",
            "/indicators/review.applications/",
            "/search/?q=行政复议",
        ]:
            page.goto(live_server.url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, (path, overflow)
    finally:
        context.close()


def test_screenshots_for_review(live_server, browser, seed_report):
    """Saved to var/screenshots/ for people to look at: every page type, phone and desktop,
    normal and 长者模式 (the report also scrolled to a measure, and its figures table)."""
    department = Department.objects.get(name="市政府法制办")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, label in [(375, "phone"), (1280, "desktop")]:
        for elder in (False, True):
            context = browser.new_context(viewport={"width": width, "height": 900})
            if elder:
                context.add_cookies(
                    [{"name": "portal_elder", "value": "1", "url": live_server.url}]
                )
            page = context.new_page()
            for name, path in [
                ("home", "/"),
                ("report-list", "/reports/"),
                ("report-top", "/reports/2017/"),
                ("report", "/reports/2017/#sec-7-1"),
                ("report-figures", "/reports/2017/#figures"),
                ("report-print", "/reports/2017/print/"),
                ("indicator-index", "/indicators/"),
                ("indicator", "/indicators/review.applications/"),
                ("department-index", "/departments/"),
                ("department", f"/departments/{department.pk}/"),
                ("search", "/search/?q=行政复议"),
                ("open-data", "/data/"),
                ("not-found", "/reports/1999/"),
            ]:
                page.goto(live_server.url + path)
                if "#" in path:
                    # A chapter out of view is laid out when the link reaches it
                    # (content-visibility): the screenshot waits for it to be painted.
                    page.locator(path[path.index("#") :]).wait_for(state="visible")
                page.evaluate(
                    "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
                )
                file = SCREENSHOTS / f"{label}-{'elder-' if elder else ''}{name}.png"
                page.screenshot(path=str(file))
                assert file.stat().st_size > 10_000
            context.close()
