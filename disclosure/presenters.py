"""Turns what the selectors return into what the templates show (no queries here)."""

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reports.comparison import change_between

from .anchors import section_anchors
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
