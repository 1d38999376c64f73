"""What a user may do with a report now: the list the report's admin page shows as buttons.

Each entry is decided by the service that performs it, so a button is offered exactly when the
service would accept the request.
"""

from reports.models import AnnualReport, ReportStatus

from .clone import can_start_next_year
from .permissions import can_edit_report, has_report_perm
from .text_figures import can_record
from .workflow import allowed_steps


def allowed_actions(report: AnnualReport, user, years: set[int] | None = None) -> set[str]:
    """Workflow steps (submit, publish…) and the year's tools (edit, clone, collect…).

    ``years``: the years that have a report, when the caller has them (the workbench)."""
    actions = allowed_steps(report, user)
    if can_edit_report(user, report):
        actions.add("edit")
    if can_start_next_year(user, report, years):
        actions.add("clone")
    if report.status == ReportStatus.DRAFT and has_report_perm(user, "export_indicators"):
        actions.add("collect")
    if can_record(user, report):
        actions.add("record_text_figures")
    return actions
