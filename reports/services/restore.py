"""Writing from a report's history, each as a new change through the editing service's checks:
a row back to an earlier version (``revert_to``), or a deleted row back (``restore_deleted``).

A deleted section comes back where it was (among the siblings there now), with its text and
departments as they were, and with the subsections deleted together with it. The figures it
held were kept when it went (``IndicatorValue.section`` is SET_NULL, which leaves no history)
and are placed in it again. A deleted figure comes back with its value as it was, unless the
report has been given that figure again since.

The restored rows keep their ids, so their history goes on from where it stopped.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Model, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import AnnualReport, IndicatorValue, Section

from .concurrency import claim_outline
from .editing import (
    DELETED_WITH_PARENT,
    begin_edit,
    history_reason,
    require_model_perm,
    save_row,
    save_section,
)
from .events import acting_user
from .outline import OFFSET, place_in_order, siblings_of
from .permissions import NotAllowed

# The rows one deletion takes with it are deleted in one transaction, fractions of a second
# apart; a subsection deleted on its own just before its parent is not among them.
DELETED_TOGETHER = timedelta(seconds=10)


# What a revert restores: the fields staff edit on the row's own page. The workflow's fields
# (status, 索引号, dates) and the outline's (parent, position) are never taken from the past.
REVERTED_FIELDS = {
    AnnualReport: ["title", "government", "issuing_office", "column_path", "summary",
                   "preamble", "closing"],
    Section: ["number", "number_style", "title", "body", "duty_item", "needs_text"],
    IndicatorValue: ["definition", "department", "value", "value_max", "qualifier",
                     "source_text", "sentence"],
}  # fmt: skip


def revert_to(
    *, user, record, loaded_version: int | None, note: str = "", is_minor: bool = False
) -> Model:
    """Save the row of history ``record`` with that version's content, as a new change.

    ``loaded_version`` is the row's version the user saw beside the revert button: if someone
    saved meanwhile, ``EditConflict``. The history says which version was restored, and why.
    """
    model = record.instance_type
    row = model.objects.filter(pk=record.id).first()
    if row is None:
        raise NotAllowed(
            _("该%(kind)s已被删除,无法恢复到此版本。") % {"kind": model._meta.verbose_name}
        )
    if loaded_version is not None:
        row.version = loaded_version
    _copy_content(record, row)
    row._change_reason = _history_note(_("恢复到%(date)s的版本"), record, note)
    note = (note or "").strip()
    if model is Section:  # its departments are edited on its page too
        departments = departments_in(record)
        return save_section(
            user=user, section=row, note=note, is_minor=is_minor, departments=departments
        )
    return save_row(user=user, row=row, note=note, is_minor=is_minor)


def departments_in(record) -> list[int]:
    """The departments (ids, of those that still exist) a section's history record names."""
    return list(
        record.departments.filter(department__isnull=False).values_list("department_id", flat=True)
    )


def _copy_content(record, row: Model) -> None:
    model = type(row)
    for name in REVERTED_FIELDS[model]:
        attname = model._meta.get_field(name).attname
        setattr(row, attname, getattr(record, attname))


def _history_note(what: str, record, note: str) -> str:
    """The history's reason: what was restored (``what`` names the record's date), and why."""
    date = timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M:%S")
    reason = what % {"date": date}
    note = (note or "").strip()
    return history_reason(f"{reason}:{note}" if note else reason)


def restorable(record) -> bool:
    """Whether history ``record`` is a deletion that can be undone: the row is still gone."""
    model = record.instance_type
    return (
        record.history_type == "-"
        and model in (Section, IndicatorValue)
        and not model.objects.filter(pk=record.id).exists()
    )


def restore_deleted(*, user, record, note: str = "", is_minor: bool = False) -> Model:
    """Bring back the section or figure whose deletion is history ``record``.

    Checked like any other change (permission, the report's status, the change note of a
    published report); what cannot be restored raises ``NotAllowed`` with the reason.
    """
    model = record.instance_type
    require_model_perm(user, "add", model)
    if model is Section:
        require_model_perm(user, "change", IndicatorValue)  # its figures go back in it
    already = NotAllowed(
        _("该%(kind)s未被删除或已恢复,无需恢复。") % {"kind": model._meta.verbose_name}
    )
    reason = _history_note(_("恢复%(date)s删除的内容"), record, note)
    try:
        with transaction.atomic():
            report = AnnualReport.objects.filter(pk=record.report_id).first()
            if report is None:
                raise NotAllowed(_("该内容所属的报告已被删除。"))
            report = begin_edit(report, user=user, note=note, is_minor=is_minor)
            if not restorable(record):  # asked again on the locked report: one restore wins
                raise already
            if model is Section:
                claim_outline(report, None)
                return _restore_section(record, report, user, reason)
            return _restore_figure(record, report, user, reason)
    except IntegrityError as error:  # restored at the same moment, where locks do not serialize
        raise already from error


