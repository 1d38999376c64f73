"""Import and export polish: templates to fill in, the format from the file, the figures list,
expected figures through the service, and a clear answer to a paste that is too long."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import AnnualReport, ExpectedFigure, IndicatorValue
from reports.services import editing
from reports.services.permissions import NotAllowed

from .importing import confirm, preview

pytestmark = pytest.mark.django_db


def template_of(client, model):
    response = client.get(reverse(f"admin:reports_{model}_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def drop_down(sheet, header) -> list[str]:
    letter = next(c.column_letter for c in sheet[1] if c.value == header)
    for validation in sheet.data_validations.dataValidation:
        if any(str(r).startswith(f"{letter}2:") for r in validation.sqref.ranges):
            return validation.formula1.strip('"').split(",")
    return []


def test_value_template_marks_required_columns_and_offers_qualifiers(editor_client):
    book = template_of(editor_client, "indicatorvalue")
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert {"年度*", "指标代码*", "部门*", "数值*"} <= set(headers)
    assert "限定" in headers and "限定*" not in headers
    assert drop_down(sheet, "限定") == [
        "确数",
        "余(多于)",
        "近(接近)",
        "约",
        "区间",
        "以上(不少于)",
        "以下(不超过)",
    ]
    assert sheet.max_row == 1  # a template holds no figures
    notes = {row[0]: row[1:] for row in book["填表说明"].iter_rows(min_row=2, values_only=True)}
    assert notes["年度"][0].startswith("必填") and notes["单位"][0].startswith("仅供阅读")


def test_value_template_lists_departments_and_indicators_to_pick(editor_client, seed_report):
    book = template_of(editor_client, "indicatorvalue")
    sheet, lists = book.worksheets[0], book["可选值"]
    listed = {
        cell.value: [c.value for c in column[1:]]
        for column in lists.iter_cols()
        for cell in column[:1]
    }
    assert "市政府法制办" in listed["部门(可选值)"]
    assert "review.applications" in listed["指标代码(可选值)"]
    formulas = {
        str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation
    }
    department = next(c.column_letter for c in sheet[1] if c.value == "部门*")
    assert formulas[f"{department}2"].startswith("'可选值'!$")
    notes = {row[0]: row[2] for row in book["填表说明"].iter_rows(min_row=2, values_only=True)}
    assert "可选值" in notes["部门"] and "可选值" in notes["指标代码"]


def test_filled_template_imports(editor_client, draft_2018):
    book = template_of(editor_client, "indicatorvalue")
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    row = dict.fromkeys(headers, None)
    row.update({"年度*": 2018, "指标代码*": "review.applications", "数值*": 12, "限定": "确数"})
    sheet.append([row[h] for h in headers])
    out = io.BytesIO()
    book.save(out)
    response = preview(editor_client, "indicatorvalue", out.getvalue(), fmt="xlsx")
    assert confirm(editor_client, "indicatorvalue", response).status_code == 302
    [value] = IndicatorValue.objects.filter(report=draft_2018)
    assert value.definition.code == "review.applications" and value.value == 12


def test_department_and_indicator_templates_have_their_drop_downs(editor_client):
    departments = template_of(editor_client, "department").worksheets[0]
    assert "名称*" in [c.value for c in departments[1]]
    assert drop_down(departments, "类别")
    definitions = template_of(editor_client, "indicatordefinition").worksheets[0]
    assert drop_down(definitions, "重点指标") == ["是", "否"]


def test_import_page_names_required_columns_and_links_the_template(editor_client):
    page = editor_client.get(reverse("admin:reports_indicatorvalue_import")).content.decode()
    assert "年度、指标代码、部门、数值" in page
    assert reverse("admin:reports_indicatorvalue_import_template") in page


def test_template_needs_the_import_permission(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("admin:reports_indicatorvalue_import_template"))
    assert response.status_code == 403


ODS_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
    '<office:body><office:spreadsheet><table:table table:name="数据">{rows}</table:table>'
    "</office:spreadsheet></office:body></office:document-content>"
)


def ods_cell(value="", span_rows=1, repeat=1):
    attrs = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if span_rows > 1:
        attrs += f' table:number-rows-spanned="{span_rows}"'
    if isinstance(value, int):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}"{attrs}>'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if not value:
        return f"<table:table-cell{attrs}/>"
    return f'<table:table-cell office:value-type="string"{attrs}><text:p>{value}</text:p></table:table-cell>'


def ods_bytes(rows: str) -> bytes:
    """An .ods as LibreOffice writes it: the mimetype first and stored, then content.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", ODS_CONTENT.format(rows=rows))
    return out.getvalue()


