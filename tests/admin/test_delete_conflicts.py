"""Deleting from what the confirmation page showed: a row saved, or an outline changed, after
the page was shown is not deleted unseen (the single delete page and 删除所选)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.models import Section
from reports.services.editing import save_section
from reports.services.outline import add_section

pytestmark = pytest.mark.django_db

HIDDEN = re.compile(r'name="(loaded_(?:version|outline)_\d+)" value="(\d+)"')


def shown_versions(html: str) -> dict[str, str]:
    return dict(HIDDEN.findall(html))


def delete_page(client, section) -> dict[str, str]:
    response = client.get(f"/admin/reports/section/{section.pk}/delete/")
    assert response.status_code == 200
    return shown_versions(response.content.decode())


def confirm_delete(client, section, shown):
    return client.post(
        f"/admin/reports/section/{section.pk}/delete/", {"post": "yes", **shown}, follow=True
    )


def test_a_section_saved_after_the_delete_page_was_shown_is_kept(editor_client, editor, draft):
    section = Section.objects.filter(report=draft, parent__isnull=False).first()
    shown = delete_page(editor_client, section)
    assert f"loaded_version_{section.pk}" in shown
    section.body = "合成:他人在确认页面打开后写入的正文。"
    save_section(user=editor, section=section)
    response = confirm_delete(editor_client, section, shown)
    assert Section.objects.filter(pk=section.pk).exists()
    assert "已有其他人保存了修改" in response.content.decode()
    # shown again, as it is now: deleting from there works
    response = confirm_delete(editor_client, section, delete_page(editor_client, section))
    assert not Section.objects.filter(pk=section.pk).exists()


def test_a_chapter_given_a_new_subsection_after_the_page_is_kept(editor_client, editor, draft):
    chapter = Section.objects.filter(report=draft, parent__isnull=True).first()
    shown = delete_page(editor_client, chapter)
    add_section(draft, editor, title="合成:确认后新增的小节", parent=chapter)
    response = confirm_delete(editor_client, chapter, shown)
    assert Section.objects.filter(title="合成:确认后新增的小节").exists()
    assert Section.objects.filter(pk=chapter.pk).exists()
    assert "提纲已被他人调整" in response.content.decode()


def test_bulk_delete_keeps_the_selection_when_one_row_changed(editor_client, editor, draft):
    ids = list(
        Section.objects.filter(report=draft, parent__isnull=False).values_list("pk", flat=True)
    )
    selection = {"action": "delete_selected", "_selected_action": ids}
    page = editor_client.post("/admin/reports/section/", selection)
    shown = shown_versions(page.content.decode())
    assert {f"loaded_version_{pk}" for pk in ids} <= set(shown)
    changed = Section.objects.get(pk=ids[-1])
    changed.body = "合成:他人刚保存的正文。"
    save_section(user=editor, section=changed)
    response = editor_client.post(
        "/admin/reports/section/", {**selection, "post": "yes", **shown}, follow=True
    )
    assert Section.objects.filter(pk__in=ids).count() == len(ids), "all or none"
    assert "已有其他人保存了修改" in response.content.decode()
    # confirmed from a fresh page, the selection goes
    page = editor_client.post("/admin/reports/section/", selection)
    editor_client.post(
        "/admin/reports/section/",
        {**selection, "post": "yes", **shown_versions(page.content.decode())},
    )
    assert not Section.objects.filter(pk__in=ids).exists()


def test_confirming_a_chapter_with_many_subsections_reads_its_report_once(
    editor_client, editor, draft
):
    """Django judges every row a delete would take with it: twenty subsections must not
    cost twenty more reads of their report."""
    big = add_section(draft, editor, title="合成:二十个小节的一章")
    small = add_section(draft, editor, title="合成:没有小节的一章")
    for number in range(20):
        add_section(draft, editor, title=f"合成:小节{number}", parent=big)

    def queries_to_confirm(chapter) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page:
            assert (
                editor_client.get(f"/admin/reports/section/{chapter.pk}/delete/").status_code == 200
            )
        selection = {"action": "delete_selected", "_selected_action": [chapter.pk]}
        with CaptureQueriesContext(connection) as bulk:
            assert editor_client.post("/admin/reports/section/", selection).status_code == 200
        return len(page), len(bulk)

    small_page, small_bulk = queries_to_confirm(small)
    big_page, big_bulk = queries_to_confirm(big)
    assert big_page - small_page < 5
    assert big_bulk - small_bulk < 5


def test_confirmations_list_sections_not_their_links_to_departments(editor_client, editor, draft):
    from ..factories import make_department

    chapter = Section.objects.filter(report=draft, parent__isnull=True).first()
    subsection = Section.objects.filter(parent=chapter).first()
    save_section(user=editor, section=subsection, departments=[make_department("合成部门")])
    single = editor_client.get(f"/admin/reports/section/{chapter.pk}/delete/").content.decode()
    selection = {"action": "delete_selected", "_selected_action": [chapter.pk]}
    bulk = editor_client.post("/admin/reports/section/", selection).content.decode()
    for page in (single, bulk):
        assert subsection.title in page
        assert "Section_departments object" not in page
        assert "Section-department" not in page
