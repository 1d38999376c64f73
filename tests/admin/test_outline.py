"""Outline editing: sections move, re-nest and go away without losing text."""

import pytest

from reports.models import ChangeNote, Section
from reports.services import outline
from reports.services.change_notes import ChangeNoteRequired
from reports.services.permissions import NotAllowed

pytestmark = pytest.mark.django_db


def titles(report, parent=None):
    return list(
        Section.objects.filter(report=report, parent=parent)
        .order_by("position")
        .values_list("title", flat=True)
    )


def section(report, title):
    return Section.objects.get(report=report, title=title)


def test_move_up_down_keeps_positions_dense(draft, editor):
    outline.move_down(section(draft, "第一章"), editor)
    assert titles(draft) == ["第二章", "第一章", "第三章"]
    outline.move_up(section(draft, "第三章"), editor)
    assert titles(draft) == ["第二章", "第三章", "第一章"]
    positions = list(
        Section.objects.filter(report=draft, parent=None)
        .order_by("position")
        .values_list("position", flat=True)
    )
    assert positions == [1, 2, 3]


def test_indent_and_outdent_carry_children_and_text(draft, editor):
    second = section(draft, "第二章")
    second.body = "第二章正文"
    second.save()
    outline.indent(second, editor)
    first = section(draft, "第一章")
    assert titles(draft, first) == ["第一章第1节", "第一章第2节", "第二章"]
    assert titles(draft, section(draft, "第二章")) == ["第二章第1节", "第二章第2节"]
    assert section(draft, "第二章").body == "第二章正文"
    outline.outdent(section(draft, "第二章"), editor)
    assert titles(draft) == ["第一章", "第二章", "第三章"]


def test_move_under_own_descendant_is_refused(draft, editor):
    chapter = section(draft, "第一章")
    child = section(draft, "第一章第1节")
    with pytest.raises(outline.OutlineError, match="下级章节"):
        outline.move_section(chapter, editor, parent=child, position=1)
    assert section(draft, "第一章").parent_id is None
    assert titles(draft) == ["第一章", "第二章", "第三章"]


def test_move_to_another_parent_at_a_position(draft, editor):
    moved = section(draft, "第三章第2节")
    outline.move_section(moved, editor, parent=section(draft, "第一章"), position=1)
    assert titles(draft, section(draft, "第一章")) == ["第三章第2节", "第一章第1节", "第一章第2节"]
    assert titles(draft, section(draft, "第三章")) == ["第三章第1节"]


def test_add_section_after_a_sibling(draft, editor):
    outline.add_section(draft, editor, title="新增章", after=section(draft, "第一章"))
    assert titles(draft) == ["第一章", "新增章", "第二章", "第三章"]


def test_remove_section_lifts_children_into_its_place(draft, editor):
    outline.remove_section(section(draft, "第二章"), editor)
    assert titles(draft) == ["第一章", "第二章第1节", "第二章第2节", "第三章"]
    # The removed text stays in history.
    assert Section.history.filter(title="第二章", history_type="-").exists()


def test_published_outline_change_needs_a_note(seed_report, reviewer):
    first = Section.objects.filter(report=seed_report, parent=None).order_by("position").first()
    with pytest.raises(ChangeNoteRequired):
        outline.move_down(first, reviewer)
    outline.move_down(first, reviewer, note="调整章节顺序", is_minor=False)
    assert ChangeNote.objects.filter(report=seed_report, note="调整章节顺序").exists()


def test_editor_cannot_change_a_published_outline(seed_report, editor):
    first = Section.objects.filter(report=seed_report, parent=None).order_by("position").first()
    with pytest.raises(NotAllowed):
        outline.move_down(first, editor, note="试图修改")


def test_outsider_cannot_edit_a_draft(draft, outsider):
    with pytest.raises(NotAllowed):
        outline.add_section(draft, outsider, title="x")
