"""The report's page, outline first, and the steps confirmed on a page of their own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.models import ReportStatus, Section

from ..factories import make_report, make_section

pytestmark = pytest.mark.django_db


def change_url(report):
    return f"/admin/reports/annualreport/{report.pk}/change/"


def test_outline_comes_before_the_report_fields_with_text_labelled_actions(client, editor, draft):
    client.force_login(editor)
    text = client.get(change_url(draft)).content.decode()
    assert text.index('id="workflow"') < text.index('id="outline"') < text.index('name="preamble"')
    row = text[text.index('class="outline-ops"') : text.index("</div></td>")]
    for label in ("下移", "加下级", "移动", "编辑", "删除…"):
        assert label in row
    assert "↑" not in text and "data-confirm" not in text
    # One change-note field per form: a draft asks for none.
    assert 'name="change_note"' not in text
    assert "草稿PDF" in text and f"/reports/{draft.year}/pdf/draft/" in text


def test_published_report_links_its_public_pdf_and_explains_a_missing_index_number(
    client, reviewer, seed_report
):
    client.force_login(reviewer)
    text = client.get(change_url(seed_report)).content.decode()
    assert f"/reports/{seed_report.year}/pdf/" in text and "草稿PDF" not in text
    assert "按政府网站上已发布的文本导入" in text
    assert text.count('name="change_note"') == 2  # the outline's form and the fields' form


def test_deleting_a_section_is_confirmed_on_its_own_page(client, editor, draft):
    chapter = Section.objects.get(report=draft, parent=None, position=1)
    client.force_login(editor)
    url = f"/admin/reports/annualreport/{draft.pk}/sections/{chapter.pk}/remove/"
    page = client.get(url).content.decode()
    assert "确认删除" in page and "下级章节(2个)" in page
    assert Section.objects.filter(pk=chapter.pk).exists()  # looking deletes nothing
    client.post(url, {"confirm": "1"})
    assert not Section.objects.filter(pk=chapter.pk).exists()
    assert Section.objects.filter(report=draft, parent=None).count() == 4  # children moved up


def test_deleting_from_a_published_report_needs_a_change_note(client, reviewer):
    report = make_report(2031, status="published", index_number="TEST-ORG/2032-00001")
    section = make_section(report)
    client.force_login(reviewer)
    url = f"/admin/reports/annualreport/{report.pk}/sections/{section.pk}/remove/"
    page = client.post(url, {"confirm": "1"}).content.decode()
    assert "更新说明" in page and Section.objects.filter(pk=section.pk).exists()
    client.post(url, {"confirm": "1", "change_note": "删除重复章节"})
    assert not Section.objects.filter(pk=section.pk).exists()


def test_editor_cannot_open_the_delete_page_of_a_report_in_review(client, editor):
    report = make_report(2031, status="review")
    section = make_section(report)
    client.force_login(editor)
    url = f"/admin/reports/annualreport/{report.pk}/sections/{section.pk}/remove/"
    assert client.post(url, {"confirm": "1"}).status_code == 403
    assert Section.objects.filter(pk=section.pk).exists()


def test_withdrawing_is_confirmed_on_its_own_page_with_a_reason(client, reviewer, editor):
    report = make_report(2031, status="published", index_number="TEST-ORG/2032-00001")
    url = f"/admin/reports/annualreport/{report.pk}/workflow/withdraw/"
    client.force_login(editor)
    assert client.get(url).status_code == 403
    client.force_login(reviewer)
    assert "确认撤回" in client.get(url).content.decode()
    page = client.post(url, {"comment": "  "}).content.decode()
    assert "必须填写撤回原因" in page
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    client.post(url, {"comment": "数据需要更正"})
    report.refresh_from_db()
    assert report.status == ReportStatus.WITHDRAWN


def test_report_page_queries_do_not_grow_with_the_outline(client, administrator, draft):
    client.force_login(administrator)
    client.get(change_url(draft))
    with CaptureQueriesContext(connection) as queries:
        client.get(change_url(draft))
    small = len(queries)  # now: the next request empties the query log
    for position in range(4, 40):
        chapter = make_section(draft, position=position, number=f"{position}、")
        make_section(draft, parent=chapter, number="1.", title="测试措施", body="测试正文。")
    client.get(change_url(draft))  # the session notes the staff's activity at most once a minute
    with CaptureQueriesContext(connection) as queries:
        assert client.get(change_url(draft)).status_code == 200
    assert small > 10 and len(queries) == small
