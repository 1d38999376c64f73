"""report_changed tells the cache and the PDF once per transaction, and never loses a change."""

import pytest
from django.db import transaction

from reports.signals import report_changed

from ..factories import make_report, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    received = []

    def listener(sender, report=None, **kwargs):
        received.append(report.pk if report is not None else None)

    report_changed.connect(listener, dispatch_uid="test-listener")
    yield received
    report_changed.disconnect(dispatch_uid="test-listener")


def test_many_rows_written_in_one_transaction_are_announced_once(
    heard, django_capture_on_commit_callbacks
):
    report = make_report()
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for position in range(1, 21):
                make_section(report, position=position, number=f"{position}.")
            report.title = "测试市2030年度法治政府建设情况报告(修订)"
            report.save()
    assert heard == [report.pk]


def test_a_rolled_back_savepoint_does_not_swallow_a_later_change(
    heard, django_capture_on_commit_callbacks
):
    report = make_report()
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    make_section(report, position=1)
                    raise RuntimeError("abandoned edit")
            except RuntimeError:
                pass
            make_section(report, position=1, title="保留的章节")
    assert heard == [report.pk]


def test_a_section_edit_marks_the_report_updated(django_capture_on_commit_callbacks):
    report = make_report()
    before = report.updated_at
    section = make_section(report)
    section.body = "新的正文"
    section.save()
    report.refresh_from_db()
    assert report.updated_at > before
