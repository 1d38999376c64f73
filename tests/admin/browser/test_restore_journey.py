"""An editor deletes a chapter by mistake and gets it back from the report's 修改记录, on a
desktop and on a phone."""

from unittest import mock

import pytest

from reports.models import AnnualReport, Section
from reports.signals import report_changed

from ...factories import make_user
from .test_office_pages import log_in_at, sideways

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_a_deleted_chapter_is_restored_from_the_timeline(
    browser, live_server, roles, seed_document, shot, width
):
    from reports.services.clone import start_next_year
    from reports.services.report_document import import_report_document

    with mock.patch.object(report_changed, "send"):  # set-up, not an edit to re-index
        import_report_document(seed_document)
        editor = make_user("editor", "录入员")
        draft = start_next_year(AnnualReport.objects.get(year=2017), editor)
    chapter = Section.objects.filter(report=draft, parent__isnull=True).order_by("position")[2]
    before = [(s.pk, s.parent_id, s.position) for s in Section.objects.filter(report=draft)]
    subsections = Section.objects.filter(parent=chapter).count()
    assert subsections > 0

    page = log_in_at(browser, live_server, "editor", width)
    page.goto(f"{live_server.url}/admin/reports/section/{chapter.pk}/delete/")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/reports/section/")
    assert not Section.objects.filter(pk=chapter.pk).exists()

    page.goto(f"{live_server.url}/admin/reports/annualreport/{draft.pk}/timeline/")
    row = page.locator(f"tr:has(form[action*='/restore/section/']):has-text('{chapter.title}')")
    assert row.count() == 1
    row.locator("summary", has_text="恢复删除的内容").click()
    shot(page, f"restore-timeline-{width}")
    assert sideways(page) <= 0
    row.locator("button", has_text="恢复").click()
    page.wait_for_selector(".messagelist .success")
    assert "已恢复删除的内容" in page.locator(".messagelist").inner_text()

    after = [(s.pk, s.parent_id, s.position) for s in Section.objects.filter(report=draft)]
    assert sorted(after) == sorted(before)
    page.context.close()
