"""The checks panel, the figures list and the import page, as an editor sees them in Chromium,
at 1280 px and on a 375 px phone: what is missing is named with a link, nothing scrolls sideways."""

import pytest

from reports.models import IndicatorValue

from ...factories import make_definition, make_report, make_section, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 375)


def page_for(browser, live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-editor")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def sideways(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def draft(roles):
    make_user("editor", "录入员")
    report = make_report(2030)
    chapter = make_section(report, title="测试章节", body="全年办理测试案件12件,培训300人次。")
    definition = make_definition()
    for year in (2029, 2030):
        owner = report if year == 2030 else make_report(2029, status="published", closing="测试市")
        IndicatorValue.objects.create(
            report=owner,
            definition=definition,
            section=chapter if owner == report else None,
            value=12,
            source_text="12件",
            sentence="全年办理测试案件12件,培训300人次。",
        )
    return report


@pytest.mark.parametrize("width", WIDTHS)
def test_checks_name_what_is_missing_with_links(browser, live_server, draft, shot, width):
    page = page_for(browser, live_server, width)
    page.goto(f"{live_server.url}/admin/reports/annualreport/{draft.pk}/change/")
    checks = page.locator("#checks")
    assert "落款为空" in checks.inner_text()
    assert "“300人次”" in checks.inner_text()
    shot(page, f"checks-report-page-{width}")
    checks.get_by_role("link", name="填写落款").click()
    assert page.url.endswith("#id_closing")
    page.goto(f"{live_server.url}/admin/reports/annualreport/{draft.pk}/change/")
    page.locator("#checks").get_by_role("link", name="查看章节").click()
    assert "/admin/reports/section/" in page.url
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_figures_list_and_import_page_fit(browser, live_server, draft, shot, width):
    page = page_for(browser, live_server, width)
    page.goto(f"{live_server.url}/admin/reports/indicatorvalue/")
    headers = page.locator("#result_list thead th").all_inner_texts()
    assert [h.strip() for h in headers[1:]] == ["年度", "指标", "数值", "部门", "所在章节"]
    if width == 1280:
        table, pane = page.evaluate(
            "[document.querySelector('#result_list').getBoundingClientRect().width,"
            " document.querySelector('#changelist .results').getBoundingClientRect().width]"
        )
        assert table <= pane
    assert sideways(page) <= 0
    shot(page, f"figures-list-{width}")
    page.goto(f"{live_server.url}/admin/reports/indicatorvalue/import/")
    assert "年度、指标代码、部门、数值" in page.locator("#content").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载导入模板(XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert sideways(page) <= 0
    shot(page, f"import-page-{width}")
    page.context.close()
