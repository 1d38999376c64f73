"""Snippets and highlights of a result, from the text as printed.

- Only the spans that matched a searched word are marked, each in its own <mark> (规范性 and
  文件 stay two marks), found in a character-for-character folded copy of the text so that
  traditional or full-width text is highlighted where it stands.
- The snippet is centred on the rarest matched word and cut just after punctuation, or else at
  a word boundary, never inside a figure (13件, 3万余人次) or a marked word.
"""

import re
from dataclasses import dataclass

import jieba
from django.utils.safestring import SafeString, mark_safe

from ..markup import Span, wrap_spans
from .normalise import fold

SNIPPET_CHARS = 100
# ASCII and full-width forms alike (reports print either)
PUNCTUATION = frozenset(
    ",.;:!?()'\" \n\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f\uff08\uff09"
    "\u300a\u300b\u201c\u201d\u300c\u300d"
)
FIGURE = re.compile(r"\d[\d.,%]*(?:[-—~～]\d[\d.,%]*)?[万亿千百]?[余多]?[\u4e00-\u9fff]{0,2}")
MARK_OPEN, MARK_CLOSE = mark_safe("<mark>"), mark_safe("</mark>")


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: str


def find_matches(text: str, terms: list[str]) -> list[Match]:
    """Non-overlapping occurrences of the terms, longest term first; a number is not matched
    inside a longer one (10 is not in 110件)."""
    folded = fold(text)
    taken = [False] * len(text)
    found = []
    for term in sorted(terms, key=len, reverse=True):
        start = folded.find(term) if term else -1
        while start >= 0:
            end = start + len(term)
            glued = term[0].isdigit() and (
                (start and folded[start - 1].isdigit())
                or (end < len(folded) and folded[end].isdigit())
            )
            if not glued and not any(taken[start:end]):
                taken[start:end] = [True] * len(term)
                found.append(Match(start, end, term))
            start = folded.find(term, start + 1)
    return sorted(found, key=lambda m: m.start)


def highlight(text: str, terms: list[str]) -> SafeString:
    spans = [Span(m.start, m.end, MARK_OPEN, MARK_CLOSE) for m in find_matches(text, terms)]
    return wrap_spans(text, spans)


@dataclass
class Snippet:
    html: SafeString
    cut_start: bool
    cut_end: bool


def snippet(text: str, terms: list[str], rarity: dict[str, float]) -> Snippet:
    matches = find_matches(text, terms)
    if len(text) <= SNIPPET_CHARS:
        start, end = 0, len(text)
    else:
        start, end = _window(text, matches, rarity)
    spans = [
        Span(m.start - start, m.end - start, MARK_OPEN, MARK_CLOSE)
        for m in matches
        if m.start >= start and m.end <= end
    ]
    return Snippet(wrap_spans(text[start:end], spans), start > 0, end < len(text))


def _window(text: str, matches: list[Match], rarity: dict[str, float]) -> tuple[int, int]:
    if matches:
        centre = max(matches, key=lambda m: (rarity.get(m.term, 0.0), -m.start))
    else:
        centre = Match(0, 0, "")
    protected = [m.span() for m in FIGURE.finditer(text)] + [(m.start, m.end) for m in matches]
    inside = set()
    for low, high in protected:
        inside.update(range(low + 1, high))

    def boundaries():  # cutting words costs more than the rest: only when no punctuation serves
        return [b for _word, b, _end in jieba.tokenize(text) if b not in inside]

    ideal = max(0, centre.start - SNIPPET_CHARS // 3)
    after_punctuation = [
        p
        for p in range(max(0, centre.start - SNIPPET_CHARS // 2), centre.start + 1)
        if p == 0 or (text[p - 1] in PUNCTUATION and p not in inside)
    ]
    if after_punctuation:
        start = min(after_punctuation, key=lambda p: abs(p - ideal))
    else:
        start = max((b for b in boundaries() if b <= ideal), default=0)
    limit = min(len(text), start + SNIPPET_CHARS)
    if limit == len(text):
        return start, limit
    ends = [
        q
        for q in range(max(centre.end, start + 1), limit + 1)
        if text[q - 1] in PUNCTUATION and q not in inside
    ]
    if ends and ends[-1] >= start + SNIPPET_CHARS * 0.6:
        return start, ends[-1]
    end = max((b for b in boundaries() if max(centre.end, start + 1) <= b <= limit), default=limit)
    return start, end
