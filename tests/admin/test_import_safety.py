"""An import's confirm step names only the user's own upload; concurrent confirms and every
written spreadsheet (admin export and open data) stay safe."""

import csv
import io
import os
import tempfile

import pytest

from reports.importexport import loaders
from reports.importexport.uploads import sign_upload
from reports.models import Department, IndicatorValue

from .importing import confirm, csv_bytes, preview

pytestmark = pytest.mark.django_db

HEADER = ["年度", "指标代码", "单位", "部门", "数值"]
ROW = [2018, "review.applications", "件", "", 12]


def _confirm_fields(response):
    import re

    html = response.content.decode()
    return dict(
        re.findall(
            r'name="(import_file_name|original_file_name|format|resource|note)" value="([^"]*)"',
            html,
        )
    )


def test_confirm_refuses_a_file_name_it_did_not_sign(editor_client, draft_2018):
    other = tempfile.NamedTemporaryFile(delete=False, suffix=".csv")
    other.write(csv_bytes([HEADER, ROW]))
    other.close()
    fields = _confirm_fields(preview(editor_client, "indicatorvalue", csv_bytes([HEADER, ROW])))
    for name in (os.path.basename(other.name), other.name, "../" + os.path.basename(other.name)):
        response = editor_client.post(
            "/admin/reports/indicatorvalue/process_import/", {**fields, "import_file_name": name}
        )
        assert response.status_code == 200
        assert "上传的文件已失效或已导入,请重新上传文件" in response.content.decode()
    assert os.path.exists(other.name)  # not read, not deleted
    os.unlink(other.name)
    assert not IndicatorValue.objects.filter(report=draft_2018).exists()


def test_an_upload_signed_for_another_user_is_refused(client, editor, administrator, draft_2018):
    client.force_login(editor)
    fields = _confirm_fields(preview(client, "indicatorvalue", csv_bytes([HEADER, ROW])))
    client.force_login(administrator)
    response = client.post("/admin/reports/indicatorvalue/process_import/", fields)
    assert "上传的文件已失效或已导入" in response.content.decode()
    # A name signed for the administrator but pointing outside the upload folder is refused too.
    forged = sign_upload(
        "../../etc/passwd", user_id=administrator.pk, session_key=client.session.session_key
    )
    response = client.post(
        "/admin/reports/indicatorvalue/process_import/", {**fields, "import_file_name": forged}
    )
    assert "上传的文件已失效或已导入" in response.content.decode()
    assert not IndicatorValue.objects.filter(report=draft_2018).exists()


def test_confirming_twice_writes_once(editor_client, draft_2018):
    response = preview(editor_client, "indicatorvalue", csv_bytes([HEADER, ROW]))
    assert confirm(editor_client, "indicatorvalue", response).status_code == 302
    again = confirm(editor_client, "indicatorvalue", response)
    assert "上传的文件已失效或已导入" in again.content.decode()
    assert IndicatorValue.objects.filter(report=draft_2018).count() == 1


def test_losing_a_concurrent_confirm_gives_a_clear_message(editor_client, draft_2018, monkeypatch):
    response = preview(editor_client, "indicatorvalue", csv_bytes([HEADER, ROW]))
    # Another clerk's confirm stores the same figure after this one looked for it.
    IndicatorValue.objects.create(
        report=draft_2018,
        definition_id=IndicatorValue.objects.filter(definition__code="review.applications")
        .first()
        .definition_id,
        value=99,
        qualifier="exact",
    )
    monkeypatch.setattr(loaders.ValueLoader, "get_instance", lambda self, row: None)
    confirmed = confirm(editor_client, "indicatorvalue", response)
    text = confirmed.content.decode()
    assert "已被他人同时导入或修改,本次导入未写入任何数据" in text
    assert "UNIQUE" not in text and "duplicate key" not in text
    assert IndicatorValue.objects.get(report=draft_2018).value == 99


def test_history_records_file_name_and_note(editor_client, draft_2018):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("市司法局报送.csv", csv_bytes([HEADER, ROW]))
    response = editor_client.post(
        "/admin/reports/indicatorvalue/import/",
        {"import_file": upload, "format": "0", "resource": "0", "note": "第一次报送"},
    )
    confirm(editor_client, "indicatorvalue", response)
    entry = IndicatorValue.history.get(report_id=draft_2018.pk)
    assert entry.history_change_reason == "导入文件“市司法局报送.csv”:第一次报送"
    assert entry.history_user.username == "editor"


def test_open_data_is_neutralised(client, seed_report):
    value = IndicatorValue.objects.filter(report=seed_report).first()
    value.department = Department.objects.create(name="=cmd|' /C calc'!A0", short_name="@x")
    value.source_text = "+1"
    value.save()
    rows = list(
        csv.reader(io.StringIO(client.get("/data/figures.csv").content.decode("utf-8-sig")))
    )
    cells = [cell for row in rows for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and "'+1" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    from openpyxl import load_workbook

    response = client.get("/data/figures.xlsx?year=2017")
    assert response["Content-Disposition"] == 'attachment; filename="rule-of-law-figures-2017.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=cmd|' /C calc'!A0" in values
    assert sheet.cell(row=1, column=1).value == "年度" and sheet.max_row == len(rows)
