"""The indicator pages as a reader uses them: the chart (title, unit, source, whole-number
ticks), a figure card for a single year, the figures stated in the same sentence, the chart as
SVG and PNG and its data as CSV, the index as a table, one year-on-year wording on the web and in
the PDF, and department pages that cite each measure with its chapter. Drafts never show."""

import csv
import io
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from PIL import Image

from disclosure.charts import Chart, Point, axis_ticks, chart_svg
from reports.models import AnnualReport, Department, IndicatorDefinition, IndicatorValue
from reports.pdf.document import build_document

from ..factories import make_report, make_section

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
REVIEW = "/indicators/review.applications/"


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_chart_has_a_title_its_unit_and_the_reports_it_comes_from(client, seed_report, second_year):
    page = soup(client.get(REVIEW))
    figure = page.select_one("figure.chart-figure")
    assert figure.figcaption.get_text() == "行政复议申请(2017—2018年)"
    assert figure.select_one(".chart-source").get_text() == (
        "来源:五常市2017年度法治政府建设情况报告、测试:2018年度法治政府建设情况报告"
    )
    svg = figure.select_one("svg.chart")
    assert "单位:件" in [text.get_text() for text in svg.find_all("text")]
    assert svg["aria-label"] == "行政复议申请(2017—2018年)柱状图,单位:件。2017年10件、2018年12件。"


def test_the_source_line_follows_the_reports_title(client, seed_report, second_year):
    AnnualReport.objects.filter(pk=second_year.pk).update(title="测试市2018年度法治政府建设报告")
    page = soup(client.get(REVIEW))
    assert "测试市2018年度法治政府建设报告" in page.select_one(".chart-source").get_text()


@pytest.mark.parametrize(
    ("highest", "whole", "ticks"),
    [
        ("3", True, ["0", "1", "2", "3"]),
        ("12", True, ["0", "5", "10", "15"]),
        ("1", True, ["0", "1"]),
        ("30000", True, ["0", "10000", "20000", "30000"]),
        ("0.6", False, ["0", "0.2", "0.4", "0.6"]),
    ],
)
def test_axis_ticks(highest, whole, ticks):
    assert [format(t, "f") for t in axis_ticks(Decimal(highest), whole)] == ticks


def test_a_count_gets_whole_number_ticks_in_its_own_scale():
    points = (Point("2030年", Decimal(1), "1件"), Point("2031年", Decimal(3), "3件"))
    svg = ElementTree.fromstring(str(chart_svg(Chart("测试", "件", "来源:测试", points))))
    ticks = [t.text for t in svg.iter(SVG + "text") if t.get("class") == "tick"][1:]
    assert ticks == ["0", "1", "2", "3"]
    points = (
        Point("2030年", Decimal(20000), "2万人次"),
        Point("2031年", Decimal(30000), "3万人次"),
    )
    svg = ElementTree.fromstring(str(chart_svg(Chart("测试", "人次", "来源:测试", points))))
    ticks = [t.text for t in svg.iter(SVG + "text") if t.get("class") == "tick"][1:]
    assert ticks == ["0", "1万", "2万", "3万"]


def test_one_year_shows_a_figure_card_not_a_single_bar(client, seed_report):
    page = soup(client.get(REVIEW))
    assert page.select_one("svg.chart") is None
    card = page.select_one(".figure-card")
    assert card.select_one(".figure-card-value").get_text() == "10件"
    assert card.select_one(".figure-card-year").get_text().startswith("2017年")
    assert "单位:件" in card.get_text()
    assert "今年我市共接到行政复议申请10件" in card.get_text()
    assert "来源:五常市2017年度法治政府建设情况报告" in card.get_text()
    assert page.find("a", href=REVIEW + "chart.svg") is None
    assert client.get(REVIEW + "chart.svg").status_code == 404
    assert client.get(REVIEW + "chart.png").status_code == 404
    assert client.get(REVIEW + "data.csv").status_code == 200


def test_the_figures_stated_in_the_same_sentence_are_a_small_table(client, seed_report):
    page = soup(client.get(REVIEW))
    table = page.select_one(".stated-together table")
    rows = [(row.th.get_text(), row.td.get_text()) for row in table.tbody.find_all("tr")]
    assert rows == [
        ("行政复议申请(本指标)", "10件"),
        ("行政复议调解", "4件"),
        ("行政复议立案", "6件"),
        ("行政复议结案", "5件"),
        ("行政复议正在审理", "1件"),
    ]
    assert table.find("a", href="/indicators/review.mediated/#y2017")
    # From another figure of the sentence, this one is linked and that one is marked.
    other = soup(client.get("/indicators/review.pending/")).select_one(".stated-together")
    assert other.find("a", href="/indicators/review.applications/#y2017")
    assert "行政复议正在审理(本指标)" in other.get_text()


def test_a_figure_stated_alone_has_no_such_table(client, seed_report):
    page = soup(client.get("/indicators/decisions.expert-reviews/"))
    assert page.select_one(".stated-together") is None


