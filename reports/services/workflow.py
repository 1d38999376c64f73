"""The report's review and publication: draft → 待审核 → 已发布 → 已撤回.

Every transition checks the user's permission here (not only in the admin's buttons), runs in
one transaction on a locked row, and leaves a WorkflowEvent.

- 发布时间: publishing stamps now, unless the report already carries the date on which it was
  first published (a report imported from the government site keeps that date; a withdrawn
  report published again keeps its first date).
- 索引号: ``<REPORTS_ORG_CODE>/<year of publication>-<serial>``, serial counted within that
  prefix, five digits; assigned on first publication and never changed (model + DB trigger).
"""

from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import AnnualReport, ReportStatus, WorkflowAction

from .checks import CheckIssue, publication_deadline, run_checks
from .events import acting_user, log_event
from .permissions import has_report_perm, require


class WorkflowError(ValueError):
    """A transition that cannot be made; the message is for the user."""


class ChecksFailed(WorkflowError):
    def __init__(self, issues: list[CheckIssue]):
        self.issues = issues
        super().__init__(
            _("发布前校验未通过(%(count)s项),如确需发布,请填写说明后再发布。")
            % {"count": len(issues)}
        )


# Each step: the permission it needs and the statuses it starts from. The admin offers what
# ``allowed_steps`` lists; each step function checks the same entry again before it writes.
STEPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "submit": ("submit_annualreport", (ReportStatus.DRAFT,)),
    "send_back": ("send_back_annualreport", (ReportStatus.REVIEW, ReportStatus.WITHDRAWN)),
    "publish": ("publish_annualreport", (ReportStatus.REVIEW,)),
    "schedule": ("publish_annualreport", (ReportStatus.REVIEW,)),
    "withdraw": ("withdraw_annualreport", (ReportStatus.PUBLISHED,)),
}


def allowed_steps(report: AnnualReport, user) -> set[str]:
    """The workflow steps ``user`` may take on ``report`` now."""
    steps = {
        step
        for step, (codename, statuses) in STEPS.items()
        if report.status in statuses and has_report_perm(user, codename)
    }
    if report.scheduled_publish_at and has_report_perm(user, "publish_annualreport"):
        steps.add("unschedule")
    return steps


