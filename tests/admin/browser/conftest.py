import os
from importlib import import_module

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = os.environ.get("ADMIN_SCREENSHOTS", "")


# Module scope, not session: only one sync Playwright can run in a process at a time, and other
# test folders start their own; this one stops when the admin's browser tests are done.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def roles(transactional_db):
    """The role groups, made again if an earlier transactional test flushed them."""
    from django.apps import apps

    import_module("reports.migrations.0005_roles").create_roles(apps, None)


@pytest.fixture
def shot():
    """Save a screenshot for a person to look at when ADMIN_SCREENSHOTS names a folder."""

    def take(page, name):
        if SHOTS:
            os.makedirs(SHOTS, exist_ok=True)
            page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)

    return take
