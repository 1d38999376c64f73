"""The report page's layout: chapters and their contents, the figures table by chapter, the
information block's 成文日期, the PDF's label and the citation line (no queries here)."""

import re
from dataclasses import dataclass
from dataclasses import field as default
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import NumberStyle


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
