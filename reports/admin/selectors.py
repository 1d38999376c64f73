"""Queries behind the report's admin page: a fixed number of queries whatever the outline size."""

from dataclasses import dataclass, field

from reports.models import AnnualReport, ExpectedFigure, IndicatorValue, Section, WorkflowEvent


@dataclass
class OutlineRow:
    section: Section
    level: int
    values: list = field(default_factory=list)
    expected: list = field(default_factory=list)
    is_first: bool = False
    is_last: bool = False


@dataclass
class Outline:
    rows: list[OutlineRow]
    unplaced_values: list  # figures of the report not attached to a section


def report_outline(report: AnnualReport) -> Outline:
    sections = (
        Section.objects.filter(report=report).prefetch_related("departments").in_document_order()
    )
    values = IndicatorValue.objects.filter(report=report).select_related("definition", "department")
    by_section: dict[int | None, list] = {}
    for value in values:
        by_section.setdefault(value.section_id, []).append(value)
    expected_by_section: dict[int | None, list] = {}
    for figure in ExpectedFigure.objects.filter(report=report).not_supplied_by(values):
        expected_by_section.setdefault(figure.section_id, []).append(figure)
    rows = []
    for section in sections:
        rows.append(
            OutlineRow(
                section=section,
                level=section.level,
                values=by_section.get(section.pk, []),
                expected=expected_by_section.get(section.pk, []),
            )
        )
    _mark_ends(rows)
    return Outline(rows=rows, unplaced_values=by_section.get(None, []))


def _mark_ends(rows: list[OutlineRow]) -> None:
    groups: dict[int | None, list[OutlineRow]] = {}
    for row in rows:
        groups.setdefault(row.section.parent_id, []).append(row)
    for siblings in groups.values():
        siblings.sort(key=lambda r: r.section.position)
        siblings[0].is_first = True
        siblings[-1].is_last = True


def workflow_events(report: AnnualReport):
    return WorkflowEvent.objects.filter(report=report).select_related("user")[:50]


@dataclass
class SectionSurroundings:
    previous: Section | None
    next: Section | None
    values: list
    expected: list  # figures the section is expected to state, not yet supplied
    last_year: Section | None  # the section this one continues, for 待更新正文


def section_surroundings(section: Section) -> SectionSurroundings:
    """What the section's page shows beside the text, in a fixed number of queries."""
    ordered = Section.objects.filter(report_id=section.report_id).only(
        "id", "parent_id", "position", "number", "title", "report_id"
    )
    ordered = ordered.in_document_order()
    index = next(i for i, row in enumerate(ordered) if row.pk == section.pk)
    values = list(
        IndicatorValue.objects.filter(section=section).select_related("definition", "department")
    )
    return SectionSurroundings(
        previous=ordered[index - 1] if index > 0 else None,
        next=ordered[index + 1] if index + 1 < len(ordered) else None,
        values=values,
        expected=ExpectedFigure.objects.filter(section=section).not_supplied_by(values),
        last_year=last_year_section(section) if section.needs_text else None,
    )


def last_year_section(section: Section) -> Section | None:
    """The section of last year's report this one was copied from: the recorded origin when
    there is one, else the section with the same number and title."""
    origin_id = getattr(section, "origin_id", None)
    if origin_id:
        return Section.objects.filter(pk=origin_id).select_related("report").first()
    return (
        Section.objects.filter(
            report__year=section.report.year - 1, number=section.number, title=section.title
        )
        .select_related("report")
        .order_by("pk")
        .first()
    )
