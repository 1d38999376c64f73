"""Writing a report's content: the one way the report's text, its sections and its figures are
added, changed and deleted, whichever page or import does it.

Each function takes the acting user and, in one transaction on the locked report row, checks:
- the user's model permission (add/change/delete of that kind of row);
- the report's status: a draft is the editors' work; once submitted, only a user who may
  publish changes it (``permissions.can_edit_report``);
- the change note (更新说明) when citizens have seen the report (``change_notes``);
- that nobody saved the row since the user loaded it (``concurrency.claim_version``): a
  concurrent edit raises ``EditConflict`` and writes nothing;
then saves with the user in the history. ``report_changed`` follows from the model signals once
the transaction commits. Forms and admin pages only display the errors raised here.
"""

from collections.abc import Iterable

from django.db import router, transaction
from django.db.models import Max, Model
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.models import (
    AnnualReport,
    ExpectedFigure,
    IndicatorValue,
    ReportStatus,
    Section,
    WorkflowAction,
)

from .change_notes import check_change_note, record_change
from .concurrency import claim_outline, claim_version
from .events import acting_user, log_event
from .permissions import NotAllowed, can_edit_report, ensure_can_edit, require

PERMISSION_MESSAGES = {
    "add": gettext_lazy("您没有添加%(kind)s的权限。"),
    "change": gettext_lazy("您没有修改%(kind)s的权限。"),
    "delete": gettext_lazy("您没有删除%(kind)s的权限。"),
}


def report_of(row: Model) -> AnnualReport:
    return row if isinstance(row, AnnualReport) else row.report


def require_model_perm(user, action: str, model: type[Model]) -> None:
    codename = f"{action}_{model._meta.model_name}"
    require(user, codename, PERMISSION_MESSAGES[action] % {"kind": model._meta.verbose_name})


def begin_edit(
    report: AnnualReport, *, user, note: str = "", is_minor: bool = False, changed: bool = True
) -> AnnualReport:
    """Lock the report, check that ``user`` may change it now, and record the change note.

    ``changed=False`` (a form submitted without changes) checks the status only: nothing is
    written, so nothing is explained. Call inside a transaction.
    """
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    ensure_can_edit(user, report)
    if changed:
        record_change(report, note, is_minor=is_minor, user=user)
    return report


def check_edit(report: AnnualReport, *, user, note: str = "") -> None:
    """What ``begin_edit`` would refuse, without writing: for forms that show it beside a field."""
    ensure_can_edit(user, report)
    check_change_note(report, note)


def can_delete_from(user, report: AnnualReport) -> bool:
    """What citizens have seen is corrected or withdrawn, never deleted."""
    return not report.is_public and can_edit_report(user, report)


def ensure_can_delete(user, report: AnnualReport) -> None:
    """NotAllowed, with the reason in Chinese, unless ``user`` may delete from ``report``."""
    ensure_can_edit(user, report)
    if report.is_public:
        raise NotAllowed(_("已发布的报告及其内容不能删除,只能撤回。"))


def history_reason(note: str | None) -> str | None:
    """The change note as the history's 修改原因 (its column holds 100 characters)."""
    note = (note or "").strip()
    return note[:100] if note else None


def _save_row(row: Model, user, note: str = "", **save_options) -> None:
    row._history_user = acting_user(user)
    reason = history_reason(note)
    if reason and not getattr(row, "_change_reason", None):
        row._change_reason = reason
    row.save(**save_options)


# --- the report itself ------------------------------------------------------------------------


def create_report(*, user, report: AnnualReport) -> AnnualReport:
    """A new report is a draft, whatever was asked; the 流程记录 says who created it."""
    require_model_perm(user, "add", AnnualReport)
    with transaction.atomic():
        report.status = ReportStatus.DRAFT
        report.full_clean()
        _save_row(report, user)
        log_event(report, WorkflowAction.CREATED, user=user)
    return report


