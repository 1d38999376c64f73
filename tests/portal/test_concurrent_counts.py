"""点击数 under concurrent readers: every real view counts, none is lost."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import make_report

from .concurrent_views import READERS, VIEWS_EACH, count_concurrent_views

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_concurrent_views_are_all_counted(tmp_path):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # Threads share an in-memory SQLite database only through its shared cache, which
        # refuses concurrent writers instead of waiting: count in a process of its own on a
        # SQLite file, configured as `make serve` runs it.
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'counts.sqlite3'}")
        env["PORTAL_VAR_DIR"] = str(tmp_path)
        result = subprocess.run(
            [sys.executable, "-m", "tests.portal.concurrent_views"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        assert int(result.stdout.split()[-1]) == READERS * VIEWS_EACH
        return
    errors, count = count_concurrent_views(make_report(2030, status="published"))
    assert errors == []
    assert count == READERS * VIEWS_EACH
