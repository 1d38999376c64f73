"""Checks before publishing: completeness, the legal deadline, consistency between figures.

《法治政府建设与责任落实督察工作规定》(2019) asks every year's report from 2019 on to cover five
items; staff map sections to them (Section.duty_item). The report must be published before
4月1日 of the following year. Staff define consistency rules (ConsistencyRule) between figures.
A report signs off with its 落款 (the issuing body and the date), as every official document
does. Checks also look for what is missing: a figure stated in another unit than last year's,
and numbers in a section's text that are not recorded as figures.

Each issue carries a link to the place to fix it. ``run_checks`` needs a fixed number of
queries whatever the size of the report.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
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
    document_order,
)
from reports.parsing import find_figures
from reports.pdf.coverage import uncovered_in_report, uncovered_message

from .text_figures import match_text_figures

DUTY_RULES_FROM_YEAR = 2019


@dataclass
class CheckIssue:
    kind: str  # completeness | deadline | consistency | text | units | figures
    level: str  # error (needs a note to publish over) | warning | info
    message: str
    url: str = ""  # where to fix it (admin page, with an anchor), empty when nowhere in particular
    link_text: str = ""


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


def _admin_url(name: str, pk, anchor: str = "") -> str:
    if pk is None:
        return ""
    url = reverse(f"admin:reports_{name}_change", args=[pk])
    return f"{url}#{anchor}" if anchor else url


def completeness_issues(report: AnnualReport, sections: list[Section]) -> list[CheckIssue]:
    issues = []
    if not (report.closing or "").strip():
        issues.append(
            CheckIssue(
                "completeness",
                "error",
                _("落款为空:报告正文后应有发布机关署名和成文日期。"),
                _admin_url("annualreport", report.pk, "id_closing"),
                _("填写落款"),
            )
        )
    covered = {section.duty_item for section in sections if section.duty_item}
    outline_url = _admin_url("annualreport", report.pk, "outline")
    if report.year >= DUTY_RULES_FROM_YEAR:
        for item in DutyItem:
            if item.value not in covered:
                issues.append(
                    CheckIssue(
                        "completeness",
                        "error",
                        _("缺少督察规定要求报告的内容:%(item)s(请在对应章节上标注)。")
                        % {"item": item.label},
                        outline_url,
                        _("到大纲标注"),
                    )
                )
    elif sections and not covered:
        # Before the 2019 rules nothing was required; marked sections still let this year be
        # read against later ones, item by item.
        issues.append(
            CheckIssue(
                "completeness",
                "warning",
                _(
                    "没有章节标注对应督察规定事项(%(year)s年度报告早于2019年督察规定,不作要求;"
                    "标注后便于与以后年度对照)。"
                )
                % {"year": report.year},
                outline_url,
                _("到大纲标注"),
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
                _admin_url("section", stale[0].pk),
                _("编辑第一个"),
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


def _stated_unit(value: IndicatorValue) -> str:
    """The unit the report's text gave the figure in: its 原文数字's, else its indicator's."""
    figures = find_figures(value.source_text) if value.source_text else []
    return figures[0].unit if figures else value.definition.unit


def unit_issues(
    report: AnnualReport, values: list[IndicatorValue], previous: list[IndicatorValue]
) -> list[CheckIssue]:
    """Figures stated in another unit than last year's figure of the same indicator.

    The same indicator is the same 指标代码 (and department); an indicator of another code but
    the same 名称 counts too, since that is how a unit change usually comes in (a new indicator
    made for 起 next to last year's in 件). Last year's 原文数字 keeps the unit it was printed
    in even when the indicator's 单位 has since been changed.
    """
    last_year = {(v.definition.code, v.department_id): v for v in previous}
    by_name = {v.definition.name: v for v in previous}
    issues = []
    for value in values:
        before = last_year.get((value.definition.code, value.department_id))
        if before is None:
            before = by_name.get(value.definition.name)
            if before is not None and before.definition.code == value.definition.code:
                before = None  # same indicator, other department: compared with its own row
        if before is None:
            continue
        unit, unit_before = _stated_unit(value), _stated_unit(before)
        if unit == unit_before:
            continue
        issues.append(
            CheckIssue(
                "units",
                "warning",
                _(
                    "“%(name)s”%(department)s的单位与上年不同:本年%(now)s(%(unit)s),"
                    "上年%(before)s(%(unit_before)s),两年数字不能直接比较。"
                )
                % {
                    "name": value.definition.name,
                    "department": f"({value.department.name})" if value.department else "",
                    "now": value.source_text or value.display,
                    "unit": unit,
                    "before": before.source_text or before.display,
                    "unit_before": unit_before,
                },
                _admin_url("indicatorvalue", value.pk),
                _("查看数值"),
            )
        )
    return issues


def unrecorded_figure_issues(
    report: AnnualReport, sections: list[Section], values: list[IndicatorValue]
) -> list[CheckIssue]:
    """Numbers with a unit in a section's text that no figure records, one warning a section.

    Sections still marked 待更新正文 hold last year's numbers and are listed by the
    completeness check instead.
    """
    by_section: dict[int, list] = {}
    for item in match_text_figures(document_order(sections), values):
        if item.recorded is None and not item.section.needs_text:
            by_section.setdefault(item.section.pk, []).append(item)
    issues = []
    for items in by_section.values():
        section = items[0].section
        shown = "、".join(f"“{item.figure.source_text}”" for item in items[:5])
        more = _("等") if len(items) > 5 else ""
        issues.append(
            CheckIssue(
                "figures",
                "warning",
                _("章节“%(heading)s”正文中有%(count)s个数字未记录为指标数值:%(figures)s%(more)s。")
                % {
                    "heading": section.heading[:30],
                    "count": len(items),
                    "figures": shown,
                    "more": more,
                },
                _admin_url("section", section.pk),
                _("查看章节"),
            )
        )
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
    years = [report.year - 1 for report in reports] + [report.year for report in reports]
    previous: dict[int, list[IndicatorValue]] = {year: [] for year in years}
    for value in IndicatorValue.objects.filter(report__year__in=set(years)).select_related(
        "definition", "department", "report"
    ):
        previous[value.report.year].append(value)
        if value.report_id in values:
            values[value.report_id].append(value)
    rules = list(ConsistencyRule.objects.filter(is_active=True))
    return {
        report.pk: CheckResult(
            completeness_issues(report, sections[report.pk])
            + consistency_issues(report, values[report.pk], rules)
            + unit_issues(report, values[report.pk], previous[report.year - 1])
            + unrecorded_figure_issues(report, sections[report.pk], values[report.pk])
            + deadline_issues(report, now)
            + glyph_issues(report, sections[report.pk])
        )
        for report in reports
    }


def glyph_issues(report: AnnualReport, sections: list[Section] | None = None) -> list[CheckIssue]:
    """Characters the PDF's fonts lack (reports.pdf.coverage): a warning, the PDF still prints."""
    found = uncovered_in_report(report, sections)
    return [CheckIssue("text", "warning", uncovered_message(found))] if found else []
