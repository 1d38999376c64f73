"""Downloading the PDF: who may, what the browser is told, and when it is rendered again."""

import logging
import threading
from io import BytesIO
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from reports.models import Section
from reports.pdf import render, store

from ..factories import make_short_report
from .conftest import squeeze

pytestmark = pytest.mark.django_db

TITLE = "测试市2031年度法治政府建设情况报告"


def pdf_text(response) -> list[str]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [page.extract_text() for page in PdfReader(BytesIO(content)).pages]


def stored_files(settings) -> list[str]:
    return sorted(p.name for p in (settings.PDF_STORAGE_DIR / "2031").glob("*.pdf"))


def test_public_pdf_downloads_with_a_file_name_every_browser_saves(client, settings):
    make_short_report()
    response = client.get(reverse("reports:report_pdf", args=[2031]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="rule-of-law-report-2031.pdf"; '
        f"filename*=UTF-8''{quote(TITLE + '.pdf', safe='')}"
    )
    assert "测试正文第一版" in squeeze("".join(pdf_text(response)))
    assert response["ETag"].startswith('"') and "no-cache" in response["Cache-Control"]
    assert len(stored_files(settings)) == 1


def test_if_none_match_answers_304_without_rendering(client, monkeypatch):
    make_short_report()
    url = reverse("reports:report_pdf", args=[2031])
    etag = client.get(url)["ETag"]
    monkeypatch.setattr(render, "write_pdf", lambda *args: pytest.fail("rendered again"))
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert client.get(url).status_code == 200  # served from the store


def test_editing_a_section_replaces_the_pdf(client, settings):
    report = make_short_report()
    url = reverse("reports:report_pdf", args=[2031])
    first = client.get(url)
    old_files = stored_files(settings)
    measure = Section.objects.get(report=report, number="1.")
    measure.body = "测试正文第二版。"
    measure.save()
    second = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert "测试正文第二版" in squeeze("".join(pdf_text(second)))
    assert stored_files(settings) != old_files and len(stored_files(settings)) == 1


@pytest.mark.parametrize("status", ["draft", "review", "withdrawn"])
def test_no_public_pdf_of_a_report_that_is_not_published(client, status):
    make_short_report(status=status)
    assert client.get(reverse("reports:report_pdf", args=[2031])).status_code == 404
    assert client.get(reverse("reports:report_pdf", args=[2099])).status_code == 404


def test_draft_pdf_needs_a_login_and_the_permission(client):
    make_short_report(status="draft")
    url = reverse("reports:report_pdf_draft", args=[2031])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    clerk = User.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(clerk)
    assert client.get(url).status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="view_annualreport"))
    clerk = User.objects.get(pk=clerk.pk)
    client.force_login(clerk)
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    pages = pdf_text(response)
    assert pages and all("草稿（未发布）" in squeeze(text) for text in pages), (
        "marked on every page"
    )


def test_draft_url_of_a_published_report_leads_to_the_public_pdf(admin_client):
    make_short_report()
    response = admin_client.get(reverse("reports:report_pdf_draft", args=[2031]))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:report_pdf", args=[2031])


@pytest.mark.parametrize("lock", ["file", "cache"])
def test_concurrent_first_requests_render_once(monkeypatch, settings, lock):
    settings.PDF_LOCK = lock
    report = make_short_report()
    prepared = render.prepare(report)
    readers = 6
    real_lock, real_write = store.render_lock, render.write_pdf
    arrived, everyone_arrived, calls = [], threading.Event(), []

    def counting_lock(key):
        arrived.append(key)
        if len(arrived) == readers:
            everyone_arrived.set()
        return real_lock(key)

    def write_once_everyone_waits(rendering):
        calls.append(1)
        # Every reader has missed the stored file and reached the lock before this one renders:
        # without the lock, each of them would render too.
        assert everyone_arrived.wait(10), "not every reader reached the lock"
        return real_write(rendering)

    monkeypatch.setattr(store, "render_lock", counting_lock)
    monkeypatch.setattr(render, "write_pdf", write_once_everyone_waits)
    results, errors = [], []

    def download():
        try:
            results.append(store.get_or_render(report, prepared=prepared))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=download) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert not errors
    assert len(calls) == 1
    assert len({result.name for result in results}) == 1
    assert sum(result.rendered_now for result in results) == 1


def test_a_process_releases_only_its_own_cache_lock(settings):
    settings.PDF_LOCK = "cache"
    key = "reports-pdf-lock:2031-public-test"
    with store.render_lock("2031-public-test"):
        assert cache.get(key), "the lock is held while rendering"
        # This rendering outlived the lock; another process has taken it since.
        cache.set(key, "another-process", timeout=60)
    assert cache.get(key) == "another-process"
    with store.render_lock("2031-public-other"):
        pass
    assert cache.get("reports-pdf-lock:2031-public-other") is None, "its own lock is released"


def test_a_character_no_font_has_still_gives_the_pdf_and_logs_it(client, caplog):
    # Plane-15 private use: no installed font has it. A published report always has its PDF
    # (issue 11): the character is a box, staff were warned by the checks (test_coverage.py).
    make_short_report(preamble="导语\U000f0001。")
    with caplog.at_level(logging.WARNING, logger="reports.pdf.fonts"):
        response = client.get(reverse("reports:report_pdf", args=[2031]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert any("\U000f0001" in record.getMessage() for record in caplog.records)


def test_uninstalled_font_answers_503(client, monkeypatch, settings, tmp_path):
    from reports.pdf import fonts

    make_short_report()
    settings.PDF_FONT_DIR = tmp_path / "no-prepared-fonts"
    monkeypatch.setattr(fonts, "find_system_font", lambda role: None)
    response = client.get(reverse("reports:report_pdf", args=[2031]))
    assert response.status_code == 503
    assert not list(settings.PDF_STORAGE_DIR.rglob("*.pdf"))


def test_publishing_renders_ahead_and_withdrawing_drops_it(
    settings, django_capture_on_commit_callbacks
):
    settings.PDF_RENDER_AHEAD = "sync"
    with django_capture_on_commit_callbacks(execute=True):
        report = make_short_report()
    assert len(stored_files(settings)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        report.status = "withdrawn"
        report.save()
    assert stored_files(settings) == []
