"""The seed report reproduces the published 2017 text of 五常市 word for word."""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command

from reports.models import AnnualReport, IndicatorValue, Section

from ..conftest import SEED_TEXT

TITLE = "五常市2017年度法治政府建设情况报告"


def seed_body_lines() -> list[str]:
    """The article's body as published: the lines after the title printed above it."""
    lines = [
        line.strip(" \u3000\xa0") for line in SEED_TEXT.read_text(encoding="utf-8").splitlines()
    ]
    lines = [line for line in lines if line]
    last_title = max(i for i, line in enumerate(lines) if line == TITLE)
    return lines[last_title + 1 :]


def stored_text(report: AnnualReport) -> str:
    sections = Section.objects.filter(report=report).in_document_order()
    return report.preamble + "".join(s.full_text for s in sections) + report.closing


def sentences(text: str) -> list[str]:
    return [s for s in re.findall(r"[^。;!?]+[。;!?]?", text) if s.strip()]


@pytest.mark.django_db
def test_stored_sections_reproduce_the_body_exactly(seed_report):
    body = "".join(seed_body_lines())
    assert stored_text(seed_report).replace("\n", "") == body


@pytest.mark.django_db
def test_every_sentence_appears_once_in_order(seed_report):
    stored = stored_text(seed_report).replace("\n", "")
    cursor = 0
    for sentence in sentences("".join(seed_body_lines())):
        assert stored.count(sentence) == 1 or len(sentence) < 8, sentence
        found = stored.find(sentence, cursor)
        assert found >= cursor, f"out of order or missing: {sentence}"
        cursor = found + len(sentence)
    assert cursor == len(stored), "the stored report has text the published one does not"


@pytest.mark.django_db
def test_seed_outline_and_metadata(seed_report):
    chapters = Section.objects.filter(report=seed_report, parent=None).order_by("position")
    assert [c.number for c in chapters] == [
        "一、",
        "二、",
        "三、",
        "四、",
        "五、",
        "六、",
        "七、",
        "八、",
    ]
    measures = Section.objects.filter(report=seed_report, parent__parent=None, parent__isnull=False)
    assert measures.count() == 32
    assert [m.number for m in measures.filter(parent=chapters[3]).order_by("position")] == [
        "1.",
        "2.",
        "3.",
        "4.",
        "5.",
        "6.",
    ]
    first = measures.get(parent=chapters[0], position=1)
    assert first.title == "加强法治政府建设的组织领导,严格落实法治建设第一责任人机制。"
    assert seed_report.status == "published"
    assert seed_report.issuing_office == "市政府法制办"
    assert seed_report.government == "五常市人民政府"
    assert seed_report.column_names == ["政务公开", "法治政府建设", "依法行政"]
    published = seed_report.published_at.astimezone(
        __import__("zoneinfo").ZoneInfo("Asia/Shanghai")
    )
    assert published.date().isoformat() == "2018-01-15"
    assert seed_report.index_number is None  # the published page shows none: none is invented


@pytest.mark.django_db
def test_every_figure_is_a_value_on_the_measure_that_states_it(seed_report):
    values = list(
        IndicatorValue.objects.filter(report=seed_report).select_related("section", "definition")
    )
    assert len(values) == 60
    for value in values:
        section_text = value.section.full_text + "".join(
            child.full_text for child in value.section.children.all()
        )
        assert value.source_text in section_text, value
        assert value.sentence and value.sentence in section_text, value
        assert value.definition.unit and value.definition.name
    by_code = {v.definition.code: v for v in values}
    review = by_code["review.applications"]
    assert (review.value, review.display, review.section.number) == (Decimal(10), "10件", "1.")
    assert review.section.parent.number == "七、"
    assert by_code["publicity.school-audience"].display == "3万余人次"
    assert by_code["publicity.school-audience"].value == Decimal(30000)
    assert by_code["training.licensing-trainees"].display == "近300人"
    assert by_code["staffing.legal-office-planned"].display == "1-2人"
    assert by_code["enforcement.cases-checked"].display == "10余件"
    assert by_code["training.enforcement-classes"].source_text == "四期"


@pytest.mark.django_db
def test_seed_names_departments(seed_report):
    names = set(seed_report.sections.values_list("departments__name", flat=True))
    assert {"市政府法制办", "住建局", "交通运输局", "市场监管局", "各乡镇人民政府"} <= names


@pytest.mark.django_db
def test_load_seed_runs_twice_without_duplicating_or_overwriting():
    call_command("load_seed", verbosity=0)
    report = AnnualReport.objects.get(year=2017)
    report.summary = "由工作人员修改的概述"
    report.save()
    call_command("load_seed", verbosity=0)
    assert AnnualReport.objects.count() == 1
    assert AnnualReport.objects.get(year=2017).summary == "由工作人员修改的概述"
    assert Section.objects.count() == 8 + 32 + 2


def test_fixture_is_what_the_build_script_makes(seed_document):
    """The committed fixture has not drifted from the parser and the hand-checked table."""
    import importlib.util

    from ..conftest import ROOT

    spec = importlib.util.spec_from_file_location(
        "build", ROOT / "fixtures" / "build_wuchang_2017.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == seed_document
