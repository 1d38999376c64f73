"""Stage 3, title and year: the right line is the title and nothing above it is lost."""

import pytest

from reports.parsing import parse_report_text
from reports.parsing.title import issuing_government, title_score

BODY = "一、主要工作\n全年办理案件5件。\n"


@pytest.mark.parametrize(
    "line",
    [
        "工作报告",
        "首页 > 政务公开 > 工作报告",
        "一、2021年法治政府建设工作情况",
        "现将2021年法治政府建设情况报告如下:",
        "市委、市政府:",
    ],
)
def test_lines_that_are_not_a_title(line):
    assert title_score(line) < 4


def test_the_title_is_the_line_that_reads_like_one():
    text = "工作报告\n示例市2021年法治政府建设情况报告\n" + BODY
    parsed = parse_report_text(text)
    assert parsed.title == "示例市2021年法治政府建设情况报告"
    assert [item.text for item in parsed.furniture] == ["工作报告"]


def test_an_addressed_report_without_a_title_keeps_its_opening_and_takes_its_year_from_it():
    parsed = parse_report_text("市委、市政府:\n现将2021年法治政府建设情况报告如下:\n" + BODY)
    assert parsed.title == ""
    assert parsed.preamble == "市委、市政府:\n现将2021年法治政府建设情况报告如下:"
    assert parsed.year == 2021
    assert any("未识别到报告标题" in warning for warning in parsed.warnings)


def test_lines_above_the_title_go_to_the_preamble_with_a_warning():
    text = (
        "示府报〔2022〕3号 经市政府同意印发各有关单位参照执行\n示例市2021年度法治政府建设情况报告\n"
        + BODY
    )
    parsed = parse_report_text(text)
    assert parsed.title == "示例市2021年度法治政府建设情况报告"
    assert parsed.preamble.startswith("示府报〔2022〕3号")
    assert any("标题上方有1行" in warning for warning in parsed.warnings)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("关于法治政府建设情况的报告\n2018年,我市全面推进依法行政。\n" + BODY, 2018),
        ("关于法治政府建设情况的报告\n现将省政府2021年度法治政府建设情况报告如下:\n" + BODY, 2021),
        ("关于法治政府建设情况的报告\n" + "一、2020年工作情况\n全年办理案件5件。\n", 2020),
    ],
)
def test_the_year_comes_from_the_body_when_the_title_lacks_it(text, year):
    parsed = parse_report_text(text)
    assert parsed.year == year
    assert any("按正文" in warning for warning in parsed.warnings)


@pytest.mark.parametrize(
    ("title", "closing", "government"),
    [
        ("示例县人民政府关于2021年度法治政府建设情况的报告", "", "示例县人民政府"),
        ("示例市2017年度法治政府建设情况报告", "", "示例市人民政府"),
        ("示例省2021年法治政府建设年度报告", "", "示例省人民政府"),
        ("示例部2021年法治政府建设年度报告", "", "示例部"),
        ("示例市司法局2022年法治政府建设工作报告", "", "示例市司法局"),
        ("示例自治州2022年法治政府建设年度报告", "", "示例自治州人民政府"),
        ("关于2021年度法治政府建设工作情况的报告", "示例区司法局\n2022年1月5日", "示例区司法局"),
    ],
)
def test_the_issuing_government_is_found_in_every_shape(title, closing, government):
    assert issuing_government(title, closing, "") == government
