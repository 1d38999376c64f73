"""The 年度工作台: the admin's start page for report staff, one card per year.

Every year's state in a fixed number of queries, whatever the number of years or the size of
their reports: the checks come from ``reports.services.checks.run_checks_for`` and the buttons
from ``reports.services.report_actions.allowed_actions``, as on the report's own page.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import (
    AnnualReport,
    ExpectedFigure,
    IndicatorValue,
    ReportStatus,
    Section,
    WorkflowEvent,
)
from reports.services.checks import CheckIssue, publication_deadline, run_checks_for
from reports.services.permissions import has_report_perm
from reports.services.report_actions import allowed_actions

WHOLE_GOVERNMENT = "__whole__"


@dataclass
class MissingFigures:
    department: str  # the department's name, or 全市(不分部门)
    names: list[str] = field(default_factory=list)


@dataclass
class YearCard:
    report: AnnualReport
    actions: set[str]
    deadline: datetime
    days_left: int | None  # None once published
    deadline_warning: bool
    issues: list[CheckIssue]
    blocking: int
    stale_sections: int
    missing: list[MissingFigures]
    last_event: WorkflowEvent | None

    @property
    def failed_checks(self) -> int:
        """Checks that stop publishing (unless a note is given)."""
        return sum(1 for issue in self.issues if issue.level == "error")

    @property
    def checks_to_note(self) -> int:
        """Warnings and notes: worth a look, but publishing goes ahead."""
        return len(self.issues) - self.failed_checks


def may_use_workbench(user) -> bool:
    return has_report_perm(user, "view_annualreport")


def _deadline(report: AnnualReport, now: datetime) -> tuple[datetime, int | None, bool]:
    deadline = publication_deadline(report.year)
    if report.status == ReportStatus.PUBLISHED or report.is_public:
        return deadline, None, False
    days_left = (deadline - now).days
    return deadline, days_left, days_left < settings.REPORTS_DEADLINE_WARNING_DAYS


def _missing_by_department(ids: list[int]) -> dict[int, list[MissingFigures]]:
    supplied = set(
        IndicatorValue.objects.filter(report__in=ids).values_list(
            "report_id", "definition_id", "department_id"
        )
    )
    grouped: dict[int, dict[str, MissingFigures]] = {pk: {} for pk in ids}
    expected = (
        ExpectedFigure.objects.filter(report__in=ids)
        .select_related("definition", "department")
        .order_by("report_id", "department__order", "department__name", "definition__order")
    )
    for figure in expected:
        if (figure.report_id, figure.definition_id, figure.department_id) in supplied:
            continue
        name = figure.department.name if figure.department else _("全市(不分部门)")
        group = grouped[figure.report_id].setdefault(name, MissingFigures(name))
        group.names.append(figure.definition.name)
    return {pk: list(groups.values()) for pk, groups in grouped.items()}


def workbench_cards(user, now: datetime | None = None) -> list[YearCard]:
    """One card per year, newest first."""
    now = now or timezone.now()
    last_event = WorkflowEvent.objects.filter(report=OuterRef("pk")).order_by("-created_at", "-id")
    reports = list(
        AnnualReport.objects.annotate(last_event_id=Subquery(last_event.values("id")[:1])).order_by(
            "-year"
        )
    )
    ids = [report.pk for report in reports]
    years = {report.year for report in reports}
    checks = run_checks_for(reports, now)
    stale = dict(
        Section.objects.filter(report__in=ids, needs_text=True)
        .values("report")
        .annotate(count=Count("id"))
        .values_list("report", "count")
    )
    missing = _missing_by_department(ids)
    events = WorkflowEvent.objects.select_related("user").in_bulk(
        [report.last_event_id for report in reports if report.last_event_id]
    )
    cards = []
    for report in reports:
        deadline, days_left, warning = _deadline(report, now)
        result = checks[report.pk]
        cards.append(
            YearCard(
                report=report,
                actions=allowed_actions(report, user, years),
                deadline=deadline,
                days_left=days_left,
                deadline_warning=warning,
                issues=[issue for issue in result.issues if issue.kind != "deadline"],
                blocking=len(result.blocking),
                stale_sections=stale.get(report.pk, 0),
                missing=missing[report.pk],
                last_event=events.get(report.last_event_id),
            )
        )
    return cards
