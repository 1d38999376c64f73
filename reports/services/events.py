"""The record of a report's life (流程记录): every WorkflowEvent is written here."""

from reports.models import AnnualReport, WorkflowEvent


def acting_user(user):
    """The user to record, or None for the system (the scheduler, a management command)."""
    return user if user is not None and user.is_authenticated else None


def log_event(
    report: AnnualReport,
    action: str,
    *,
    user=None,
    from_status: str = "",
    comment: str = "",
) -> WorkflowEvent:
    """Record ``action`` on ``report``; ``to_status`` is the report's status now."""
    return WorkflowEvent.objects.create(
        report=report,
        action=action,
        from_status=from_status,
        to_status=report.status,
        comment=comment,
        user=acting_user(user),
    )
