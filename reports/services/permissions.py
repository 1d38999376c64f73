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


def can_edit_report(user, report: AnnualReport) -> bool:
    """Drafts are editors' work; once submitted, only reviewers (who can publish) change it."""
    if not has_report_perm(user, "change_annualreport"):
        return False
    if report.status == ReportStatus.DRAFT:
        return True
    return has_report_perm(user, "publish_annualreport")


def ensure_can_edit(user, report: AnnualReport) -> None:
    if not can_edit_report(user, report):
        raise NotAllowed(
            _("您没有修改%(status)s报告的权限。") % {"status": report.get_status_display()}
        )


def needs_change_note(report: AnnualReport) -> bool:
    """Citizens have seen a published (or withdrawn) report: every change is explained."""
    return report.status in (ReportStatus.PUBLISHED, ReportStatus.WITHDRAWN)
