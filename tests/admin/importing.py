"""Helpers to drive the admin's two-step import like a user does."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile

FORMAT_INDEX = {"csv": "0", "xlsx": "0"}  # one import format: the content decides


def csv_bytes(rows, encoding="utf-8-sig"):
    return "\r\n".join(",".join(str(cell) for cell in row) for row in rows).encode(encoding)


def xlsx_bytes(rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def preview(client, model, data, fmt="csv", name=None):
    upload = SimpleUploadedFile(name or f"upload.{fmt}", data)
    return client.post(
        f"/admin/reports/{model}/import/",
        {"import_file": upload, "format": FORMAT_INDEX[fmt], "resource": "0"},
    )


def confirm(client, model, preview_response):
    html = preview_response.content.decode()
    fields = dict(
        re.findall(
            r'name="(import_file_name|original_file_name|format|resource|note)" value="([^"]*)"',
            html,
        )
    )
    assert "import_file_name" in fields, "the preview offered no confirm step"
    return client.post(f"/admin/reports/{model}/process_import/", fields)


def import_file(client, model, data, fmt="csv"):
    response = preview(client, model, data, fmt)
    return confirm(client, model, response)
