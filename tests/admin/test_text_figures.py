"""Numbers in a draft's text recorded as indicator values, once staff choose the indicator."""

from decimal import Decimal

import pytest

from reports.models import ExpectedFigure, IndicatorValue
from reports.services.permissions import NotAllowed
from reports.services.text_figures import (
    FigureChoice,
    TextFiguresError,
    record_text_figures,
    text_figures,
)
from tests.factories import make_definition, make_section

pytestmark = pytest.mark.django_db

BODY = "全年受理测试案件12件,办结近10件;培训测试人员300余人次。"


@pytest.fixture
def text_draft(draft):
    section = draft.sections.get(title="第一章第1节")
    section.body = BODY
    section.save()
    return draft


@pytest.fixture
def cases():
    return make_definition()


def url(report):
    return f"/admin/reports/annualreport/{report.pk}/text-figures/"


def test_every_number_with_a_unit_is_listed_with_its_sentence(client, editor, text_draft, cases):
    ExpectedFigure.objects.create(
        report=text_draft, definition=cases, section=text_draft.sections.get(title="第一章第1节")
    )
    client.force_login(editor)
    page = client.get(url(text_draft)).content.decode()
    assert [item.figure.source_text for item in text_figures(text_draft)] == [
        "12件",
        "近10件",
        "300余人次",
    ]
    assert "全年受理测试案件12件" in page and "近10件" in page
    # The expected figure of that section is suggested for its first number with the same unit.
    assert f'<option value="{cases.pk}" selected>测试案件(件)</option>' in page
    assert page.count(" selected>测试案件") == 1
    # Text copied from last year and not yet rewritten holds last year's numbers: no suggestion.
    text_draft.sections.filter(title="第一章第1节").update(needs_text=True)
    assert not any(item.suggested for item in text_figures(text_draft))


def test_chosen_numbers_are_recorded_and_then_shown_as_recorded(client, editor, text_draft, cases):
    client.force_login(editor)
    items = text_figures(text_draft)
    other = make_definition(code="test.closed", name="测试办结", unit="件")
    response = client.post(
        url(text_draft),
        {f"definition-{items[0].key}": cases.pk, f"definition-{items[1].key}": other.pk},
        follow=True,
    )
    assert "已记录2个指标数值" in response.content.decode()
    recorded = IndicatorValue.objects.filter(report=text_draft)
    twelve, nearly_ten = recorded.get(definition=cases), recorded.get(definition=other)
    assert (twelve.value, twelve.qualifier) == (Decimal(12), "exact")
    assert (nearly_ten.value, nearly_ten.qualifier, nearly_ten.source_text) == (
        Decimal(10),
        "nearly",
        "近10件",
    )
    assert nearly_ten.sentence == "全年受理测试案件12件,办结近10件;"
    assert nearly_ten.section.title == "第一章第1节"
    assert [bool(item.recorded) for item in text_figures(text_draft)] == [True, True, False]
    assert "已记录:" in client.get(url(text_draft)).content.decode()


def test_a_wrong_row_writes_nothing_and_says_which(editor, text_draft, cases):
    items = text_figures(text_draft)
    choices = [
        FigureChoice(items[0].key, cases.pk, None),
        FigureChoice(items[1].key, cases.pk, None),  # the same indicator twice
        FigureChoice(items[2].key, cases.pk, None),  # 人次 is not 件
    ]
    with pytest.raises(TextFiguresError) as error:
        record_text_figures(text_draft, choices, editor)
    problems = error.value.problems
    assert set(problems) == {items[1].key, items[2].key}
    assert "该指标已有数值" in problems[items[1].key]
    assert "人次”的单位与指标的单位“件”不一致" in problems[items[2].key]
    assert not IndicatorValue.objects.filter(report=text_draft).exists()


def test_the_page_names_the_problem_beside_the_number(client, editor, text_draft, cases):
    client.force_login(editor)
    items = text_figures(text_draft)
    response = client.post(url(text_draft), {f"definition-{items[2].key}": cases.pk})
    page = response.content.decode()
    assert "全部未保存" in page and "人次”的单位与指标的单位“件”不一致" in page
    assert not IndicatorValue.objects.exists()


def test_published_reports_and_outsiders_are_refused(
    client, editor, reviewer, outsider, seed_report
):
    assert all(item.recorded for item in text_figures(seed_report))  # the seed's 59 numbers
    with pytest.raises(NotAllowed):
        record_text_figures(seed_report, [], reviewer)
    client.force_login(reviewer)
    response = client.get(url(seed_report), follow=True)
    assert "报告已公开,请逐项修改指标数值并填写更新说明" in response.content.decode()
    client.force_login(editor)
    response = client.get(url(seed_report), follow=True)
    assert "您没有修改已发布报告的权限" in response.content.decode()
    client.force_login(outsider)
    assert client.get(url(seed_report)).status_code == 403


def test_text_is_escaped(client, editor, draft):
    make_section(draft, position=9, number="九、", title="测试", body="<script>x()</script>共5件。")
    make_definition()
    client.force_login(editor)
    page = client.get(url(draft)).content.decode()
    assert "<script>x()" not in page and "&lt;script&gt;x()" in page


def test_a_number_gone_from_the_text_meanwhile_is_named_and_nothing_written(
    client, editor, text_draft, cases
):
    client.force_login(editor)
    (first, *_rest) = text_figures(text_draft)
    section = text_draft.sections.get(title="第一章第1节")
    section.body = "全年受理测试案件若干。"  # edited in another tab after the page was opened
    section.save()
    response = client.post(url(text_draft), {f"definition-{first.key}": cases.pk})
    assert "正文已修改,这个数字已不在原处" in response.content.decode()
    assert not IndicatorValue.objects.exists()
