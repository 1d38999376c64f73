"""Which characters of a report the PDF's fonts cannot draw, and where they are.

The PDF's body is typeset in FandolFang, with Noto Serif CJK for what it lacks (see
``fonts``); a character both lack (an emoji, "İ") is still printed, in whatever installed
font has it, or as a box when none has:
a published report always has its PDF. Staff are told before that happens, when they check a
report before publishing it (``reports.services.checks``), with the characters and the parts
of the report that hold them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from reports.models import AnnualReport

from .charset import drawn_characters
from .fonts import body_characters, read_manifest, system_body_characters


@dataclass
class UncoveredText:
    place: str  # where in the report, as staff name it: 标题, 导语, 第…节 “一、…”
    characters: str


def _covered() -> frozenset[str] | None:
    """The characters the body's faces draw; None when they are not installed."""
    covered = system_body_characters()
    if covered is None:
        manifest = read_manifest()
        return body_characters(manifest) if manifest else None
    return covered


def uncovered_characters(text: str) -> str:
    """The characters of ``text`` that the body font lacks, in order of first appearance."""
    needed = drawn_characters(text)
    manifest = read_manifest()
    if manifest and needed <= body_characters(manifest):
        return ""  # the common case, without loading the complete font's character map
    covered = _covered()
    if covered is None:
        return ""  # no font at all: the rendering reports that, not the text
    missing = needed - covered
    return "".join(dict.fromkeys(c for c in text if c in missing))


def uncovered_in_report(report: AnnualReport, sections=None) -> list[UncoveredText]:
    """Every part of the report that the PDF prints with characters its font lacks.

    ``sections``: the report's sections in id order when the caller has loaded them already."""
    places = [
        (_("发布主体"), report.government),
        (_("标题"), report.title),
        (_("发布机构"), report.issuing_office),
        (_("索引号"), report.index_number),
        (_("导语"), report.preamble),
        (_("落款"), report.closing),
    ]
    if sections is None:
        sections = report.sections.all().order_by("pk") if report.pk else []
    for section in sections:
        places.append((_("章节“%(heading)s”") % {"heading": section.heading}, section.full_text))
    found = []
    for place, text in places:
        characters = uncovered_characters(text or "")
        if characters:
            found.append(UncoveredText(place, characters))
    return found


def uncovered_message(found: list[UncoveredText]) -> str:
    """One sentence for staff, in Chinese, naming the characters and where they are."""
    parts = [
        _("%(place)s:%(characters)s")
        % {"place": item.place, "characters": "、".join(item.characters)}
        for item in found
    ]
    return _(
        "PDF字体中没有以下字符,PDF将以其他字体或方框代替,请确认是否需要改用规范汉字或符号:%(parts)s"
    ) % {"parts": ";".join(parts)}
