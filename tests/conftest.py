import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the test
# are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "fixtures" / "wuchang-2017-rule-of-law-report.txt"
SEED_DOCUMENT = ROOT / "fixtures" / "wuchang-2017.json"


@pytest.fixture
def seed_document() -> dict:
    return json.loads(SEED_DOCUMENT.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_snapshot(django_db_setup, django_db_blocker):
    """The seed's rows, loaded once per run (see tests/seed_snapshot.py)."""
    from . import seed_snapshot as snapshots

    with django_db_blocker.unblock():
        return snapshots.take(json.loads(SEED_DOCUMENT.read_text(encoding="utf-8")))


@pytest.fixture
def seed_report(db, seed_snapshot):
    """The published 五常市 2017 report, as `manage.py load_seed` loads it; fresh for each test."""
    from reports.models import AnnualReport

    from . import seed_snapshot as snapshots

    snapshots.restore(seed_snapshot)
    return AnnualReport.objects.get(pk=seed_snapshot.report_pk)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, one for the whole run.

    Only one sync Playwright can run in a process, so every browser test shares this one.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run scripts/setup.sh (it installs the Debian package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
