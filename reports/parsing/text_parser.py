"""Parse the text of a report as published on a government web page: a pipeline of stages.

1. page (decoding and HTML): the lines, from plain text or a web page's HTML;
2. furniture (furniture and metadata): page furniture removed, what it states kept;
3. title (title and year): title, year, lines above the title;
4. closing (closing and attachments): the signature and the 附件 below the text;
5. outline: 导语 and the tree of sections;
6. figures: the numbers each section states.

Nothing is lost on the way: every line ends in the title, the 导语, a section, the closing, an
attachment, or the furniture list that staff see; :func:`unplaced_sentences` checks it.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from .closing import split_closing
from .figures import Figure, find_figures
from .furniture import Furniture, strip_furniture
from .outline import ParsedSection, build_outline
from .page import Line, read_page
from .title import find_title, issuing_government, reported_year

STAGES = ("page", "furniture", "title", "closing", "outline", "figures")
SECTIONS_WARNING_AT = 1500
CHARACTERS_WARNING_AT = 200_000  # a year's report runs to 10,000–40,000 characters
SENTENCE_SPLIT_RE = re.compile(r"(?<=[。!?;!?;])")


@dataclass
class ParseHints:
    """Staff corrections from the preview, by line number (see ``Line.no``)."""

    keep: set[int] = field(default_factory=set)
    headings: set[int] = field(default_factory=set)
    not_headings: set[int] = field(default_factory=set)


@dataclass
class ParsedReport:
    government: str = ""
    column_path: list[str] = field(default_factory=list)
    title: str = ""
    year: int | None = None
    published_at: datetime | None = None
    view_count: int | None = None
    source_office: str = ""
    preamble: str = ""
    sections: list[ParsedSection] = field(default_factory=list)
    closing: str = ""
    attachments: list[ParsedSection] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    heading_candidates: list[Line] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    preamble_figures: list[Figure] = field(default_factory=list)
    is_html: bool = False

    def walk(self):
        for section in self.sections:
            yield from section.walk()

    @property
    def figures(self) -> list[Figure]:
        found = list(self.preamble_figures)
        for section, _level in self.walk():
            found.extend(section.figures)
        return found

    def sections_per_level(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for _section, level in self.walk():
            counts[level] = counts.get(level, 0) + 1
        return dict(sorted(counts.items()))

    def draft_texts(self) -> list[str]:
        """Every text the draft will hold, in printed order."""
        texts = [self.title, self.preamble]
        texts += [section.full_text for section, _level in self.walk()]
        texts.append(self.closing)
        for attachment in self.attachments:
            texts += [attachment.full_text for attachment, _level in attachment.walk()]
        return texts


def parse_report_text(text: str, hints: ParseHints | None = None) -> ParsedReport:
    hints = hints or ParseHints()
    page = read_page(text)
    report = ParsedReport(source_lines=list(page.lines), is_html=page.is_html)

    lines, report.furniture, meta = strip_furniture(page, hints.keep)
    report.column_path = meta.column_path
    report.published_at = meta.published_at
    report.view_count = meta.view_count
    report.source_office = meta.source_office

    titled = find_title(lines, meta, report.furniture, hints.keep)
    report.title = titled.title
    report.warnings += titled.warnings

    closing = split_closing(titled.body)
    report.closing = "\n".join(line.text for line in closing.closing)
    report.attachments = [_attachment(block) for block in closing.attachments]

    outline = build_outline(closing.body, hints.headings, hints.not_headings)
    preamble = [line.text for line in titled.lines_above] + outline.preamble
    report.heading_candidates = outline.heading_candidates
    report.sections = outline.sections
    if not report.sections and preamble:
        report.warnings.append(_("未识别到任何编号,全文作为一个章节导入。"))
        title, body = _split_first(preamble)
        report.sections = [ParsedSection(number="", style="none", title=title, body=body)]
        preamble = []
    report.preamble = "\n".join(preamble)

    published_year = report.published_at.year if report.published_at else None
    body_texts = preamble + [section.title for section, _level in report.walk()]
    report.year, year_warning = reported_year(report.title, body_texts, published_year)
    if year_warning:
        report.warnings.append(year_warning)
    report.government = issuing_government(report.title, report.closing, meta.government)
    if not report.source_office and report.closing:
        signer = issuing_government("", report.closing, "")
        if signer:
            report.source_office = signer

    report.preamble_figures = find_figures(report.preamble)
    count = 0
    for section, _level in report.walk():
        section.figures = find_figures(section.full_text)
        count += 1
    if len(text) > CHARACTERS_WARNING_AT:
        report.warnings.append(
            _("文本长达%(count)s字,远超一份年度报告的常见篇幅,请确认粘贴的是一份报告。")
            % {"count": len(text)}
        )
    if count > SECTIONS_WARNING_AT:
        report.warnings.append(
            _("识别出%(count)s个章节,远多于一份年度报告的常见规模,请确认粘贴的是一份报告。")
            % {"count": count}
        )
    if lost := unplaced_sentences(report):
        report.warnings.append(
            _("有%(count)s句文字未能归入草稿,例如:%(text)s")
            % {"count": len(lost), "text": lost[0][:40]}
        )
    return report


def _split_first(lines: list[str]) -> tuple[str, str]:
    from .numbering import split_lead_sentence

    title, body = split_lead_sentence(lines[0])
    rest = "\n".join(lines[1:])
    return title, body + ("\n" + rest if rest and body else rest)


def _attachment(block: list[Line]) -> ParsedSection:
    return ParsedSection(
        number="",
        style="none",
        title=block[0].text,
        body="\n".join(line.text for line in block[1:]),
        line_no=block[0].no,
    )


def _squeeze(text: str) -> str:
    return "".join(text.split())


def unplaced_sentences(report: ParsedReport) -> list[str]:
    """Sentences of the source that are neither in the draft nor listed as furniture."""
    placed = _squeeze("".join(report.draft_texts()))
    furniture = {item.no for item in report.furniture}
    lost = []
    cursor = 0  # sentences come in printed order, so each search starts where the last ended
    for no, line in enumerate(report.source_lines):
        if no in furniture:
            continue
        for sentence in SENTENCE_SPLIT_RE.split(line):
            squeezed = _squeeze(sentence)
            if not squeezed:
                continue
            found = placed.find(squeezed, cursor)
            if found < 0:
                found = placed.find(squeezed)
            if found < 0:
                lost.append(sentence)
            else:
                cursor = found + len(squeezed)
    return lost
