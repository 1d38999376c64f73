"""Stage 2, furniture and metadata: page furniture is removed, shown, and read."""

import pytest

from reports.parsing import ParseHints, parse_report_text
from reports.parsing.furniture import parse_datetime

BODY = "一、主要工作\n全年办理案件5件。\n"
TITLE = "示例县2021年法治政府建设情况报告"


@pytest.mark.parametrize(
    "line",
    [
        "您所在的位置:首页 > 政务公开 > 法治政府",
        "当前位置:",
        "今天是:2019年10月31日 星期三 农历十月初三",
        "首页→ 网站公告",
        "首页 >> 政务公开",
        "【字体:大 中 小】",
        "分享到:",
    ],
)
def test_furniture_above_the_title_is_removed_and_listed(line):
    parsed = parse_report_text(f"{line}\n{TITLE}\n{BODY}")
    assert [item.text for item in parsed.furniture] == [line]
    assert parsed.preamble == "" and parsed.title == TITLE


@pytest.mark.parametrize(
    ("line", "published", "office"),
    [
        ("文章来源:司法局 更新时间:2021/03/29 11:30:01", "2021-03-29T11:30:01", "司法局"),
        ("省政府办公厅 2022-03-15", "2022-03-15T00:00:00", "省政府办公厅"),
        ("发布时间:2023-03-13 09:30:15", "2023-03-13T09:30:15", ""),
        ("发布日期:2024年1月20日 信息来源:区司法局 点击数:35", "2024-01-20T00:00:00", "区司法局"),
        (
            "时间:2022-01-05 来源:示例县人民政府 发布时间:2022-01-06 08:00",
            "2022-01-06T08:00:00",
            "示例县人民政府",
        ),
    ],
)
def test_publication_lines_after_the_title_are_read(line, published, office):
    parsed = parse_report_text(f"{TITLE}\n{line}\n{BODY}")
    assert parsed.published_at.isoformat() == published
    assert parsed.source_office == (office or "")
    assert [item.text for item in parsed.furniture] == [line]
    assert parsed.preamble == ""


def test_the_time_of_day_is_kept():
    assert parse_datetime("发布时间:2023-03-13 09:30:15").isoformat() == "2023-03-13T09:30:15"
    assert parse_datetime("2021/3/9 8:05").isoformat() == "2021-03-09T08:05:00"


def test_print_links_below_the_signature_are_removed():
    parsed = parse_report_text(f"{TITLE}\n{BODY}示例县人民政府\n2022年3月1日\n【打印】【关闭】\n")
    assert parsed.closing == "示例县人民政府\n2022年3月1日"
    assert [item.text for item in parsed.furniture] == ["【打印】【关闭】"]


def test_a_sentence_of_the_report_is_never_taken_for_furniture():
    text = f"{TITLE}\n{BODY}(一)来源:本年度统计数据显示,全县行政复议纠错率下降。\n"
    parsed = parse_report_text(text)
    assert parsed.furniture == []


def test_staff_can_put_a_furniture_line_back():
    text = f"工作报告\n{TITLE}\n{BODY}"
    assert [item.text for item in parse_report_text(text).furniture] == ["工作报告"]
    line_no = 0
    parsed = parse_report_text(text, ParseHints(keep={line_no}))
    assert parsed.furniture == []
    assert "工作报告" in parsed.preamble
