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
