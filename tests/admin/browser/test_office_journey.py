"""The office's year, in a real browser: each role logs in and does its part."""

from pathlib import Path
from unittest import mock

import pytest

from reports.models import AnnualReport, ChangeNote, IndicatorValue, ReportStatus, Section
from reports.signals import report_changed

from ...factories import make_user
from ..importing import csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_TEXT = Path(__file__).resolve().parents[3] / "fixtures" / "wuchang-2017-rule-of-law-report.txt"
HEADER = ["年度", "指标代码", "单位", "部门", "数值", "限定"]


def log_in(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def upload_values(page, live_server, tmp_path, rows, name):
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows))
    page.goto(f"{live_server.url}/admin/reports/indicatorvalue/import/")
    page.set_input_files("#id_import_file", str(path))
    page.click("input[type=submit]")


def test_editor_reviewer_and_administrator_do_the_year(
    browser, live_server, roles, seed_document, settings, tmp_path, shot
):
    from reports.services.report_document import import_report_document

    settings.REPORTS_ORG_CODE = "TEST-ORG"
    # Last year's report gives the definitions and departments. Loading it is set-up, not an
    # edit: in this committing test each of its rows would otherwise re-index the portal.
    with mock.patch.object(report_changed, "send"):
        import_report_document(seed_document)
    make_user("editor", "录入员")
    make_user("reviewer", "审核员")
    make_user("boss", "管理员")

    # --- 录入员: create the draft from the text published elsewhere ------------------------
    page = log_in(browser, live_server, "editor")
    page.goto(f"{live_server.url}/admin/reports/annualreport/")
    page.click("text=导入已发布的报告文本")
    page.fill("textarea[name=text]", SEED_TEXT.read_text(encoding="utf-8"))
    page.click("input[name=parse]")
    page.wait_for_selector("text=识别结果")
    assert page.locator(".parsed-figures").count() > 10
    shot(page, "01-text-import-preview")
    page.fill("#id_year", "2030")
    page.fill("#id_title", "示例市2030年度法治政府建设情况报告")
    page.click("input[name=create]")
    page.wait_for_selector("#outline")
    report = AnnualReport.objects.get(year=2030)
    assert report.status == ReportStatus.DRAFT
    shot(page, "02-report-page")

    # Edit a section's text.
    first = Section.objects.filter(report=report, parent=None).order_by("position").first()
    page.click(f"#section-{first.pk} .outline-title a")
    page.fill("#id_body", "本年度组织领导情况(测试文字)。")
    page.click("input[name=_save]")
    first.refresh_from_db()
    assert first.body == "本年度组织领导情况(测试文字)。"

    # Move the first chapter down one place.
    page.goto(f"{live_server.url}/admin/reports/annualreport/{report.pk}/change/")
    page.click(f"button[value='down:{first.pk}']")
    page.wait_for_selector("#outline")
    first.refresh_from_db()
    assert first.position == 2

    # Import a sheet with one bad row: the error names row and column, nothing is written.
    bad = [
        HEADER,
        [2030, "review.applications", "件", "", 10, ""],
        [2030, "review.mediated", "件", "", -4, ""],
    ]
    upload_values(page, live_server, tmp_path, bad, "bad.csv")
    page.wait_for_selector("text=第3行 E列“数值”:数值不能为负数(-4)")
    shot(page, "03-import-error")
    assert not IndicatorValue.objects.filter(report=report).exists()
    good = [
        HEADER,
        [2030, "review.applications", "件", "", 10, ""],
        [2030, "review.mediated", "件", "", 4, ""],
    ]
    upload_values(page, live_server, tmp_path, good, "good.csv")
    page.wait_for_selector("text=预览:请核对后确认导入")
    shot(page, "04-import-preview")
    page.click("form[action$='process_import/'] input[type=submit]")
    page.wait_for_selector(".messagelist")
    assert IndicatorValue.objects.filter(report=report).count() == 2

    # Submit for review.
    page.goto(f"{live_server.url}/admin/reports/annualreport/{report.pk}/change/")
    page.click("button[name=submit-review]")
    page.wait_for_selector("text=已提交审核")
    report.refresh_from_db()
    assert report.status == ReportStatus.REVIEW
    page.context.close()

    # --- 审核员: publish over the failed completeness check with a note, correct, withdraw -------
    page = log_in(browser, live_server, "reviewer")
    page.goto(f"{live_server.url}/admin/reports/annualreport/{report.pk}/change/")
    page.click("button[name=publish]")
    page.wait_for_selector("text=发布前校验未通过")
    report.refresh_from_db()
    assert report.status == ReportStatus.REVIEW
    page.fill("#workflow textarea[name=override_note]", "本报告为历史报告转载,按原文发布。")
    page.click("button[name=publish]")
    page.wait_for_selector("text=报告已发布")
    shot(page, "05-published")
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and report.index_number.startswith("TEST-ORG/")

    # Edit the published report: the change note is asked for and shown publicly.
    page.click(f"#section-{first.pk} .outline-title a")
    page.fill("#id_body", "本年度组织领导情况(更正)。")
    page.click("input[name=_save]")
    page.wait_for_selector("text=必须填写更新说明")
    page.fill("#id_change_note", "更正第一部分文字")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    assert ChangeNote.objects.public().filter(report=report, note="更正第一部分文字").exists()

    page.goto(f"{live_server.url}/admin/reports/annualreport/{report.pk}/change/")
    page.click("#withdraw-link")  # withdrawing is confirmed on a page of its own
    page.fill("textarea[name=comment]", "发现数据错误,核实后重新发布")
    page.click("input[name=confirm]")
    page.wait_for_selector("text=报告已撤回")
    report.refresh_from_db()
    assert report.status == ReportStatus.WITHDRAWN
    page.context.close()

    # --- 管理员: the history of the corrected section shows who changed it -------------------
    page = log_in(browser, live_server, "boss")
    page.goto(f"{live_server.url}/admin/reports/section/{first.pk}/history/")
    assert page.locator("text=reviewer").count() >= 1
    shot(page, "06-history")
    # A withdrawn report stays on record: it cannot be deleted, even by an administrator.
    response = page.goto(f"{live_server.url}/admin/reports/annualreport/{report.pk}/delete/")
    assert response.status == 403
    page.context.close()


