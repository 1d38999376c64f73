"""The 年度工作台 on the admin's start page: each year's state, and each role's buttons."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports.admin.workbench import workbench_cards
from reports.models import ExpectedFigure, Section, WorkflowAction
from reports.services.events import log_event

from ..factories import make_definition, make_department, make_report, make_section, make_value

pytestmark = pytest.mark.django_db

INDEX = "/admin/"


def card_html(client, year) -> str:
    text = client.get(INDEX).content.decode()
    start = text.index(f'id="year-{year}"')
    return text[start : text.index("</article>", start)]


def test_editor_sees_the_draft_year_with_what_is_left_to_do(client, editor, draft):
    stale = Section.objects.filter(report=draft).first()
    stale.needs_text = True
    stale.save()
    definition = make_definition()
    department = make_department("测试局")
    ExpectedFigure.objects.create(report=draft, definition=definition, department=department)
    log_event(draft, WorkflowAction.SUBMIT, user=editor, from_status="draft", comment="")
    client.force_login(editor)
    card = card_html(client, 2030)
    assert "年度工作台" in client.get(INDEX).content.decode()
    assert "草稿" in card
    assert "待更新正文" in card and "1个章节" in card
    assert f"/admin/reports/section/{stale.pk}/change/" in card  # the stale-text check links it
    assert "测试局" in card and "测试案件" in card  # expected figure not yet supplied
    assert "(editor)" in card  # the last workflow event and who
    assert "提交审核" in card and "采集表" in card and "草稿PDF" in card
    assert "审核发布" not in card and "撤回" not in card


def test_a_supplied_figure_is_no_longer_missing(client, editor, draft):
    definition = make_definition()
    department = make_department("测试局")
    ExpectedFigure.objects.create(report=draft, definition=definition, department=department)
    make_value(draft, definition, department=department)
    client.force_login(editor)
    assert "测试案件" not in card_html(client, 2030)


def test_reviewer_sees_publish_and_withdraw_but_not_submit(client, reviewer):
    make_report(2030, status="review")
    make_report(2029, status="published", index_number="TEST-ORG/2030-00001")
    client.force_login(reviewer)
    in_review = card_html(client, 2030)
    assert "审核发布" in in_review and "退回修改" in in_review and "提交审核" not in in_review
    published = card_html(client, 2029)
    assert "撤回…" in published and "公开页面" in published and "公开PDF" in published
    assert "草稿PDF" not in published and "TEST-ORG/2030-00001" in published


def test_published_without_index_number_says_it_was_imported(client, reviewer):
    make_report(2017, status="published")
    client.force_login(reviewer)
    assert "按网站已发布文本导入" in card_html(client, 2017)


def test_deadline_turns_red_within_the_warning_days(editor, settings):
    settings.REPORTS_DEADLINE_WARNING_DAYS = 30
    make_report(2030)
    early = workbench_cards(editor, timezone.make_aware(datetime(2031, 1, 10)))[0]
    late = workbench_cards(editor, timezone.make_aware(datetime(2031, 3, 20)))[0]
    assert (early.days_left, early.deadline_warning) == (81, False)
    assert (late.days_left, late.deadline_warning) == (12, True)


def test_staff_without_role_see_no_workbench(client, outsider, draft):
    client.force_login(outsider)
    text = client.get(INDEX).content.decode()
    assert "年度工作台" not in text and "2030年度" not in text


def add_year(year, sections):
    report = make_report(year)
    definition = make_definition(code=f"test.{year}", name=f"测试指标{year}")
    for position in range(1, sections + 1):
        section = make_section(report, position=position, number=f"{position}.", title="测试")
        section.needs_text = position % 2 == 0
        section.save()
        make_value(
            report, definition, section=section, department=make_department(f"局{year}-{position}")
        )
    log_event(report, WorkflowAction.SUBMIT, from_status="draft")
    return report


def test_the_workbench_needs_the_same_queries_for_many_years_and_large_reports(
    client, administrator, django_assert_max_num_queries
):
    client.force_login(administrator)
    add_year(2030, sections=1)
    client.get(INDEX)  # sessions, permissions: cached after the first page
    with CaptureQueriesContext(connection) as one_small_year:
        assert client.get(INDEX).status_code == 200
    small = len(one_small_year)  # now: the next request empties the query log
    for year in range(2020, 2030):
        add_year(year, sections=25)
    client.get(INDEX)  # the session notes the staff's activity at most once a minute
    with django_assert_max_num_queries(small):
        text = client.get(INDEX).content.decode()
    assert text.count('class="year-card') == 11


def test_the_headline_tells_failed_checks_from_those_to_note(client, editor, draft, monkeypatch):
    from reports.admin import workbench
    from reports.services.checks import CheckIssue, CheckResult

    def synthetic_checks(levels):
        issues = [CheckIssue("text", level, f"合成校验{n}") for n, level in enumerate(levels)]
        monkeypatch.setattr(
            workbench, "run_checks_for", lambda reports, now: {draft.pk: CheckResult(issues)}
        )

    client.force_login(editor)
    synthetic_checks(["error", "warning", "warning", "info"])
    html = card_html(client, 2030)
    assert "1项校验未通过" in html and "3项需注意" in html
    assert "未通过或需注意" not in html
    synthetic_checks(["warning"])
    html = card_html(client, 2030)
    assert "1项需注意" in html and "未通过" not in html
    synthetic_checks([])
    assert "发布前校验均已通过" in card_html(client, 2030)
