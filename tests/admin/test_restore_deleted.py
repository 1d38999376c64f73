"""Nothing entered is lost: a deleted section (with what was deleted with it) or figure comes
back from the report's timeline, where it was and as it was."""

import pytest
from django.contrib.auth.models import Permission

from reports.models import IndicatorValue, Section
from reports.services import editing, outline
from reports.services.permissions import NotAllowed
from reports.services.restore import restore_deleted

from ..factories import make_definition, make_department, make_user, make_value

pytestmark = pytest.mark.django_db


def deletion_of(model, pk):
    return model.history.get(id=pk, history_type="-")


def outline_of(report) -> list[tuple[str, str | None]]:
    return [
        (section.title, section.parent.title if section.parent else None)
        for section in Section.objects.filter(report=report).in_document_order()
    ]


def test_a_deleted_chapter_comes_back_where_it_was_with_its_subsections_and_figures(editor, draft):
    chapter = Section.objects.get(report=draft, title="第二章")
    chapter.body = "合成:第二章的正文。"
    editing.save_section(user=editor, section=chapter, departments=[make_department()])
    subsection = Section.objects.get(report=draft, title="第二章第1节")
    figure = make_value(draft, make_definition(), "7", section=subsection)
    before = outline_of(draft)

    editing.delete_rows(user=editor, rows=[Section.objects.get(pk=chapter.pk)])
    assert outline_of(draft) != before
    outline.add_section(draft, editor, title="合成:删除后新增的章节")

    restored = restore_deleted(user=editor, record=deletion_of(Section, chapter.pk))

    assert restored.pk == chapter.pk
    assert outline_of(draft) == [*before, ("合成:删除后新增的章节", None)]
    chapter = Section.objects.get(pk=chapter.pk)
    assert chapter.body == "合成:第二章的正文。"
    assert [d.name for d in chapter.departments.all()] == ["测试局"]
    assert IndicatorValue.objects.get(pk=figure.pk).section_id == subsection.pk
    restoration = Section.history.filter(id=chapter.pk, history_type="+").first()
    assert restoration.history_change_reason.startswith("恢复")
    assert restoration.history_user == editor
    went_with_it = Section.history.get(id=subsection.pk, history_type="-")
    assert went_with_it.history_user == editor
    assert went_with_it.history_change_reason == "随上级章节一并删除"


def test_a_subsection_whose_chapter_is_still_deleted_says_to_restore_the_chapter_first(
    editor, draft
):
    chapter = Section.objects.get(report=draft, title="第一章")
    subsection = Section.objects.get(report=draft, title="第一章第2节")
    editing.delete_rows(user=editor, rows=[Section.objects.get(pk=subsection.pk)])
    editing.delete_rows(user=editor, rows=[Section.objects.get(pk=chapter.pk)])
    with pytest.raises(NotAllowed, match="请先恢复上级章节"):
        restore_deleted(user=editor, record=deletion_of(Section, subsection.pk))
    restore_deleted(user=editor, record=deletion_of(Section, chapter.pk))
    restore_deleted(user=editor, record=deletion_of(Section, subsection.pk))
    assert [s.title for s in Section.objects.filter(parent=chapter)] == [
        "第一章第1节",
        "第一章第2节",
    ]


def test_a_deleted_figure_comes_back_unless_it_was_entered_again(editor, draft):
    definition = make_definition()
    pk = make_value(draft, definition, "7").pk
    editing.delete_rows(user=editor, rows=[IndicatorValue.objects.get(pk=pk)])
    restore_deleted(user=editor, record=deletion_of(IndicatorValue, pk))
    assert IndicatorValue.objects.get(pk=pk).value == 7

    editing.delete_rows(user=editor, rows=[IndicatorValue.objects.get(pk=pk)])
    make_value(draft, definition, "9")
    second_deletion = IndicatorValue.history.filter(id=pk, history_type="-").first()
    with pytest.raises(NotAllowed, match="重新填写"):
        restore_deleted(user=editor, record=second_deletion)
    assert IndicatorValue.objects.filter(report=draft, definition=definition).count() == 1


def test_restoring_twice_or_without_permission_is_refused_and_writes_nothing(editor, draft):
    section = Section.objects.get(report=draft, title="第三章第1节")
    editing.delete_rows(user=editor, rows=[Section.objects.get(pk=section.pk)])
    record = deletion_of(Section, section.pk)
    reader = make_user("reader")  # staff without a role
    with pytest.raises(NotAllowed):
        restore_deleted(user=reader, record=record)
    assert not Section.objects.filter(pk=section.pk).exists()
    restore_deleted(user=editor, record=record)
    with pytest.raises(NotAllowed, match="无需恢复"):
        restore_deleted(user=editor, record=record)


def test_a_report_in_review_is_restored_into_only_by_who_may_change_it(editor, reviewer, draft):
    from reports.services.workflow import submit

    section = Section.objects.get(report=draft, title="第三章第2节")
    editing.delete_rows(user=editor, rows=[Section.objects.get(pk=section.pk)])
    submit(draft, editor)
    record = deletion_of(Section, section.pk)
    with pytest.raises(NotAllowed):
        restore_deleted(user=editor, record=record)
    restore_deleted(user=reviewer, record=record)
    assert Section.objects.filter(pk=section.pk).exists()


