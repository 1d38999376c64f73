"""导入已发布的报告文本 in a real browser: the preview shows what went where, staff correct it."""

from pathlib import Path

import pytest

from reports.models import AnnualReport, Section

from ..conftest import make_user
from .test_office_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORPUS = Path(__file__).resolve().parents[2] / "parsing" / "corpus"


def test_staff_see_and_correct_the_reading_before_creating(browser, live_server, roles, shot):
    make_user("editor", "录入员")
    text = "工作报告\n" + (CORPUS / "04-province-office-date.txt").read_text(encoding="utf-8")
    page = log_in(browser, live_server, "editor")
    page.goto(f"{live_server.url}/admin/reports/annualreport/import-text/")
    page.fill("textarea[name=text]", text)
    page.click("input[name=parse]")
    page.wait_for_selector("text=识别结果")
    assert page.input_value("#id_government") == "示例省人民政府"
    assert page.input_value("#id_issuing_office") == "省政府办公厅"
    assert "二〇二二年三月二十五日" in page.input_value("#id_closing")
    assert page.locator("#outline-table tbody tr").count() == 9
    removed = page.locator("td.removed")
    assert removed.all_inner_texts() == ["工作报告", "省政府办公厅 2022-03-15"]
    shot(page, "text-import-preview")

    # "工作报告" is the first line of the text here, not a column name: keep it.
    page.check("input[name=keep][value='0']")
    page.click("input[name=reparse]")
    page.wait_for_selector("text=已保留")
    assert page.input_value("#id_preamble").startswith("工作报告\n")
    page.click("input[name=create]")
    page.wait_for_url("**/change/")
    report = AnnualReport.objects.get(year=2021)
    assert report.preamble.startswith("工作报告\n") and report.government == "示例省人民政府"
    assert Section.objects.filter(report=report).count() == 9

    # A web page's HTML source pasted as it is: its article, title and date are read.
    page.goto(f"{live_server.url}/admin/reports/annualreport/import-text/")
    page.fill("textarea[name=text]", (CORPUS / "14-html-page.html").read_text(encoding="utf-8"))
    page.click("input[name=parse]")
    page.wait_for_selector("text=识别结果")
    assert page.input_value("#id_title") == "示例县2022年法治政府建设年度报告"
    assert page.input_value("#id_published_at").startswith("2023-02-28T16:05")
    assert "网页正文区以外的内容" in page.inner_text("#furniture-table")
    shot(page, "text-import-html-preview")
