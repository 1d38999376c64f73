"""Headers (issue 11 item 15): CSP for the public site and the admin, TLS settings, admin URL."""

import os
import subprocess
import sys

import pytest

from .test_settings_module import ROOT

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def test_public_pages_allow_no_script_at_all(client, seed_report):
    for url in ["/", "/reports/2017/", "/indicators/", "/search/?q=复议"]:
        policy = directives(client.get(url))
        assert policy["script-src"] == "'none'", url
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"


def test_the_admin_runs_only_its_own_scripts(admin_client):
    policy = directives(admin_client.get("/admin/"))
    assert policy["script-src"].split()[0] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "http" not in policy["script-src"]  # no other origin
    assert policy["object-src"] == "'none'"


def _check_deploy(extra_env: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DJANGO_SECRET_KEY": "Zq8-deploy-check-" + "x7Kp2mW9vR4tY6uB1nH3jL5gF8dS0aQ" * 2,
            "DJANGO_ALLOWED_HOSTS": "fzzf.example.gov.cn",
            "DATABASE_URL": "sqlite:///:memory:",
        }
    )
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


TLS_ENV = {
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_SECURE_HSTS_PRELOAD": "1",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}


def test_check_deploy_reports_nothing_for_a_tls_deployment():
    result = _check_deploy(TLS_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_check_deploy_names_what_is_missing_without_tls_settings():
    result = _check_deploy({})
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_tls_settings_behind_the_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/reports/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get("/reports/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_admin_prefix_is_a_setting(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DJANGO_SECRET_KEY": "k" * 50,
            "DJANGO_ADMIN_URL": "office-7f3a",
            "DATABASE_URL": "sqlite:///:memory:",
        }
    )
    code = (
        "import django; django.setup();"
        "from django.urls import reverse, resolve, Resolver404;"
        "print(reverse('admin:index'));"
        'exec(\'try:\\n resolve("/admin/")\\n print("admin still at /admin/")\\n'
        'except Resolver404:\\n print("gone")\')'
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/office-7f3a/", "gone"]
