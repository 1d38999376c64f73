"""Two staff in two browsers open the same section and the same outline: the second save is
not silent, shows what the first person changed, and keeps what the second typed."""

import pytest

from reports.models import AnnualReport, Section

from ...factories import make_report, make_section, make_user
from .test_office_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_editors(roles):
    make_user("editor", "录入员")
    make_user("editor2", "录入员")


@pytest.fixture
def report(two_editors):
    report = make_report(2030)
    chapter = make_section(report, position=1, number="一、", title="测试第一章")
    make_section(report, parent=chapter, number="1.", title="测试措施。", body="原来的正文。")
    make_section(report, position=2, number="二、", title="测试第二章")
    return report


def test_second_browser_sees_the_first_change_and_decides(browser, live_server, report, shot):
    section = Section.objects.get(report=report, title="测试措施。")
    url = f"{live_server.url}/admin/reports/section/{section.pk}/change/"
    first = log_in(browser, live_server, "editor")
    second = log_in(browser, live_server, "editor2")
    first.goto(url)
    second.goto(url)

    first.fill("#id_body", "甲改过的正文。")
    first.click("input[name=_save]")
    first.wait_for_selector(".messagelist")

    second.fill("#id_body", "乙写的正文,不能丢。")
    second.click("input[name=_save]")
    notice = second.locator(".edit-conflict")
    notice.wait_for()
    assert "已有其他人保存了修改" in notice.inner_text()
    assert "editor" in notice.inner_text()
    assert notice.locator("ins").first.inner_text().startswith("甲改过")
    assert second.input_value("#id_body") == "乙写的正文,不能丢。"  # nothing typed is lost
    shot(second, "conflict-section-1280")
    second.set_viewport_size({"width": 375, "height": 800})
    shot(second, "conflict-section-375")
    assert second.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    second.set_viewport_size({"width": 1280, "height": 900})
    section.refresh_from_db()
    assert section.body == "甲改过的正文。"

    # Merge by hand, then save: the form now carries the current version.
    second.fill("#id_body", "甲改过的正文。乙补充的一句。")
    second.click("input[name=_save]")
    second.wait_for_selector(".messagelist")
    section.refresh_from_db()
    assert section.body == "甲改过的正文。乙补充的一句。"

    # Take theirs instead: the link reloads the stored text.
    first.goto(url)
    second.goto(url)
    first.fill("#id_body", "甲的第三稿。")
    first.click("input[name=_save]")
    first.wait_for_selector(".messagelist")
    second.fill("#id_body", "乙不要了。")
    second.click("input[name=_save]")
    second.click("text=采用对方的版本")
    assert second.input_value("#id_body") == "甲的第三稿。"


def test_outline_move_from_a_stale_page_is_refused(browser, live_server, report, shot):
    first_chapter = Section.objects.get(report=report, title="测试第一章")
    url = f"{live_server.url}/admin/reports/annualreport/{report.pk}/change/"
    first = log_in(browser, live_server, "editor")
    second = log_in(browser, live_server, "editor2")
    first.goto(url)
    second.goto(url)
    first.click(f"button[value='down:{first_chapter.pk}']")
    first.wait_for_selector(".messagelist, #outline")
    second.click(f"button[value='down:{first_chapter.pk}']")
    second.wait_for_selector("text=提纲已被他人调整")
    shot(second, "conflict-outline-1280")
    first_chapter.refresh_from_db()
    assert first_chapter.position == 2  # moved once, not twice
    assert AnnualReport.objects.get(pk=report.pk).outline_version == 2


def test_timeline_after_edits(browser, live_server, report, shot):
    section = Section.objects.get(report=report, title="测试措施。")
    page = log_in(browser, live_server, "editor")
    page.goto(f"{live_server.url}/admin/reports/section/{section.pk}/change/")
    page.fill("#id_body", "改写后的正文。")
    page.click("input[name=_save]")
    page.goto(f"{live_server.url}/admin/reports/annualreport/{report.pk}/change/")
    page.click("text=修改记录")
    page.wait_for_selector(".history-table")
    assert "None" not in page.content()
    assert page.locator(".history-table ins").count() >= 1
    shot(page, "timeline-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "timeline-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("text=恢复到此版本 >> nth=0")
    page.click(".history-revert button >> nth=0")
    page.wait_for_selector("text=已恢复到所选版本")
    section.refresh_from_db()
    assert section.body == "原来的正文。"


def test_reviewer_reads_what_changed_since_last_year(
    browser, live_server, roles, seed_report, shot
):
    from reports.services.clone import start_next_year

    reviewer = make_user("reviewer", "审核员")
    draft = start_next_year(seed_report, make_user("editor", "录入员"))
    rewritten = Section.objects.filter(report=draft, parent__isnull=False).order_by("pk").first()
    rewritten.body = rewritten.origin.body.replace("1次", "2次") + "测试新增的一句。"
    rewritten.needs_text = False
    rewritten.save()
    page = log_in(browser, live_server, reviewer.username)
    page.goto(f"{live_server.url}/admin/reports/annualreport/{draft.pk}/change/")
    page.click("text=与上年对比")
    page.wait_for_selector("#figures")
    row = page.locator(f"#section-{rewritten.pk}")
    assert row.locator("ins").count() >= 2 and row.locator("del").count() >= 1
    assert "待更新正文(仍为上年文字)" in page.content()
    shot(page, "since-last-year-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "since-last-year-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
