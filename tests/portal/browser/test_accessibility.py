"""axe-core in Chromium and the Nu Html Checker over every public page type: zero findings."""

import json
import subprocess

import pytest
from django.core.cache import cache

from reports.models import Department

from .conftest import AXE, VNU

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def page_types(report) -> dict[str, str]:
    department = Department.objects.get(name="市政府法制办")
    return {
        "home": "/",
        "report-list": "/reports/",
        "report": f"/reports/{report.year}/",
        "report-print": f"/reports/{report.year}/print/",
        "indicator-index": "/indicators/",
        "indicator": "/indicators/review.applications/",
        "department-index": "/departments/",
        "department": f"/departments/{department.pk}/",
        "search": "/search/?q=规范性文件+清理",
        "search-empty": "/search/?q=量子计算机",
        "open-data": "/data/",
        "not-found": "/reports/1999/",
    }


def axe_violations(page) -> list[dict]:
    # Parts out of view are laid out only when a reader nears them (content-visibility: auto),
    # and axe measures colours from the layout: audit every part as it is when it is read.
    page.add_style_tag(content="* { content-visibility: visible !important; }")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def test_axe_finds_nothing_on_any_page_type(live_server, page, seed_report, second_year):
    findings = {}
    for elder in (False, True):
        if elder:
            page.context.add_cookies(
                [{"name": "portal_elder", "value": "1", "url": live_server.url}]
            )
        for name, path in page_types(seed_report).items():
            page.goto(live_server.url + path)
            violations = axe_violations(page)
            if violations:
                findings[("elder " if elder else "") + name] = violations
    assert findings == {}, json.dumps(findings, ensure_ascii=False, indent=1)


def test_nu_html_checker_finds_no_errors(client, seed_report, second_year, tmp_path, java):
    for name, path in page_types(seed_report).items():
        response = client.get(path)
        (tmp_path / f"{name}.html").write_bytes(response.content)
    cache.clear()
    client.cookies["portal_elder"] = "1"
    (tmp_path / "report-elder.html").write_bytes(client.get("/reports/2017/").content)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "text", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
