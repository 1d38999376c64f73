"""Turns what the selectors return into what the templates show (no queries here)."""

import re
from dataclasses import dataclass
from dataclasses import field as default
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reports.comparison import change_between
from reports.models import NumberStyle

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


@dataclass
class Chapter:
    """A chapter of the report page: its section, the sections under it in document order, and
    what the contents list under it (not 一是/二是 items: they are sentences, not headings)."""

    section: object
    parts: list = default(default_factory=list)
    contents: list = default(default_factory=list)


@dataclass
class FigureGroup:
    """The rows of the figures table that belong to one chapter (or to none)."""

    heading: str
    anchor: str
    order: int
    values: list = default(default_factory=list)


def chapters(sections) -> list[Chapter]:
    """The report's chapters (level 1) with everything under them. Needs mark_up_sections."""
    result: list[Chapter] = []
    for section in sections:
        if section.level == 1 or not result:
            result.append(Chapter(section=section))
            result[-1].contents = [
                child for child in section.child_list if child.number_style != NumberStyle.CN_SHI
            ]
        else:
            result[-1].parts.append(section)
    return result


def number_paths(sections) -> dict[int, str]:
    """Each section's printed number path, e.g. "七、1." for the first measure of chapter 七."""
    by_pk = {s.pk: s for s in sections}
    paths: dict[int, str] = {}
    for section in sections:  # document order: a parent comes before its children
        parent = by_pk.get(section.parent_id)
        paths[section.pk] = (paths.get(parent.pk, "") if parent else "") + section.number
    return paths


def figure_groups(sections, values) -> list[FigureGroup]:
    """The figures table grouped by chapter, chapters in document order. Each value gets
    ``place`` (the number path of where it is printed, e.g. "七、1.")."""
    by_pk = {s.pk: s for s in sections}
    paths = number_paths(sections)
    chapter_of: dict[int, object] = {}
    for section in sections:
        parent = by_pk.get(section.parent_id)
        chapter_of[section.pk] = chapter_of[parent.pk] if parent else section
    order = {s.pk: i for i, s in enumerate(sections)}
    groups: dict[int | None, FigureGroup] = {}
    for value in values:
        section = by_pk.get(value.section_id)
        value.place = paths.get(section.pk, "") if section else ""
        chapter = chapter_of.get(section.pk) if section else None
        key = chapter.pk if chapter else None
        if key not in groups:
            groups[key] = FigureGroup(
                heading=chapter.number + chapter.title if chapter else _("未标明章节"),
                anchor=chapter.anchor if chapter else "",
                order=order[chapter.pk] if chapter else len(order),
            )
        groups[key].values.append(value)
    return sorted(groups.values(), key=lambda group: group.order)


DATE_IN_CLOSING = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def written_on(closing: str) -> date | None:
    """成文日期: the date the closing (落款) is signed with, when it states one."""
    dates = list(DATE_IN_CLOSING.finditer(closing or ""))
    if not dates:
        return None
    found = dates[-1]  # the last date of the closing is the signature's
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        return None


def pdf_label(facts) -> str:
    """The download's size and length as the reader weighs them: "PDF,359 KB,13页"."""
    if facts is None:
        return "PDF"
    size = facts.size / 1024
    size_text = f"{size / 1024:.1f} MB" if size >= 1024 else f"{max(1, round(size))} KB"
    return _("PDF,%(size)s,%(pages)s页") % {"size": size_text, "pages": facts.pages}


def citation(report, url: str, updated_at=None) -> str:
    """引用本报告 in the form of GB/T 7714—2015 for an online document: 主要责任者. 题名[EB/OL].
    (发布或更新日期). 访问路径. The reader adds the date they cite it on ([引用日期])."""
    stamp = updated_at or report.published_at
    dated = f" ({timezone.localtime(stamp):%Y-%m-%d})." if stamp else ""
    return f"{report.government}. {report.title}[EB/OL].{dated} {url}."
