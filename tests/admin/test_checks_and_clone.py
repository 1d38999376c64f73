"""Pre-publish checks and starting next year from this year."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reports.models import (
    AnnualReport,
    ConsistencyRule,
    ExpectedFigure,
    IndicatorDefinition,
    IndicatorValue,
    Section,
    WorkflowAction,
)
from reports.services import workflow
from reports.services.checks import run_checks
from reports.services.clone import CloneError, start_next_year
from reports.services.permissions import NotAllowed

pytestmark = pytest.mark.django_db

REVIEW_RULES = [
    ("行政复议:申请 = 调解 + 立案", "review.applications = review.mediated + review.accepted"),
    ("行政复议:立案 = 结案 + 在审", "review.accepted = review.closed + review.pending"),
]


@pytest.fixture
def review_rules(seed_report):
    for name, expression in REVIEW_RULES:
        rule = ConsistencyRule(name=name, expression=expression)
        rule.full_clean()
        rule.save()


def test_seed_figures_satisfy_review_rules(seed_report, review_rules):
    result = run_checks(seed_report)
    assert result.by_kind("consistency") == []


def test_violation_is_shown_with_numbers(seed_report, review_rules):
    IndicatorValue.objects.filter(report=seed_report, definition__code="review.accepted").update(
        value=Decimal(7)
    )
    issues = run_checks(seed_report).by_kind("consistency")
    messages = " ".join(issue.message for issue in issues)
    assert "行政复议申请 10 ≠ 行政复议调解 4 + 行政复议立案 7 = 11" in messages
    assert "行政复议立案 7 ≠ 行政复议结案 5 + 行政复议正在审理 1 = 6" in messages


def test_rule_with_unknown_code_is_refused(db):
    rule = ConsistencyRule(name="x", expression="no.such = other.code")
    with pytest.raises(ValidationError, match="不存在"):
        rule.full_clean()


def test_publishing_over_violation_needs_note_and_records_it(
    draft, editor, reviewer, org_code, review_rules
):
    # review_rules needs the seed; the draft is another year with its own figures.
    definitions = {
        d.code: d for d in IndicatorDefinition.objects.filter(code__startswith="review.")
    }
    for code, number in {
        "review.applications": 9,
        "review.mediated": 4,
        "review.accepted": 6,
    }.items():
        IndicatorValue.objects.create(report=draft, definition=definitions[code], value=number)
    workflow.submit(draft, editor)
    now = timezone.make_aware(datetime(2031, 3, 1))
    with pytest.raises(workflow.ChecksFailed) as failure:
        workflow.publish(draft, reviewer, now=now)
    assert "9 ≠" in failure.value.issues[0].message
    workflow.publish(draft, reviewer, "数据已与复议机构核实,以原始台账为准", now=now)
    event = draft.workflow_events.get(action=WorkflowAction.CHECK_OVERRIDE)
    assert "以原始台账为准" in event.comment and "9 ≠" in event.comment


def test_completeness_lists_missing_duty_items(draft):
    Section.objects.filter(report=draft, duty_item="plan").update(duty_item="")
    issues = run_checks(draft).by_kind("completeness")
    assert len(issues) == 1 and "下一年度工作安排" in issues[0].message


def test_deadline_warning_as_it_nears_and_when_missed(draft):
    near = run_checks(draft, timezone.make_aware(datetime(2031, 3, 20))).by_kind("deadline")
    assert "还有" in near[0].message
    missed = run_checks(draft, timezone.make_aware(datetime(2031, 4, 3))).by_kind("deadline")
    assert "已超过法定发布期限" in missed[0].message
    assert run_checks(draft, timezone.make_aware(datetime(2030, 12, 1))).by_kind("deadline") == []


def test_missed_deadline_recorded_once_by_scheduled_run(draft):
    later = timezone.make_aware(datetime(2031, 4, 2))
    workflow.publish_due(later)
    workflow.publish_due(later)
    assert draft.workflow_events.filter(action=WorkflowAction.DEADLINE_MISSED).count() == 1


def test_start_next_year_clones_outline_and_expected_figures(seed_report, editor):
    draft = start_next_year(seed_report, editor)
    assert draft.year == 2018 and draft.status == "draft"
    assert draft.title == "五常市2018年度法治政府建设情况报告"
    old = Section.objects.filter(report=seed_report).in_document_order()
    new = Section.objects.filter(report=draft).in_document_order()
    assert [(s.level, s.number, s.title) for s in old] == [
        (s.level, s.number, s.title) for s in new
    ]
    assert all(s.needs_text for s in new)
    assert not IndicatorValue.objects.filter(report=draft).exists()
    assert (
        ExpectedFigure.objects.filter(report=draft).count()
        == IndicatorValue.objects.filter(report=seed_report).count()
    )
    # The expected figures sit in the copied sections, not last year's.
    assert not ExpectedFigure.objects.filter(report=draft, section__report=seed_report).exists()
    # Sections still carrying last year's text block publishing without a note.
    assert run_checks(draft).by_kind("text")


def test_start_next_year_refuses_existing_year_and_needs_permission(seed_report, editor, reviewer):
    with pytest.raises(NotAllowed):
        start_next_year(seed_report, reviewer)
    start_next_year(seed_report, editor)
    with pytest.raises(CloneError):
        start_next_year(seed_report, editor)
    assert AnnualReport.objects.filter(year=2018).count() == 1
