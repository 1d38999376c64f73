"""Figures found in a draft's text, recorded as indicator values once staff name the indicator.

The parser finds every number with a unit in each section's text (数字 + 件/项/人次…, with
余/近/约 and ranges). It cannot know which indicator a number counts, so staff choose one for
each (only indicators with the same unit are offered); a choice is suggested from the figures the
report is expected to state (待填报指标) in that section, unless the section still holds last
year's words (待更新正文). Figures already recorded are shown as such. Recording is all or nothing: one wrong row and nothing is written.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reports.models import (
    AnnualReport,
    Department,
    ExpectedFigure,
    IndicatorDefinition,
    IndicatorValue,
    Section,
)
from reports.parsing import find_figures
from reports.parsing.figures import Figure

from .permissions import NotAllowed, ensure_can_edit, needs_change_note, require


@dataclass
class TextFigure:
    """One number with a unit in a section's text."""

    key: str  # "<section id>-<offset in the section's text>", stable while the text is unchanged
    section: Section
    figure: Figure
    recorded: IndicatorValue | None = None
    suggested: ExpectedFigure | None = None


@dataclass
class FigureChoice:
    key: str
    definition_id: int
    department_id: int | None


class TextFiguresError(ValueError):
    """Some chosen figures cannot be recorded; ``problems`` maps a figure's key to a message."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def _same_figure(value: IndicatorValue, figure: Figure) -> bool:
    if value.source_text != figure.source_text:
        return False
    sentence = value.sentence or ""
    return not sentence or sentence in figure.sentence or figure.sentence in sentence


def text_figures(report: AnnualReport) -> list[TextFigure]:
    """Every figure in the report's sections, in reading order, with what is known of it."""
    sections = (
        Section.objects.filter(report=report).prefetch_related("departments").in_document_order()
    )
    values = list(
        IndicatorValue.objects.filter(report=report).select_related("definition", "department")
    )
    expected = ExpectedFigure.objects.filter(report=report).not_supplied_by(values)
    return match_text_figures(sections, values, expected)


def match_text_figures(
    sections: list[Section], values: list[IndicatorValue], expected: list[ExpectedFigure] = ()
) -> list[TextFigure]:
    """The figures in ``sections`` (in document order), each with the value recording it and,
    from ``expected`` (expected figures not yet supplied), a suggestion. No query."""
    by_source_text = defaultdict(list)
    for value in values:
        by_source_text[value.source_text].append(value)
    recorded_values = set()
    expected_by_section = defaultdict(list)
    for figure in expected:
        expected_by_section[figure.section_id].append(figure)
    found = []
    for section in sections:
        # The heading on a line of its own: a sentence never runs from a heading into the text.
        for figure in find_figures(f"{section.heading}\n{section.body}"):
            item = TextFigure(f"{section.pk}-{figure.start}", section, figure)
            # A value recorded for this sentence: in this section first, else anywhere
            # (a figure may be recorded on the measure whose sub-item states it).
            same_text = by_source_text.get(figure.source_text, [])
            for value in sorted(same_text, key=lambda v: v.section_id != section.pk):
                if value.pk not in recorded_values and _same_figure(value, figure):
                    item.recorded = value
                    recorded_values.add(value.pk)
                    break
            # Last year's words (待更新正文) hold last year's numbers: suggest nothing there.
            if item.recorded is None and not section.needs_text:
                item.suggested = next(
                    (
                        e
                        for e in expected_by_section[section.pk]
                        if e.definition.unit == figure.unit
                    ),
                    None,
                )
                if item.suggested is not None:
                    expected_by_section[section.pk].remove(item.suggested)
            found.append(item)
    return found


def check_can_record(user, report: AnnualReport) -> None:
    require(user, "add_indicatorvalue", _("您没有添加指标数值的权限。"))
    ensure_can_edit(user, report)
    if needs_change_note(report):
        raise NotAllowed(_("报告已公开,请逐项修改指标数值并填写更新说明。"))


def can_record(user, report: AnnualReport) -> bool:
    try:
        check_can_record(user, report)
    except NotAllowed:
        return False
    return True


@transaction.atomic
def record_text_figures(
    report: AnnualReport, choices: list[FigureChoice], user
) -> list[IndicatorValue]:
    """Record the chosen figures as indicator values, all or none."""
    check_can_record(user, report)
    by_key = {item.key: item for item in text_figures(report)}
    definitions = IndicatorDefinition.objects.in_bulk([c.definition_id for c in choices])
    departments = Department.objects.in_bulk([c.department_id for c in choices if c.department_id])
    problems: dict[str, str] = {}
    created = []
    for choice in choices:
        item = by_key.get(choice.key)
        definition = definitions.get(choice.definition_id)
        department = departments.get(choice.department_id) if choice.department_id else None
        if item is None:
            problems[choice.key] = _("正文已修改,这个数字已不在原处,请重新识别。")
            continue
        label = item.figure.source_text
        if item.recorded is not None:
            problems[choice.key] = _("“%(text)s”已记录。") % {"text": label}
        elif definition is None or (choice.department_id and department is None):
            problems[choice.key] = _("“%(text)s”:所选指标或部门不存在。") % {"text": label}
        else:  # the value's own checks (its unit is its indicator's…) are the model's
            value = IndicatorValue(
                report=report,
                definition=definition,
                department=department,
                section=item.section,
                value=item.figure.value,
                value_max=item.figure.value_max,
                qualifier=item.figure.qualifier,
                source_text=item.figure.source_text,
                sentence=item.figure.sentence,
            )
            try:
                value.full_clean()
            except ValidationError as error:
                problems[choice.key] = _("“%(text)s”:%(errors)s") % {
                    "text": label,
                    "errors": ";".join(error.messages),
                }
                continue
            value._history_user = user
            value.save()  # saved one by one: the next row's check sees it (no duplicates)
            created.append(value)
    if problems:
        transaction.set_rollback(True)
        raise TextFiguresError(problems)
    return created
