"""Plainly synthetic test data (测试市), never presented as real figures."""

from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.utils import timezone

from reports.models import (
    AnnualReport,
    Department,
    IndicatorCategory,
    IndicatorDefinition,
    IndicatorValue,
    Section,
)


def make_report(year=2030, status="draft", **fields) -> AnnualReport:
    defaults = {
        "government": "测试市人民政府",
        "title": f"测试市{year}年度法治政府建设情况报告",
        "issuing_office": "测试市司法局",
    }
    if status == "published":
        defaults["published_at"] = timezone.now()
    defaults.update(fields)
    return AnnualReport.objects.create(year=year, status=status, **defaults)


def make_short_report(year=2031, status="published", **fields) -> AnnualReport:
    """A report with a preamble, one chapter and one measure: enough text to typeset."""
    report = make_report(year, status=status, **{"preamble": "这是用于测试的导语。", **fields})
    chapter = make_section(report, number="一、", title="测试章节")
    make_section(report, parent=chapter, number="1.", title="测试措施。", body="测试正文第一版。")
    return report


def make_section(
    report, parent=None, position=1, number="一、", title="测试章节", body=""
) -> Section:
    return Section.objects.create(
        report=report, parent=parent, position=position, number=number, title=title, body=body
    )


def make_definition(code="test.cases", name="测试案件", unit="件") -> IndicatorDefinition:
    category, _ = IndicatorCategory.objects.get_or_create(
        code="test", defaults={"name": "测试类别"}
    )
    return IndicatorDefinition.objects.create(code=code, name=name, unit=unit, category=category)


def make_value(report, definition, value="5", department=None, section=None) -> IndicatorValue:
    return IndicatorValue.objects.create(
        report=report,
        definition=definition,
        value=Decimal(value),
        department=department,
        section=section,
    )


def make_department(name="测试局") -> Department:
    return Department.objects.create(name=name)


def make_user(username, group_name=None, **extra) -> User:
    """Staff who can log in to the admin, in the role group ``group_name`` if given."""
    user = User.objects.create_user(
        username=username, password="pw-" + username, is_staff=True, **extra
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return User.objects.get(pk=user.pk)  # fresh permission cache