def save_report(
    *, user, report: AnnualReport, note: str = "", is_minor: bool = False, changed: bool = True
) -> AnnualReport:
    """Save the report's own text (title, preamble, closing…); never its status."""
    if report.pk is None:
        return create_report(user=user, report=report)
    require_model_perm(user, "change", AnnualReport)
    with transaction.atomic():
        stored = begin_edit(report, user=user, note=note, is_minor=is_minor, changed=changed)
        claim_version(report)
        report.status = stored.status  # the workflow service alone moves the status
        report.outline_version = stored.outline_version
        report.full_clean()
        _save_row(report, user, note)
    return report


# --- sections and figures ----------------------------------------------------------------------


def save_section(
    *,
    user,
    section: Section,
    note: str = "",
    is_minor: bool = False,
    changed: bool = True,
    departments: Iterable | None = None,
) -> Section:
    """Add (placed last under its parent) or change a section; ``departments`` replaces them."""
    action = "add" if section.pk is None else "change"
    require_model_perm(user, action, Section)
    with transaction.atomic():
        report = begin_edit(
            section.report, user=user, note=note, is_minor=is_minor, changed=changed
        )
        if section.pk is None:
            claim_outline(report, None)
            last = Section.objects.filter(report=section.report, parent=section.parent).aggregate(
                last=Max("position")
            )["last"]
            section.position = (last or 0) + 1
        else:
            claim_version(section)
        section.full_clean(exclude=["departments"])
        _save_row(section, user, note)
        if departments is not None:
            section.departments.set(departments)
    return section


def save_value(
    *,
    user,
    value: IndicatorValue,
    note: str = "",
    is_minor: bool = False,
    changed: bool = True,
) -> IndicatorValue:
    """Add or change one figure (its unit must be its indicator's: ``IndicatorValue.clean``)."""
    return save_values(
        user=user,
        report=value.report,
        saved=[value],
        note=note,
        is_minor=is_minor,
        changed=changed,
    )[0]


def save_values(
    *,
    user,
    report: AnnualReport,
    saved: Iterable[IndicatorValue] = (),
    deleted: Iterable[IndicatorValue] = (),
    note: str = "",
    is_minor: bool = False,
    changed: bool = True,
) -> list[IndicatorValue]:
    """Save and delete figures of one report together (a section's figures, edited beside it)."""
    saved, deleted = list(saved), list(deleted)
    for value in saved:
        require_model_perm(user, "add" if value.pk is None else "change", IndicatorValue)
    if deleted:
        require_model_perm(user, "delete", IndicatorValue)
    with transaction.atomic():
        report = begin_edit(report, user=user, note=note, is_minor=is_minor, changed=changed)
        if deleted:
            ensure_can_delete(user, report)
        for value in deleted:
            claim_version(value)
            value._history_user = acting_user(user)
            value._change_reason = history_reason(note)
            value.delete()
        for value in saved:
            if value.report_id != report.pk:
                raise NotAllowed(_("指标数值必须属于同一份报告。"))
            claim_version(value)
            value.full_clean()
            _save_row(value, user, note)
    return saved


def can_change_expected(user, report: AnnualReport) -> bool:
    """Expected figures (待填报指标) are the plan for collecting a report's figures: changed
    while the report is being written, never once citizens have seen it."""
    return can_delete_from(user, report)


def save_expected_figure(*, user, figure: ExpectedFigure) -> ExpectedFigure:
    """Add or change an expected figure of a report that is still being written."""
    require_model_perm(user, "add" if figure.pk is None else "change", ExpectedFigure)
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=figure.report_id)
        ensure_can_edit(user, report)
        if report.is_public:
            raise NotAllowed(_("报告已公开,待填报指标不能再修改。"))
        figure.full_clean()
        figure.save()
    return figure


