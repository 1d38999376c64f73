"""Checks that see what is missing: 落款, duty marks, units against last year, unrecorded numbers."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.models import IndicatorDefinition, IndicatorValue, Section
from reports.services import workflow
from reports.services.checks import run_checks

from ..factories import make_definition, make_report, make_section

pytestmark = pytest.mark.django_db


def report_url(report, anchor=""):
    url = reverse("admin:reports_annualreport_change", args=[report.pk])
    return f"{url}#{anchor}" if anchor else url


def test_empty_closing_is_an_error_linking_to_the_field(draft):
    draft.closing = "  \n"
    draft.save()
    issues = [i for i in run_checks(draft).blocking if "落款" in i.message]
    assert len(issues) == 1
    assert issues[0].url == report_url(draft, "id_closing")
    draft.closing = "测试市人民政府\n2031年3月1日"
    draft.save()
    assert not [i for i in run_checks(draft).issues if "落款" in i.message]


def test_empty_closing_blocks_publishing_without_a_note(draft, editor, reviewer, org_code):
    draft.closing = ""
    draft.save()
    workflow.submit(draft, editor)
    now = timezone.make_aware(datetime(2031, 3, 1))
    with pytest.raises(workflow.ChecksFailed) as failure:
        workflow.publish(draft, reviewer, now=now)
    assert any("落款为空" in issue.message for issue in failure.value.issues)
    workflow.publish(draft, reviewer, "落款随文件另行印发", now=now)
    draft.refresh_from_db()
    assert draft.status == "published"


def test_seed_page_no_longer_says_all_passed(client, reviewer, seed_report):
    """The seed's 落款 is empty and no section carries a duty mark: both are named, with links."""
    client.force_login(reviewer)
    page = client.get(report_url(seed_report)).content.decode()
    assert "均已通过" not in page
    assert "落款为空" in page
    assert f'href="{report_url(seed_report, "id_closing")}"' in page
    assert "没有章节标注对应督察规定事项" in page
    assert f'href="{report_url(seed_report, "outline")}"' in page


def test_missing_duty_item_links_to_the_outline(draft):
    Section.objects.filter(report=draft, duty_item="leaders").update(duty_item="")
    [issue] = run_checks(draft).by_kind("completeness")
    assert issue.level == "error" and issue.url == report_url(draft, "outline")


def test_report_before_2019_with_one_duty_mark_has_no_duty_warning(db):
    report = make_report(2018, closing="测试市人民政府")
    make_section(report)
    assert any("督察规定" in i.message for i in run_checks(report).issues)
    Section.objects.filter(report=report).update(duty_item="measures")
    assert not any("督察规定" in i.message for i in run_checks(report).issues)


@pytest.fixture
def two_years(db):
    last = make_report(2029, status="published", closing="测试市人民政府")
    this = make_report(2030, closing="测试市人民政府")
    return last, this


def test_unit_changed_on_the_indicator_since_last_year(two_years):
    last, this = two_years
    definition = make_definition("test.cases", "测试案件", "件")
    IndicatorValue.objects.create(report=last, definition=definition, value=12, source_text="12件")
    IndicatorDefinition.objects.filter(pk=definition.pk).update(unit="起")
    value = IndicatorValue.objects.create(
        report=this, definition=definition, value=15, source_text="15起"
    )
    [issue] = run_checks(this).by_kind("units")
    assert "测试案件" in issue.message and "12件" in issue.message and "15起" in issue.message
    assert issue.url == reverse("admin:reports_indicatorvalue_change", args=[value.pk])


def test_unit_differs_from_an_indicator_of_the_same_name_last_year(two_years):
    last, this = two_years
    old = make_definition("test.cases", "测试案件", "件")
    new = make_definition("test.cases-2", "测试案件", "起")
    IndicatorValue.objects.create(report=last, definition=old, value=12)
    IndicatorValue.objects.create(report=this, definition=new, value=15)
    [issue] = run_checks(this).by_kind("units")
    assert "上年12件" in issue.message and "本年15起" in issue.message


def test_same_unit_as_last_year_is_not_reported(two_years):
    last, this = two_years
    definition = make_definition()
    IndicatorValue.objects.create(report=last, definition=definition, value=12, source_text="12件")
    IndicatorValue.objects.create(report=this, definition=definition, value=15, source_text="15件")
    assert run_checks(this).by_kind("units") == []


def test_numbers_in_text_not_recorded_as_figures(draft):
    section = Section.objects.filter(report=draft, duty_item="measures").get()
    section.body = "全年办理测试案件12件,培训执法人员300余人次。"
    section.save()
    IndicatorValue.objects.create(
        report=draft,
        definition=make_definition(),
        section=section,
        value=12,
        source_text="12件",
        sentence="全年办理测试案件12件,培训执法人员300余人次。",
    )
    [issue] = run_checks(draft).by_kind("figures")
    assert "300余人次" in issue.message and "12件" not in issue.message
    assert issue.level == "warning"
    assert issue.url == reverse("admin:reports_section_change", args=[section.pk])
    # Last year's words (待更新正文) are listed by the completeness check, not number by number.
    Section.objects.filter(pk=section.pk).update(needs_text=True)
    assert run_checks(draft).by_kind("figures") == []


def _grow(report, last_year, chapters):
    """More sections with numbers in their text, departments, and figures in both years."""
    definition = IndicatorDefinition.objects.get(code="test.cases")
    for position in range(10 + chapters, 10 + 2 * chapters):
        section = make_section(
            report, position=position, title=f"测试章节{position}", body=f"培训{position}人次。"
        )
        department = section.departments.create(name=f"测试局{position}")
        for year_report in (report, last_year):
            IndicatorValue.objects.create(
                report=year_report,
                definition=definition,
                department=department,
                section=section if year_report == report else None,
                value=position,
                source_text=f"{position}件",
            )


def test_checks_run_in_a_constant_number_of_queries(draft):
    last_year = make_report(2029, status="published")
    make_definition()
    _grow(draft, last_year, 2)
    with CaptureQueriesContext(connection) as small:
        small_result = run_checks(draft)
    _grow(draft, last_year, 25)
    with CaptureQueriesContext(connection) as large:
        large_result = run_checks(draft)
    assert len(large_result.by_kind("figures")) > len(small_result.by_kind("figures"))
    assert len(large.captured_queries) == len(small.captured_queries)
