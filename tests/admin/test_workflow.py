"""Workflow services: who may move a report on, 索引号, 发布时间, change notes, schedules."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reports.models import AnnualReport, ChangeNote, ReportStatus, WorkflowAction
from reports.services import workflow
from reports.services.change_notes import ChangeNoteRequired, record_change
from reports.services.permissions import NotAllowed

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime(year, month, day, hour))


def test_editor_submits_but_cannot_publish(draft, editor, org_code):
    workflow.submit(draft, editor)
    with pytest.raises(NotAllowed):
        workflow.publish(draft, editor)
    draft.refresh_from_db()
    assert draft.status == ReportStatus.REVIEW


def test_reviewer_cannot_submit_an_editors_draft_for_them(draft, reviewer):
    with pytest.raises(NotAllowed):
        workflow.submit(draft, reviewer)


def test_publish_stamps_time_and_index_number_that_never_changes(draft, editor, reviewer, org_code):
    workflow.submit(draft, editor)
    now = at(2031, 3, 1)
    report = workflow.publish(draft, reviewer, now=now)
    assert report.status == ReportStatus.PUBLISHED
    assert report.published_at == now
    assert report.index_number == "TEST-ORG/2031-00001"
    report.index_number = "TEST-ORG/2031-00002"
    with pytest.raises(ValidationError):
        report.save()
    # Withdrawn and published again: same 索引号, same 发布时间.
    workflow.withdraw(report, reviewer, "数据有误")
    workflow.send_back(report, reviewer, "更正数据")
    workflow.submit(report, editor)
    again = workflow.publish(report, reviewer, now=at(2031, 3, 20))
    assert again.index_number == "TEST-ORG/2031-00001"
    assert again.published_at == now


def test_publish_keeps_date_of_report_published_elsewhere(draft, editor, reviewer, org_code):
    original = at(2031, 1, 15)
    AnnualReport.objects.filter(pk=draft.pk).update(published_at=original)
    workflow.submit(draft, editor)
    report = workflow.publish(draft, reviewer, now=at(2031, 2, 1))
    assert report.published_at == original
    assert report.index_number == "TEST-ORG/2031-00001"


def test_publish_refused_without_org_code(draft, editor, reviewer, settings):
    settings.REPORTS_ORG_CODE = ""
    workflow.submit(draft, editor)
    with pytest.raises(workflow.WorkflowError, match="REPORTS_ORG_CODE"):
        workflow.publish(draft, reviewer, now=at(2031, 3, 1))
    draft.refresh_from_db()
    assert draft.status == ReportStatus.REVIEW and draft.index_number is None


def test_send_back_needs_comment_and_keeps_it(draft, editor, reviewer):
    workflow.submit(draft, editor)
    with pytest.raises(workflow.WorkflowError):
        workflow.send_back(draft, reviewer, "  ")
    with pytest.raises(NotAllowed):
        workflow.send_back(draft, editor, "自己退回")
    report = workflow.send_back(draft, reviewer, "第二章数据需要核对")
    assert report.status == ReportStatus.DRAFT
    event = report.workflow_events.first()
    assert event.action == WorkflowAction.SEND_BACK and event.comment == "第二章数据需要核对"
    assert event.user == reviewer


def test_withdraw_needs_reason_and_permission(draft, editor, reviewer, org_code):
    workflow.submit(draft, editor)
    workflow.publish(draft, reviewer, now=at(2031, 3, 1))
    with pytest.raises(NotAllowed):
        workflow.withdraw(draft, editor, "原因")
    with pytest.raises(workflow.WorkflowError):
        workflow.withdraw(draft, reviewer, "")
    report = workflow.withdraw(draft, reviewer, "发现重大错误")
    assert report.status == ReportStatus.WITHDRAWN
    assert report.withdrawal_reason == "发现重大错误"


def test_publishing_after_deadline_is_recorded(draft, editor, reviewer, org_code):
    workflow.submit(draft, editor)
    workflow.publish(draft, reviewer, now=at(2031, 4, 2))
    assert draft.workflow_events.filter(action=WorkflowAction.DEADLINE_MISSED).count() == 1


def test_scheduled_publication_runs_when_due(draft, editor, reviewer, org_code):
    workflow.submit(draft, editor)
    when = timezone.now() + timedelta(hours=2)
    workflow.schedule(draft, reviewer, when)
    published, failed = workflow.publish_due(now=when - timedelta(minutes=1))
    assert published == [] and failed == []
    published, failed = workflow.publish_due(now=when + timedelta(minutes=1))
    assert [r.pk for r in published] == [draft.pk]
    draft.refresh_from_db()
    assert draft.status == ReportStatus.PUBLISHED and draft.scheduled_publish_at is None


def test_schedule_needs_publish_permission_and_a_future_time(draft, editor, reviewer):
    workflow.submit(draft, editor)
    with pytest.raises(NotAllowed):
        workflow.schedule(draft, editor, timezone.now() + timedelta(days=1))
    with pytest.raises(workflow.WorkflowError):
        workflow.schedule(draft, reviewer, timezone.now() - timedelta(minutes=1))


def test_change_note_required_for_published_report(seed_report, reviewer):
    with pytest.raises(ChangeNoteRequired):
        record_change(seed_report, "", user=reviewer)
    note = record_change(seed_report, "更正第七部分数字", is_minor=False, user=reviewer)
    assert note in ChangeNote.objects.public()
    minor = record_change(seed_report, "更正错别字", is_minor=True, user=reviewer)
    assert minor not in ChangeNote.objects.public()