def test_the_timeline_offers_to_restore_a_deletion_and_restores_it(editor_client, editor, draft):
    section = Section.objects.get(report=draft, title="第三章")
    pk = section.pk
    confirmation = editor_client.get(f"/admin/reports/section/{pk}/delete/").content.decode()
    assert "可在本报告的“修改记录”中恢复" in confirmation
    editor_client.post(
        "/admin/reports/section/",
        {"action": "delete_selected", "_selected_action": [pk], "post": "yes"},
    )
    assert not Section.objects.filter(pk=pk).exists()
    timeline = f"/admin/reports/annualreport/{draft.pk}/timeline/"
    page = editor_client.get(timeline).content.decode()
    record = deletion_of(Section, pk)
    restore_url = f"{timeline}restore/section/{record.history_id}/"
    assert restore_url in page
    assert "随上级章节一并删除" in page  # its subsections, in the same timeline
    subsection = deletion_of(Section, Section.history.filter(parent_id=pk).first().id)
    assert f"restore/section/{subsection.history_id}/" not in page
    assert "上级章节恢复后可恢复" in page

    response = editor_client.post(restore_url, {"change_note": ""}, follow=True)
    assert "已恢复删除的内容" in response.content.decode()
    assert [s.title for s in Section.objects.filter(parent_id=pk)] == ["第三章第1节", "第三章第2节"]
    assert restore_url not in editor_client.get(timeline).content.decode()  # done once

    again = editor_client.post(restore_url, follow=True).content.decode()
    assert "无需恢复" in again


def test_the_timeline_offers_no_restore_to_who_may_not_add(client, editor, draft):
    section = Section.objects.get(report=draft, title="第二章第2节")
    editing.delete_rows(user=editor, rows=[Section.objects.get(pk=section.pk)])
    viewer = make_user("viewer")
    viewer.user_permissions.add(*Permission.objects.filter(codename="view_annualreport"))
    client.force_login(viewer)
    timeline = f"/admin/reports/annualreport/{draft.pk}/timeline/"
    page = client.get(timeline)
    assert page.status_code == 200
    assert "/restore/" not in page.content.decode()
    record = deletion_of(Section, section.pk)
    client.post(f"{timeline}restore/section/{record.history_id}/")
    assert not Section.objects.filter(pk=section.pk).exists()


def test_a_section_removed_from_the_outline_comes_back_with_its_figures(editor, draft):
    """Removing a section on the outline lifts its subsections into its place and leaves its
    figures outside any section; restoring it gives the figures back to it."""
    chapter = Section.objects.get(report=draft, title="第一章")
    figure = make_value(draft, make_definition(), "3", section=chapter)
    outline.remove_section(chapter, editor)
    assert IndicatorValue.objects.get(pk=figure.pk).section_id is None
    restored = restore_deleted(user=editor, record=deletion_of(Section, chapter.pk))
    assert IndicatorValue.objects.get(pk=figure.pk).section_id == restored.pk
    assert Section.objects.filter(parent=restored).count() == 0  # its subsections stay lifted
    assert outline_of(draft)[0] == ("第一章", None)


def test_the_timeline_can_show_the_deletions_alone(client, editor, draft):
    kept = Section.objects.get(report=draft, title="第一章第1节")
    kept.body = "合成:改过的正文。"
    editing.save_section(user=editor, section=kept)
    gone = Section.objects.get(report=draft, title="第二章第2节")
    editing.delete_rows(user=editor, rows=[gone])
    client.force_login(editor)
    timeline = f"/admin/reports/annualreport/{draft.pk}/timeline/"
    everything = client.get(timeline).content.decode()
    assert "第一章第1节" in everything and "第二章第2节" in everything
    deletions = client.get(timeline, {"show": "deleted"}).content.decode()
    assert "第二章第2节" in deletions and "恢复删除的内容" in deletions
    assert "第一章第1节" not in deletions
    assert "全部修改记录" in deletions


def test_restoring_into_a_published_report_needs_a_change_note_citizens_see(
    editor, reviewer, draft, settings
):
    from reports.models import ChangeNote
    from reports.services.change_notes import ChangeNoteRequired
    from reports.services.workflow import publish, submit

    settings.REPORTS_ORG_CODE = "TEST-ORG"
    section = Section.objects.get(report=draft, title="第三章第2节")
    editing.delete_rows(user=editor, rows=[Section.objects.get(pk=section.pk)])
    submit(draft, editor)
    publish(draft, reviewer, override_note="合成:测试发布")
    record = deletion_of(Section, section.pk)
    with pytest.raises(ChangeNoteRequired):
        restore_deleted(user=reviewer, record=record)
    assert not Section.objects.filter(pk=section.pk).exists()
    restore_deleted(user=reviewer, record=record, note="合成:恢复误删的第三章第2节。")
    assert Section.objects.filter(pk=section.pk).exists()
    assert ChangeNote.objects.filter(report=draft, note="合成:恢复误删的第三章第2节。").exists()
