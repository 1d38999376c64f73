"""Who may do what with a report: one place, used by services, admin views and actions."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from reports.models import AnnualReport, ReportStatus


class NotAllowed(PermissionDenied):
    """The user lacks a permission; the message is for the user."""


def has_report_perm(user, codename: str) -> bool:
    return bool(user and user.is_active and user.has_perm(f"reports.{codename}"))


def require(user, codename: str, message: str) -> None:
    if not has_report_perm(user, codename):
        raise NotAllowed(message)


def editable_statuses(user) -> tuple[str, ...]:
    """Drafts are editors' work; once submitted, only reviewers (who can publish) change it."""
    if not has_report_perm(user, "change_annualreport"):
        return ()
    if has_report_perm(user, "publish_annualreport"):
        return tuple(ReportStatus.values)
    return (ReportStatus.DRAFT,)


def can_edit_report(user, report: AnnualReport) -> bool:
    return report.status in editable_statuses(user)


def editable_reports(user):
    """The reports ``user`` may change now: what an add form offers."""
    return AnnualReport.objects.filter(status__in=editable_statuses(user))


def ensure_can_edit(user, report: AnnualReport) -> None:
    if not can_edit_report(user, report):
        raise NotAllowed(
            _("您没有修改%(status)s报告的权限。") % {"status": report.get_status_display()}
        )


def needs_change_note(report: AnnualReport) -> bool:
    """Citizens have seen the report: every change to it is explained."""
    return report.is_public
