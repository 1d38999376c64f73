"""Stage 6, figures: the numbers a report's text states, how they were qualified, their unit.

Values are stored in the base unit, so 3000万元, 3000余万元 and 0.3亿元 all compare as 元 and
3万余人次 as 人次: comparison across years needs one scale. Thousands separators (1,234件),
spaces (审议法规 11 件), ranges (5万—10万元, 1-2人), qualifiers before (近, 约, 超过, 不少于) and
after (余, 多, 以上, 以下), fractions (1/4) and counts in Chinese numerals (七个方面, 二十余件,
近千件, 分七期) are read. Ordinals (第14次, 第三批, 八届) are not counts.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from .numbering import CN_DIGIT_VALUES

# Longest first, so that 人次 wins over 人 and 场次 over 场.
UNITS = sorted(
    """人次 场次 件次 户次 个工作日 个百分点 个方面 方面 平方米 公里 小时 元 项 件 人 名 次 个 台 亩
    家 本 条 场 期 户 所 份 起 天 篇 册 部 座 辆 宗 批 支 处 间 张 套 块 吨 % %""".split(),
    key=len,
    reverse=True,
)
MULTIPLIERS = {"万": Decimal(10000), "千": Decimal(1000), "亿": Decimal(100000000)}
PREFIX_QUALIFIERS = {
    "将近": "nearly",
    "接近": "nearly",
    "近": "nearly",
    "大约": "about",
    "约": "about",
    "超过": "more_than",
    "逾": "more_than",
    "不少于": "at_least",
    "不低于": "at_least",
    "至少": "at_least",
    "不超过": "at_most",
    "不高于": "at_most",
}
SUFFIX_QUALIFIERS = {"余": "more_than", "多": "more_than"}
AFTER_UNIT_QUALIFIERS = {"以上": "at_least", "以下": "at_most"}
PREFIX = "|".join(sorted(PREFIX_QUALIFIERS, key=len, reverse=True))
UNIT = "|".join(re.escape(u) for u in UNITS)
SPACE = r"[ \u3000]?"

DIGITS = r"\d(?:\d{0,2}(?:[,,]\d{3})+|\d*)(?:\.\d+)?"
# The qualifier before a number is looked up behind each match (see _with_prefix): an optional
# alternation at the start of a pattern would be tried at every character of a long text.
FIGURE_RE = re.compile(
    rf"(?P<num>{DIGITS})(?![\d/])"
    rf"(?:{SPACE}(?P<mult>[万千亿]))?"
    rf"(?:\s*[—–\~～至到-]\s*(?P<num2>{DIGITS}){SPACE}(?P<mult2>[万千亿])?)?"
    rf"(?P<post>[余多])?(?:{SPACE}(?P<mult3>[万千亿]))?"
    rf"{SPACE}(?P<unit>{UNIT})"
    r"(?P<after>以上|以下)?"
)
FRACTION_RE = re.compile(r"(?<![\d/.])(?P<num>\d{1,3})/(?P<den>\d{1,3})(?![\d/])")
CN_COUNT = "一二两三四五六七八九十百千"
CN_FIGURE_RE = re.compile(
    rf"(?P<num>[{CN_COUNT}]{{1,5}})(?P<post>[余多])?"
    rf"(?P<unit>个方面|方面|人次|场次|项|件|次|场|期|批|名|人|家|条|个)"
    r"(?![性级体化制年月日])"
)
CN_SCALES = {"十": 10, "百": 100, "千": 1000}
SENTENCE_END = "。!?;!?;"


@dataclass
class Figure:
    source_text: str
    value: Decimal
    value_max: Decimal | None
    qualifier: str
    unit: str
    sentence: str
    start: int

    @property
    def display(self) -> str:
        return self.source_text


def sentence_around(text: str, start: int, end: int) -> str:
    left = start
    while left > 0 and text[left - 1] not in SENTENCE_END and text[left - 1] != "\n":
        left -= 1
    right = end
    while right < len(text) and text[right] != "\n":
        right += 1
        if text[right - 1] in SENTENCE_END:
            break
    return text[left:right].strip()


def _decimal(digits: str) -> Decimal:
    return Decimal(digits.replace(",", "").replace(",", ""))


def chinese_count(text: str) -> int | None:
    """七 → 7, 二十 → 20, 千 → 1000, 三百五十 → 350; None for what is not a count."""
    total, current = 0, None
    for ch in text:
        if ch in CN_DIGIT_VALUES:
            if current is not None:
                return None  # 七八 (seven or eight) is an estimate, not a figure
            current = CN_DIGIT_VALUES[ch]
        elif ch in CN_SCALES:
            total += (current if current is not None else 1) * CN_SCALES[ch]
            current = None
        else:
            return None
    return total + (current or 0)


def _qualifier(pre: str | None, post: str | None, after: str | None) -> str:
    if post:
        return SUFFIX_QUALIFIERS[post]
    if after:
        return AFTER_UNIT_QUALIFIERS[after]
    if pre:
        return PREFIX_QUALIFIERS[pre]
    return "exact"


PREFIX_RE = re.compile(rf"(?:{PREFIX})$")
PREFIX_LONGEST = max(len(prefix) for prefix in PREFIX_QUALIFIERS)


def _with_prefix(text: str, start: int) -> tuple[str | None, int]:
    """The qualifier written just before ``start`` (近, 不少于…) and where it begins."""
    found = PREFIX_RE.search(text[max(0, start - PREFIX_LONGEST) : start])
    return (found.group(0), start - len(found.group(0))) if found else (None, start)


def _figure(text, start, end, value, value_max, qualifier, unit) -> Figure:
    return Figure(
        source_text=text[start:end],
        value=value,
        value_max=value_max,
        qualifier=qualifier,
        unit=unit,
        sentence=sentence_around(text, start, end),
        start=start,
    )


# What may not stand before a number (checked in code: a pattern opening with a look-behind
# is tried at every character, ten times slower on a long text).
NOT_BEFORE_DIGITS = set("0123456789.·/第") | set(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)
NOT_BEFORE_CHINESE = set(CN_COUNT) | set("第届")


def _preceded_by(text: str, start: int, characters: set[str]) -> bool:
    return start > 0 and text[start - 1] in characters


def _digit_figures(text: str) -> list[Figure]:
    found = []
    for match in FIGURE_RE.finditer(text):
        if _preceded_by(text, match.start(), NOT_BEFORE_DIGITS):
            continue
        pre, start = _with_prefix(text, match.start())
        unit = match["unit"].replace("%", "%")
        if unit == "个方面":
            unit = "方面"
        scale = match["mult"] or match["mult3"] or match["mult2"]
        multiplier = MULTIPLIERS.get(scale or "", Decimal(1))
        value = _decimal(match["num"]) * multiplier
        value_max = None
        if match["num2"]:
            # 5—10万元 means 5万 to 10万; 5万—10万元 says so twice.
            value_max = _decimal(match["num2"]) * MULTIPLIERS.get(
                match["mult2"] or scale or "", Decimal(1)
            )
            if value_max < value:
                continue  # e.g. a date range written backwards; not a figure
        qualifier = (
            "range" if value_max is not None else _qualifier(pre, match["post"], match["after"])
        )
        found.append(_figure(text, start, match.end(), value, value_max, qualifier, unit))
    return found


def _fraction_figures(text: str) -> list[Figure]:
    found = []
    if "/" not in text:
        return found
    for match in FRACTION_RE.finditer(text):
        numerator, denominator = int(match["num"]), int(match["den"])
        if not (0 < numerator < denominator <= 10 or numerator == 1 and 1 < denominator <= 100):
            continue  # 12/31 is a date, not a share
        value = (Decimal(match["num"]) / Decimal(denominator)).quantize(Decimal("0.0001"))
        pre, start = _with_prefix(text, match.start())
        qualifier = _qualifier(pre, None, None)
        found.append(_figure(text, start, match.end(), value, None, qualifier, "分数"))
    return found


def _chinese_figures(text: str) -> list[Figure]:
    found = []
    for match in CN_FIGURE_RE.finditer(text):
        if _preceded_by(text, match.start(), NOT_BEFORE_CHINESE):
            continue
        value = chinese_count(match["num"])
        # 一 alone is mostly a word (一件事, 一批); ordinals and digits were excluded above.
        if value is None or value < 2:
            continue
        pre, start = _with_prefix(text, match.start())
        if match["num"] in CN_SCALES and not pre:
            continue  # 百场讲座 names a campaign; 近千件 states a count
        unit = "方面" if match["unit"] == "个方面" else match["unit"]
        qualifier = _qualifier(pre, match["post"], None)
        found.append(_figure(text, start, match.end(), Decimal(value), None, qualifier, unit))
    return found


def find_figures(text: str) -> list[Figure]:
    figures = _digit_figures(text)
    taken = [(f.start, f.start + len(f.source_text)) for f in figures]
    for figure in _fraction_figures(text) + _chinese_figures(text):
        end = figure.start + len(figure.source_text)
        if not any(start < end and figure.start < stop for start, stop in taken):
            figures.append(figure)
    return sorted(figures, key=lambda f: f.start)
