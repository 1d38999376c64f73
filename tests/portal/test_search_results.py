"""Search results: one per section with its figures folded under it, a number read as a figure,
chapter paths, honest snippets and highlights, and filters that are plain links."""

import re
from decimal import Decimal

import pytest

from disclosure.search.snippets import highlight, snippet
from reports.models import Department, IndicatorValue

from ..factories import make_definition, make_report, make_section

pytestmark = pytest.mark.django_db


def items(html: str) -> list[str]:
    return re.findall(r"<li>\s*<h2>.*?</li>", html, re.S)


def results(html: str) -> list[str]:
    return re.findall(r'<li>\s*<h2><a href="([^"]+)">', html)


def test_one_result_per_section_with_its_figures_folded(client, seed_report, indexed):
    indexed()
    html = client.get("/search/?q=行政复议").content.decode()
    found = results(html)
    assert found == ["/reports/2017/#sec-7-1"]  # not the section and then its five figures
    assert re.search(r'<a href="/reports/2017/#sec-7-1">本节另有5项数据</a>', items(html)[0])


def test_the_figures_filter_lists_figures_and_the_text_filter_only_sections(
    client, seed_report, indexed
):
    indexed()
    data = client.get("/search/?q=行政复议&kind=data").content.decode()
    assert results(data) and all(url.startswith("/indicators/") for url in results(data))
    assert "10件" in data
    text = client.get("/search/?q=行政复议&kind=text").content.decode()
    assert results(text) == ["/reports/2017/#sec-7-1"] and "本节另有" not in text


def test_filters_are_plain_links_keeping_the_query(client, seed_report, second_year, indexed):
    indexed()
    html = client.get("/search/?q=行政复议").content.decode()
    nav = re.search(r'<nav class="search-filters".*?</nav>', html, re.S).group(0)
    assert '<a href="?q=%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE&amp;kind=text">正文</a>' in nav
    assert '<a href="?q=%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE&amp;kind=data">数据</a>' in nav
    assert '<a href="?q=%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE&amp;year=2018">2018年</a>' in nav
    assert "<script" not in nav
    only_2018 = client.get("/search/?q=行政复议&year=2018").content.decode()
    assert results(only_2018) == ["/reports/2018/#sec-1-1"]
    assert 'aria-current="true" class="current">2018年</a>' in only_2018


def test_each_result_shows_its_chapter_path(client, seed_report, indexed):
    indexed()
    html = client.get("/search/?q=行政复议").content.decode()
    assert "2017年度报告 › 七、依法有效化解社会矛盾纠纷 · 正文" in items(html)[0]


def test_section_text_ranks_above_figure_names_and_departments(client, indexed):
    """A figure named after the query, stated by a department named after it, ranks below the
    section whose text is about it."""
    report = make_report(2030, status="published")
    chapter = make_section(report, number="一、", title="测试章节")
    about = make_section(
        report, parent=chapter, number="1.", title="测试:调解工作。", body="测试:人民调解。"
    )
    other = make_section(
        report, parent=chapter, position=2, number="2.", title="测试:其他工作。", body="测试:其他。"
    )
    department = Department.objects.create(name="测试人民调解委员会")
    definition = make_definition(code="test.mediation", name="测试人民调解数")
    IndicatorValue.objects.create(
        report=report,
        definition=definition,
        department=department,
        section=other,
        value=Decimal(3),
        source_text="3件",
        sentence="测试:其他。",
    )
    indexed()
    found = results(client.get("/search/?q=人民调解").content.decode())
    assert found[0] == f"/reports/2030/#sec-1-{about.position}"


def test_a_rare_word_outranks_a_common_one(client, indexed):
    """Two sections each hold one of the two words: the one holding the rare word comes first,
    although the common word's section stands earlier and names it twice."""
    report = make_report(2030, status="published")
    chapter = make_section(report, number="一、", title="测试章节")
    for position in range(1, 5):
        make_section(
            report,
            parent=chapter,
            position=position,
            number=f"{position}.",
            title=f"测试:第{position}项工作。",
            body="测试:市政府部署,市政府检查。",
        )
    rare = make_section(
        report, parent=chapter, position=5, number="5.", title="测试:顾问。", body="测试:律师。"
    )
    indexed()
    found = results(client.get("/search/?q=律师+政府").content.decode())
    assert found[0] == f"/reports/2030/#sec-1-{rare.position}"
    assert len(found) == 5


def test_a_number_is_answered_with_the_figure_and_its_place(client, seed_report, indexed):
    indexed()
    html = client.get("/search/?q=10件").content.decode()
    answer = re.search(r'<ul class="search-answers".*?</ul>', html, re.S).group(0)
    text = re.sub(r"<[^>]+>", "", answer)
    assert "行政复议申请 10件 → 七、1." in " ".join(text.split())
    assert 'href="/reports/2017/#sec-7-1"' in answer
    assert results(html)[0] == "/reports/2017/#sec-7-1"
    assert "行政权力事项 3692项 → 二、2." in " ".join(
        re.sub(r"<[^>]+>", "", client.get("/search/?q=3692").content.decode()).split()
    )
    # with a word beside it, the figures that word finds are the answer
    both = re.sub(r"<[^>]+>", "", client.get("/search/?q=10").content.decode())
    assert both.count("→") == 2  # 10件 and 10余件
    named = " ".join(
        re.sub(r"<[^>]+>", "", client.get("/search/?q=行政复议+10").content.decode()).split()
    )
    assert named.count("→") == 1 and "行政复议申请 10件 → 七、1." in named
    # 10件 is not 100件 or 1件
    assert "→" not in re.sub(r"<[^>]+>", "", client.get("/search/?q=100件").content.decode())


def test_snippets_never_cut_a_figure_and_centre_on_the_rarest_word():
    text = (
        "测试开头的很长一段文字没有要找的词只是为了占位置占位置占位置占位置占位置占位置,"
        "政府又一段很长的文字仍然没有要找的词只是为了占位置占位置占位置占位置占位置占位置,"
        "今年共审结行政复议案件13件,调解4件,立案6件,结案5件,"
        "受教育师生达3万余人次,这是后面的很长一段文字,仍然只是为了占位置占位置占位置占位置,"
        "政府政府政府政府政府政府。"
    )
    cut = snippet(text, ["行政复议", "政府"], {"行政复议": 3.0, "政府": 0.5})
    plain = re.sub(r"<[^>]+>", "", cut.html)
    assert "<mark>行政复议</mark>" in cut.html and cut.cut_start
    assert "13件" in plain
    for figure in ("13件", "3万余人次"):
        for cut_at in range(1, len(figure)):
            assert not plain.endswith(figure[:cut_at]), plain
            assert not plain.startswith(figure[cut_at:]), plain


def test_only_matched_spans_are_highlighted_each_on_its_own():
    html = highlight("加强规范性文件清理,规范行为", ["规范性", "文件"])
    assert str(html) == "加强<mark>规范性</mark><mark>文件</mark>清理,规范行为"
    # traditional text is highlighted where it stands
    assert "<mark>行政復議</mark>" in str(highlight("加强行政復議工作", ["行政复议"]))
    # a number is not found inside a longer one
    assert "<mark>" not in str(highlight("共110件", ["10"]))
