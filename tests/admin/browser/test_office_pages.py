"""The office's pages as each role sees them, at 1280 px and on a 375 px phone: the 年度工作台,
the report's page and a section's page fit the screen (no sideways scrolling)."""

from unittest import mock

import pytest

from reports.models import AnnualReport, Section
from reports.signals import report_changed

from ...factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 375)


def log_in_at(browser, live_server, username, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def sideways(page) -> int:
    """How far the page scrolls sideways (0 when it fits the screen)."""
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


def test_each_role_sees_its_pages_fit_the_screen(browser, live_server, roles, seed_document, shot):
    from reports.services.clone import start_next_year
    from reports.services.report_document import import_report_document

    with mock.patch.object(report_changed, "send"):  # set-up, not an edit to re-index
        import_report_document(seed_document)
        editor = make_user("editor", "录入员")
        make_user("reviewer", "审核员")
        make_user("boss", "管理员")
        draft = start_next_year(AnnualReport.objects.get(year=2017), editor)
    published = AnnualReport.objects.get(year=2017)
    section = Section.objects.filter(report=draft, needs_text=True).exclude(body="").first()
    pages = {
        "workbench": "/admin/",
        "draft": f"/admin/reports/annualreport/{draft.pk}/change/",
        "published": f"/admin/reports/annualreport/{published.pk}/change/",
        "section": f"/admin/reports/section/{section.pk}/change/",
    }
    for username in ("editor", "reviewer", "boss"):
        for width in WIDTHS:
            page = log_in_at(browser, live_server, username, width)
            for name, url in pages.items():
                page.goto(live_server.url + url)
                shot(page, f"pages-{username}-{name}-{width}")
                assert sideways(page) <= 0, f"{url} scrolls sideways at {width} px for {username}"
            page.goto(live_server.url + "/admin/")
            cards = page.locator(".year-card")
            assert cards.count() == 2
            draft_card = page.locator("#year-2018")
            if username == "editor":
                assert draft_card.locator("text=提交审核").count() == 1
                assert page.locator("#year-2017 >> text=撤回…").count() == 0
            else:
                assert page.locator("#year-2017 >> text=撤回…").count() == 1
            page.context.close()

    # The section's page shows last year's text beside the copied one, and its neighbours.
    page = log_in_at(browser, live_server, "editor", 1280)
    page.goto(live_server.url + pages["section"])
    assert page.locator("#last-year").is_visible()
    body = page.locator("#id_body")
    assert body.evaluate("area => area.scrollHeight <= area.clientHeight + 4")  # text fits
    page.click("a[rel=next]")
    page.wait_for_selector("#last-year, .section-aside")
    assert page.url != live_server.url + pages["section"]
    page.context.close()
