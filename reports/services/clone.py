"""Start next year's report from this year's: same outline and figures to collect, no values."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from reports.models import (
    AnnualReport,
    ExpectedFigure,
    IndicatorValue,
    ReportStatus,
    Section,
    WorkflowAction,
)

from .events import log_event
from .permissions import has_report_perm, require


class CloneError(ValueError):
    """Next year's report cannot be started; the message is for the user."""


def next_year_title(title: str, year: int) -> str:
    return re.sub(rf"{year}(?=\s*年)", str(year + 1), title) if str(year) in title else title


def can_start_next_year(user, report: AnnualReport, years: set[int] | None = None) -> bool:
    """``years``: the years that have a report, when the caller has them (saves a query)."""
    if not has_report_perm(user, "add_annualreport"):
        return False
    if years is not None:
        return report.year + 1 not in years
    return not AnnualReport.objects.filter(year=report.year + 1).exists()


def start_next_year(report: AnnualReport, user) -> AnnualReport:
    """Create the draft for ``report.year + 1``: every section (text kept, marked 待更新正文),
    its departments and duty item, and one expected figure per figure of this year."""
    require(user, "add_annualreport", _("您没有新建年度报告的权限。"))
    year = report.year + 1
    with transaction.atomic():
        if AnnualReport.objects.select_for_update().filter(year=year).exists():
            raise CloneError(
                _("%(year)s年度已有报告,未写入任何内容。每个年度只能有一份报告。") % {"year": year}
            )
        draft = AnnualReport(
            government=report.government,
            year=year,
            title=next_year_title(report.title, report.year),
            issuing_office=report.issuing_office,
            column_path=report.column_path,
            status=ReportStatus.DRAFT,
        )
        draft._history_user = user
        draft.full_clean()
        draft.save()
        sections = (
            Section.objects.filter(report=report)
            .prefetch_related("departments")
            .in_document_order()
        )
        copies: dict[int, Section] = {}
        for section in sections:  # document order: a parent is always copied before its children
            copy = Section(
                report=draft,
                parent=copies[section.parent_id] if section.parent_id else None,
                position=section.position,
                number=section.number,
                number_style=section.number_style,
                title=section.title,
                body=section.body,
                duty_item=section.duty_item,
                needs_text=True,
                origin=section,
            )
            copy._history_user = user
            copy.save()
            departments = list(section.departments.all())
            if departments:
                copy.departments.set(departments)
            copies[section.pk] = copy
        values = IndicatorValue.objects.filter(report=report).order_by(
            "definition_id", "department_id"
        )
        ExpectedFigure.objects.bulk_create(
            ExpectedFigure(
                report=draft,
                definition_id=value.definition_id,
                department_id=value.department_id,
                section=copies.get(value.section_id),
            )
            for value in values
        )
        log_event(
            draft,
            WorkflowAction.CREATED,
            user=user,
            comment=_("沿用%(year)s年度报告的提纲和指标新建。") % {"year": report.year},
        )
    return draft