def test_the_next_year_from_the_workbench_to_the_timeline(
    browser, live_server, roles, seed_document, settings, tmp_path, shot
):
    """录入员 starts next year's draft on the 年度工作台, fills its figures from the collection
    sheet and rewrites its text until the checks pass, and submits; 审核员 reads what changed
    since last year, publishes and corrects with a note; 管理员 finds it in the timeline."""
    from openpyxl import load_workbook

    from reports.services.report_document import import_report_document

    settings.REPORTS_ORG_CODE = "TEST-ORG"
    with mock.patch.object(report_changed, "send"):
        import_report_document(seed_document)
    make_user("editor", "录入员")
    make_user("reviewer", "审核员")
    make_user("boss", "管理员")

    # --- 录入员 -----------------------------------------------------------------------------
    page = log_in(browser, live_server, "editor")  # the start page is the workbench
    shot(page, "10-workbench-editor")
    page.click("#year-2017 button[name=next-year]")
    page.wait_for_selector("#outline")
    draft = AnnualReport.objects.get(year=2018)
    assert draft.status == ReportStatus.DRAFT

    # The collection sheet, filled in as the departments would, comes back through the import.
    page.goto(f"{live_server.url}/admin/")
    assert page.locator("#year-2018 .check-error").count() > 0
    with page.expect_download() as download:
        page.click("#year-2018 >> text=采集表")
    download.value.save_as(tmp_path / "sheet.xlsx")
    sheet = load_workbook(tmp_path / "sheet.xlsx")
    rows = sheet.worksheets[0]
    header = [cell.value for cell in rows[1]]
    # Plainly synthetic: each department reports last year's figure again.
    last_year = {
        (value.definition.code, value.department.name if value.department else None): value
        for value in IndicatorValue.objects.filter(report__year=2017).select_related(
            "definition", "department"
        )
    }
    code, department = header.index("指标代码") + 1, header.index("部门") + 1
    for line in range(2, rows.max_row + 1):
        key = (rows.cell(line, code).value, rows.cell(line, department).value or None)
        before = last_year[key]
        rows.cell(line, header.index("数值") + 1).value = before.value
        rows.cell(line, header.index("区间上限") + 1).value = before.value_max
        rows.cell(line, header.index("限定") + 1).value = before.get_qualifier_display()
    filled = tmp_path / "collection-2018.xlsx"
    sheet.save(filled)
    page.goto(f"{live_server.url}/admin/reports/indicatorvalue/import/")
    page.set_input_files("#id_import_file", str(filled))
    page.click("input[type=submit]")
    page.wait_for_selector("text=预览:请核对后确认导入")
    page.click("form[action$='process_import/'] input[type=submit]")
    page.wait_for_selector(".messagelist")
    assert IndicatorValue.objects.filter(report=draft).count() == (
        IndicatorValue.objects.filter(report__year=2017).count()
    )

    # Rewrite a section beside last year's text; the office rewrites the others the same way.
    stale = Section.objects.filter(report=draft, needs_text=True).exclude(body="")
    first = stale.first()
    page.goto(f"{live_server.url}/admin/reports/section/{first.pk}/change/")
    assert page.locator("#last-year").is_visible()
    shot(page, "11-section-beside-last-year")
    page.fill("#id_body", "本年度组织领导情况(测试文字)。")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    first.refresh_from_db()
    assert not first.needs_text
    Section.objects.filter(report=draft, needs_text=True).update(needs_text=False)
    page.goto(f"{live_server.url}/admin/reports/annualreport/{draft.pk}/change/")
    page.fill("#id_closing", "测试市人民政府\n2019年3月1日")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")

    # The checks have turned green: no blocking issue left; submit from the workbench.
    page.goto(f"{live_server.url}/admin/")
    assert page.locator("#year-2018 .check-error").count() == 0
    page.click("#year-2018 button[name=submit-review]")
    page.wait_for_selector("text=已提交审核")
    draft.refresh_from_db()
    assert draft.status == ReportStatus.REVIEW
    page.context.close()

    # --- 审核员 -----------------------------------------------------------------------------
    page = log_in(browser, live_server, "reviewer")
    assert page.locator("#year-2018 button[name=submit-review]").count() == 0
    shot(page, "12-workbench-reviewer")
    page.click("#year-2018 >> text=审核发布")
    page.wait_for_selector("#workflow")
    page.click("text=与上年对比")
    page.wait_for_selector("text=本年度组织领导情况")
    shot(page, "13-since-last-year")
    page.go_back()
    page.wait_for_selector("#workflow")
    page.click("button[name=publish]")
    page.wait_for_selector("text=报告已发布")
    draft.refresh_from_db()
    assert draft.status == ReportStatus.PUBLISHED

    page.goto(f"{live_server.url}/admin/reports/section/{first.pk}/change/")
    page.fill("#id_body", "本年度组织领导情况(更正后的测试文字)。")
    page.fill("#id_change_note", "更正组织领导情况的文字")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    assert ChangeNote.objects.public().filter(report=draft, note="更正组织领导情况的文字").exists()
    page.context.close()

    # --- 管理员 -----------------------------------------------------------------------------
    page = log_in(browser, live_server, "boss")
    page.click("#year-2018 h3 a")
    page.wait_for_selector("#outline")
    page.click("text=修改记录")
    page.wait_for_selector("text=更正组织领导情况的文字")
    assert page.locator("text=reviewer").count() >= 1
    assert "None" not in page.content()
    shot(page, "14-timeline")
    page.context.close()