def _as_row(record, **fields) -> Model:
    """The row of ``record`` as it was, with the fields a revert restores and ``fields``."""
    model = record.instance_type
    # One version on from the deleted one: a page still showing that version cannot save.
    row = model(pk=record.id, report_id=record.report_id, version=record.version + 1, **fields)
    _copy_content(record, row)
    return row


def _save(row: Model, user, reason: str) -> None:
    row._history_user = acting_user(user)
    row._change_reason = reason
    row.full_clean(exclude=["departments"] if isinstance(row, Section) else None)
    row.save(force_insert=True)


def _restore_figure(record, report: AnnualReport, user, reason: str) -> IndicatorValue:
    section_id = record.section_id
    if section_id and not Section.objects.filter(pk=section_id, report=report).exists():
        section_id = None  # its section is gone too: the figure comes back outside any section
    figure = _as_row(record, section_id=section_id)
    duplicate = IndicatorValue.objects.filter(
        report=report, definition_id=figure.definition_id, department_id=figure.department_id
    ).first()
    if duplicate is not None:
        raise NotAllowed(
            _("本报告已重新填写了该指标数值(%(value)s),未恢复删除的数值。")
            % {"value": duplicate.display}
        )
    _save(figure, user, reason)
    return figure


def _restore_section(record, report: AnnualReport, user, reason: str) -> Section:
    parent = None
    if record.parent_id is not None:
        parent = Section.objects.filter(pk=record.parent_id, report=report).first()
        if parent is None:
            raise NotAllowed(
                _("上级章节“%(title)s”也已被删除,请先恢复上级章节。")
                % {"title": _heading_of(record.parent_id)}
            )
    records = _deleted_with(record)
    siblings = siblings_of(report.pk, record.parent_id)
    # Removed from the outline before this version, a section was deleted moved out of the
    # way (outline.OFFSET): its place is the position without it.
    place = record.position % OFFSET
    index = sum(1 for sibling in siblings if sibling.position < place)
    top = max((sibling.position for sibling in siblings), default=0) + 1  # free; placed below
    root = _as_row(record, parent_id=record.parent_id, position=top)
    _save(root, user, reason)
    place_in_order(parent, siblings[:index] + [root] + siblings[index:], user)
    restored = [root]
    for child in records:  # parents first: each child's parent is back before it
        row = _as_row(child, parent_id=child.parent_id, position=child.position)
        _save(row, user, reason)
        restored.append(row)
    for row, row_record in zip(restored, [record, *records], strict=True):
        row.departments.set(_departments_before_deletion(row_record))
    _put_figures_back(report, [row.pk for row in restored], user, reason)
    return root


def _deleted_with(record) -> list:
    """The deletion records of the subsections deleted together with ``record``'s section,
    each after its parent."""
    window = (record.history_date - DELETED_TOGETHER, record.history_date + DELETED_TOGETHER)
    deletions = list(
        Section.history.filter(
            report_id=record.report_id,
            history_type="-",
            history_user_id=record.history_user_id,
            history_date__range=window,
            history_change_reason=str(DELETED_WITH_PARENT),
        )
    )
    back = set(
        Section.objects.filter(pk__in=[d.id for d in deletions]).values_list("pk", flat=True)
    )
    candidates = [deletion for deletion in deletions if deletion.id not in back]
    by_parent: dict[int, list] = {}
    for candidate in candidates:
        by_parent.setdefault(candidate.parent_id, []).append(candidate)
    ordered, parents = [], [record.id]
    while parents:
        children = [c for parent in parents for c in by_parent.get(parent, [])]
        ordered.extend(sorted(children, key=lambda c: (c.parent_id, c.position)))
        parents = [c.id for c in children]
    return ordered


def _departments_before_deletion(record) -> list[int]:
    """The departments the section had: a deletion's own record has none (they are unlinked
    before it is made), so the version before it says."""
    before = (
        Section.history.filter(id=record.id, history_date__lt=record.history_date)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
    return departments_in(before) if before is not None else []


def _put_figures_back(report: AnnualReport, section_ids: list[int], user, reason: str) -> None:
    """Figures left outside any section when their section was deleted, placed in it again."""
    last_section = (
        IndicatorValue.history.filter(id=OuterRef("pk"))
        .order_by("-history_date", "-history_id")
        .values("section_id")[:1]
    )
    figures = IndicatorValue.objects.filter(report=report, section__isnull=True).annotate(
        last_section=Subquery(last_section)
    )
    for figure in figures.filter(last_section__in=section_ids):
        figure.section_id = figure.last_section
        figure.version += 1
        figure._history_user = acting_user(user)
        figure._change_reason = reason
        figure.save()


def _heading_of(section_id: int) -> str:
    last = Section.history.filter(id=section_id).order_by("-history_date", "-history_id").first()
    return last.instance.heading if last else str(section_id)
