"""Spreadsheet import and export: preview then confirm, all or nothing, clear Chinese errors."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from reports.importexport.collection_sheet import collection_sheet_xlsx
from reports.importexport.reading import read_xlsx
from reports.models import Department, IndicatorDefinition, IndicatorValue, ReportStatus

from .importing import confirm, csv_bytes, import_file, preview, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["年度", "指标代码", "单位", "部门", "数值", "限定"]


def values_2018():
    return IndicatorValue.objects.filter(report__year=2018)


def test_preview_then_confirm_writes_values(editor_client, draft_2018):
    data = csv_bytes(
        [
            HEADER,
            [2018, "review.applications", "件", "市政府法制办", 12, "确数"],
            [2018, "review.mediated", "件", "", 5, ""],
        ]
    )
    response = preview(editor_client, "indicatorvalue", data)
    text = response.content.decode()
    assert "新增 <b>2</b> 行" in text
    assert not values_2018().exists()  # the preview writes nothing
    confirmed = confirm(editor_client, "indicatorvalue", response)
    assert confirmed.status_code == 302
    assert {v.definition.code: v.value for v in values_2018()} == {
        "review.applications": Decimal(12),
        "review.mediated": Decimal(5),
    }
    # A value expected from last year lands in the copied section that states it.
    applications = values_2018().get(definition__code="review.applications")
    assert applications.section.report_id == draft_2018.pk
    assert applications.section.title == "加强行政复议工作。"


def test_one_bad_row_writes_nothing_and_names_row_and_column(editor_client, draft_2018):
    data = csv_bytes(
        [
            HEADER,
            [2018, "review.applications", "件", "", 12, ""],
            [2018, "review.mediated", "件", "", -3, ""],
            [2018, "review.accepted", "人", "", 6, ""],
        ]
    )
    response = preview(editor_client, "indicatorvalue", data)
    text = response.content.decode()
    assert "第3行 E列“数值”:数值不能为负数(-3)" in text
    assert "第4行 C列“单位”:单位“人”与指标的单位“件”不一致" in text
    assert 'name="import_file_name"' not in text  # no confirm offered
    assert not values_2018().exists()


def test_gb18030_csv_and_bom_less_utf8(editor_client, draft_2018):
    rows = [HEADER, [2018, "review.applications", "件", "市政府法制办", 3, "约"]]
    import_file(editor_client, "indicatorvalue", csv_bytes(rows, "gb18030"))
    value = values_2018().get()
    assert value.department.name == "市政府法制办" and value.qualifier == "about"
    rows[1][4] = 4
    import_file(editor_client, "indicatorvalue", csv_bytes(rows, "utf-8"))
    assert values_2018().get().value == 4


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (b"", "csv", "空"),
        (csv_bytes([HEADER]), "csv", "第1行是列名,但下面没有数据行"),
        (b"PK\x03\x04 a broken zip file", "xlsx", "不是有效的Excel"),
        (
            csv_bytes([["年度", "名称"], [2018, "x"]]),
            "csv",
            "第1行(列名行):缺少必需的列:指标代码、部门、数值",
        ),
        (csv_bytes([HEADER, [2018, "review.applications", "件", "", "=1+1", ""]]), "csv", "是公式"),
        (
            xlsx_bytes([HEADER, [2018, "review.applications", "件", "", "=SUM(1,2)", ""]]),
            "xlsx",
            "第2行 E列“数值”是公式(=SUM(1,2))",
        ),
    ],
)
def test_bad_files_are_refused_with_a_message(editor_client, draft_2018, data, fmt, message):
    response = preview(editor_client, "indicatorvalue", data, fmt)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not values_2018().exists()


def test_oversize_file_refused(editor_client, draft_2018, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    data = csv_bytes([HEADER] + [[2018, "review.applications", "件", "", 1, ""]] * 10)
    response = preview(editor_client, "indicatorvalue", data)
    assert "文件过大" in response.content.decode()


def test_import_into_published_report_refused(editor_client, seed_report):
    data = csv_bytes([HEADER, [2017, "review.applications", "件", "", 99, ""]])
    response = preview(editor_client, "indicatorvalue", data)
    assert "只能向草稿报告导入数据" in response.content.decode()
    assert (
        IndicatorValue.objects.get(report=seed_report, definition__code="review.applications").value
        == 10
    )


def test_duplicate_rows_refused(editor_client, draft_2018):
    row = [2018, "review.applications", "件", "", 1, ""]
    response = preview(editor_client, "indicatorvalue", csv_bytes([HEADER, row, row]))
    assert "第3行与第2行重复" not in response.content.decode()  # identical copies count once


def test_confirm_rolls_back_when_data_changed_meanwhile(editor_client, draft_2018):
    data = csv_bytes([HEADER, [2018, "review.applications", "件", "", 1, ""]])
    response = preview(editor_client, "indicatorvalue", data)
    draft_2018.status = ReportStatus.REVIEW
    draft_2018.save()
    confirmed = confirm(editor_client, "indicatorvalue", response)
    assert "未写入任何数据" in confirmed.content.decode()
    assert not values_2018().exists()


def test_collection_sheet_round_trip(editor_client, draft_2018):
    sheet = collection_sheet_xlsx(draft_2018)
    dataset = read_xlsx(sheet)
    assert len(dataset) == IndicatorValue.objects.filter(report__year=2017).count()
    assert dataset.headers[:5] == ["年度", "指标代码", "指标名称", "单位", "部门"]
    # A department fills in two figures and leaves the rest empty.
    column = dataset.headers.index("数值")
    filled = 0
    rows = [list(dataset.headers)]
    for row in dataset:
        row = list(row)
        if row[1] in ("review.applications", "review.mediated"):
            row[column] = 7
            filled += 1
        rows.append(row)
    response = import_file(editor_client, "indicatorvalue", xlsx_bytes(rows), "xlsx")
    assert response.status_code == 302
    assert values_2018().count() == filled == 2


def test_department_import_and_definition_unit_guard(editor_client, seed_report):
    import_file(
        editor_client,
        "department",
        csv_bytes([["名称", "简称", "类别", "排序"], ["示例区司法局", "司法局", "政府部门", 5]]),
    )
    assert Department.objects.get(name="示例区司法局").short_name == "司法局"
    response = preview(
        editor_client,
        "indicatordefinition",
        csv_bytes(
            [
                ["指标代码", "指标名称", "单位", "类别代码"],
                ["review.applications", "行政复议申请", "人", "disputes"],
            ]
        ),
    )
    assert "单位不能从“件”改为“人”" in response.content.decode()
    assert IndicatorDefinition.objects.get(code="review.applications").unit == "件"


def test_export_neutralises_formulas(client, seed_report, editor):
    Department.objects.create(name='=HYPERLINK("http://x")', short_name="@evil")
    client.force_login(editor)
    fields = {
        f"departmentresource_{name}": "on" for name in ("name", "short_name", "kind", "order")
    }
    response = client.post(
        "/admin/reports/department/export/", {"format": "0", "resource": "0", **fields}
    )
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@evil" in text


def test_reviewer_cannot_import_and_outsider_cannot_export(client, reviewer, outsider, seed_report):
    client.force_login(reviewer)
    assert client.get("/admin/reports/indicatorvalue/import/").status_code == 403
    client.force_login(User.objects.get(pk=outsider.pk))
    assert client.post("/admin/reports/indicatorvalue/export/", {"format": "0"}).status_code == 403


def test_reimport_shows_unchanged_and_changed_rows(editor_client, draft_2018):
    rows = [
        HEADER,
        [2018, "review.applications", "件", "", 12, ""],
        [2018, "review.mediated", "件", "", 5, ""],
    ]
    import_file(editor_client, "indicatorvalue", csv_bytes(rows))
    rows[2][4] = 6
    response = preview(editor_client, "indicatorvalue", csv_bytes(rows))
    text = response.content.decode()
    assert "新增 <b>0</b> 行,修改 <b>1</b> 行,未变 <b>1</b> 行" in text
    assert "<td>5件 → 6件</td>" in text  # 修改 shows old → new
    confirm(editor_client, "indicatorvalue", response)
    assert values_2018().get(definition__code="review.mediated").value == 6
    # Only the changed figure got a new history entry.
    assert (
        IndicatorValue.history.filter(
            definition__code="review.applications", report_id=draft_2018.pk
        ).count()
        == 1
    )
    assert (
        IndicatorValue.history.filter(
            definition__code="review.mediated", report_id=draft_2018.pk
        ).count()
        == 2
    )


def test_preview_cells_sit_under_their_headers(editor_client, draft_2018):
    import re

    rows = [["数值", "部门", "指标代码", "年度"], [12, "法制办", "review.applications", 2018]]
    text = preview(editor_client, "indicatorvalue", csv_bytes(rows)).content.decode()
    table = text[text.index('<table class="import-preview">') :]
    headers = re.findall(r'<th scope="col">([^<]*)</th>', table)
    cells = re.findall(r"<td>([^<]*)</td>", table)
    assert headers == ["数值", "部门", "指标代码", "年度"]
    assert cells == ["12", "法制办", "review.applications", "2018"]