def test_chart_as_svg_and_png_and_its_data_as_csv(client, seed_report, second_year):
    page = soup(client.get(REVIEW))
    for name in ("chart.svg", "chart.png", "data.csv"):
        assert page.find("a", href=REVIEW + name), name
    response = client.get(REVIEW + "chart.svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    assert 'filename="review.applications.svg"' in response["Content-Disposition"]
    svg = ElementTree.fromstring(response.content)
    texts = [t.text for t in svg.iter(SVG + "text")]
    assert "行政复议申请(2017—2018年)" in texts and "单位:件" in texts
    assert any(text.startswith("来源:五常市2017年度") for text in texts)
    assert ["10件", "12件"] == [t.text for t in svg.iter(SVG + "text") if t.get("class") == "value"]

    response = client.get(REVIEW + "chart.png")
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert image.width == 720 and image.height > 400  # twice the SVG's size
    bar_red = sum(1 for r, g, b in image.get_flattened_data() if r > 140 and g < 60 and b < 60)
    assert bar_red > 5000  # the bars are drawn, not an empty frame

    response = client.get(REVIEW + "data.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    years_and_values = [(row[0], row[6]) for row in rows[1:]]
    assert rows[0][0] == "年度" and years_and_values == [("2017", "10"), ("2018", "12")]


def test_drafts_never_appear_in_the_page_the_chart_files_or_the_csv(
    client, seed_report, second_year
):
    png_before = client.get(REVIEW + "chart.png").content
    cache.clear()
    draft = make_report(2019, status="draft", title="测试:2019年度报告草稿")
    definition = IndicatorDefinition.objects.get(code="review.applications")
    IndicatorValue.objects.create(report=draft, definition=definition, value=Decimal(987))
    secret = IndicatorDefinition.objects.create(
        code="test.draft-only", name="测试草稿指标", unit="件", category=definition.category
    )
    IndicatorValue.objects.create(report=draft, definition=secret, value=Decimal(5))
    for name in ("", "chart.svg", "data.csv"):
        text = client.get(REVIEW + name).content.decode("utf-8-sig")
        assert "987" not in text and "2019" not in text and "报告草稿" not in text, name
    assert client.get(REVIEW + "chart.png").content == png_before
    for name in ("", "chart.svg", "chart.png", "data.csv"):
        assert client.get("/indicators/test.draft-only/" + name).status_code == 404
    assert "测试草稿指标" not in client.get("/indicators/").content.decode()


def test_index_is_a_table_by_category_with_latest_previous_and_change(
    client, seed_report, second_year
):
    page = soup(client.get("/indicators/"))
    jump = page.select_one("nav.jump-links")
    assert jump.find("a", href="#cat-disputes").get_text() == "化解社会矛盾纠纷"
    section = page.find(id="cat-disputes").find_parent("section")
    head = [th.get_text() for th in section.thead.find_all("th")]
    assert head == ["指标", "单位", "最新数值", "上年数值", "变化"]
    row = section.find("a", href=REVIEW).find_parent("tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
    assert cells == ["行政复议申请", "件", "12件 2018年", "10件 2017年", "比上年增加2件(20%)"]
    assert "up" in row.select_one("td.change")["class"]
    single = section.find("a", href="/indicators/review.mediated/").find_parent("tr")
    assert [c.get_text(" ", strip=True) for c in single.find_all("td")][1:] == [
        "4件 2017年",
        "—",
        "无上年数据",
    ]


def test_the_web_and_the_pdf_print_one_wording_in_the_figures_scale(client, seed_report):
    definition = IndicatorDefinition.objects.get(code="review.applications")
    IndicatorValue.objects.filter(definition=definition).update(value=Decimal(10000))
    later = make_report(2018, status="published", title="测试:2018年度报告")
    IndicatorValue.objects.create(
        report=later,
        definition=definition,
        department=Department.objects.get(name="市政府法制办"),
        value=Decimal(30000),
    )
    wording = "比上年增加2万件(200%)"
    key_figures = build_document(later).key_figures
    assert [f.change for f in key_figures if f.name == "行政复议申请"] == [wording]
    assert wording in client.get(REVIEW).content.decode()
    assert wording in client.get("/indicators/").content.decode()
    assert "20000" not in client.get(REVIEW).content.decode()


def test_department_pages_cite_each_measure_with_its_chapter(client, seed_report):
    department = Department.objects.get(name="市政府法制办")
    page = soup(client.get(f"/departments/{department.pk}/"))
    measures = [a.get_text() for a in page.select(".measure-list a")]
    assert "七、1.加强行政复议工作。" in measures or any(
        text.startswith("七、1.") for text in measures
    )
    assert all(not text[0].isdigit() for text in measures)  # never a bare "1."


def test_a_measure_two_levels_down_is_cited_with_both_numbers(client):
    report = make_report(2030, status="published")
    department = Department.objects.create(name="测试局")
    chapter = make_section(report, number="二、", title="测试章节")
    part = make_section(report, parent=chapter, number="(一)", title="测试部分")
    measure = make_section(report, parent=part, number="1.", title="测试措施。")
    measure.departments.add(department)
    page = soup(client.get(f"/departments/{department.pk}/"))
    assert [a.get_text() for a in page.select(".measure-list a")] == ["二、(一)1.测试措施。"]
