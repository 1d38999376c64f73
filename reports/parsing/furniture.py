"""Stage 2, furniture and metadata: lines a web page prints around an article.

Greeting, breadcrumb, 今天是…, 发布时间/来源/点击数 lines, print and share links, footer. Each
is removed from the text and kept as a :class:`Furniture` line that staff see (and can put
back), and what it states becomes metadata: the column path, publication time (with the time
of day), source office, view count. Only the lines above the article's first heading and below
its last text are looked at, so a sentence of the report is never taken for furniture.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from .numbering import match_line_number
from .page import Line, PageText

DATE = (
    r"(?P<date>(?:19|20)\d{2}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}\s*日?)"
    r"(?:\s*(?P<time>\d{1,2}\s*[::]\s*\d{2}(?:\s*[::]\s*\d{2})?))?"
)
DATE_RE = re.compile(DATE)
# Keys in the order of trust: the publication date beats a later update.
DATE_KEYS = ("发布时间", "发布日期", "发文日期", "成文日期", "更新时间", "更新日期", "时间", "日期")
DATE_KEY_RE = re.compile(rf"(?P<key>{'|'.join(DATE_KEYS)})\s*[::]\s*{DATE}")
SOURCE_RE = re.compile(
    r"(?:文章来源|信息来源|稿件来源|来源|发布机构|发布单位|供稿单位|作者|记者)\s*[::]\s*"
    r"(?P<source>[^\s::|,,]+)"
)
VIEWS_RE = re.compile(
    r"(?:点击数|点击量|点击率|浏览次数|浏览量|阅读次数|阅读量|访问次数|访问量)\s*[::]\s*(?P<views>\d*)"
)
META_LINE_RE = re.compile(
    rf"(?:{'|'.join(DATE_KEYS)}|文章来源|信息来源|稿件来源|来源|发布机构|发布单位|供稿单位|作者|记者"
    r"|点击数|点击量|浏览次数|浏览量|阅读次数|访问量|字号|责任编辑)\s*[::]"
)
GREETING_RE = re.compile(
    r"^(?:(?P<government>[^\s,,。]{2,30}?)(?:欢迎您|欢迎你)[!!。]?"
    r"|欢迎(?:访问|光临|您访问)(?P<site>[^\s,,。]{2,30}?)(?:门户网站|政府网站|网站|政府网)?[!!。]?)$"
)
BREADCRUMB_RE = re.compile(
    r"^(?:您现在的位置|您当前的位置|您所在的位置|您的位置|当前位置|所在位置|当前页面|位置)"
    r"\s*[::]\s*(?P<path>.*)$"
)
PATH_SEPARATOR = r"\s*(?:>>|>>|>|>|»|→|->|-->|/|\\|\|)\s*"
HOME_PATH_RE = re.compile(rf"^(?P<path>(?:首页|网站首页|主页|门户首页){PATH_SEPARATOR}.*)$")
PATH_SPLIT_RE = re.compile(PATH_SEPARATOR)
TODAY_RE = re.compile(r"^(?:今天是|今日是|今天|当前日期)\s*[::]?\s*(?:19|20)\d{2}")
OFFICE_DATE_RE = re.compile(
    r"^(?P<office>[\u4e00-\u9fff()()]{2,25})\s+(?P<when>(?:19|20)\d{2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)$"
)
BARE_DATE_RE = re.compile(
    r"^(?:19|20)\d{2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
CONTROLS_RE = re.compile(
    r"打印本页|关闭窗口|打印此页|关闭本页|【\s*打印\s*】|【\s*关闭\s*】|\[\s*打印\s*\]|\[\s*关闭\s*\]"
    r"|^(?:打印|关闭|收藏|返回顶部|返回|分享)$|^分享到|扫一扫|^【?\s*(?:字体|字号)\s*[::]"
    r"|【\s*大\s*】\s*【\s*中\s*】\s*【\s*小\s*】|^(?:上一篇|下一篇|上一条|下一条)\s*[::]"
    r"|^相关(?:链接|文章|附件|阅读)\s*[::]?$|^责任编辑\s*[::]|版权所有|网站标识码|ICP\s*备|公网安备"
    r"|^主办(?:单位)?\s*[::]|^承办(?:单位)?\s*[::]|^【?\s*我要纠错\s*】?$|视力保护色"
)
HOME_NAMES = {"首页", "网站首页", "主页", "门户首页"}


class FurnitureKind:
    GREETING = _("网站欢迎语")
    BREADCRUMB = _("栏目导航")
    TODAY = _("当天日期")
    PUBLICATION = _("发布信息")
    CONTROLS = _("页面按钮与页脚")
    COLUMN = _("栏目名称")
    REPEATED_TITLE = _("重复的标题")
    OUTSIDE = _("网页正文区以外的内容")


@dataclass
class Furniture:
    """A line removed as page furniture, shown to staff with the reason."""

    no: int
    text: str
    kind: str


@dataclass
class PageMeta:
    government: str = ""
    column_path: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    view_count: int | None = None
    source_office: str = ""
    title: str = ""


def parse_datetime(text: str) -> datetime | None:
    """2023-03-13 09:30:15, 2021/03/29 11:30:01, 2018年1月15日 → datetime (time kept)."""
    match = DATE_RE.search(text)
    if not match:
        return None
    year, month, day = (int(d) for d in re.findall(r"\d+", match["date"])[:3])
    hour = minute = second = 0
    if match["time"]:
        parts = [int(p) for p in re.findall(r"\d+", match["time"])]
        hour, minute = parts[0], parts[1]
        second = parts[2] if len(parts) > 2 else 0
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def split_path(path: str) -> list[str]:
    parts = [part for part in PATH_SPLIT_RE.split(path.strip()) if part]
    while parts and parts[0] in HOME_NAMES:
        parts = parts[1:]
    return parts


class _Reader:
    def __init__(self, meta: PageMeta):
        self.meta = meta
        self.date_rank = len(DATE_KEYS) + 1

    def read(self, text: str) -> str | None:
        """The kind of furniture the line is (noting what it states), or None."""
        if len(text) > 160:
            return None
        if greeting := GREETING_RE.match(text):
            government = greeting["government"] or greeting["site"]
            self.meta.government = self.meta.government or government.strip()
            return FurnitureKind.GREETING
        breadcrumb = BREADCRUMB_RE.match(text) or HOME_PATH_RE.match(text)
        if breadcrumb:
            self.meta.column_path = self.meta.column_path or split_path(breadcrumb["path"])
            return FurnitureKind.BREADCRUMB
        if TODAY_RE.match(text):
            return FurnitureKind.TODAY
        if office_date := OFFICE_DATE_RE.match(text):
            self.meta.source_office = self.meta.source_office or office_date["office"]
            self._take_date(parse_datetime(office_date["when"]), len(DATE_KEYS))
            return FurnitureKind.PUBLICATION
        if BARE_DATE_RE.match(text):
            self._take_date(parse_datetime(text), len(DATE_KEYS))
            return FurnitureKind.PUBLICATION
        if META_LINE_RE.search(text) and not match_line_number(text):
            for found in DATE_KEY_RE.finditer(text):
                self._take_date(parse_datetime(found.group(0)), DATE_KEYS.index(found["key"]))
            if views := VIEWS_RE.search(text):
                self.meta.view_count = int(views["views"]) if views["views"] else None
            if source := SOURCE_RE.search(text):
                self.meta.source_office = self.meta.source_office or source["source"]
            return FurnitureKind.PUBLICATION
        if CONTROLS_RE.search(text) and len(text) <= 80:
            return FurnitureKind.CONTROLS
        return None

    def _take_date(self, when: datetime | None, rank: int) -> None:
        if when and rank < self.date_rank:
            self.meta.published_at, self.date_rank = when, rank


def strip_furniture(
    page: PageText, keep: set[int] = frozenset()
) -> tuple[list[Line], list[Furniture], PageMeta]:
    """Split the page's lines into the report's lines and furniture; read the metadata.

    ``keep`` holds the numbers of lines that staff said are part of the report after all.
    """
    meta = PageMeta(title=page.meta.get("title", ""))
    reader = _Reader(meta)
    if page.meta.get("published"):
        reader._take_date(parse_datetime(page.meta["published"]), -1)
    if page.meta.get("source"):
        meta.source_office = page.meta["source"]
    lines = page.numbered_lines()
    furniture: dict[int, str] = {}
    outside = page.outside_article
    first_heading = next(
        (i for i, line in enumerate(lines) if i not in outside and match_line_number(line.text)),
        len(lines),
    )
    for index in range(first_heading):
        if kind := reader.read(lines[index].text):
            furniture[index] = kind
    for index in range(len(lines) - 1, first_heading - 1, -1):
        if index in outside:
            continue
        kind = reader.read(lines[index].text)
        if kind is None:
            break
        furniture[index] = kind
    for index in outside:
        furniture.setdefault(index, reader.read(lines[index].text) or FurnitureKind.OUTSIDE)
    kept, removed = [], []
    for index, line in enumerate(lines):
        if index in furniture and line.no not in keep:
            removed.append(Furniture(line.no, line.text, str(furniture[index])))
        else:
            kept.append(line)
    return kept, removed, meta
