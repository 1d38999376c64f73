"""Stage 5, outline: every numbering style nests as printed; rows and dates are not headings."""

from reports.parsing import ParseHints, parse_report_text


def outline(parsed):
    return [(level, section.number, section.title) for section, level in parsed.walk()]


def test_headings_whose_text_starts_with_a_digit():
    parsed = parse_report_text(
        "某县人民政府关于2021年度法治政府建设情况的报告\n一、2021年主要工作\n(一)加强领导\n"
        "1.召开会议。全年召开5次。\n2.2021年以来,新建制度3项。\n二、2022年工作安排\n"
    )
    assert outline(parsed) == [
        (1, "一、", "2021年主要工作"),
        (2, "(一)", "加强领导"),
        (3, "1.", "召开会议。"),
        (3, "2.", "2021年以来,新建制度3项。"),
        (1, "二、", "2022年工作安排"),
    ]


def test_yi_shi_items_in_separate_paragraphs():
    parsed = parse_report_text(
        "示例区2021年报告\n一、加强法治宣传\n做了三项工作:\n一是开展宪法宣传。覆盖全区。\n"
        "二是推进以案释法。\n三是建设阵地。\n二、推进依法决策\n"
    )
    chapter = parsed.sections[0]
    assert chapter.body == "做了三项工作:"
    assert [(c.number, c.title, c.body) for c in chapter.children] == [
        ("一是", "开展宪法宣传。", "覆盖全区。"),
        ("二是", "推进以案释法。", ""),
        ("三是", "建设阵地。", ""),
    ]


def test_a_lone_yi_shi_paragraph_stays_text():
    parsed = parse_report_text("示例区2021年报告\n一、加强领导\n一是关键。\n")
    assert parsed.sections[0].children == []
    assert parsed.sections[0].body == "一是关键。"


def test_table_rows_and_dates_starting_with_a_digit_are_not_sections():
    parsed = parse_report_text(
        "示例市2020年报告\n一、执法监督\n3 月 15 日,召开会议。\n序号 单位 检查次数\n"
        "1 区市场监管局 12 11\n2 区交通运输局 8\n二、行政应诉\n"
    )
    assert outline(parsed) == [(1, "一、", "执法监督"), (1, "二、", "行政应诉")]
    assert "1 区市场监管局 12 11" in parsed.sections[0].body


def test_unnumbered_headings_of_a_ministry_report_are_sections_not_preamble():
    parsed = parse_report_text(
        "示例部2021年法治政府建设年度报告\n2021年,示例部各项工作取得积极进展,现报告如下。\n"
        "学习贯彻习近平法治思想\n部党组专题学习习近平法治思想,全年集中学习4次。\n"
        "健全依法行政制度体系\n全年制定修订部门规章6件。\n"
    )
    assert parsed.preamble == "2021年,示例部各项工作取得积极进展,现报告如下。"
    assert outline(parsed) == [
        (1, "", "学习贯彻习近平法治思想"),
        (1, "", "健全依法行政制度体系"),
    ]


def test_short_lines_in_a_numbered_report_stay_text_but_are_offered_as_headings():
    parsed = parse_report_text(
        "示例县2021年报告\n一、主要工作\n专项治理\n开展专项治理行动,整改问题12个,全部按期完成整改。\n"
    )
    assert outline(parsed) == [(1, "一、", "主要工作")]
    assert [line.text for line in parsed.heading_candidates] == ["专项治理"]


def test_staff_can_mark_a_line_as_heading_or_not():
    text = "示例县2021年报告\n一、主要工作\n专项治理\n开展专项治理行动,整改问题12个,全部按期完成。\n2.5万人参加。\n"
    parsed = parse_report_text(text, ParseHints(headings={2}))
    assert outline(parsed) == [(1, "一、", "主要工作"), (2, "", "专项治理")]
    parsed = parse_report_text(text, ParseHints(not_headings={1}))
    assert parsed.sections == [] or outline(parsed)[0][1] == ""
    assert "一、主要工作" in "".join(parsed.draft_texts())
