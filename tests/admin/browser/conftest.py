import os
from importlib import import_module

import pytest

SHOTS = os.environ.get("ADMIN_SCREENSHOTS", "")


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
