"""Every invariant of the data model holds in validation and in the database itself."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from reports.models import AnnualReport, IndicatorDefinition, IndicatorValue, Section

from ..factories import make_definition, make_department, make_report, make_section, make_value

pytestmark = pytest.mark.django_db


def db_rejects(callable_):
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        callable_()


def test_one_report_per_year():
    make_report(2030)
    duplicate = AnnualReport(
        year=2030, government="测试市人民政府", title="重复", issuing_office="测试局"
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "该年度已有报告" in str(error.value)
    db_rejects(lambda: make_report(2030))


def test_published_report_needs_a_publication_time():
    report = AnnualReport(
        year=2031, government="测试市人民政府", title="t", issuing_office="o", status="published"
    )
    with pytest.raises(ValidationError):
        report.full_clean()
    db_rejects(lambda: report.save())


def test_index_number_never_changes_once_assigned():
    report = make_report(2030, index_number="TEST001/2030-1")
    report.index_number = "TEST001/2030-2"
    with pytest.raises(ValidationError):
        report.save()
    # The database refuses too, even when the model is bypassed.
    db_rejects(lambda: AnnualReport.objects.filter(pk=report.pk).update(index_number="X/1"))
    assert AnnualReport.objects.get(pk=report.pk).index_number == "TEST001/2030-1"


def test_index_number_is_unique():
    make_report(2030, index_number="TEST001/2030-1")
    db_rejects(lambda: make_report(2031, index_number="TEST001/2030-1"))


def test_section_positions_are_unique_within_a_parent():
    report = make_report()
    chapter = make_section(report, position=1)
    make_section(report, parent=chapter, position=1, number="1.")
    db_rejects(lambda: make_section(report, position=1, number="二、"))
    db_rejects(lambda: make_section(report, parent=chapter, position=1, number="2."))
    # the same position under another parent is fine
    other = make_section(report, position=2, number="二、")
    make_section(report, parent=other, position=1, number="1.")


def test_section_parent_must_belong_to_the_same_report():
    report, other = make_report(2030), make_report(2031)
    foreign_parent = make_section(other)
    section = Section(report=report, parent=foreign_parent, position=1, title="测试")
    with pytest.raises(ValidationError) as error:
        section.full_clean()
    assert "同一份报告" in str(error.value)
    db_rejects(lambda: section.save())
    own = make_section(report)
    db_rejects(lambda: Section.objects.filter(pk=own.pk).update(parent=foreign_parent))


def test_section_parents_cannot_form_a_cycle():
    report = make_report()
    top = make_section(report)
    middle = make_section(report, parent=top, number="(一)")
    bottom = make_section(report, parent=middle, number="1.")
    top.parent = bottom
    with pytest.raises(ValidationError) as error:
        top.full_clean()
    assert "下级章节" in str(error.value)
    db_rejects(lambda: Section.objects.filter(pk=top.pk).update(parent=bottom))
    db_rejects(lambda: Section.objects.filter(pk=top.pk).update(parent=top))
    assert Section.objects.get(pk=top.pk).parent_id is None


def test_sections_nest_four_levels_and_come_back_in_printed_order():
    report = make_report()
    chapter = make_section(report, number="一、", title="章")
    second_chapter = make_section(report, position=2, number="二、", title="第二章")
    item = make_section(report, parent=chapter, number="(一)", title="节")
    measure = make_section(report, parent=item, number="1.", title="措施")
    make_section(report, parent=measure, number="(1)", title="细项")
    ordered = Section.objects.filter(report=report).in_document_order()
    assert [(s.number, s.level) for s in ordered] == [
        ("一、", 1),
        ("(一)", 2),
        ("1.", 3),
        ("(1)", 4),
        ("二、", 1),
    ]
    assert ordered[-1] == second_chapter


def test_one_value_per_definition_report_and_department():
    report = make_report()
    definition = make_definition()
    department = make_department()
    make_value(report, definition)
    make_value(report, definition, department=department)
    db_rejects(lambda: make_value(report, definition))
    db_rejects(lambda: make_value(report, definition, department=department))
    duplicate = IndicatorValue(report=report, definition=definition, value=Decimal(1))
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_negative_counts_are_rejected():
    report, definition = make_report(), make_definition()
    value = IndicatorValue(report=report, definition=definition, value=Decimal("-1"))
    with pytest.raises(ValidationError) as error:
        value.full_clean()
    assert "不能为负数" in str(error.value)
    db_rejects(lambda: value.save())


def test_a_definition_needs_a_unit():
    definition = make_definition()
    definition.unit = ""
    with pytest.raises(ValidationError):
        definition.full_clean()
    db_rejects(lambda: IndicatorDefinition.objects.filter(pk=definition.pk).update(unit=""))


def test_a_range_needs_an_upper_bound_not_below_its_lower():
    report, definition = make_report(), make_definition()
    value = IndicatorValue(
        report=report, definition=definition, value=Decimal(3), qualifier="range"
    )
    with pytest.raises(ValidationError):
        value.full_clean()
    db_rejects(lambda: value.save())
    value.value_max = Decimal(2)
    with pytest.raises(ValidationError):
        value.full_clean()
    db_rejects(lambda: value.save())


def test_a_value_section_must_belong_to_its_report():
    report, other = make_report(2030), make_report(2031)
    definition = make_definition()
    foreign_section = make_section(other)
    value = IndicatorValue(
        report=report, definition=definition, value=Decimal(1), section=foreign_section
    )
    with pytest.raises(ValidationError):
        value.full_clean()
    db_rejects(lambda: value.save())


def test_values_display_as_the_text_qualified_them():
    report, definition = make_report(), make_definition(unit="人次")
    value = make_value(report, definition, value="30000")
    value.qualifier = "more_than"
    assert value.display == "3万余人次"
    value.qualifier, value.value = "nearly", Decimal(300)
    assert value.display == "近300人次"
    value.qualifier, value.value_max = "range", Decimal(400)
    assert value.display == "300-400人次"


def test_useful_names():
    report = make_report(2030)
    section = make_section(report, number="一、", title="加强组织领导")
    definition = make_definition(name="行政复议申请", unit="件")
    value = make_value(report, definition, value="10")
    assert str(report) == "2030年 测试市2030年度法治政府建设情况报告"
    assert str(section) == "一、加强组织领导"
    assert str(definition) == "行政复议申请(件)"
    assert str(value) == "2030年 行政复议申请:10件"
