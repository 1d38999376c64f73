"""Stage 1, decoding and HTML: the lines of a report as staff pasted or uploaded it.

Plain text is split into lines. The HTML source of a government article page is read with
Beautiful Soup: its <meta name="ArticleTitle">, PubDate and ContentSource become metadata, its
article text becomes lines (one per paragraph, table cells joined by spaces), and lines printed
outside the article's container (site navigation, footer) are marked so the next stage shows
them to staff as removed page furniture.
"""

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag

SPACES = " \t\u3000\xa0\u2002\u2003\u200b\ufeff"
HTML_TAG_RE = re.compile(r"<\s*(?:html|head|body|div|p|meta|h[1-6]|table|span|br|article)\b", re.I)
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "center", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot",
    "tr", "ul",
}  # fmt: skip
CELL_TAGS = {"td", "th"}
SKIPPED_TAGS = {"script", "style", "noscript", "template", "iframe", "select", "option", "head"}
EMPHASIS_TAGS = {"strong", "b", "h1", "h2", "h3", "h4", "h5", "h6"}
# Containers that government content systems (TRS, 开普云, 大汉 and others) put the article in.
ARTICLE_SELECTORS = (
    "#zoom", ".TRS_Editor", "#UCAP-CONTENT", ".view.TRS_UEDITOR", ".article-content",
    "#ArticleContent", ".article_con", ".pages_content", "#Zoom", ".zoom", "article",
    ".content", "#content",
)  # fmt: skip
META_NAMES = {"articletitle": "title", "pubdate": "published", "contentsource": "source"}


@dataclass
class Line:
    """One line of the source; ``no`` counts from 0 and is how staff corrections name it."""

    no: int
    text: str
    emphasised: bool = False


@dataclass
class PageText:
    """The report's lines, as read from plain text or from a web page's HTML."""

    lines: list[str]
    meta: dict[str, str] = field(default_factory=dict)
    outside_article: set[int] = field(default_factory=set)
    emphasised: set[int] = field(default_factory=set)
    is_html: bool = False

    def numbered_lines(self) -> list[Line]:
        return [Line(no, text, no in self.emphasised) for no, text in enumerate(self.lines)]


def looks_like_html(text: str) -> bool:
    head = text[:20000]
    return (
        text.lstrip().startswith("<")
        and bool(HTML_TAG_RE.search(head))
        or (len(HTML_TAG_RE.findall(head)) >= 5)
    )


def clean_line(line: str) -> str:
    return line.strip(SPACES)


def split_lines(text: str) -> list[str]:
    lines = (
        clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    )
    return [line for line in lines if line]


def read_page(text: str) -> PageText:
    if not looks_like_html(text):
        return PageText(lines=split_lines(text))
    return _read_html(text)


def _read_html(source: str) -> PageText:
    soup = BeautifulSoup(source, "html.parser")
    meta = {}
    for tag in soup.find_all("meta"):
        key = META_NAMES.get(str(tag.get("name", "")).lower())
        if key and tag.get("content", "").strip():
            meta[key] = " ".join(tag["content"].split())
    body = soup.body or soup
    article = _article_container(body)
    page = PageText(lines=[], meta=meta, is_html=True)
    _Walker(page, article).walk(body)
    if article is None:
        page.outside_article.clear()
    return page


def _article_container(body: Tag) -> Tag | None:
    for selector in ARTICLE_SELECTORS:
        for candidate in body.select(selector):
            if len(candidate.get_text(strip=True)) >= 50:
                return candidate
    return None


class _Walker:
    """Turns the document into lines: a block element ends a line, table cells share one."""

    def __init__(self, page: PageText, article: Tag | None):
        self.page = page
        self.article = article
        self.parts: list[str] = []
        self.inside = article is None
        self.emphasis_only = True

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString and str(child).strip(SPACES + "\n\r"):
                    self.parts.append(" ".join(str(child).split()))
                    emphasised = any(parent.name in EMPHASIS_TAGS for parent in child.parents)
                    self.emphasis_only = self.emphasis_only and emphasised
                continue
            if not isinstance(child, Tag) or child.name in SKIPPED_TAGS:
                continue
            if child is self.article:
                self.flush()
                self.inside = True
                self.walk(child)
                self.flush()
                self.inside = False
                continue
            if child.name in BLOCK_TAGS:
                self.flush()
                self.walk(child)
                self.flush()
            elif child.name in CELL_TAGS:
                self.walk(child)
                self.parts.append(" ")
            else:
                self.walk(child)

    def flush(self) -> None:
        line = clean_line(re.sub(r"[ \u3000\xa0]{2,}", " ", "".join(self.parts)))
        if line:
            index = len(self.page.lines)
            self.page.lines.append(line)
            if not self.inside:
                self.page.outside_article.add(index)
            elif self.emphasis_only:
                self.page.emphasised.add(index)
        self.parts = []
        self.emphasis_only = True
