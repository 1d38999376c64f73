"""The admin's pages and actions enforce the roles, not only by hiding buttons."""

import re
from pathlib import Path

import pytest

from reports.models import AnnualReport, ChangeNote, ReportStatus, Section

pytestmark = pytest.mark.django_db

SEED_TEXT = Path(__file__).resolve().parents[2] / "fixtures" / "wuchang-2017-rule-of-law-report.txt"


def change_url(report):
    return f"/admin/reports/annualreport/{report.pk}/change/"


def workflow_url(report, action):
    return f"/admin/reports/annualreport/{report.pk}/workflow/{action}/"


def test_report_page_shows_outline_checks_and_workflow(
    client, editor, draft, django_assert_max_num_queries
):
    client.force_login(editor)
    response = client.get(change_url(draft))
    text = response.content.decode()
    assert response.status_code == 200
    for expected in ("报告提纲", "发布前校验", "提交审核", "第二章第1节"):
        assert expected in text
    assert "撤回报告" not in text and 'name="publish"' not in text


def test_outline_page_queries_do_not_grow_with_sections(
    client, administrator, seed_report, django_assert_max_num_queries
):
    client.force_login(administrator)
    with django_assert_max_num_queries(
        40
    ):  # 42 sections, 60 figures: a query per row would be >100
        assert client.get(change_url(seed_report)).status_code == 200


def test_staff_without_role_cannot_open_reports(client, outsider, draft):
    client.force_login(outsider)
    assert client.get(change_url(draft)).status_code == 403
    client.post(workflow_url(draft, "submit"))
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


def test_editor_cannot_publish_or_withdraw_by_posting(client, editor, draft, org_code):
    client.force_login(editor)
    client.post(workflow_url(draft, "submit"))
    draft.refresh_from_db()
    assert draft.status == ReportStatus.REVIEW
    response = client.post(workflow_url(draft, "publish"), follow=True)
    assert "您没有发布报告的权限" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ReportStatus.REVIEW and draft.index_number is None


def test_reviewer_publishes_and_withdraws_through_the_page(
    client, editor, reviewer, draft, org_code
):
    client.force_login(editor)
    client.post(workflow_url(draft, "submit"))
    client.force_login(reviewer)
    response = client.post(workflow_url(draft, "publish"), follow=True)
    assert "报告已发布,索引号 TEST-ORG/" in response.content.decode()
    response = client.post(workflow_url(draft, "withdraw"), {"comment": ""}, follow=True)
    assert "必须填写撤回原因" in response.content.decode()
    client.post(workflow_url(draft, "withdraw"), {"comment": "数据需要更正"})
    draft.refresh_from_db()
    assert draft.status == ReportStatus.WITHDRAWN and draft.withdrawal_reason == "数据需要更正"


def test_published_report_cannot_be_deleted_even_in_bulk(client, administrator, seed_report):
    client.force_login(administrator)
    assert client.get(f"/admin/reports/annualreport/{seed_report.pk}/delete/").status_code == 403
    client.post(
        "/admin/reports/annualreport/",
        {"action": "delete_selected", "_selected_action": [seed_report.pk], "post": "yes"},
    )
    assert AnnualReport.objects.filter(pk=seed_report.pk).exists()
    section = Section.objects.filter(report=seed_report).first()
    assert client.get(f"/admin/reports/section/{section.pk}/delete/").status_code == 403


def test_published_section_edit_needs_note_and_editor_cannot_edit(
    client, editor, reviewer, seed_report
):
    section = Section.objects.filter(report=seed_report, parent=None).first()
    url = f"/admin/reports/section/{section.pk}/change/"
    data = {
        "number": section.number,
        "number_style": section.number_style,
        "title": section.title + "(修订)",
        "body": section.body,
        "duty_item": "",
        "indicator_values-TOTAL_FORMS": "0",
        "indicator_values-INITIAL_FORMS": "0",
    }
    client.force_login(editor)
    client.post(url, data)
    section.refresh_from_db()
    assert not section.title.endswith("(修订)")
    client.force_login(reviewer)
    response = client.post(url, data)
    assert "必须填写更新说明" in response.content.decode()
    client.post(url, {**data, "change_note": "更正第一部分标题"})
    section.refresh_from_db()
    assert section.title.endswith("(修订)")
    assert ChangeNote.objects.filter(
        report=seed_report, note="更正第一部分标题", created_by=reviewer
    ).exists()


