"""The print version's punctuation: half-width , ; : ( ) of Chinese text set full-width."""

import pytest

from reports.pdf.punctuation import full_width_punctuation

# Escapes, so that no editor or font folds them: , ; : ( )
COMMA, SEMICOLON, COLON, OPEN, CLOSE = "\uff0c", "\uff1b", "\uff1a", "\uff08", "\uff09"


@pytest.mark.parametrize(
    ("web", "printed"),
    [
        ("测试市办理12件,同比增长50%;", f"测试市办理12件{COMMA}同比增长50%{SEMICOLON}"),
        ("报告如下:", f"报告如下{COLON}"),
        ("《测试办法》(试行)", f"《测试办法》{OPEN}试行{CLOSE}"),
        ("社会资本合作(PPP)模式", f"社会资本合作{OPEN}PPP{CLOSE}模式"),
        ("会议, 强调", f"会议{COMMA}强调"),
    ],
)
def test_chinese_text_gets_full_width_marks(web, printed):
    assert full_width_punctuation(web) == printed


@pytest.mark.parametrize(
    "text",
    ["收入1,234元", "8:30", "Rule of Law, 2017 (draft)", "http://example.gov.cn/", "没有标点"],
)
def test_numbers_addresses_and_latin_text_keep_theirs(text):
    printed = full_width_punctuation(text)
    assert not any(mark in printed for mark in (COMMA, SEMICOLON, COLON, OPEN, CLOSE))


def test_the_pdfs_own_words_and_the_change_notes_print_full_width_marks():
    import dataclasses
    from io import BytesIO

    from pypdf import PdfReader

    from reports.pdf.document import warm_up_document
    from reports.pdf.render import draft_mark, render_print_document

    from .conftest import squeeze

    document = dataclasses.replace(
        warm_up_document(),
        previous_year=None,
        draft=True,
        published_date="",
        change_notes=[("2099年1月2日", full_width_punctuation("更正:合成数字(3)"))],
    )
    pages = PdfReader(BytesIO(render_print_document(document))).pages
    text = squeeze("".join(page.extract_text() for page in pages))
    assert f"此前无已发布的年度报告{COMMA}不作同比。" in text
    assert f"示例指标{OPEN}示例部门{CLOSE}" in text  # a key figure's department
    assert f"2099年1月2日{COLON}更正{COLON}合成数字{OPEN}3{CLOSE}" in text
    assert draft_mark() == f"草稿{OPEN}未发布{CLOSE}" and draft_mark() in text
