"""Stage 5, outline: the tree of sections from the numbered lines of the text.

Levels follow the order in which a report uses its numbering styles, so 一、 → 1. and
一、 → (一) → 1. → (1) both nest as printed, and measures numbered on across chapters stay
under the chapter they are printed in. 一是……二是…… items become sections whether they share a
paragraph or each start one. A report that numbers nothing (a ministry's bold lines) has its
short title-like lines taken as headings; staff can mark any line as a heading or not.
"""

import re
from dataclasses import dataclass, field

from .figures import Figure
from .numbering import (
    chinese_to_int,
    looks_like_table_row,
    match_line_number,
    shi_number,
    split_lead_sentence,
    split_shi_items,
)
from .page import Line

BARE_HEADING_MAX = 30
OUTLINE_STYLES = {"chapter", "cn_comma"}


@dataclass
class ParsedSection:
    number: str
    style: str
    title: str
    body: str = ""
    children: list["ParsedSection"] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    line_no: int | None = None

    @property
    def full_text(self) -> str:
        return f"{self.number}{self.title}{self.body}"

    def walk(self, level: int = 1):
        yield self, level
        for child in self.children:
            yield from child.walk(level + 1)


@dataclass
class Outline:
    preamble: list[str]
    sections: list[ParsedSection]
    heading_candidates: list[Line]


def _is_paragraph(text: str) -> bool:
    return len(text) > BARE_HEADING_MAX or text.endswith(("。", ";", ";", "!", "!"))


def is_bare_heading(text: str, next_text: str | None) -> bool:
    """A short line that reads like a heading and stands above a paragraph."""
    return (
        2 <= len(text) <= BARE_HEADING_MAX
        and not re.search(r"[。;;!!??,,::]", text)
        and not re.search(r"\d\s*[年月日]\s*\d|^\d+$", text)
        and not looks_like_table_row(text)
        and next_text is not None
        and _is_paragraph(next_text)
    )


class _Tree:
    """Builds the section tree from headings, nesting by numbering style."""

    def __init__(self):
        self.roots: list[ParsedSection] = []
        self.stack: list[ParsedSection] = []

    @property
    def current(self) -> ParsedSection | None:
        return self.stack[-1] if self.stack else None

    def open(self, style: str, number: str, text: str, line_no: int) -> None:
        styles = [section.style for section in self.stack]
        if style in styles:
            del self.stack[styles.index(style) :]
        title, body = split_lead_sentence(text)
        section = ParsedSection(number=number, style=style, title=title, line_no=line_no)
        (self.current.children if self.current else self.roots).append(section)
        self.stack.append(section)
        self.add_text(body, next_text=None, new_paragraph=False)

    def add_text(self, text: str, next_text: str | None, new_paragraph: bool = True) -> None:
        if not text:
            return
        parent = self.current
        last = parent.children[-1] if parent.children else None
        continuing = last is not None and last.style == "cn_shi"
        first = chinese_to_int(last.number[:-1]) + 1 if continuing else 1
        lead, items = split_shi_items(text, first)
        starts_run = bool(items) and not lead and len(items) == 1
        follows = next_text is not None and next_text.startswith(shi_number(first + 1))
        if not (len(items) >= 2 or continuing and items or starts_run and follows):
            items, lead = [], text
        target = last if continuing else parent
        joiner = "\n" if new_paragraph and (target.body or target.children) else ""
        if lead:
            target.body += joiner + lead
        for number, item_text in items:
            title, body = split_lead_sentence(item_text)
            parent.children.append(
                ParsedSection(number=number, style="cn_shi", title=title, body=body)
            )


def build_outline(
    lines: list[Line], headings: set[int] = frozenset(), not_headings: set[int] = frozenset()
) -> Outline:
    """``headings`` and ``not_headings`` are line numbers staff marked in the preview."""
    texts = [line.text for line in lines]
    numbered = [None if line.no in not_headings else match_line_number(line.text) for line in lines]
    bare = [
        line.no not in not_headings
        and numbered[i] is None
        and is_bare_heading(line.text, texts[i + 1] if i + 1 < len(lines) else None)
        for i, line in enumerate(lines)
    ]
    uses_chapter_numbers = any(n and n[0] in OUTLINE_STYLES for n in numbered)
    take_bare = not uses_chapter_numbers and sum(bare) >= 2
    tree = _Tree()
    preamble: list[str] = []
    candidates: list[Line] = []
    for index, line in enumerate(lines):
        next_text = texts[index + 1] if index + 1 < len(lines) else None
        is_heading = line.no in headings or (
            numbered[index] is None and bare[index] and (take_bare or line.emphasised)
        )
        if numbered[index]:
            style, number = numbered[index]
            tree.open(style, number, line.text[len(number) :], line.no)
        elif is_heading:
            tree.open("none", "", line.text, line.no)
        else:
            if bare[index]:
                candidates.append(line)
            if tree.current is None:
                preamble.append(line.text)
            else:
                tree.add_text(line.text, next_text)
    return Outline(preamble=preamble, sections=tree.roots, heading_candidates=candidates)
