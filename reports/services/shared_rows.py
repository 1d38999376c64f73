"""Changing a department, an indicator or a category that reports shown to citizens print.

Departments, indicators and their categories are shared by every year. A published report
shows a department's name; an indicator's name, unit, category, description and whether it is
a 重点指标; a category's name. Changing one of these changes what citizens read (the report
page, the tables, the PDF, open data). Such a change is treated like an edit of each of those
reports: only someone who may change a published report makes it, with a change note (更新说明)
that is recorded on every report concerned.
"""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from reports.models import (
    PUBLIC_STATUSES,
    AnnualReport,
    ChangeNote,
    Department,
    IndicatorCategory,
    IndicatorDefinition,
)

from .change_notes import record_change
from .permissions import NotAllowed, has_report_perm

# The fields of a shared row that the public pages and the PDF of a report print.
PUBLIC_FIELDS: dict[type, tuple[str, ...]] = {
    Department: ("name",),
    IndicatorCategory: ("name",),
    IndicatorDefinition: ("name", "unit", "category", "description", "is_headline"),
}


def reports_showing(row) -> QuerySet[AnnualReport]:
    """The published (or withdrawn) reports that print this department or indicator."""
    if row.pk is None:
        return AnnualReport.objects.none()
    if isinstance(row, Department):
        used = Q(values__department=row) | Q(sections__departments=row)
    elif isinstance(row, IndicatorDefinition):
        used = Q(values__definition=row)
    elif isinstance(row, IndicatorCategory):
        used = Q(values__definition__category=row)
    else:
        raise TypeError(f"not a shared row: {type(row).__name__}")
    ids = AnnualReport.objects.filter(used, status__in=PUBLIC_STATUSES).values("pk")
    return AnnualReport.objects.filter(pk__in=ids).order_by("year")


def printed_values(row) -> dict[str, object]:
    """The printed fields of a row as stored in it (a foreign key as its id)."""
    meta = type(row)._meta
    return {name: meta.get_field(name).value_from_object(row) for name in PUBLIC_FIELDS[type(row)]}


def stored_printed_values(row) -> dict[str, object]:
    """The printed fields of the row as the database holds it now (empty for a new row): what a
    change is compared with, not what a form started with (a revert from the history starts with
    an old version)."""
    stored = type(row)._default_manager.filter(pk=row.pk).first() if row.pk else None
    return printed_values(stored) if stored is not None else {}


def printed_changes(before: dict, after: dict) -> list[str]:
    """The printed fields whose value in ``after`` (a model instance may stand for its id)
    differs from ``before``."""
    return [
        name
        for name, value in after.items()
        if name in before and getattr(value, "pk", value) != before[name]
    ]


def years_label(reports) -> str:
    return "、".join(f"{report.year}年" for report in reports)


def may_change_shown_row(user) -> bool:
    """Who may change what published reports print: those who may change a published report."""
    return has_report_perm(user, "publish_annualreport")


def save_shared_row(*, user, row, note: str = "", is_minor: bool = False) -> list[ChangeNote]:
    """Save a department, indicator or category; if what public reports print of it changes,
    only a user who may change a published report does it, and the note goes on each of them.

    Returns the change notes recorded (none when nothing printed changed).
    """
    with transaction.atomic():
        changed = printed_changes(stored_printed_values(row), printed_values(row))
        shown = list(reports_showing(row)) if changed else []
        if shown and not may_change_shown_row(user):
            raise NotAllowed(
                _("%(years)s度报告已公开并显示此项,只有审核员可以修改。")
                % {"years": years_label(shown)}
            )
        row._history_user = user if user is not None and user.is_authenticated else None
        row.save()
        return record_shared_change(shown, note, is_minor=is_minor, user=user) if shown else []


@transaction.atomic
def record_shared_change(
    reports, note: str, *, is_minor: bool = False, user=None
) -> list[ChangeNote]:
    """One change note on every report concerned, all or none."""
    notes = [record_change(report, note, is_minor=is_minor, user=user) for report in reports]
    return [change for change in notes if change is not None]
