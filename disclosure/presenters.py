"""Turns what the selectors return into what the templates show (no queries here)."""

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reports.models import Qualifier

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


@dataclass
class Change:
    text: str
    direction: str  # "up", "down", "same", ""


def change_against(value, previous) -> Change:
    """The change against the previous published year's figure, as a reader reads it."""
    if previous is None:
        return Change(_("无上年数据"), "")
    if Qualifier.RANGE in (value.qualifier, previous.qualifier):
        return Change(_("区间数值,不作比较"), "")
    approximate = Qualifier.EXACT not in (value.qualifier,) or previous.qualifier != Qualifier.EXACT
    unit = value.definition.unit
    diff = value.value - previous.value
    prefix = _("约") if approximate else ""
    if diff == 0:
        return Change(prefix + _("与上年持平"), "same")
    amount = format(abs(diff).normalize(), "f")
    percent = ""
    if previous.value:
        percent = _("(%(percent)s%%)") % {
            "percent": format(
                (abs(diff) * 100 / previous.value).quantize(Decimal("0.1")).normalize(), "f"
            )
        }
    if diff > 0:
        text = _("比上年增加%(prefix)s%(amount)s%(unit)s%(percent)s")
    else:
        text = _("比上年减少%(prefix)s%(amount)s%(unit)s%(percent)s")
    return Change(
        text % {"prefix": prefix, "amount": amount, "unit": unit, "percent": percent},
        "up" if diff > 0 else "down",
    )


def with_changes(values) -> list:
    """Attach ``change`` to each value (oldest year first) against the same department's figure
    in the previous published year that has one."""
    last: dict = {}
    for value in values:
        key = value.department_id
        value.change = change_against(value, last.get(key))
        last[key] = value
    return values
