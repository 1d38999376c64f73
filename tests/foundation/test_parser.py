"""The parser turns report text as published on government sites into structure."""

from decimal import Decimal

import pytest

from reports.parsing import ReportTextError, decode_report_bytes, find_figures, parse_report_text

from ..conftest import SEED_TEXT


@pytest.fixture(scope="module")
def seed():
    return parse_report_text(SEED_TEXT.read_text(encoding="utf-8"))


def outline(parsed):
    return [(level, section.number, section.title) for section, level in parsed.walk()]


def test_page_furniture_becomes_metadata(seed):
    assert seed.government == "五常市人民政府"
    assert seed.column_path == ["政务公开", "法治政府建设", "依法行政"]
    assert seed.title == "五常市2017年度法治政府建设情况报告"
    assert seed.year == 2017
    assert seed.published_at.date().isoformat() == "2018-01-15"
    assert seed.view_count is None  # 点击数 is empty on the page
    assert seed.source_office == "市政府法制办"
    assert seed.preamble.startswith("2017年,五常市认真贯彻落实")
    assert "欢迎您" not in seed.preamble and "发布时间" not in seed.preamble
    assert seed.warnings == []


def test_seed_outline(seed):
    assert seed.sections_per_level() == {1: 8, 2: 32, 3: 2}
    assert seed.sections[6].title == "依法有效化解社会矛盾纠纷"
    measure = seed.sections[0].children[0]
    assert measure.number == "1."
    assert measure.title == "加强法治政府建设的组织领导,严格落实法治建设第一责任人机制。"
    assert measure.body.startswith("成立了由市长担任组长")
    shi = seed.sections[7].children[3]
    assert [child.number for child in shi.children] == ["一是", "二是"]
    assert shi.body.endswith("普法责任制要求,")
    assert shi.children[0].title == "利用重要时间节点进行普法。"


def test_seed_figures(seed):
    figures = seed.figures
    assert len(figures) == 60  # 四期 included, written in Chinese numerals
    review = [f for f in seed.sections[6].children[0].figures]
    assert [f.source_text for f in review] == ["10件", "4件", "6件", "5件", "1件"]
    assert (
        review[0].sentence == "今年我市共接到行政复议申请10件,调解4件,立案6件,结案5件,正在审理1件。"
    )
    assert not any(f.unit == "年" for f in figures)


@pytest.mark.parametrize(
    ("text", "value", "value_max", "qualifier", "unit"),
    [
        ("受教育师生达3万余人次。", Decimal(30000), None, "more_than", "人次"),
        ("参加人员近300人。", Decimal(300), None, "nearly", "人"),
        ("检查个案10余件。", Decimal(10), None, "more_than", "件"),
        ("拟新增1-2人。", Decimal(1), Decimal(2), "range", "人"),
        ("约1.5万亩。", Decimal(15000), None, "about", "亩"),
        ("淘汰黄标车1030台。", Decimal(1030), None, "exact", "台"),
    ],
)
def test_figure_forms(text, value, value_max, qualifier, unit):
    [figure] = find_figures(text)
    assert (figure.value, figure.value_max, figure.qualifier, figure.unit) == (
        value,
        value_max,
        qualifier,
        unit,
    )
    assert figure.sentence == text


def test_dates_and_years_are_not_figures():
    assert find_figures("《方案(2016-2020年)》于2017年5月31日印发,12·4国家宪法日。") == []


FOUR_LEVELS = """测试市2030年度法治政府建设情况报告
2030年,测试市持续推进法治政府建设。现报告如下:
一、主要举措和成效
(一)依法全面履行政府职能
1.深化行政审批制度改革。全年精简审批事项12项。
(1)推行告知承诺制。涉及事项8项。
(2)推进网上办理。
2.加强市场监管。
(二)健全依法决策机制
二、存在的不足和原因
测试市在执法规范化方面仍有差距。
三、下一年度工作安排
"""


def test_four_levels_of_numbering():
    parsed = parse_report_text(FOUR_LEVELS)
    assert outline(parsed) == [
        (1, "一、", "主要举措和成效"),
        (2, "(一)", "依法全面履行政府职能"),
        (3, "1.", "深化行政审批制度改革。"),
        (4, "(1)", "推行告知承诺制。"),
        (4, "(2)", "推进网上办理。"),
        (3, "2.", "加强市场监管。"),
        (2, "(二)", "健全依法决策机制"),
        (1, "二、", "存在的不足和原因"),
        (1, "三、", "下一年度工作安排"),
    ]
    assert parsed.sections[1].body == "测试市在执法规范化方面仍有差距。"
    assert parsed.year == 2030
    assert [f.source_text for f in parsed.sections[0].children[0].children[0].figures] == ["12项"]


def test_measures_numbered_on_across_chapters():
    text = """测试市2031年度法治政府建设工作报告
一、加强组织领导
1.健全工作机制。
2.落实第一责任人职责。
二、严格规范执法
3.推行行政执法三项制度。
4.开展案卷评查。
"""
    parsed = parse_report_text(text)
    assert outline(parsed) == [
        (1, "一、", "加强组织领导"),
        (2, "1.", "健全工作机制。"),
        (2, "2.", "落实第一责任人职责。"),
        (1, "二、", "严格规范执法"),
        (2, "3.", "推行行政执法三项制度。"),
        (2, "4.", "开展案卷评查。"),
    ]


def test_yi_shi_er_shi_items_inside_a_paragraph():
    text = """测试市2032年度法治政府建设情况报告
一、加强法治宣传
全年重点做了三项工作:一是开展宪法宣传。覆盖全市。二是推进以案释法。三是建设法治文化阵地。
"""
    parsed = parse_report_text(text)
    chapter = parsed.sections[0]
    assert chapter.body == "全年重点做了三项工作:"
    assert [(c.number, c.title, c.body) for c in chapter.children] == [
        ("一是", "开展宪法宣传。", "覆盖全市。"),
        ("二是", "推进以案释法。", ""),
        ("三是", "建设法治文化阵地。", ""),
    ]


def test_words_containing_yi_shi_are_not_split():
    parsed = parse_report_text(
        "测试市2033年度报告\n一、统一思想\n推进标准统一是关键,一是一个常见词。\n"
    )
    assert parsed.sections[0].children == []
    assert parsed.sections[0].body == "推进标准统一是关键,一是一个常见词。"


def test_text_without_numbering_is_one_section_with_a_warning():
    parsed = parse_report_text(
        "测试市2034年度法治政府建设情况报告\n今年全市依法行政水平稳步提升。\n各项工作有序推进。\n"
    )
    assert len(parsed.sections) == 1
    assert parsed.sections[0].title == "今年全市依法行政水平稳步提升。"
    assert parsed.sections[0].body == "各项工作有序推进。"
    assert any("未识别到任何编号" in w for w in parsed.warnings)


def test_closing_signature_is_kept_apart():
    text = FOUR_LEVELS + "测试市人民政府\n2031年1月20日\n【打印本页】【关闭窗口】\n"
    parsed = parse_report_text(text)
    assert parsed.closing == "测试市人民政府\n2031年1月20日"
    assert parsed.sections[-1].body == ""


def test_gb18030_text_is_read_correctly():
    assert decode_report_bytes(FOUR_LEVELS.encode("gb18030")) == FOUR_LEVELS
    assert decode_report_bytes("\ufeff一、标题".encode()) == "一、标题"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空"),
        (b"  \n \n", "文件为空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是文本文件"),
    ],
)
def test_unreadable_input(data, message):
    with pytest.raises(ReportTextError, match=message):
        decode_report_bytes(data)
