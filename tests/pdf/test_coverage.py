"""A character the fonts lack: staff are told where it is, and the report still has its PDF."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from reports.services.checks import run_checks

from ..factories import make_section, make_short_report

pytestmark = pytest.mark.django_db

EMOJI = "\U0001f600"
DOTTED_I = "\u0130"  # İ, Latin capital I with dot above


def report_with_unprintable_text():
    report = make_short_report(2031)
    make_section(
        report,
        position=2,
        number="二、",
        title="测试缺字章节",
        body=f"测试正文含表情{EMOJI}和字母{DOTTED_I}。",
    )
    return report


def test_checks_name_the_characters_and_their_section_in_chinese():
    report = report_with_unprintable_text()
    issues = [issue for issue in run_checks(report).issues if EMOJI in issue.message]
    assert len(issues) == 1
    issue = issues[0]
    assert issue.level == "warning", "the PDF still prints: publishing is not blocked"
    assert "测试缺字章节" in issue.message and DOTTED_I in issue.message
    assert issue.message.startswith("PDF字体中没有以下字符")
    assert "测试措施" not in issue.message, "only the section that holds them is named"


def test_a_report_without_such_characters_gets_no_warning():
    report = make_short_report(2032)
    assert not [issue for issue in run_checks(report).issues if "PDF字体" in issue.message]


def test_the_published_report_still_has_its_pdf_with_the_characters_in_its_text(client):
    report_with_unprintable_text()
    response = client.get("/reports/2031/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    assert "测试正文含表情" in text and DOTTED_I in text
