"""The numbering styles that Chinese government reports print before their sections."""

import re

CN_DIGITS = "零〇一二三四五六七八九十百"
CN_NUM = rf"[{CN_DIGITS}]{{1,4}}"

# (style, pattern matching at the start of a line; group "number" is the label as printed)
# After "1." a year may follow (1.2021年以来…); other digits after a dot make a decimal (1.5万).
_AFTER_DOT = r"(?:(?!\d)|(?=(?:19|20)\d{2}\s*年))"
LINE_STYLES: list[tuple[str, re.Pattern]] = [
    ("chapter", re.compile(rf"^(?P<number>第{CN_NUM}(?:部分|章|篇)\s*)")),
    ("cn_comma", re.compile(rf"^(?P<number>{CN_NUM}\s*(?:、|[.．]{_AFTER_DOT})\s*)")),
    ("cn_paren", re.compile(rf"^(?P<number>[((]\s*{CN_NUM}\s*[))]\s*)")),
    ("arabic_paren", re.compile(r"^(?P<number>[((]\s*\d{1,3}\s*[))]\s*)")),
    ("arabic_dot", re.compile(rf"^(?P<number>\d{{1,3}}\s*(?:、|[.．]{_AFTER_DOT})\s*)")),
    # "1 加强领导": a digit and a space only when Chinese words follow that are not a date or a
    # quantity (3 月 15 日, 12 件) and the line is not a table row (1 区市场监管局 12 11).
    (
        "arabic_dot",
        re.compile(
            r"^(?P<number>\d{1,2}[ \u3000]+)(?=[\u4e00-\u9fff])(?![年月日号时分个件项人次条名家])"
        ),
    ),
    ("circled", re.compile(r"^(?P<number>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*)")),
]
TABLE_ROW_RE = re.compile(r"\s[\d.%,]+\s*$|(?:\S+\s+){3,}\S+")

# 一是……二是……: items inside a paragraph, after punctuation or at its start.
SHI_MARKER = re.compile(rf"(?:(?<=^)|(?<=[,,。;;::、\s]))(?P<number>{CN_NUM}是)(?=\S)")

# Shared with the figure reader (figures.py): the digits of Chinese numerals.
CN_DIGIT_VALUES = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
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
    if not text or any(ch not in CN_DIGIT_VALUES and ch not in "十百" for ch in text):
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
            current = current * 10 + CN_DIGIT_VALUES[ch] if current else CN_DIGIT_VALUES[ch]
    return total + current


def match_line_number(line: str) -> tuple[str, str] | None:
    """The (style, number as printed) that a line opens with, or None."""
    for style, pattern in LINE_STYLES:
        match = pattern.match(line)
        if match and len(line) > match.end():
            if match["number"][-1] in " \u3000" and looks_like_table_row(line):
                return None
            return style, match["number"]
    return None


def looks_like_table_row(line: str) -> bool:
    """Cells separated by spaces with figures at the end: a row of a table, not a heading."""
    return bool(TABLE_ROW_RE.search(line))


def split_shi_items(text: str, first: int = 1) -> tuple[str, list[tuple[str, str]]]:
    """Split 一是……二是…… items out of a paragraph.

    Returns the lead text before the first item and the items as (number, text). Only markers
    that count on without gaps from ``first`` are taken, so 统一是 stays as it is; the caller
    decides whether a single item is a real one.
    """
    if "是" not in text:
        return text, []
    markers = []
    expected = first
    for match in SHI_MARKER.finditer(text):
        if chinese_to_int(match["number"][:-1]) == expected:
            markers.append(match)
            expected += 1
    if not markers:
        return text, []
    lead = text[: markers[0].start()]
    items = []
    for index, match in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        items.append((match["number"], text[match.end() : end]))
    return lead, items


def shi_number(value: int) -> str:
    """1 → 一是, 12 → 十二是."""
    digits = "零一二三四五六七八九"
    if value < 10:
        text = digits[value]
    elif value < 20:
        text = "十" + (digits[value - 10] if value > 10 else "")
    else:
        text = digits[value // 10] + "十" + (digits[value % 10] if value % 10 else "")
    return text + "是"


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
