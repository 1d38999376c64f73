"""The stored PDF: sent by nginx after Django's check, or kept in the database for servers
that share no file system."""

import pytest

from reports.pdf.models import StoredFile

from ..factories import make_short_report as make_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pdf_settings(settings, tmp_path):
    settings.PDF_STORAGE_DIR = tmp_path / "pdf"
    settings.PDF_RENDER_AHEAD = "off"
    settings.PDF_LOCK = "file"
    return settings


def test_nginx_sends_the_file_django_checked(client, settings):
    settings.PDF_ACCEL_REDIRECT = "/_stored_pdf/"
    make_report(2031)
    response = client.get("/reports/2031/pdf/")
    assert response.status_code == 200 and response.content == b""
    location = response["X-Accel-Redirect"]
    assert location.startswith("/_stored_pdf/2031/public-") and location.endswith(".pdf")
    assert (settings.PDF_STORAGE_DIR / location.removeprefix("/_stored_pdf/")).exists()
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"


def test_a_draft_is_never_handed_to_nginx(client, settings):
    settings.PDF_ACCEL_REDIRECT = "/_stored_pdf/"
    make_report(2032, status="draft")
    assert client.get("/reports/2032/pdf/").status_code == 404


def test_pdfs_kept_in_the_database(client, settings):
    settings.PDF_STORE = "database"
    settings.PDF_ACCEL_REDIRECT = "/_stored_pdf/"  # not usable: Django sends the bytes
    report = make_report(2031)
    first = client.get("/reports/2031/pdf/")
    body = b"".join(first.streaming_content)
    assert body.startswith(b"%PDF") and "X-Accel-Redirect" not in first
    assert StoredFile.objects.count() == 1
    again = client.get("/reports/2031/pdf/")
    assert b"".join(again.streaming_content) == body  # read from the database, not rendered
    report.title = "测试市2031年度报告(更正)"
    report.save()
    client.get("/reports/2031/pdf/")
    names = list(StoredFile.objects.values_list("name", flat=True))
    assert len(names) == 1 and names[0].startswith("2031/public-")  # the old version dropped