def test_revert_from_history_needs_change_permission(client, editor, reviewer, seed_report):
    section = Section.objects.filter(report=seed_report, parent=None).first()
    original = section.title
    section.title = "临时标题"
    section._change_reason = "test"
    section.save()
    version = section.history.filter(title=original).first()
    url = f"/admin/reports/section/{section.pk}/history/{version.history_id}/"
    data = {
        "number": section.number,
        "number_style": section.number_style,
        "title": original,
        "body": section.body,
    }
    client.force_login(editor)
    assert client.post(url, data).status_code == 403
    section.refresh_from_db()
    assert section.title == "临时标题"
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    client.post(url, {**data, "change_note": "恢复原标题"})
    section.refresh_from_db()
    assert section.title == original


def test_history_shows_who_changed_a_figure(client, administrator, draft, seed_report):
    client.force_login(administrator)
    value = seed_report.values.first()
    url = f"/admin/reports/indicatorvalue/{value.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    history = client.get(f"/admin/reports/indicatorvalue/{value.pk}/history/")
    assert history.status_code == 200
    # Every column header is in Chinese (simple-history leaves "Changes" untranslated).
    text = history.content.decode()
    assert "变更内容" in text and ">Changes<" not in text


def test_outline_operation_refused_for_editor_on_published_report(client, editor, seed_report):
    first = Section.objects.filter(report=seed_report, parent=None).order_by("position").first()
    client.force_login(editor)
    response = client.post(
        f"/admin/reports/annualreport/{seed_report.pk}/outline/",
        {"op": f"down:{first.pk}", "change_note": "x"},
        follow=True,
    )
    assert "没有修改已发布报告的权限" in response.content.decode()
    first.refresh_from_db()
    assert first.position == 1


def test_move_under_descendant_shows_message(client, editor, draft):
    chapter = Section.objects.get(report=draft, title="第一章")
    child = Section.objects.get(report=draft, title="第一章第1节")
    client.force_login(editor)
    response = client.post(
        f"/admin/reports/annualreport/{draft.pk}/sections/{chapter.pk}/move/",
        {"parent": child.pk, "position": 1},
    )
    assert "不能移到它自己或它的下级章节之下" in response.content.decode()
    chapter.refresh_from_db()
    assert chapter.parent_id is None


def test_create_draft_from_pasted_text(client, editor, reviewer):
    text = SEED_TEXT.read_text(encoding="utf-8")
    client.force_login(reviewer)
    assert client.get("/admin/reports/annualreport/import-text/").status_code == 403
    client.force_login(editor)
    parsed = client.post("/admin/reports/annualreport/import-text/", {"text": text})
    page = parsed.content.decode()
    assert "识别结果" in page and "3万余人次" in page
    token = re.search(r'name="upload" value="([^"]+)"', page)[1]
    fields = {
        "upload": token,
        "create": "1",
        "year": 2017,
        "title": "五常市2017年度法治政府建设情况报告",
        "government": "五常市人民政府",
        "issuing_office": "市政府法制办",
    }
    response = client.post("/admin/reports/annualreport/import-text/", fields)
    assert response.status_code == 302
    report = AnnualReport.objects.get(year=2017)
    assert report.status == ReportStatus.DRAFT and report.sections.count() > 30
    again = client.post("/admin/reports/annualreport/import-text/", {"text": text})
    token = re.search(r'name="upload" value="([^"]+)"', again.content.decode())[1]
    again = client.post(
        "/admin/reports/annualreport/import-text/", {**fields, "upload": token, "title": "重复"}
    )
    assert (
        "该年度已有报告" in again.content.decode() or "2017年度已有报告" in again.content.decode()
    )


