"""The indicator pages (and a department's, which cites measures with their chapter) in Chromium at a phone's 375 px and a PC's 1280 px: chart text of 12 px
or more, nothing wider than the screen, axe and the Nu Html Checker clean (also in 长者模式), and
screenshots in var/screenshots/ to look at."""

import json
import subprocess

import pytest
from django.core.cache import cache

from reports.models import Department

from .conftest import SCREENSHOTS, VNU
from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "indicator-index": "/indicators/",
    "indicator-chart": "/indicators/review.applications/",
    "indicator-card": "/indicators/review.mediated/",
}
WIDTHS = (375, 1280)

SMALLEST_CHART_TEXT = """() => {
  const sizes = [];
  for (const svg of document.querySelectorAll("svg.chart")) {
    const scale = svg.getScreenCTM().a;
    for (const text of svg.querySelectorAll("text")) {
      sizes.push(parseFloat(getComputedStyle(text).fontSize) * scale);
    }
  }
  return sizes.length ? Math.min(...sizes) : null;
}"""

SMALLEST_TEXT = """() => {
  let smallest = 1000;
  for (const node of document.querySelectorAll("main *")) {
    if (!node.offsetParent && node.tagName !== "BODY") continue;
    if (node.closest("svg") || node.closest(".visually-hidden")) continue;
    const own = [...node.childNodes].some(c => c.nodeType === 3 && c.textContent.trim());
    if (own) smallest = Math.min(smallest, parseFloat(getComputedStyle(node).fontSize));
  }
  return smallest;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_indicator_pages_on_a_phone_and_a_pc(live_server, browser, seed_report, second_year, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    department = Department.objects.get(name="市政府法制办")
    pages = {**PAGES, "department": f"/departments/{department.pk}/"}
    findings = {}
    for elder in (False, True):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="zh-CN", bypass_csp=True
        )
        if elder:
            context.add_cookies([{"name": "portal_elder", "value": "1", "url": live_server.url}])
        page = context.new_page()
        mode = "elder-" if elder else ""
        for name, path in pages.items():
            page.goto(live_server.url + path)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{mode}{width}.png"), full_page=True)
            label = f"{mode}{name} at {width}px"
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{label}: {overflow}px wider than the screen"
            assert page.evaluate(SMALLEST_TEXT) >= 12, label
            if name == "indicator-chart":
                assert page.evaluate(SMALLEST_CHART_TEXT) >= 12, label
                box = page.locator("svg.chart").bounding_box()
                assert box["height"] < 500, f"{label}: the chart is {box['height']}px tall"
            if name == "indicator-card":
                assert page.locator("svg.chart").count() == 0
                assert page.locator(".figure-card-value").inner_text() == "4件"
            violations = axe_violations(page)
            if violations:
                findings[label] = violations
        context.close()
    assert findings == {}, json.dumps(findings, ensure_ascii=False, indent=1)


def test_jump_links_reach_their_category(live_server, page, seed_report, second_year):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/indicators/")
    page.get_by_role("link", name="化解社会矛盾纠纷", exact=True).first.click()
    assert page.url.endswith("#cat-disputes")
    heading_top = page.locator("#cat-disputes").bounding_box()["y"]
    assert -2 <= heading_top < 200


def test_nu_html_checker_on_the_indicator_pages(client, seed_report, second_year, tmp_path, java):
    for elder in (False, True):
        cache.clear()
        if elder:
            client.cookies["portal_elder"] = "1"
        for name, path in PAGES.items():
            response = client.get(path)
            (tmp_path / f"{name}{'-elder' if elder else ''}.html").write_bytes(response.content)
    svg = client.get(PAGES["indicator-chart"] + "chart.svg").content
    (tmp_path / "chart.svg").write_bytes(svg)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "text", "--also-check-svg"]
        + [str(path) for path in sorted(tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_phone_says_the_wide_indicator_tables_scroll(live_server, page, seed_report, second_year):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/indicators/")
    hint = page.locator("#indicators-hint")
    assert hint.is_visible() and "左右滑动" in hint.inner_text()
    wraps = page.locator(".indicator-category .table-wrap")
    assert wraps.count() > 0
    assert all(wrap.get_attribute("aria-describedby") == "indicators-hint" for wrap in wraps.all())
    overflows = page.evaluate(
        "[...document.querySelectorAll('.indicator-category .table-wrap')]"
        ".some(w => w.scrollWidth > w.clientWidth)"
    )
    assert overflows, "the hint is there because a table is wider than the phone"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not hint.is_visible(), "a PC shows the whole table"
