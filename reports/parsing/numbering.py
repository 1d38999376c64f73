"""The numbering styles that Chinese government reports print before their sections."""

import re

CN_DIGITS = "零〇一二三四五六七八九十百"
CN_NUM = rf"[{CN_DIGITS}]{{1,4}}"

# (style, pattern matching at the start of a line; group "number" is the label as printed)
LINE_STYLES: list[tuple[str, re.Pattern]] = [
    ("chapter", re.compile(rf"^(?P<number>第{CN_NUM}(?:部分|章|篇)\s*)")),
    ("cn_comma", re.compile(rf"^(?P<number>{CN_NUM}\s*[、.．])(?!\d)")),
    ("cn_paren", re.compile(rf"^(?P<number>[((]\s*{CN_NUM}\s*[))]\s*)")),
    ("arabic_paren", re.compile(r"^(?P<number>[((]\s*\d{1,3}\s*[))]\s*)")),
    ("arabic_dot", re.compile(r"^(?P<number>\d{1,3}\s*(?:[.．、](?!\d)|\s(?=\S)))")),
    ("circled", re.compile(r"^(?P<number>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*)")),
]

# 一是……二是……: items inside a paragraph, after punctuation or at its start.
SHI_MARKER = re.compile(rf"(?:(?<=^)|(?<=[,,。;;::、\s]))(?P<number>{CN_NUM}是)(?=\S)")

_CN_VALUES = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def chinese_to_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23; None when it is not a Chinese number."""
    if not text or any(ch not in _CN_VALUES and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _CN_VALUES[ch] if current else _CN_VALUES[ch]
    return total + current


def match_line_number(line: str) -> tuple[str, str] | None:
    """The (style, number as printed) that a line opens with, or None."""
    for style, pattern in LINE_STYLES:
        match = pattern.match(line)
        if match and len(line) > match.end():
            return style, match["number"]
    return None


def split_shi_items(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Split 一是……二是…… items out of a paragraph.

    Returns the lead text before 一是 and the items as (number, text). Only a run that starts
    with 一是 and counts on without gaps is taken, so 统一是 or a lone 一是 stay as they are.
    """
    markers = []
    expected = 1
    for match in SHI_MARKER.finditer(text):
        if chinese_to_int(match["number"][:-1]) == expected:
            markers.append(match)
            expected += 1
    if len(markers) < 2:
        return text, []
    lead = text[: markers[0].start()]
    items = []
    for index, match in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        items.append((match["number"], text[match.end() : end]))
    return lead, items


def split_lead_sentence(text: str) -> tuple[str, str]:
    """A measure's lead sentence (its title) and the rest (its body).

    The lead sentence ends at the first 。 outside quotes and brackets; a heading without one
    is all title.
    """
    depth = 0
    for index, ch in enumerate(text):
        if ch in "“‘《(([【":
            depth += 1
        elif ch in "”’》))]】":
            depth = max(0, depth - 1)
        elif ch in "。!?" and depth == 0:
            return text[: index + 1], text[index + 1 :]
    return text, ""
