"""No silent overwrite: two staff who opened the same section, figure, report or outline."""

import re

import pytest
from django.test import Client

from reports.models import AnnualReport, IndicatorValue, Section
from reports.services import editing, outline
from reports.services.concurrency import EditConflict, OutlineConflict

from ..factories import make_definition, make_user, make_value
from .conftest import ROLE_GROUPS


@pytest.fixture
def second_editor(db):
    return make_user("editor2", ROLE_GROUPS["editor"])


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _section_data(section, **changes):
    data = {
        "number": section.number,
        "number_style": section.number_style,
        "title": section.title,
        "body": section.body,
        "duty_item": section.duty_item,
        "loaded_version": str(section.version),
        "indicator_values-TOTAL_FORMS": "0",
        "indicator_values-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def _loaded_version(html: str) -> str:
    return re.search(r'name="loaded_version" value="(\d+)"', html).group(1)


def test_second_save_of_a_section_is_refused_and_shows_the_first_change(
    draft, editor, second_editor
):
    section = Section.objects.filter(report=draft, parent__isnull=False).first()
    url = f"/admin/reports/section/{section.pk}/change/"
    first, second = _client(editor), _client(second_editor)
    loaded_by_first = _loaded_version(first.get(url).content.decode())
    loaded_by_second = _loaded_version(second.get(url).content.decode())
    assert loaded_by_first == loaded_by_second == "1"

    response = first.post(url, _section_data(section, body="甲写的正文。"))
    assert response.status_code == 302

    response = second.post(url, _section_data(section, body="乙写的正文<b>。"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "已有其他人保存了修改" in page
    assert "editor" in page  # who changed it
    assert "<ins>甲写的正文。</ins>" in page  # what they changed, as a diff
    assert "乙写的正文&lt;b&gt;。" in page  # what the second person typed is still in the form
    section.refresh_from_db()
    assert section.body == "甲写的正文。" and section.version == 2

    # Keep mine: the form now carries the current version, so saving again is deliberate.
    assert _loaded_version(page) == "2"
    response = second.post(url, _section_data(section, body="乙合并后的正文。"))
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == "乙合并后的正文。" and section.version == 3


def test_service_refuses_a_save_from_an_older_version_in_its_transaction(draft, editor):
    section = Section.objects.filter(report=draft).first()
    mine, theirs = Section.objects.get(pk=section.pk), Section.objects.get(pk=section.pk)
    theirs.body = "先保存的正文"
    editing.save_section(user=editor, section=theirs)
    versions = section.history.count()
    mine.body = "后保存的正文"
    with pytest.raises(EditConflict) as raised:
        editing.save_section(user=editor, section=mine)
    assert raised.value.current.body == "先保存的正文"
    section.refresh_from_db()
    assert section.body == "先保存的正文"
    assert section.history.count() == versions  # the refused save wrote no history either


def test_figure_saved_meanwhile_is_not_overwritten(draft, editor):
    definition = make_definition()
    value = make_value(draft, definition, "5")
    mine, theirs = IndicatorValue.objects.get(pk=value.pk), IndicatorValue.objects.get(pk=value.pk)
    theirs.value = 6
    editing.save_value(user=editor, value=theirs)
    mine.value = 7
    with pytest.raises(EditConflict):
        editing.save_value(user=editor, value=mine)
    value.refresh_from_db()
    assert value.value == 6


def test_report_page_refuses_a_stale_save(draft, editor, second_editor):
    url = f"/admin/reports/annualreport/{draft.pk}/change/"
    first, second = _client(editor), _client(second_editor)
    loaded = _loaded_version(first.get(url).content.decode())
    data = {
        "title": draft.title,
        "government": draft.government,
        "issuing_office": draft.issuing_office,
        "column_path": "",
        "summary": "",
        "preamble": "",
        "closing": "",
        "loaded_version": loaded,
        "change_notes-TOTAL_FORMS": "0",
        "change_notes-INITIAL_FORMS": "0",
    }
    assert second.post(url, {**data, "closing": "测试市司法局 乙"}).status_code == 302
    response = first.post(url, {**data, "closing": "测试市司法局 甲"})
    assert "已有其他人保存了修改" in response.content.decode()
    draft.refresh_from_db()
    assert draft.closing == "测试市司法局 乙"


def test_outline_move_from_an_older_outline_is_refused(draft, editor, second_editor):
    first_chapter, second_chapter = Section.objects.filter(report=draft, parent=None)[:2]
    seen = draft.outline_version
    outline.move_down(first_chapter, second_editor, outline_version=seen)
    with pytest.raises(OutlineConflict):
        outline.move_up(second_chapter, editor, outline_version=seen)
    ordered = list(
        Section.objects.filter(report=draft, parent=None)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    assert ordered[:2] == [second_chapter.pk, first_chapter.pk]  # only the first move happened


def test_outline_page_button_from_an_older_page_is_refused_with_the_typed_note(
    draft, editor, second_editor
):
    chapter = Section.objects.filter(report=draft, parent=None).order_by("position")[1]
    url = f"/admin/reports/annualreport/{draft.pk}/outline/"
    first, second = _client(editor), _client(second_editor)
    version = str(AnnualReport.objects.get(pk=draft.pk).outline_version)
    assert second.post(url, {"op": f"up:{chapter.pk}", "outline_version": version}).status_code
    response = first.post(
        url,
        {"op": f"down:{chapter.pk}", "outline_version": version, "change_note": "调整顺序"},
        follow=True,
    )
    page = response.content.decode()
    assert "提纲已被他人调整" in page and "调整顺序" in page
    chapter.refresh_from_db()
    assert chapter.position == 1  # moved up by the second editor, not down again


def test_revert_from_history_uses_the_live_version(client, editor, draft):
    section = Section.objects.filter(report=draft).first()
    first_title = section.title
    for title in ("第二稿", "第三稿"):
        section = Section.objects.get(pk=section.pk)
        section.title = title
        editing.save_section(user=editor, section=section)
    oldest = section.history.order_by("history_date").first()
    client.force_login(editor)
    url = f"/admin/reports/section/{section.pk}/history/{oldest.history_id}/"
    page = client.get(url).content.decode()
    response = client.post(
        url, _section_data(oldest.instance, title=first_title, loaded_version=_loaded_version(page))
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.title == first_title and section.version == 4


def test_figure_page_refuses_a_stale_save(draft, editor, second_editor):
    value = make_value(draft, make_definition(), "5")
    url = f"/admin/reports/indicatorvalue/{value.pk}/change/"
    first, second = _client(editor), _client(second_editor)
    page = first.get(url).content.decode()
    assert page.count('name="loaded_version"') == 1
    assert 'name="value"' in page  # a draft's figure page shows the figure's fields
    data = {
        "report": draft.pk,
        "definition": value.definition_id,
        "value": "6",
        "qualifier": "exact",
        "loaded_version": _loaded_version(page),
    }
    assert second.post(url, data).status_code == 302
    response = first.post(url, {**data, "value": "7"})
    page = response.content.decode()
    assert "已有其他人保存了修改" in page and "<del>5</del> → <ins>6</ins>" in page
    value.refresh_from_db()
    assert value.value == 6


def test_a_report_form_opened_before_a_workflow_step_is_out_of_date(draft, editor, reviewer):
    """The reviewer opened the report's text before the editor submitted it: saving it now
    would write over a report whose state moved on without the reviewer having seen it."""
    from reports.services.workflow import submit

    opened = AnnualReport.objects.get(pk=draft.pk)
    submit(draft, editor)
    opened.preamble = "合成:审核员在提交前打开的导语。"
    with pytest.raises(EditConflict):
        editing.save_report(user=reviewer, report=opened)
    assert AnnualReport.objects.get(pk=draft.pk).preamble != opened.preamble