def delete_rows(
    *,
    user,
    rows: Iterable[Model],
    loaded_versions: dict[int, int] | None = None,
    loaded_outlines: dict[int, int] | None = None,
) -> int:
    """Delete reports, sections, figures or expected figures (a bulk action's selection): all
    or none.

    ``loaded_versions`` (row pk → version) and ``loaded_outlines`` (report pk → outline
    version) are what the confirmation page showed: a row saved, or an outline changed (a
    section added under one being deleted), after it was shown is not deleted
    (``EditConflict``, ``OutlineConflict``). Without them (a script) nothing is compared.
    """
    rows = list(rows)
    loaded_versions = loaded_versions or {}
    loaded_outlines = loaded_outlines or {}
    locked: dict[int, AnnualReport] = {}  # each report locked and judged once
    outlines_claimed = set()
    with transaction.atomic():
        for row in rows:
            require_model_perm(user, "delete", type(row))
            if isinstance(row, AnnualReport):
                report = row
                ensure_can_delete(user, report)
            elif row.report_id in locked:
                report = locked[row.report_id]
            else:
                report = AnnualReport.objects.select_for_update().get(pk=row.report_id)
                ensure_can_delete(user, report)
                locked[report.pk] = report
            if isinstance(row, Section) and report.pk not in outlines_claimed:
                claim_outline(report, loaded_outlines.get(report.pk))
                outlines_claimed.add(report.pk)
            if row.pk in loaded_versions and hasattr(row, "version"):
                row.version = loaded_versions[row.pk]
                claim_version(row)
        _delete_with_history(rows, user)
    return len(rows)


# The history's reason for a subsection that went with the section above it.
DELETED_WITH_PARENT = gettext_lazy("随上级章节一并删除")


def _delete_with_history(rows: list[Model], user) -> None:
    """Delete ``rows`` with what they take with them (a chapter's subsections), each deletion
    in the history under ``user``: what went with a row says so, and can be restored with it
    (``restore``). A row selected together with its parent is deleted once."""
    if not rows:
        return
    collector = Collector(using=router.db_for_write(type(rows[0])), origin=rows[0])
    by_model: dict[type, list[Model]] = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row)
    for model_rows in by_model.values():
        collector.collect(model_rows)
    deleted_sections = {section.pk for section in collector.data.get(Section, ())}
    for instances in collector.data.values():
        for instance in instances:
            instance._history_user = acting_user(user)
            if getattr(instance, "parent_id", None) in deleted_sections:
                instance._change_reason = str(DELETED_WITH_PARENT)
    collector.delete()


def save_row(*, user, row: Model, **note) -> Model:
    """The save function for a report, a section or a figure."""
    if isinstance(row, AnnualReport):
        return save_report(user=user, report=row, **note)
    if isinstance(row, Section):
        return save_section(user=user, section=row, **note)
    if isinstance(row, IndicatorValue):
        return save_value(user=user, value=row, **note)
    raise TypeError(f"not part of a report: {type(row).__name__}")


# --- figures from a spreadsheet ------------------------------------------------------------------


def import_refusal(report: AnnualReport, user=None) -> str | None:
    """Why figures may not be imported into ``report`` (by ``user``), or None.

    Imports fill a draft from the departments' sheets; a report in review or seen by citizens
    is corrected figure by figure, with a change note.
    """
    if report.status != ReportStatus.DRAFT:
        return _("%(year)s年度报告状态为“%(status)s”,只能向草稿报告导入数据。") % {
            "year": report.year,
            "status": report.get_status_display(),
        }
    if user is not None and not can_edit_report(user, report):
        return _("您没有修改%(status)s报告的权限。") % {"status": report.get_status_display()}
    return None


def ensure_can_import(user, report_ids: Iterable[int]) -> None:
    """Lock the reports an import writes to and refuse it if any may not take figures now.

    ``user`` None is the system (a management command): the status still decides.
    """
    if user is not None:
        require(user, "import_indicators", _("您没有导入指标数据的权限。"))
    for report in AnnualReport.objects.select_for_update().filter(pk__in=set(report_ids)):
        refusal = import_refusal(report, user)
        if refusal:
            raise NotAllowed(refusal)
