"""Editing a report's outline: add, move, re-nest and remove sections without losing text.

Positions are unique per parent and checked row by row by the database, so a reorder first
moves the affected rows out of the way (position + OFFSET) and then saves each at its place.
Each moved section is saved through the model, so the move is kept in its history.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from reports.models import AnnualReport, NumberStyle, Section

from .concurrency import OutlineConflict, claim_outline
from .editing import begin_edit

OFFSET = 1_000_000


class OutlineError(ValueError):
    """An outline change that cannot be made; the message is for the user."""


def siblings_of(report_id: int, parent_id: int | None) -> list[Section]:
    return list(
        Section.objects.filter(report_id=report_id, parent_id=parent_id).order_by("position")
    )


def place_in_order(parent: Section | None, ordered: list[Section], user) -> None:
    """Give ``ordered`` the positions 1..n under ``parent``, saving only what changes."""
    parent_id = parent.pk if parent else None
    changed = [
        section
        for index, section in enumerate(ordered, start=1)
        if section.position != index or section.parent_id != parent_id
    ]
    if not changed:
        return
    Section.objects.filter(pk__in=[s.pk for s in changed]).update(position=F("position") + OFFSET)
    targets = {section.pk: index for index, section in enumerate(ordered, start=1)}
    for section in changed:
        section.parent = parent
        section.position = targets[section.pk]
        section._history_user = user
        section.save(update_fields=["parent", "position"])


def _check_parent(section: Section, parent: Section) -> None:
    """The model says where a section may go (same report, never under itself)."""
    candidate = Section(pk=section.pk, report_id=section.report_id, parent=parent)
    try:
        candidate.clean()
    except ValidationError as error:
        raise OutlineError(" ".join(error.messages)) from error


def _begin(
    report: AnnualReport, user, note: str, is_minor: bool, outline_version: int | None
) -> AnnualReport:
    """Lock the report, check the user and note, and claim the outline version the user saw
    (``OutlineConflict`` when someone changed the outline since)."""
    report = begin_edit(report, user=user, note=note, is_minor=is_minor)
    claim_outline(report, outline_version)
    return report


def add_section(
    report: AnnualReport,
    user,
    *,
    title: str,
    parent: Section | None = None,
    after: Section | None = None,
    number: str = "",
    number_style: str = NumberStyle.NONE,
    body: str = "",
    note: str = "",
    is_minor: bool = False,
    outline_version: int | None = None,
) -> Section:
    """Add a section under ``parent``: after ``after`` if given, otherwise last."""
    if not (title or "").strip():
        raise OutlineError(_("章节标题不能为空。"))
    with transaction.atomic():
        report = _begin(report, user, note, is_minor, outline_version)
        if parent is not None:
            _check_parent(Section(report_id=report.pk), parent)
        siblings = siblings_of(report.pk, parent.pk if parent else None)
        index = len(siblings)
        if after is not None:
            if after.parent_id != (parent.pk if parent else None):
                raise OutlineError(_("插入位置必须与新章节同属一个上级章节。"))
            index = next(i for i, s in enumerate(siblings) if s.pk == after.pk) + 1
        section = Section(
            report=report,
            parent=parent,
            position=max((s.position for s in siblings), default=0) + 1,  # free; placed below
            number=number.strip(),
            number_style=number_style,
            title=title.strip(),
            body=body,
        )
        section._history_user = user
        section.full_clean()
        section.save()
        place_in_order(parent, siblings[:index] + [section] + siblings[index:], user)
    return section


def move_section(
    section: Section,
    user,
    *,
    parent: Section | None,
    position: int,
    note: str = "",
    is_minor: bool = False,
    outline_version: int | None = None,
) -> Section:
    """Move ``section`` (with everything under it) to ``position`` (1-based) under ``parent``."""
    with transaction.atomic():
        _begin(section.report, user, note, is_minor, outline_version)
        section = Section.objects.select_related("report").get(pk=section.pk)
        if parent is not None:
            parent = Section.objects.get(pk=parent.pk)
            _check_parent(section, parent)
        new_parent_id = parent.pk if parent else None
        old_parent_id = section.parent_id
        old_siblings = [
            s for s in siblings_of(section.report_id, old_parent_id) if s.pk != section.pk
        ]
        if new_parent_id == old_parent_id:
            new_siblings = old_siblings
        else:
            new_siblings = siblings_of(section.report_id, new_parent_id)
        position = max(1, min(int(position), len(new_siblings) + 1))
        new_siblings = new_siblings[: position - 1] + [section] + new_siblings[position - 1 :]
        # Leave the old parent first, so the new parent's positions are free.
        if new_parent_id != old_parent_id:
            Section.objects.filter(pk=section.pk).update(position=F("position") + OFFSET)
            section.position += OFFSET
            place_in_order(_parent_or_none(old_parent_id), old_siblings, user)
        place_in_order(parent, new_siblings, user)
    return section


def _parent_or_none(parent_id: int | None) -> Section | None:
    return Section.objects.get(pk=parent_id) if parent_id else None


def _neighbours(section: Section) -> tuple[list[Section], int]:
    siblings = siblings_of(section.report_id, section.parent_id)
    index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
    return siblings, index


def _as_stored(section: Section, outline_version: int | None) -> Section:
    """Lock the report and check the outline the user saw before reading where the section
    is now: a step (up, down…) means something only on the outline it was chosen on."""
    report = AnnualReport.objects.select_for_update().get(pk=section.report_id)
    if outline_version is not None and report.outline_version != outline_version:
        raise OutlineConflict(report, outline_version)
    return Section.objects.select_related("parent").get(pk=section.pk)


def move_up(section: Section, user, **note) -> Section:
    with transaction.atomic():
        section = _as_stored(section, note.get("outline_version"))
        _siblings_list, index = _neighbours(section)
        if index == 0:
            raise OutlineError(_("已经是同级第一个章节。"))
        return move_section(section, user, parent=section.parent, position=index, **note)


def move_down(section: Section, user, **note) -> Section:
    with transaction.atomic():
        section = _as_stored(section, note.get("outline_version"))
        siblings, index = _neighbours(section)
        if index == len(siblings) - 1:
            raise OutlineError(_("已经是同级最后一个章节。"))
        return move_section(section, user, parent=section.parent, position=index + 2, **note)


def indent(section: Section, user, **note) -> Section:
    """Make the section the last child of the sibling printed before it."""
    with transaction.atomic():
        section = _as_stored(section, note.get("outline_version"))
        siblings, index = _neighbours(section)
        if index == 0:
            raise OutlineError(_("同级第一个章节无法降级:前面没有可作为上级的章节。"))
        new_parent = siblings[index - 1]
        last = Section.objects.filter(parent=new_parent).count()
        return move_section(section, user, parent=new_parent, position=last + 1, **note)


def outdent(section: Section, user, **note) -> Section:
    """Make the section follow its parent, one level up."""
    with transaction.atomic():
        section = _as_stored(section, note.get("outline_version"))
        if section.parent_id is None:
            raise OutlineError(_("顶层章节无法再升级。"))
        parent = section.parent
        return move_section(
            section, user, parent=parent.parent, position=parent.position + 1, **note
        )


def remove_section(
    section: Section,
    user,
    *,
    note: str = "",
    is_minor: bool = False,
    outline_version: int | None = None,
) -> None:
    """Delete one section; its subsections take its place, so no text under it is lost.

    The removed section's own text stays in its history and can be recovered there.
    """
    with transaction.atomic():
        _begin(section.report, user, note, is_minor, outline_version)
        section = Section.objects.get(pk=section.pk)
        parent = _parent_or_none(section.parent_id)
        siblings = siblings_of(section.report_id, section.parent_id)
        children = siblings_of(section.report_id, section.pk)
        index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
        Section.objects.filter(pk__in=[c.pk for c in children]).update(
            position=F("position") + OFFSET
        )
        for child in children:
            child.position += OFFSET
        section._history_user = user
        # Re-home the children before the delete, or the cascade would take them along.
        Section.objects.filter(pk=section.pk).update(position=F("position") + OFFSET)
        ordered = siblings[:index] + children + siblings[index + 1 :]
        place_in_order(parent, ordered, user)
        section.delete()  # its history keeps the place it had, from which it can be restored
