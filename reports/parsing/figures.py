"""Find the figures a report's text states: a number, how it was qualified, and its unit."""

import re
from dataclasses import dataclass
from decimal import Decimal

# Longest first, so that 人次 wins over 人 and 场次 over 场.
UNITS = sorted(
    """人次 场次 件次 户次 个工作日 个百分点 万元 亿元 平方米 公里 小时 元 项 件 人 名 次 个 台 亩
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
}
SUFFIX_QUALIFIERS = {"余": "more_than", "多": "more_than"}

NUMBER = r"\d+(?:\.\d+)?"
FIGURE_RE = re.compile(
    rf"(?P<pre>{'|'.join(PREFIX_QUALIFIERS)})?"
    rf"(?<![\d.·A-Za-z])(?P<num>{NUMBER})"
    rf"(?:\s*[—–\~～至到-]\s*(?P<num2>{NUMBER}))?"
    rf"(?P<mult>[万千亿])?"
    rf"(?P<post>[余多])?"
    rf"(?P<unit>{'|'.join(re.escape(u) for u in UNITS)})"
)
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


def find_figures(text: str) -> list[Figure]:
    figures = []
    for match in FIGURE_RE.finditer(text):
        unit = match["unit"].replace("%", "%")
        multiplier = MULTIPLIERS.get(match["mult"] or "", Decimal(1))
        value = Decimal(match["num"]) * multiplier
        value_max = Decimal(match["num2"]) * multiplier if match["num2"] else None
        if value_max is not None and value_max < value:
            continue  # e.g. a date range written backwards; not a figure
        if value_max is not None:
            qualifier = "range"
        elif match["post"]:
            qualifier = SUFFIX_QUALIFIERS[match["post"]]
        elif match["pre"]:
            qualifier = PREFIX_QUALIFIERS[match["pre"]]
        else:
            qualifier = "exact"
        start = match.start()
        figures.append(
            Figure(
                source_text=text[start : match.end()],
                value=value,
                value_max=value_max,
                qualifier=qualifier,
                unit=unit,
                sentence=sentence_around(text, start, match.end()),
                start=start,
            )
        )
    return figures
