"""Parse the text of a report copied from a government web page.

Page furniture (greeting, breadcrumb, 发布时间, 点击数, source office, print/close links) is kept
as metadata; the rest becomes the preamble, a tree of numbered sections, and a closing
signature. Levels follow the order in which a report uses its numbering styles, so 一、 → 1.
and 一、 → (一) → 1. → (1) both nest as printed, and measures numbered on across chapters
stay under the chapter they are printed in.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from .figures import Figure, find_figures
from .numbering import match_line_number, split_lead_sentence, split_shi_items

SPACES = " \t\u3000\xa0\u2002\u2003\u200b\ufeff"
GREETING_RE = re.compile(r"^(?P<government>.+?)(?:欢迎您|欢迎你)[!!。]?$")
BREADCRUMB_RE = re.compile(
    r"^(?:您现在的位置|您当前的位置|当前位置|您的位置|所在位置)\s*[::]\s*(?P<path>.+)$"
)
BREADCRUMB_SPLIT_RE = re.compile(r"\s*(?:>>|>>|>|>|»|→|/)\s*")
DATE_RE = r"(?P<date>\d{4}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}\s*日?)(?:\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?))?"
PUBLISHED_RE = re.compile(rf"(?:发布时间|发布日期|发文日期|时间|日期)\s*[::]\s*{DATE_RE}")
VIEWS_RE = re.compile(
    r"(?:点击数|点击量|浏览次数|浏览量|阅读次数|访问次数)\s*[::]\s*(?P<views>\d*)"
)
SOURCE_RE = re.compile(
    r"(?:记者|来源|信息来源|发布机构|发布单位|作者|供稿单位)\s*[::]\s*(?P<source>[^\s::]+)"
)
META_KEYS_RE = re.compile(r"发布时间|发布日期|点击数|浏览次数|阅读次数|信息来源|来源[::]|记者[::]")
FURNITURE_RE = re.compile(
    r"^(?:[【\[]?\s*(?:字体|字号)\s*[::].*|.*(?:打印本页|关闭窗口|【打印】|【关闭】|\[打印\]|\[关闭\]).*"
    r"|分享到\s*[::]?.*|扫一扫在手机打开当前页|(?:上一篇|下一篇)\s*[::].*)$"
)
SIGNATURE_DATE_RE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
TITLE_YEAR_RE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年")


@dataclass
class ParsedSection:
    number: str
    style: str
    title: str
    body: str = ""
    children: list["ParsedSection"] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        return f"{self.number}{self.title}{self.body}"

    def walk(self, level: int = 1):
        yield self, level
        for child in self.children:
            yield from child.walk(level + 1)


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
    warnings: list[str] = field(default_factory=list)
    preamble_figures: list[Figure] = field(default_factory=list)

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


def _clean_lines(text: str) -> list[str]:
    lines = (
        line.strip(SPACES) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    )
    return [line for line in lines if line]


def _parse_date(match: re.Match) -> datetime | None:
    digits = re.findall(r"\d+", match["date"])
    try:
        year, month, day = (int(d) for d in digits[:3])
        hour, minute = (int(x) for x in match["time"].split(":")[:2]) if match["time"] else (0, 0)
        return datetime(year, month, day, hour, minute)
    except (ValueError, TypeError):
        return None


def _read_header(lines: list[str], report: ParsedReport) -> int:
    """Consume page furniture and the title; return the index where the body starts.

    Lines before the title that are not recognised furniture (site navigation and the like)
    are skipped; if no title is found, nothing is skipped but the furniture.
    """
    index = 0
    first_unknown = None
    while index < len(lines):
        line = lines[index]
        greeting = GREETING_RE.match(line)
        breadcrumb = BREADCRUMB_RE.match(line)
        if greeting and not report.government and len(line) <= 40:
            report.government = greeting["government"].strip()
        elif breadcrumb:
            parts = [p for p in BREADCRUMB_SPLIT_RE.split(breadcrumb["path"].strip()) if p]
            if parts and parts[0] in {"首页", "网站首页", "主页"}:
                parts = parts[1:]
            report.column_path = parts
        elif META_KEYS_RE.search(line) and len(line) <= 120:
            if published := PUBLISHED_RE.search(line):
                report.published_at = _parse_date(published)
            if views := VIEWS_RE.search(line):
                report.view_count = int(views["views"]) if views["views"] else None
            if source := SOURCE_RE.search(line):
                report.source_office = source["source"]
        elif FURNITURE_RE.match(line):
            pass
        elif report.column_path and line == report.column_path[-1] and not report.title:
            pass  # the column's name printed as a heading above the article
        elif report.title and line == report.title:
            pass  # the title repeated above the body
        elif report.title or match_line_number(line):
            break
        elif _looks_like_title(line):
            report.title = line
        elif first_unknown is None:
            first_unknown = index
        index += 1
    if not report.title and first_unknown is not None:
        return min(first_unknown, index)
    return index


def _looks_like_title(line: str) -> bool:
    return (
        len(line) <= 80
        and ("报告" in line or "情况" in line)
        and not line.endswith(("。", ",", ","))
    )


def _split_closing(lines: list[str]) -> tuple[list[str], list[str]]:
    """Trailing furniture and the signature (issuer and date) below the last paragraph."""
    while lines and FURNITURE_RE.match(lines[-1]):
        lines = lines[:-1]
    if lines and SIGNATURE_DATE_RE.match(lines[-1]):
        end = len(lines) - 1
        start = end
        while (
            start > 0
            and len(lines[start - 1]) <= 30
            and not lines[start - 1].endswith(("。", ";", ";", ",", ",", ":", ":"))
            and not match_line_number(lines[start - 1])
            and end - start < 3
        ):
            start -= 1
        return lines[:start], lines[start:]
    return lines, []


class _Outline:
    """Builds the section tree from numbered lines, nesting by numbering style."""

    def __init__(self):
        self.roots: list[ParsedSection] = []
        self.stack: list[ParsedSection] = []

    @property
    def current(self) -> ParsedSection | None:
        return self.stack[-1] if self.stack else None

    def open(self, style: str, number: str, text: str) -> None:
        styles = [section.style for section in self.stack]
        if style in styles:
            del self.stack[styles.index(style) :]
        title, body = split_lead_sentence(text)
        section = ParsedSection(number=number, style=style, title=title)
        (self.current.children if self.current else self.roots).append(section)
        self.stack.append(section)
        self.add_text(body, new_paragraph=False)

    def add_text(self, text: str, new_paragraph: bool = True) -> None:
        if not text:
            return
        section = self.current
        if section.children and section.children[-1].style == "cn_shi":
            section = section.children[-1]  # a paragraph after 一是/二是 items continues the last
        lead, items = split_shi_items(text)
        joiner = "\n" if new_paragraph and (section.body or section.children) else ""
        if not items:
            section.body += joiner + text
            return
        if lead:
            section.body += joiner + lead
        for number, item_text in items:
            title, body = split_lead_sentence(item_text)
            section.children.append(
                ParsedSection(number=number, style="cn_shi", title=title, body=body)
            )


def parse_report_text(text: str) -> ParsedReport:
    report = ParsedReport()
    lines = _clean_lines(text)
    body_start = _read_header(lines, report)
    body_lines, closing = _split_closing(lines[body_start:])
    report.closing = "\n".join(closing)

    outline = _Outline()
    preamble: list[str] = []
    for line in body_lines:
        numbered = match_line_number(line)
        if numbered:
            style, number = numbered
            outline.open(style, number, line[len(number) :])
        elif outline.current is None:
            preamble.append(line)
        else:
            outline.add_text(line)
    report.sections = outline.roots

    if not report.sections:
        report.warnings.append(_("未识别到任何编号,全文作为一个章节导入。"))
        whole = "\n".join(preamble)
        title, body = split_lead_sentence(preamble[0]) if preamble else ("", "")
        rest = "\n".join(preamble[1:])
        report.sections = (
            [
                ParsedSection(
                    number="",
                    style="none",
                    title=title or report.title,
                    body=body + ("\n" + rest if rest and body else rest),
                )
            ]
            if whole
            else []
        )
        preamble = []
    report.preamble = "\n".join(preamble)

    if not report.title:
        report.warnings.append(_("未识别到报告标题,请导入后补充。"))
    if match := TITLE_YEAR_RE.search(report.title):
        report.year = int(match["year"])
    elif report.published_at:
        report.year = report.published_at.year - 1
        report.warnings.append(
            _("标题中没有年度,按发布时间推定为%(year)s年度。") % {"year": report.year}
        )
    if not report.government and report.title:
        if match := re.match(
            r"^(?P<place>.+?[市县区州旗盟])(?:人民政府)?(?:19|20)\d{2}", report.title
        ):
            report.government = match["place"] + "人民政府"

    report.preamble_figures = find_figures(report.preamble)
    for section, _level in report.walk():
        section.figures = find_figures(section.full_text)
    return report
