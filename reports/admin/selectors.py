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
