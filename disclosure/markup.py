"""Safe HTML from plain text: the text is escaped piece by piece, then markup is put around
the pieces that are spans (figures linked to their indicator, search words highlighted)."""

import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    open_tag: SafeString
    close_tag: SafeString


def wrap_spans(text: str, spans: list[Span]) -> SafeString:
    """Escape ``text`` and wrap the non-overlapping ``spans`` (later overlaps are dropped)."""
    parts: list[str] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < cursor or span.end <= span.start:
            continue
        parts.append(escape(text[cursor : span.start]))
        parts.append(span.open_tag + escape(text[span.start : span.end]) + span.close_tag)
        cursor = span.end
    parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts))


def paragraphs(text: str, spans: list[Span]) -> SafeString:
    """Like Django's ``linebreaks``: one <p> per line, with the spans kept."""
    blocks: list[str] = []
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        local = [
            Span(s.start - offset, s.end - offset, s.open_tag, s.close_tag)
            for s in spans
            if s.start >= offset and s.end <= end
        ]
        if line.strip():
            blocks.append(format_html("<p>{}</p>", wrap_spans(line, local)))
        offset = end + 1
    return mark_safe("\n".join(blocks))


def find_figure(text: str, source_text: str, sentence: str, taken: list[tuple[int, int]]):
    """Where a figure as printed (e.g. "10件") occurs: inside its sentence when the sentence is
    in ``text``, not glued to a preceding digit ("1件" is not the end of "10件"), and not
    already taken by another figure. Returns (start, end) or None."""
    if not source_text:
        return None
    windows = []
    if sentence:
        at = text.find(sentence)
        if at >= 0:
            windows.append((at, at + len(sentence)))
    windows.append((0, len(text)))
    pattern = re.compile(r"(?<![0-9.])" + re.escape(source_text))
    for low, high in windows:
        for match in pattern.finditer(text, low, high):
            start, end = match.span()
            if all(end <= a or start >= b for a, b in taken):
                return start, end
    return None
