"""What the PDF prints, in print order: turns a report into the blocks the print template lays out.

A level-1 section is a heading of its own (黑体). A level-2 section runs in: its number and
title (for a measure, the lead sentence, 楷体) open the paragraph its body continues, as the
published text prints it. 一是/二是 items continue the paragraph before them; other deeper
levels open a paragraph. Every section gets an anchor for the contents and a PDF bookmark.
"""

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings

from reports.comparison import change_between
from reports.models import AnnualReport, NumberStyle, Section
from reports.parsing.closing import NOTE_RE, SIGNATURE_DATE_RE, SIGNER_MAX, is_signature_date

from . import selectors
from .punctuation import full_width_punctuation


@dataclass
class Run:
    text: str
    css_class: str = ""
    anchor: str = ""
    bookmark_level: int = 0

    @property
    def heading_level(self) -> int:
        """H2 for chapters (the title is H1), H3 for their measures, and so on, up to H6."""
        return min(self.bookmark_level + 1, 6)


@dataclass
class Block:
    kind: str  # "heading" or "paragraph"
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    anchor: str = ""

    @property
    def has_run_in_heading(self) -> bool:
        return any(run.anchor for run in self.runs)


@dataclass
class ContentsEntry:
    label: str
    anchor: str
    level: int


@dataclass
class KeyFigure:
    name: str
    department: str
    display: str
    previous_display: str = ""
    change: str = ""


@dataclass
class PrintClosing:
    """The 落款 as GB/T 9704 sets it: 附件说明 above (left), the issuing body and the date
    (right), and a 附注 such as (此件公开发布) below (left)."""

    before: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    date: str = ""
    after: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.before or self.signature or self.date or self.after)

    @classmethod
    def from_lines(cls, lines: list[str]) -> "PrintClosing":
        """Split the 落款 staff entered: its last date line (with the signer before it, on
        its own line or the same one), what comes before and the notes after."""
        dates = [index for index, line in enumerate(lines) if is_signature_date(line)]
        if not dates:
            notes = [line for line in lines if NOTE_RE.match(line)]
            return cls(signature=[line for line in lines if line not in notes], after=notes)
        at = dates[-1]
        before, date, after = lines[:at], lines[at], lines[at + 1 :]
        signer = SIGNATURE_DATE_RE.match(date).group("signer")
        signature = [signer] if signer else []
        date = date[len(signer) :].strip() if signer else date
        if not signature and before and len(before[-1]) <= SIGNER_MAX:
            signature = [before.pop()]
        return cls(before, signature, date, after)


@dataclass
class PrintDocument:
    report: AnnualReport
    draft: bool
    blocks: list[Block]
    contents: list[ContentsEntry]
    key_figures: list[KeyFigure]
    previous_year: int | None
    preamble: list[str]
    closing: PrintClosing
    published_date: str
    change_notes: list[tuple[str, str]]

    def __post_init__(self):
        if not isinstance(self.closing, PrintClosing):
            self.closing = PrintClosing.from_lines(list(self.closing))

    @property
    def file_name(self) -> str:
        suffix = "(草稿)" if self.draft else ""
        return f"{self.report.title}{suffix}.pdf"

    @property
    def ascii_file_name(self) -> str:
        suffix = "-draft" if self.draft else ""
        return f"rule-of-law-report-{self.report.year}{suffix}.pdf"


def paragraphs(text: str) -> list[str]:
    """The printed paragraphs of a text: its non-empty lines, punctuated for print."""
    return [
        full_width_punctuation(line.strip()) for line in (text or "").splitlines() if line.strip()
    ]


def chinese_date(moment) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    return f"{local.year}年{local.month}月{local.day}日"


def section_anchor(section: Section) -> str:
    return f"section-{section.pk}"


