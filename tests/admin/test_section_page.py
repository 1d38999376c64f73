"""A section's page: text areas that fit the text, previous/next, and what sits beside the text."""

import re

import pytest

from reports.forms import fitting_rows
from reports.models import Section

from ..factories import make_definition, make_department, make_value

pytestmark = pytest.mark.django_db


def section_url(section):
    return f"/admin/reports/section/{section.pk}/change/"


def test_text_areas_are_as_tall_as_the_text():
    assert fitting_rows("") == 3
    assert fitting_rows("测" * 400) == 11  # 400 characters at 40 a row, and a row to write in
    assert fitting_rows("\n".join(["短句。"] * 12)) == 13
    assert fitting_rows("测" * 100_000) == 60


def test_section_page_links_previous_and_next_in_printed_order(client, editor, draft):
    chapter = Section.objects.get(report=draft, parent=None, position=2)
    first_child = Section.objects.get(parent=chapter, position=1)
    last_of_chapter_one = Section.objects.get(parent__position=1, parent__report=draft, position=2)
    client.force_login(editor)
    page = client.get(section_url(chapter)).content.decode()
    assert re.search(rf'href="{section_url(last_of_chapter_one)}" rel="prev"', page)
    assert re.search(rf'href="{section_url(first_child)}" rel="next"', page)
    assert f'rows="{fitting_rows(chapter.body)}"' in page


def test_figures_and_departments_are_shown_beside_the_text(client, editor, draft):
    section = Section.objects.filter(report=draft, parent__isnull=False).first()
    department = make_department("测试局")
    section.departments.add(department)
    make_value(draft, make_definition(), value="7", department=department, section=section)
    client.force_login(editor)
    page = client.get(section_url(section)).content.decode()
    aside = page[page.index('class="section-aside"') :]
    assert "测试局" in aside and "测试案件:7件" in aside


def test_text_copied_from_last_year_is_shown_beside_it(client, editor, seed_report, draft_2018):
    copied = Section.objects.filter(report=draft_2018, needs_text=True).exclude(body="").first()
    original = Section.objects.get(report=seed_report, number=copied.number, title=copied.title)
    client.force_login(editor)
    page = client.get(section_url(copied)).content.decode()
    assert "上年同一章节(2017年度)" in page
    assert original.body[:30] in page[page.index('id="last-year"') :]
    copied.needs_text = False
    copied.save()
    assert 'id="last-year"' not in client.get(section_url(copied)).content.decode()
