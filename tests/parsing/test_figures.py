"""Stage 6, figures: every number a reader would compare, in one scale, with its qualifier."""

from decimal import Decimal

import pytest

from reports.parsing import find_figures


@pytest.mark.parametrize(
    ("text", "printed", "value", "value_max", "qualifier", "unit"),
    [
        ("受理申请1,234件。", "1,234件", "1234", None, "exact", "件"),
        ("补助5万—10万元。", "5万—10万元", "50000", "100000", "range", "元"),
        ("补助5—10万元。", "5—10万元", "50000", "100000", "range", "元"),
        ("投入3000余万元。", "3000余万元", "30000000", None, "more_than", "元"),
        ("投入3000万元。", "3000万元", "30000000", None, "exact", "元"),
        ("投入0.3亿元。", "0.3亿元", "30000000", None, "exact", "元"),
        ("审议法规 11 件。", "11 件", "11", None, "exact", "件"),
        ("覆盖率达95%以上。", "95%以上", "95", None, "at_least", "%"),
        ("办结时间5个工作日以下。", "5个工作日以下", "5", None, "at_most", "个工作日"),
        ("超过20个部门参与。", "超过20个", "20", None, "more_than", "个"),
        ("每季度不少于3次。", "不少于3次", "3", None, "at_least", "次"),
        ("约1/4存在问题。", "约1/4", "0.25", None, "about", "分数"),
        ("从七方面推进。", "七方面", "7", None, "exact", "方面"),
        ("从七个方面推进。", "七个方面", "7", None, "exact", "方面"),
        ("办理建议二十余件。", "二十余件", "20", None, "more_than", "件"),
        ("办理近千件。", "近千件", "1000", None, "nearly", "件"),
        ("分七期开展。", "七期", "7", None, "exact", "期"),
        ("受教育师生达3万余人次。", "3万余人次", "30000", None, "more_than", "人次"),
    ],
)
def test_figure_forms(text, printed, value, value_max, qualifier, unit):
    [figure] = find_figures(text)
    assert figure.source_text == printed
    assert figure.value == Decimal(value)
    assert figure.value_max == (Decimal(value_max) if value_max else None)
    assert (figure.qualifier, figure.unit) == (qualifier, unit)


@pytest.mark.parametrize(
    "text",
    [
        "召开八届第14次常务会议。",
        "公布第三批示范单位。",
        "组织“法律进校园”百场讲座活动。",
        "推进标准统一,办好一件事。",
        "2021/03/29发布,12/31截止。",
        "《方案(2016-2020年)》于2017年5月31日印发,12·4国家宪法日。",
    ],
)
def test_ordinals_dates_and_words_are_not_figures(text):
    assert find_figures(text) == []


def test_amounts_compare_across_years_whatever_the_wording():
    values = [find_figures(text)[0] for text in ("3000余万元", "3000万元", "0.3亿元")]
    assert {(figure.value, figure.unit) for figure in values} == {(Decimal(30000000), "元")}