def test_collection_sheet_needs_export_permission(client, editor, outsider, draft):
    client.force_login(outsider)
    assert (
        client.get(f"/admin/reports/annualreport/{draft.pk}/collection-sheet/").status_code == 403
    )
    client.force_login(editor)
    response = client.get(f"/admin/reports/annualreport/{draft.pk}/collection-sheet/")
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_duplicate_year_refused_in_add_form(client, editor, draft):
    client.force_login(editor)
    response = client.post(
        "/admin/reports/annualreport/add/",
        {
            "year": 2030,
            "title": "重复",
            "government": "x",
            "issuing_office": "y",
            "change_notes-TOTAL_FORMS": "0",
            "change_notes-INITIAL_FORMS": "0",
        },
    )
    assert "该年度已有报告" in response.content.decode()


def test_figure_form_refuses_bad_values(client, editor, draft, seed_report):
    from reports.models import IndicatorDefinition

    client.force_login(editor)
    definition = IndicatorDefinition.objects.get(code="review.applications")
    data = {
        "report": draft.pk,
        "definition": definition.pk,
        "value": "-1",
        "qualifier": "exact",
        "source_text": "5人",
    }
    response = client.post("/admin/reports/indicatorvalue/add/", data)
    text = response.content.decode()
    assert "数值不能为负数" in text
    assert "原文数字“5人”的单位与指标的单位“件”不一致" in text
    assert not draft.values.exists()


def test_adding_a_figure_to_a_published_report_needs_a_note(client, reviewer, seed_report):
    from reports.models import IndicatorDefinition

    client.force_login(reviewer)
    definition = IndicatorDefinition.objects.get(code="training.leader-sessions")
    data = {
        "report": seed_report.pk,
        "definition": definition.pk,
        "value": "2",
        "qualifier": "exact",
        "department": "",
    }
    seed_report.values.filter(definition=definition).delete()
    response = client.post("/admin/reports/indicatorvalue/add/", data)
    assert "必须填写更新说明" in response.content.decode()
    response = client.post(
        "/admin/reports/indicatorvalue/add/", {**data, "change_note": "补充培训次数"}
    )
    assert response.status_code == 302
    assert ChangeNote.objects.filter(report=seed_report, note="补充培训次数").exists()
    value = seed_report.values.get(definition=definition)
    assert value.history.first().history_change_reason == "补充培训次数"


def test_rewriting_a_copied_section_clears_needs_text(client, editor, seed_report):
    from reports.services.clone import start_next_year

    draft = start_next_year(seed_report, editor)
    section = Section.objects.filter(report=draft, parent=None).first()
    client.force_login(editor)
    data = {
        "number": section.number,
        "number_style": section.number_style,
        "title": section.title,
        "body": "2018年的新文字。",
        "duty_item": "",
        "needs_text": "on",
        "indicator_values-TOTAL_FORMS": "0",
        "indicator_values-INITIAL_FORMS": "0",
    }
    assert client.post(f"/admin/reports/section/{section.pk}/change/", data).status_code == 302
    section.refresh_from_db()
    assert section.body == "2018年的新文字。" and section.needs_text is False


def test_published_report_read_only_for_an_editor_asks_no_change_note(client, editor, seed_report):
    """An editor may look at a published report but not change it: no note fields to fill."""
    client.force_login(editor)
    response = client.get(f"/admin/reports/annualreport/{seed_report.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "法治政府建设年度报告 管理后台" in html
    assert "Change note" not in html
    assert 'name="change_note"' not in html


def test_uploaded_report_text_over_the_size_limit_is_refused(client, editor, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    client.force_login(editor)
    upload = SimpleUploadedFile("report.txt", ("一、测试章节\n" * 50).encode("utf-8"))
    response = client.post("/admin/reports/annualreport/import-text/", {"file": upload})
    assert response.status_code == 200
    assert "文件过大" in response.content.decode()
    assert not AnnualReport.objects.exists()
