"""Stage 4, closing and attachments: the signature and 附件 are kept apart from the text."""

import pytest

from reports.parsing import parse_report_text

HEAD = "示例县2021年度法治政府建设情况报告\n一、主要工作\n全年办理案件5件。\n"


@pytest.mark.parametrize(
    "closing",
    [
        "示例县人民政府\n2022年3月25日",
        "示例县人民政府\n2022 年 3 月 25 日",
        "示例县人民政府\n二〇二二年三月二十五日",
        "示例县人民政府\n2022年3月25日\n(此件公开发布)",
        "中共示例县委全面依法治县委员会办公室\n示例县司法局\n2022年3月25日",
    ],
)
def test_signature_forms(closing):
    parsed = parse_report_text(HEAD + closing + "\n")
    assert parsed.closing == closing
    assert parsed.sections[0].body == "全年办理案件5件。"


def test_a_date_inside_the_text_is_not_a_signature():
    parsed = parse_report_text(HEAD + "2021年12月1日\n召开专题会议。\n")
    assert parsed.closing == ""


def test_attachments_and_their_tables_are_kept_apart():
    text = HEAD + (
        "附件:1.示例县行政复议案件统计表\n示例县人民政府\n2022年3月25日\n"
        "附件1\n示例县行政复议案件统计表\n序号 单位 受理\n1 县市场监管局 12\n"
    )
    parsed = parse_report_text(text)
    assert parsed.closing == "附件:1.示例县行政复议案件统计表\n示例县人民政府\n2022年3月25日"
    assert [(a.title, a.body) for a in parsed.attachments] == [
        ("附件1", "示例县行政复议案件统计表\n序号 单位 受理\n1 县市场监管局 12")
    ]
    assert parsed.sections_per_level() == {1: 1}


def test_attachments_without_a_signature():
    parsed = parse_report_text(HEAD + "附件:示例县执法数据\n序号 单位 次数\n1 县应急局 20\n")
    assert [a.title for a in parsed.attachments] == ["附件:示例县执法数据"]
    assert parsed.sections[0].body == "全年办理案件5件。"