def _locked(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


def _expect(report: AnnualReport, step: str) -> None:
    statuses = STEPS[step][1]
    if report.status not in statuses:
        allowed = "、".join(str(ReportStatus(status).label) for status in statuses)
        raise WorkflowError(
            _("报告当前状态为“%(status)s”,只有“%(allowed)s”的报告可以这样操作。")
            % {"status": report.get_status_display(), "allowed": allowed}
        )


def _log(report, action, from_status, user=None, comment=""):
    return log_event(report, action, user=user, from_status=from_status, comment=comment)


def _save(report, user, fields):
    # A step is a change of the report like an edit: a form opened before it is out of date.
    report.version += 1
    report._history_user = acting_user(user)
    report.save(update_fields=[*fields, "version", "updated_at"])


def submit(report: AnnualReport, user, comment: str = "") -> AnnualReport:
    require(user, STEPS["submit"][0], _("您没有提交审核的权限。"))
    with transaction.atomic():
        report = _locked(report)
        _expect(report, "submit")
        report.status = ReportStatus.REVIEW
        _save(report, user, ["status"])
        _log(report, WorkflowAction.SUBMIT, ReportStatus.DRAFT, user, comment.strip())
    return report


def send_back(report: AnnualReport, user, comment: str) -> AnnualReport:
    """A reviewer returns a report in review (or a withdrawn one, to be corrected) to draft."""
    require(user, STEPS["send_back"][0], _("您没有退回修改的权限。"))
    if not (comment or "").strip():
        raise WorkflowError(_("退回修改时请填写意见,说明需要修改什么。"))
    with transaction.atomic():
        report = _locked(report)
        _expect(report, "send_back")
        previous = report.status
        report.status = ReportStatus.DRAFT
        report.scheduled_publish_at = None
        _save(report, user, ["status", "scheduled_publish_at"])
        _log(report, WorkflowAction.SEND_BACK, previous, user, comment.strip())
    return report


def next_index_number(published_at: datetime) -> str:
    org_code = (settings.REPORTS_ORG_CODE or "").strip()
    if not org_code:
        raise WorkflowError(
            _("尚未配置发布机构代码(环境变量 REPORTS_ORG_CODE),无法分配索引号,报告未发布。")
        )
    prefix = f"{org_code}/{timezone.localtime(published_at).year}-"
    if connection.vendor == "postgresql":
        # Two reports published at once would read the same max(): hand out serials one at a
        # time, until the caller's transaction ends. SQLite's IMMEDIATE transactions already do.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [prefix])
    taken = AnnualReport.objects.filter(index_number__startswith=prefix).values_list(
        "index_number", flat=True
    )
    serials = [int(number[len(prefix) :]) for number in taken if number[len(prefix) :].isdigit()]
    return f"{prefix}{max(serials, default=0) + 1:05d}"


def _check_or_note(report: AnnualReport, override_note: str, now) -> tuple[list[CheckIssue], str]:
    blocking = run_checks(report, now).blocking
    note = (override_note or "").strip()
    if blocking and not note:
        raise ChecksFailed(blocking)
    return blocking, note


def publish(
    report: AnnualReport,
    user,
    override_note: str = "",
    *,
    now: datetime | None = None,
    system: bool = False,
) -> AnnualReport:
    """Publish a report in review. ``system`` is the scheduled run, acting for the scheduler."""
    if not system:
        require(user, STEPS["publish"][0], _("您没有发布报告的权限。"))
    now = now or timezone.now()
    with transaction.atomic():
        report = _locked(report)
        _expect(report, "publish")
        blocking, note = _check_or_note(report, override_note, now)
        if report.published_at is None:
            report.published_at = now
        if not report.index_number:
            report.index_number = next_index_number(report.published_at)
        report.status = ReportStatus.PUBLISHED
        report.scheduled_publish_at = None
        report.withdrawal_reason = ""
        _save(
            report,
            user,
            ["status", "published_at", "index_number", "scheduled_publish_at", "withdrawal_reason"],
        )
        _log(
            report,
            WorkflowAction.PUBLISH,
            ReportStatus.REVIEW,
            user,
            _("定时发布") if system else "",
        )
        if blocking:
            listed = "\n".join(f"- {issue.message}" for issue in blocking)
            _log(
                report,
                WorkflowAction.CHECK_OVERRIDE,
                ReportStatus.REVIEW,
                user,
                f"{note}\n{listed}",
            )
        if now >= publication_deadline(report.year):
            record_missed_deadline(report, now)
    return report


def schedule(report: AnnualReport, user, when: datetime, override_note: str = "") -> AnnualReport:
    require(user, STEPS["schedule"][0], _("您没有发布报告的权限。"))
    if when <= timezone.now():
        raise WorkflowError(_("定时发布时间必须晚于当前时间。"))
    with transaction.atomic():
        report = _locked(report)
        _expect(report, "schedule")
        _blocking, note = _check_or_note(report, override_note, when)
        report.scheduled_publish_at = when
        _save(report, user, ["scheduled_publish_at"])
        stamp = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
        _log(report, WorkflowAction.SCHEDULE, report.status, user, f"{stamp}\n{note}".strip())
    return report


def unschedule(report: AnnualReport, user) -> AnnualReport:
    require(user, "publish_annualreport", _("您没有发布报告的权限。"))
    with transaction.atomic():
        report = _locked(report)
        if report.scheduled_publish_at is None:
            raise WorkflowError(_("该报告没有设定定时发布。"))
        report.scheduled_publish_at = None
        _save(report, user, ["scheduled_publish_at"])
        _log(report, WorkflowAction.UNSCHEDULE, report.status, user)
    return report


def withdraw(report: AnnualReport, user, reason: str) -> AnnualReport:
    require(user, STEPS["withdraw"][0], _("您没有撤回报告的权限。"))
    if not (reason or "").strip():
        raise WorkflowError(_("撤回报告时必须填写撤回原因。"))
    with transaction.atomic():
        report = _locked(report)
        _expect(report, "withdraw")
        report.status = ReportStatus.WITHDRAWN
        report.withdrawal_reason = reason.strip()
        _save(report, user, ["status", "withdrawal_reason"])
        _log(report, WorkflowAction.WITHDRAW, ReportStatus.PUBLISHED, user, reason.strip())
    return report


def record_missed_deadline(report: AnnualReport, now: datetime | None = None) -> bool:
    """Record, once, that a report was not published by its deadline."""
    now = now or timezone.now()
    if now < publication_deadline(report.year):
        return False
    if report.workflow_events.filter(action=WorkflowAction.DEADLINE_MISSED).exists():
        return False
    log_event(
        report,
        WorkflowAction.DEADLINE_MISSED,
        from_status=report.status,
        comment=_("截至%(now)s未在%(year)s年4月1日前发布。")
        % {"now": timezone.localtime(now).strftime("%Y-%m-%d %H:%M"), "year": report.year + 1},
    )
    return True


def scheduler_note(report: AnnualReport) -> tuple[object, str]:
    """Who scheduled the publication, and the note they gave for publishing over failed checks."""
    event = report.workflow_events.filter(action=WorkflowAction.SCHEDULE).first()
    if event is None:
        return None, ""
    _stamp, _newline, note = event.comment.partition("\n")
    return event.user, note


def publish_due(
    now: datetime | None = None,
) -> tuple[list[AnnualReport], list[tuple[AnnualReport, str]]]:
    """Publish every report whose scheduled time has come; returns (published, failed)."""
    now = now or timezone.now()
    published, failed = [], []
    due = AnnualReport.objects.filter(status=ReportStatus.REVIEW, scheduled_publish_at__lte=now)
    for report in due:
        user, note = scheduler_note(report)
        try:
            published.append(publish(report, user, note, now=now, system=True))
        except WorkflowError as error:
            failed.append((report, str(error)))
    for report in AnnualReport.objects.filter(status__in=[ReportStatus.DRAFT, ReportStatus.REVIEW]):
        record_missed_deadline(report, now)
    return published, failed


__all__ = [
    "ChecksFailed",
    "WorkflowError",
    "publish",
    "publish_due",
    "record_missed_deadline",
    "schedule",
    "send_back",
    "submit",
    "unschedule",
    "withdraw",
]
