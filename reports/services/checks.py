"""Checks before publishing: completeness, the legal deadline, consistency between figures.

《法治政府建设与责任落实督察工作规定》(2019) asks every year's report from 2019 on to cover five
items; staff map sections to them (Section.duty_item). The report must be published before
4月1日 of the following year. Staff define consistency rules (ConsistencyRule) between figures.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.comparison import printed_number
from reports.models import (
    AnnualReport,
    ConsistencyRule,
    DutyItem,
    IndicatorValue,
    Qualifier,
    ReportStatus,
    Section,
)
from reports.pdf.coverage import uncovered_in_report, uncovered_message

DUTY_RULES_FROM_YEAR = 2019


@dataclass
class CheckIssue:
    kind: str  # completeness | deadline | consistency | text
    level: str  # error (needs a note to publish over) | warning | info
    message: str
    # The sections the issue is about: pages link each one (e.g. to its admin page).
    sections: list[Section] = field(default_factory=list)


@dataclass
class CheckResult:
    issues: list[CheckIssue] = field(default_factory=list)

    @property
    def blocking(self) -> list[CheckIssue]:
        return [issue for issue in self.issues if issue.level == "error"]

    @property
    def passed(self) -> bool:
        return not self.blocking

    def by_kind(self, kind: str) -> list[CheckIssue]:
        return [issue for issue in self.issues if issue.kind == kind]


def publication_deadline(year: int) -> datetime:
    """The start of 4月1日 of the following year, local time: publishing must happen before it."""
    return timezone.make_aware(datetime(year + 1, 4, 1))


def completeness_issues(report: AnnualReport, sections: list[Section]) -> list[CheckIssue]:
    issues = []
    if report.year >= DUTY_RULES_FROM_YEAR:
        covered = {section.duty_item for section in sections if section.duty_item}
        for item in DutyItem:
            if item.value not in covered:
                issues.append(
                    CheckIssue(
                        "completeness",
                        "error",
                        _("缺少督察规定要求报告的内容:%(item)s(请在对应章节上标注)。")
                        % {"item": item.label},
                    )
                )
    stale = [section for section in sections if section.needs_text]
    if stale:
        headings = "、".join(section.heading[:20] for section in stale[:5])
        more = _("等") if len(stale) > 5 else ""
        issues.append(
            CheckIssue(
                "text",
                "error",
                _("%(count)s个章节仍沿用上年文字、标记为待更新正文:%(headings)s%(more)s")
                % {"count": len(stale), "headings": headings, "more": more},
                sections=stale,
            )
        )
    return issues


def deadline_issues(report: AnnualReport, now: datetime | None = None) -> list[CheckIssue]:
    now = now or timezone.now()
    deadline = publication_deadline(report.year)
    deadline_text = _("%(year)s年4月1日") % {"year": report.year + 1}
    if report.status == ReportStatus.PUBLISHED and report.published_at:
        if report.published_at >= deadline:
            return [
                CheckIssue(
                    "deadline",
                    "warning",
                    _("本报告于%(date)s发布,晚于法定期限(%(deadline)s前)。")
                    % {
                        "date": timezone.localtime(report.published_at).strftime("%Y-%m-%d"),
                        "deadline": deadline_text,
                    },
                )
            ]
        return []
    if now >= deadline:
        days = (now - deadline).days + 1
        return [
            CheckIssue(
                "deadline",
                "warning",
                _("已超过法定发布期限(%(deadline)s前)%(days)s天,请尽快发布;超期情况已记录。")
                % {"deadline": deadline_text, "days": days},
            )
        ]
    remaining = deadline - now
    if remaining <= timedelta(days=settings.REPORTS_DEADLINE_WARNING_DAYS):
        return [
            CheckIssue(
                "deadline",
                "warning",
                _("距法定发布期限(%(deadline)s前)还有%(days)s天。")
                % {"deadline": deadline_text, "days": remaining.days},
            )
        ]
    return []


def _totals(values: list[IndicatorValue]) -> dict[str, tuple[Decimal, bool]]:
    """Per definition code: the overall figure, or the sum over departments; and whether exact."""
    overall: dict[str, tuple[Decimal, bool]] = {}
    by_department: dict[str, tuple[Decimal, bool]] = {}
    for value in values:
        code = value.definition.code
        exact = value.qualifier == Qualifier.EXACT
        if value.department_id is None:
            overall[code] = (value.value, exact)
        else:
            total, all_exact = by_department.get(code, (Decimal(0), True))
            by_department[code] = (total + value.value, all_exact and exact)
    return {**by_department, **overall}


def consistency_issues(
    report: AnnualReport, values: list[IndicatorValue], rules: list[ConsistencyRule] | None = None
) -> list[CheckIssue]:
    if rules is None:
        rules = list(ConsistencyRule.objects.filter(is_active=True))
    totals = _totals(values)
    names = {value.definition.code: value.definition.name for value in values}
    issues = []
    for rule in rules:
        try:
            left, right = rule.codes
        except Exception:  # noqa: BLE001 - a rule saved before validation existed
            continue
        codes = [left, *right]
        missing = [code for code in codes if code not in totals]
        if len(missing) == len(codes):
            continue  # the report states none of these figures: nothing to compare
        if missing:
            issues.append(
                CheckIssue(
                    "consistency",
                    "warning",
                    _("“%(rule)s”无法校验:缺少指标 %(codes)s。")
                    % {"rule": rule.name, "codes": "、".join(missing)},
                )
            )
            continue
        left_value, left_exact = totals[left]
        right_sum = sum((totals[code][0] for code in right), Decimal(0))
        exact = left_exact and all(totals[code][1] for code in right)
        if left_value == right_sum:
            continue
        terms = " + ".join(
            f"{names.get(code, code)} {printed_number(totals[code][0])}" for code in right
        )
        message = _("“%(rule)s”不成立:%(left)s %(left_value)s ≠ %(terms)s = %(sum)s。") % {
            "rule": rule.name,
            "left": names.get(left, left),
            "left_value": printed_number(left_value),
            "terms": terms,
            "sum": printed_number(right_sum),
        }
        if not exact:
            issues.append(CheckIssue("consistency", "warning", message + _("(含约数,仅供参考)")))
        else:
            issues.append(CheckIssue("consistency", "error", message))
    return issues


def run_checks(report: AnnualReport, now: datetime | None = None) -> CheckResult:
    return run_checks_for([report], now)[report.pk]


def run_checks_for(
    reports: list[AnnualReport], now: datetime | None = None
) -> dict[int, CheckResult]:
    """The checks of several reports (the workbench's years) in the same few queries as one."""
    ids = [report.pk for report in reports]
    sections: dict[int, list[Section]] = {pk: [] for pk in ids}
    for section in Section.objects.filter(report__in=ids).order_by("report_id", "pk"):
        sections[section.report_id].append(section)
    values: dict[int, list[IndicatorValue]] = {pk: [] for pk in ids}
    for value in IndicatorValue.objects.filter(report__in=ids).select_related("definition"):
        values[value.report_id].append(value)
    rules = list(ConsistencyRule.objects.filter(is_active=True))
    return {
        report.pk: CheckResult(
            completeness_issues(report, sections[report.pk])
            + consistency_issues(report, values[report.pk], rules)
            + deadline_issues(report, now)
            + glyph_issues(report, sections[report.pk])
        )
        for report in reports
    }


def glyph_issues(report: AnnualReport, sections: list[Section] | None = None) -> list[CheckIssue]:
    """Characters the PDF's fonts lack (reports.pdf.coverage): a warning, the PDF still prints."""
    found = uncovered_in_report(report, sections)
    return [CheckIssue("text", "warning", uncovered_message(found))] if found else []
