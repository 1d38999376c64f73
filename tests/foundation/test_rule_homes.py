"""Rules that hold of a row, checked by the model itself; statuses named once."""

import pytest
from django.core.exceptions import ValidationError

from reports.models import PUBLIC_STATUSES, AnnualReport, ReportStatus
from reports.services.permissions import needs_change_note
from reports.services.workflow import allowed_steps

from ..factories import make_definition, make_report, make_section, make_user, make_value

pytestmark = pytest.mark.django_db


def test_a_value_is_stated_in_its_indicators_unit():
    report = make_report()
    value = make_value(report, make_definition(unit="件"))
    value.source_text = "5人"
    with pytest.raises(ValidationError) as error:
        value.full_clean()
    assert "原文数字“5人”的单位与指标的单位“件”不一致" in str(error.value)
    value.source_text = "5件"
    value.full_clean()


def test_a_section_cannot_move_under_itself():
    report = make_report()
    top = make_section(report)
    child = make_section(report, parent=top, number="(一)")
    top.parent = child
    with pytest.raises(ValidationError):
        top.clean()


@pytest.mark.parametrize("status", ReportStatus.values)
def test_published_or_withdrawn_is_one_definition(status):
    report = make_report(status=status)
    seen = status in (ReportStatus.PUBLISHED, ReportStatus.WITHDRAWN)
    assert report.is_public is seen
    assert needs_change_note(report) is seen
    assert AnnualReport.objects.public().filter(pk=report.pk).exists() is seen
    assert set(PUBLIC_STATUSES) == {ReportStatus.PUBLISHED, ReportStatus.WITHDRAWN}


def test_the_steps_a_user_may_take_follow_role_and_status():
    editor = make_user("editor", "录入员")
    reviewer = make_user("reviewer", "审核员")
    draft = make_report(status=ReportStatus.DRAFT)
    in_review = make_report(2031, status=ReportStatus.REVIEW)
    published = make_report(2032, status=ReportStatus.PUBLISHED)
    assert allowed_steps(draft, editor) == {"submit"}
    assert allowed_steps(in_review, editor) == set()
    assert allowed_steps(in_review, reviewer) == {"publish", "schedule", "send_back"}
    assert allowed_steps(published, reviewer) >= {"withdraw"}


def test_a_year_of_no_report_is_not_found():
    from django.http import Http404

    make_report(2030, status=ReportStatus.DRAFT)
    with pytest.raises(Http404):
        AnnualReport.objects.published().of_year(2030)
    assert AnnualReport.objects.of_year(2030).year == 2030
