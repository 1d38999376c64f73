"""Turns what the selectors return into what the templates show (no queries here)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reports.comparison import Change, change_between

from .anchors import section_anchors
from .charts import Chart, Point
from .markup import Span, find_figure, paragraphs, wrap_spans


def figure_link(value, year: int) -> Span:
    href = reverse("disclosure:indicator_detail", kwargs={"code": value.definition.code})
    label = _("指标:%(name)s,查看历年数据") % {"name": value.definition.name}
    return Span(
        0,
        0,
        format_html(
            '<a class="figure" id="fig-{}" href="{}#y{}" title="{}">', value.pk, href, year, label
        ),
        mark_safe("</a>"),
    )


def mark_up_sections(sections, values, year: int) -> None:
    """Give each section ``anchor``, ``heading_html`` and ``body_html``, with every figure
    linked to its indicator page where it is printed (its section, or one of its sub-sections
    for a figure recorded on the measure as a whole)."""
    anchors = section_anchors((s.pk, s.parent_id, s.position) for s in sections)
    by_pk = {s.pk: s for s in sections}
    spans: dict[tuple[int, str], list[Span]] = {}
    for section in sections:
        section.anchor = anchors[section.pk]
    for value in values:
        section = by_pk.get(value.section_id)
        value.anchor = section.anchor if section else ""
        if section is None:
            continue
        for candidate in [section, *section.child_list]:
            placed = False
            for field in ("title", "body"):
                text = getattr(candidate, field)
                taken = [(s.start, s.end) for s in spans.get((candidate.pk, field), [])]
                found = find_figure(text, value.source_text, value.sentence, taken)
                if found:
                    link = figure_link(value, year)
                    spans.setdefault((candidate.pk, field), []).append(
                        Span(found[0], found[1], link.open_tag, link.close_tag)
                    )
                    value.anchor = candidate.anchor
                    value.in_text = True
                    placed = True
                    break
            if placed:
                break
    for section in sections:
        section.heading_html = escape(section.number) + wrap_spans(
            section.title, spans.get((section.pk, "title"), [])
        )
        section.body_html = paragraphs(section.body, spans.get((section.pk, "body"), []))
        section.heading_tag = f"h{min(section.level + 1, 6)}"


def pdf_url(year: int) -> str:
    return reverse("reports:report_pdf", kwargs={"year": year})


def with_changes(values) -> list:
    """Attach ``change`` to each value (oldest year first) against the same department's figure
    in the previous published year that has one."""
    last: dict = {}
    for value in values:
        key = value.department_id
        value.change = change_between(value, last.get(key))
        last[key] = value
    return values


def yearly_series(values) -> list:
    """One figure per year (``values`` oldest year first): the year's only figure, else its
    figure for the whole government; a year with several departments' figures and none for the
    whole government is left out (its figures are not one number)."""
    by_year: dict[int, list] = {}
    for value in values:
        by_year.setdefault(value.report.year, []).append(value)
    series = []
    for items in by_year.values():
        whole = [v for v in items if v.department_id is None]
        if len(items) == 1 or whole:
            series.append(items[0] if len(items) == 1 else whole[0])
    return series


def year_label(year: int) -> str:
    return _("%(year)s年") % {"year": year}


def indicator_chart(definition, series) -> Chart | None:
    """The bar chart of ``series`` (yearly_series), when it has two years or more; its source
    names the reports the figures come from."""
    if len(series) < 2:
        return None
    first, last = series[0].report.year, series[-1].report.year
    titles = list(dict.fromkeys(value.report.title for value in series))
    return Chart(
        title=_("%(name)s(%(first)s—%(last)s年)")
        % {"name": definition.name, "first": first, "last": last},
        unit=definition.unit,
        source=_("来源:%(titles)s") % {"titles": "、".join(titles)},
        points=tuple(
            Point(year_label(value.report.year), value.value, value.display) for value in series
        ),
    )


@dataclass
class IndexRow:
    definition: object
    latest: object  # the latest year's figure, or None when no year has one figure
    previous: object  # the figure of the year before that has one, or None
    change: Change | None


def index_rows(definitions) -> list[IndexRow]:
    """The /indicators/ table: each indicator's latest figure against the one before it."""
    rows = []
    for definition in definitions:
        series = yearly_series(definition.published_values)
        latest = series[-1] if series else None
        previous = series[-2] if len(series) > 1 else None
        change = change_between(latest, previous) if latest is not None else None
        rows.append(IndexRow(definition, latest, previous, change))
    return rows
