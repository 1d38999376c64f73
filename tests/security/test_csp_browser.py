"""The Content-Security-Policy, in a real browser: nothing the admin or the site needs is blocked."""

import os
from importlib import import_module
from unittest import mock

import pytest
from django.contrib.auth.models import User

from reports.signals import report_changed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SECURITY_SCREENSHOTS", "")
PASSWORD = "Fzb-2024-report"


def test_admin_and_public_pages_run_under_the_policy(browser, live_server, seed_document):
    from django.apps import apps

    from reports.services.report_document import import_report_document

    import_module("reports.migrations.0005_roles").create_roles(apps, None)
    with mock.patch.object(report_changed, "send"):
        report = import_report_document(seed_document)
    User.objects.create_superuser("chief", password=PASSWORD)

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: blocked.append(str(error)))

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    for name, path in [
        ("index", "/admin/"),
        ("reports", "/admin/reports/annualreport/"),
        ("report", f"/admin/reports/annualreport/{report.pk}/change/"),
        ("section-add", "/admin/reports/section/add/"),
        ("values", "/admin/reports/indicatorvalue/"),
        ("import", "/admin/reports/indicatorvalue/import/"),
        ("export", "/admin/reports/indicatorvalue/export/"),
        ("user-add", "/admin/auth/user/add/"),
        ("audit", "/admin/accounts/auditevent/"),
        ("public-report", "/reports/2017/"),
        ("public-home", "/"),
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        if SHOTS:
            os.makedirs(SHOTS, exist_ok=True)
            page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=False)
        assert blocked == [], path

    # The admin's scripts do run: the date shortcuts of the user form appear only through them.
    chief = User.objects.get(username="chief")
    page.goto(f"{live_server.url}/admin/auth/user/{chief.pk}/change/")
    assert page.locator(".datetimeshortcuts").count() > 0
    context.close()
