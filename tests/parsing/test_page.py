"""Stage 1, decoding and HTML: the lines of what staff pasted, from text or a web page."""

from reports.parsing import parse_report_text
from reports.parsing.page import looks_like_html, read_page

PAGE = """<html><head>
<meta name="ArticleTitle" content="示例县2022年法治政府建设年度报告">
<meta name="PubDate" content="2023-02-28 16:05:09">
<meta name="ContentSource" content="示例县司法局"></head>
<body><div class="nav">首页 政务公开</div>
<h1 class="title">示例县2022年法治政府建设年度报告</h1>
<div class="TRS_Editor"><p>2022年,示例县认真贯彻落实上级决策部署,扎实推进法治政府建设,取得明显成效。</p>
<p><strong>依法决策</strong></p><p>审查重大决策事项<span>9</span>件,全部经过集体讨论。</p>
<table><tr><td>1</td><td>证明事项</td><td>17</td></tr></table></div>
<div class="footer">版权所有 示例县人民政府</div></body></html>"""


def test_plain_text_is_split_into_lines_without_blank_lines():
    page = read_page("标题\r\n\r\n  一、第一章\u3000\n")
    assert page.lines == ["标题", "一、第一章"]
    assert not page.is_html


def test_html_source_is_recognised():
    assert looks_like_html(PAGE)
    assert not looks_like_html("一、主要工作<略>\n")


def test_a_web_page_gives_its_article_text_and_metadata():
    page = read_page(PAGE)
    assert page.meta == {
        "title": "示例县2022年法治政府建设年度报告",
        "published": "2023-02-28 16:05:09",
        "source": "示例县司法局",
    }
    assert "审查重大决策事项9件,全部经过集体讨论。" in page.lines
    assert "1 证明事项 17" in page.lines  # a table row, cells joined by spaces
    outside = [page.lines[i] for i in sorted(page.outside_article)]
    assert outside == [
        "首页 政务公开",
        "示例县2022年法治政府建设年度报告",
        "版权所有 示例县人民政府",
    ]
    assert [page.lines[i] for i in page.emphasised - page.outside_article] == ["依法决策"]


def test_a_pasted_web_page_becomes_a_report_not_markup():
    parsed = parse_report_text(PAGE)
    assert parsed.title == "示例县2022年法治政府建设年度报告"
    assert parsed.published_at.isoformat() == "2023-02-28T16:05:09"
    assert parsed.source_office == "示例县司法局"
    assert not any("<" in text for text in parsed.draft_texts())
    assert [section.title for section in parsed.sections] == ["依法决策"]  # bold line
    assert {item.text for item in parsed.furniture} >= {"版权所有 示例县人民政府"}