def build_blocks(sections: list[Section]) -> tuple[list[Block], list[ContentsEntry]]:
    blocks: list[Block] = []
    contents: list[ContentsEntry] = []
    for section in sections:
        anchor = section_anchor(section)
        body = paragraphs(section.body)
        heading = full_width_punctuation(section.heading)
        if section.level <= 2:
            contents.append(ContentsEntry(heading, anchor, section.level))
        if section.level == 1:
            blocks.append(
                Block("heading", [Run(heading, anchor=anchor, bookmark_level=1)], 1, anchor)
            )
            blocks.extend(Block("paragraph", [Run(text)]) for text in body)
            continue
        css_class = "heading-2" if section.level == 2 else "heading-run"
        opening = Run(heading, css_class, anchor, bookmark_level=min(section.level, 6))
        first_runs = [opening] + ([Run(body[0])] if body else [])
        continues = (
            section.number_style == NumberStyle.CN_SHI
            and section.level > 2
            and blocks
            and blocks[-1].kind == "paragraph"
        )
        if continues:
            blocks[-1].runs.extend(first_runs)
        else:
            blocks.append(Block("paragraph", first_runs, section.level, anchor))
        blocks.extend(Block("paragraph", [Run(text)]) for text in body[1:])
    return blocks, contents


def print_closing(report: AnnualReport) -> PrintClosing:
    """The 落款 staff entered; without one, the 发布主体 and the publication date (both real
    data; the checks before publishing tell staff that the 落款 is empty)."""
    closing = PrintClosing.from_lines(paragraphs(report.closing))
    if closing.signature or closing.date:
        return closing
    closing.signature = [report.government] if report.government else []
    closing.date = chinese_date(report.published_at)
    return closing


def build_key_figures(report: AnnualReport, previous: AnnualReport | None) -> list[KeyFigure]:
    previous_values = {}
    if previous is not None:
        previous_values = {
            (value.definition_id, value.department_id): value
            for value in selectors.headline_values(previous)
        }
    figures = []
    for value in selectors.headline_values(report):
        before = previous_values.get((value.definition_id, value.department_id))
        figures.append(
            KeyFigure(
                name=full_width_punctuation(value.definition.name),
                department=full_width_punctuation(value.department.name)
                if value.department
                else "",
                display=value.display,
                previous_display=before.display if before else "",
                change=change_between(value, before).text if previous is not None else "",
            )
        )
    return figures


def build_document(report: AnnualReport, draft: bool = False) -> PrintDocument:
    blocks, contents = build_blocks(report.sections_in_order())
    previous = selectors.previous_published_report(report)
    return PrintDocument(
        report=report,
        draft=draft,
        blocks=blocks,
        contents=contents,
        key_figures=build_key_figures(report, previous),
        previous_year=previous.year if previous else None,
        preamble=paragraphs(report.preamble),
        closing=print_closing(report),
        published_date=chinese_date(report.published_at),
        change_notes=[
            (chinese_date(note.created_at), full_width_punctuation(note.note))
            for note in selectors.public_change_notes(report)
        ],
    )


def warm_up_document() -> PrintDocument:
    """A small made-up report (never saved, never served) that uses every part of the template:
    rendering it once loads what a process's first real rendering would otherwise wait for."""
    report = AnnualReport(
        year=2000,
        title="示例市2000年度法治政府建设情况报告",
        government="示例市人民政府",
        issuing_office="示例市司法局",
        index_number="000000000/2000-00001",
    )
    chapter = Run("一、示例章节", anchor="warm-1", bookmark_level=1)
    measure = Run("(一)示例措施。", "heading-2", "warm-2", bookmark_level=2)
    body = Run("示例正文:全年办理示例事项12件,同比增长50%;“示例”(试行)等123项。")
    return PrintDocument(
        report=report,
        draft=False,
        blocks=[
            Block("heading", [chapter], 1, "warm-1"),
            Block("paragraph", [measure, body], 2, "warm-2"),
        ],
        contents=[ContentsEntry(chapter.text, "warm-1", 1)],
        key_figures=[KeyFigure("示例指标", "示例部门", "12件", "8件", "比上年增加4件(50%)")],
        previous_year=1999,
        preamble=["示例前言。"],
        closing=["示例市人民政府", "2001年1月1日"],
        published_date="2001年1月1日",
        change_notes=[("2001年1月2日", "示例更新说明。")],
    )
