"""Department pages: a department's measures and figures across the published years."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404

from reports.models import Department, IndicatorValue, ReportStatus, Section

from ..anchors import numbered_paths, section_anchors
from .base import published_sections, published_values

PUBLISHED_SECTION = Q(sections__report__status=ReportStatus.PUBLISHED)
PUBLISHED_VALUE = Q(indicator_values__report__status=ReportStatus.PUBLISHED)


@dataclass
class DepartmentYear:
    year: int
    report_title: str
    sections: list[Section]
    values: list[IndicatorValue]


@dataclass
class DepartmentHistory:
    department: Department
    years: list[DepartmentYear]


def department_index() -> list[Department]:
    """Departments that a published report names, with how many measures and figures."""
    return list(
        Department.objects.annotate(
            section_count=Count("sections", filter=PUBLISHED_SECTION, distinct=True),
            value_count=Count("indicator_values", filter=PUBLISHED_VALUE, distinct=True),
        )
        .filter(Q(section_count__gt=0) | Q(value_count__gt=0))
        .order_by("kind", "order", "name")
    )


def department_detail(pk: int) -> DepartmentHistory:
    department = Department.objects.filter(pk=pk).first()
    if department is None:
        raise Http404("No such department")
    sections = list(
        published_sections()
        .filter(departments=department)
        .select_related("report")
        .order_by("-report__year", "id")
    )
    values = list(
        published_values()
        .filter(department=department)
        .select_related("report", "definition")
        .order_by("-report__year", "definition__category__order", "definition__order")
    )
    if not sections and not values:
        raise Http404("No published report names this department")
    rows = list(
        Section.objects.filter(
            report_id__in={s.report_id for s in sections} | {v.report_id for v in values}
        ).values_list("id", "parent_id", "position", "number")
    )
    anchors = section_anchors((pk, parent_id, position) for pk, parent_id, position, _n in rows)
    paths = numbered_paths((pk, parent_id, number) for pk, parent_id, _p, number in rows)
    years: dict[int, DepartmentYear] = {}
    for section in sections:
        section.anchor = anchors.get(section.pk, "")
        section.number_path = paths.get(section.pk, section.number)  # 七、1.
        years.setdefault(
            section.report.year, DepartmentYear(section.report.year, section.report.title, [], [])
        ).sections.append(section)
    for value in values:
        value.anchor = anchors.get(value.section_id, "")
        years.setdefault(
            value.report.year, DepartmentYear(value.report.year, value.report.title, [], [])
        ).values.append(value)
    for year in years.values():
        year.sections.sort(key=lambda s: [int(p) for p in s.anchor[4:].split("-") if p.isdigit()])
    return DepartmentHistory(department, sorted(years.values(), key=lambda y: -y.year))
