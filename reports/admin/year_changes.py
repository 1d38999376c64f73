"""What changed since last year, for the reviewer before publishing: each section's text against
the section it continues in last year's published report, and each figure against last year's."""

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from reports.comparison import Change, change_between
from reports.models import AnnualReport, IndicatorValue, Section
from reports.textdiff import inline_diff


@dataclass
class SectionChange:
    section: Section | None  # None: last year's section has no counterpart this year
    previous: Section | None  # None: a new section
    diff: SafeString
    changed: bool
    label: str = ""  # for the report's own texts (导语, 落款)


@dataclass
class FigureChange:
    definition: object
    department: object
    value: IndicatorValue | None
    previous: IndicatorValue | None
    change: Change


@dataclass
class YearChanges:
    report: AnnualReport
    previous: AnnualReport | None
    texts: list[SectionChange]  # the report's own 导语 and 落款 first, then the sections
    sections: list[SectionChange]
    figures: list[FigureChange]

    @property
    def changed_sections(self) -> int:
        return sum(1 for row in self.sections if row.changed)


def previous_report(report: AnnualReport) -> AnnualReport | None:
    """Last year's report as citizens saw it (published), or None."""
    return AnnualReport.objects.published().filter(year=report.year - 1).first()


def _diff(before: Section | None, after: Section | None) -> tuple[SafeString, bool]:
    """Heading and body each compared on their own, so a rewritten body keeps its heading."""
    parts = [
        (getattr(before, name, "") if before else "", getattr(after, name, "") if after else "")
        for name in ("heading", "body")
    ]
    diff = mark_safe("\n".join(inline_diff(old, new) for old, new in parts if old or new))
    return diff, any(old != new for old, new in parts)


def match_sections(sections: list[Section], previous: list[Section]) -> dict[int, Section]:
    """This year's section id → last year's section it continues: the one it was copied from
    (新建下一年度), else the one with the same number and title, else the same title."""
    by_pk = {section.pk: section for section in previous}
    matched: dict[int, Section] = {}
    taken: set[int] = set()
    for section in sections:
        origin = by_pk.get(section.origin_id)
        if origin is not None and origin.pk not in taken:
            matched[section.pk] = origin
            taken.add(origin.pk)
    for key in (lambda s: (s.number, s.title.strip()), lambda s: s.title.strip()):
        free = {}
        for candidate in previous:
            if candidate.pk not in taken:
                free.setdefault(key(candidate), candidate)
        for section in sections:
            if section.pk in matched:
                continue
            candidate = free.pop(key(section), None)
            if candidate is not None and candidate.pk not in taken:
                matched[section.pk] = candidate
                taken.add(candidate.pk)
    return matched


def _section_rows(report, previous) -> list[SectionChange]:
    sections = Section.objects.filter(report=report).in_document_order()
    earlier = Section.objects.filter(report=previous).in_document_order() if previous else []
    matched = match_sections(sections, earlier)
    rows = []
    for section in sections:
        before = matched.get(section.pk)
        rows.append(SectionChange(section, before, *_diff(before, section)))
    used = {s.pk for s in matched.values()}
    for before in earlier:
        if before.pk not in used:
            rows.append(SectionChange(None, before, *_diff(before, None)))
    return rows


def _text_rows(report, previous) -> list[SectionChange]:
    rows = []
    for name in ("preamble", "closing"):
        old = getattr(previous, name) if previous else ""
        new = getattr(report, name)
        label = str(AnnualReport._meta.get_field(name).verbose_name)
        rows.append(SectionChange(None, None, inline_diff(old, new), old != new, label))
    return rows


def _figure_rows(report, previous) -> list[FigureChange]:
    values = list(IndicatorValue.objects.filter(report=report).in_indicator_order())
    earlier = (
        list(IndicatorValue.objects.filter(report=previous).in_indicator_order())
        if previous
        else []
    )
    last_year = {(v.definition_id, v.department_id): v for v in earlier}
    rows = []
    for value in values:
        before = last_year.pop((value.definition_id, value.department_id), None)
        rows.append(
            FigureChange(
                value.definition, value.department, value, before, change_between(value, before)
            )
        )
    for before in last_year.values():  # stated last year, not (yet) this year
        rows.append(
            FigureChange(before.definition, before.department, None, before, Change("", ""))
        )
    return rows


def year_changes(report: AnnualReport) -> YearChanges:
    previous = previous_report(report)
    return YearChanges(
        report=report,
        previous=previous,
        texts=_text_rows(report, previous),
        sections=_section_rows(report, previous),
        figures=_figure_rows(report, previous),
    )
