"""Backup and restore (issue 11 item 16): everything comes back, byte for byte."""

import json
import os
import subprocess
import sys
from io import StringIO
from unittest import mock

import psycopg
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from reports.models import AnnualReport, ReportStatus, Section
from reports.services import workflow
from reports.signals import report_changed
from safeguards.backup import table_row_counts
from tests.factories import make_report, make_section

from .test_settings_module import ROOT

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/reports/",
    "/reports/2017/",
    "/reports/2030/",
    "/indicators/",
    "/indicators/review.applications/",
    "/departments/",
    "/search/?q=复议",
    "/data/figures.csv",
    "/feed/",
]


@pytest.fixture
def seed_report(seed_document):
    """The seed, loaded without re-indexing the portal after each of its rows (set-up only)."""
    from reports.services.report_document import import_report_document

    with mock.patch.object(report_changed, "send"):
        return import_report_document(seed_document)


@pytest.fixture
def year_of_work(seed_report, settings, tmp_path):
    """The seed, plus a report published, edited and withdrawn, and readers' 点击数."""
    settings.REPORTS_ORG_CODE = "TEST-ORG"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PDF_STORAGE_DIR = tmp_path / "pdf"
    (settings.MEDIA_ROOT / "imports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "imports" / "测试.xlsx").write_bytes(b"synthetic upload")
    settings.PDF_STORAGE_DIR.mkdir()
    (settings.PDF_STORAGE_DIR / "2017-v1.pdf").write_bytes(b"%PDF-1.7 synthetic")
    chief = User.objects.create_superuser("chief", password="Fzb-2024-report")
    report = make_report(2030, status=ReportStatus.REVIEW)
    make_section(report, title="测试:发布后修改的章节")
    workflow.publish(report, chief, override_note="测试:备份用报告")
    section = Section.objects.get(report=report)
    section.title = "测试:已修改的章节"
    section.save()
    workflow.withdraw(report, chief, "测试:撤回原因")
    seed_section = Section.objects.filter(report=seed_report).order_by("pk").first()
    seed_section.body += "(测试:修改)"
    seed_section.save()
    AnnualReport.objects.filter(pk=seed_report.pk).update(view_count=4321)
    return report


def history_rows() -> dict[str, list]:
    return {
        model.__name__: sorted(model.history.values_list("history_id", "history_type", "id"))
        for model in (AnnualReport, Section)
    }


def render_pages(database_url: str) -> dict:
    env = dict(os.environ, DATABASE_URL=database_url)
    result = subprocess.run(
        [sys.executable, "-m", "tests.security.render_pages", *PAGES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def postgres_url(name: str) -> str:
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    return (
        f"postgres://{params.get('USER') or 'postgres'}{password}@"
        f"{params.get('HOST') or '127.0.0.1'}:{params.get('PORT') or 5432}/{name}"
    )


def test_postgresql_backup_restores_into_an_empty_database(year_of_work, tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite variant is the next test")
    counts = table_row_counts()
    history = history_rows()
    source_url = postgres_url(connection.settings_dict["NAME"])
    pages = render_pages(source_url)
    assert pages["/reports/2017/"][0] == 200 and "4321" in pages["/reports/2017/"][1]

    out = StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=out)
    (folder,) = (tmp_path / "backups").iterdir()
    assert (folder / "database.dump").stat().st_size > 0

    restored_name = connection.settings_dict["NAME"] + "_restored"
    admin_url = postgres_url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
        admin.execute(f'CREATE DATABASE "{restored_name}"')
    try:
        # The files come back too: restore into empty folders.
        media, pdfs = settings.MEDIA_ROOT, settings.PDF_STORAGE_DIR
        env = dict(
            os.environ,
            DATABASE_URL=postgres_url(restored_name),
            DJANGO_SETTINGS_MODULE="portal.test_settings",
            DJANGO_MEDIA_ROOT=str(tmp_path / "restored-media"),
            PDF_STORAGE_DIR=str(tmp_path / "restored-pdf"),
        )
        result = subprocess.run(
            [sys.executable, "manage.py", "restore", str(folder)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert "与备份时一致" in result.stdout
        with psycopg.connect(postgres_url(restored_name)) as restored:
            for table, count in counts.items():
                row = restored.execute(f'SELECT count(*) FROM "{table}"').fetchone()
                assert row[0] == count, table
            restored_history = {
                name: sorted(
                    restored.execute(f"SELECT history_id, history_type, id FROM {table}").fetchall()
                )
                for name, table in (
                    ("AnnualReport", AnnualReport.history.model._meta.db_table),
                    ("Section", Section.history.model._meta.db_table),
                )
            }
            views = restored.execute(
                "SELECT view_count FROM reports_annualreport WHERE year = 2017"
            ).fetchone()[0]
        assert restored_history == history
        assert views == 4321
        assert render_pages(postgres_url(restored_name)) == pages
        assert (tmp_path / "restored-media" / "imports" / "测试.xlsx").read_bytes() == (
            media / "imports" / "测试.xlsx"
        ).read_bytes()
        assert (tmp_path / "restored-pdf" / "2017-v1.pdf").read_bytes() == (
            pdfs / "2017-v1.pdf"
        ).read_bytes()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')


def test_restore_refuses_a_database_that_is_not_empty(year_of_work, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's restore replaces the file as a whole")
    call_command("backup", str(tmp_path / "backups"), stdout=StringIO())
    (folder,) = (tmp_path / "backups").iterdir()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="不是空库"):
        call_command("restore", str(folder), stdout=StringIO())


def test_sqlite_backup_restores_everything(year_of_work, tmp_path, client, settings):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL variant is the previous test")
    counts = table_row_counts()
    history = history_rows()
    pages = {url: client.get(url).content for url in PAGES}
    call_command("backup", str(tmp_path / "backups"), stdout=StringIO())
    (folder,) = (tmp_path / "backups").iterdir()

    # Lose everything: the database's rows and the files.
    call_command("flush", "--no-input", verbosity=0)
    import shutil

    shutil.rmtree(settings.MEDIA_ROOT)
    shutil.rmtree(settings.PDF_STORAGE_DIR)
    assert AnnualReport.objects.count() == 0

    out = StringIO()
    call_command("restore", str(folder), stdout=out)
    assert "与备份时一致" in out.getvalue()
    assert table_row_counts() == counts
    assert history_rows() == history
    assert AnnualReport.objects.get(year=2017).view_count == 4321
    assert {url: client.get(url).content for url in PAGES} == pages
    assert (settings.MEDIA_ROOT / "imports" / "测试.xlsx").read_bytes() == b"synthetic upload"
    assert (settings.PDF_STORAGE_DIR / "2017-v1.pdf").exists()


def test_dumpdata_and_loaddata_round_trip(year_of_work, tmp_path):
    """loaddata used to fail: simple-history's m2m_changed wrote history rows of its own.

    After a browser test it also dumped nothing: the role fixtures ran the roles migration's
    function on the real app registry, which left every app without its models module."""
    dump = tmp_path / "all.json"
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--exclude=contenttypes",
        "--exclude=auth.permission",
        "--exclude=sessions",
        "--exclude=admin.logentry",
        f"--output={dump}",
        verbosity=0,
    )
    counts = table_row_counts()
    history = history_rows()
    dumped_models = {row["model"] for row in json.loads(dump.read_text())}
    assert "reports.historicalsection" in dumped_models, sorted(dumped_models)
    call_command("flush", "--no-input", verbosity=0)
    call_command("loaddata", str(dump), verbosity=0)
    assert history_rows() == history
    restored = table_row_counts()
    skipped = ("django_content_type", "auth_permission", "django_session", "django_admin_log")
    assert {t: c for t, c in restored.items() if not t.startswith(skipped)} == {
        t: c for t, c in counts.items() if not t.startswith(skipped)
    }