def test_an_ods_file_imports_with_its_merged_cells(editor_client, draft_2018):
    row = "<table:table-row>{}</table:table-row>".format
    covered = "<table:covered-table-cell/>"
    rows = (
        row(ods_cell("测试市2018年度指标采集表"))
        + row("".join(ods_cell(h) for h in ["部门", "年度", "指标代码", "数值"]))
        + row(
            ods_cell("市政府法制办", span_rows=2)
            + ods_cell(2018)
            + ods_cell("review.applications")
            + ods_cell(12)
        )
        + row(
            covered
            + ods_cell(2018)
            + ods_cell("review.mediated")
            + ods_cell(5)
            + ods_cell(repeat=1020)
        )
        + '<table:table-row table:number-rows-repeated="1048000">'
        + ods_cell(repeat=1024)
        + "</table:table-row>"
    )
    # Named .xlsx on purpose: the content decides.
    response = preview(editor_client, "indicatorvalue", ods_bytes(rows), name="采集表.xlsx")
    assert "新增 <b>2</b> 行" in response.content.decode()
    assert confirm(editor_client, "indicatorvalue", response).status_code == 302
    values = IndicatorValue.objects.filter(report=draft_2018).select_related("department")
    assert {(v.definition.code, v.department.name, v.value) for v in values} == {
        ("review.applications", "市政府法制办", 12),
        ("review.mediated", "市政府法制办", 5),
    }


def test_a_broken_ods_is_refused_in_chinese(editor_client, draft_2018):
    data = ods_bytes("<table:table-row>").replace(b"content.xml", b"content.xmx")
    text = preview(editor_client, "indicatorvalue", data, name="数据.ods").content.decode()
    assert "不是有效的OpenDocument表格(.ods)文件" in text


def test_figures_list_has_chinese_headers_and_a_year_filter(editor_client, seed_report):
    url = reverse("admin:reports_indicatorvalue_changelist")
    page = editor_client.get(url).content.decode()
    assert "column-display" not in page and ">Display<" not in page  # no English column
    for header in ("年度", "指标", "数值", "部门", "所在章节"):
        assert f">{header}<" in page or f">{header}</a>" in page
    assert "?report__year=2017" in page
    filtered = editor_client.get(url, {"report__year": "2016"})
    assert filtered.status_code == 200 and "0 指标数值" in filtered.content.decode()


@pytest.fixture
def expected(draft_2018):
    return ExpectedFigure.objects.filter(report=draft_2018).first()


def test_expected_figure_edited_through_the_service(editor_client, expected):
    url = reverse("admin:reports_expectedfigure_change", args=[expected.pk])
    response = editor_client.post(
        url,
        {
            "report": expected.report_id,
            "definition": expected.definition_id,
            "department": "",
            "section": expected.section_id or "",
        },
    )
    assert response.status_code == 302
    expected.refresh_from_db()
    assert expected.department_id is None


def test_expected_figures_of_a_public_report_are_not_changed(editor, reviewer, expected):
    AnnualReport.objects.filter(pk=expected.report_id).update(status="withdrawn")
    expected.refresh_from_db()
    with pytest.raises(NotAllowed):
        editing.save_expected_figure(user=reviewer, figure=expected)
    with pytest.raises(NotAllowed):
        editing.delete_rows(user=editor, rows=[expected])
    assert not editing.can_change_expected(editor, expected.report)


def test_a_paste_over_the_form_limit_gets_a_chinese_answer(client, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(editor)
    reports_before = AnnualReport.objects.count()
    response = client.post(
        reverse("admin:reports_annualreport_import_text"), {"text": "测" * 20_000}
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert "提交的文字过长" in text and "上传文件" in text
    assert AnnualReport.objects.count() == reports_before
