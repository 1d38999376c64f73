"""The first public page: /reports/<year>/ shows a published report, and only that."""

import re

import pytest

from reports.models import Section

from ..factories import make_report, make_section

pytestmark = pytest.mark.django_db


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_report_page_shows_title_metadata_and_all_sections_in_order(client, seed_report):
    response = client.get("/reports/2017/")
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    assert "五常市2017年度法治政府建设情况报告" in text
    assert "市政府法制办" in text
    assert "2018-01-15" in text
    cursor = 0
    for section in Section.objects.filter(report=seed_report).in_document_order():
        heading = section.number + section.title
        found = text.find(heading, cursor)
        assert found >= cursor, heading
        cursor = found + len(heading)


@pytest.mark.parametrize("status", ["draft", "review"])
def test_unpublished_reports_are_not_public(client, status):
    make_report(2030, status=status)
    assert client.get("/reports/2030/").status_code == 404


def test_section_text_is_escaped(client):
    report = make_report(2030, status="published")
    make_section(report, title="<script>alert(1)</script>测试")
    html = client.get("/reports/2030/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
