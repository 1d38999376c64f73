"""Figures as people write them in a spreadsheet, read into the indicator's own unit and scale.

``１，２３４`` (full width), ``10件``, ``300余个``, ``约50``, ``近3万``, ``3.2万`` (32000 when the
indicator counts 件, 3.2 when it counts 万元), ``95%``, ``10-20`` (a range); ``—``, ``无`` and
``/`` mean the cell is blank. Each problem is a message a clerk can act on, quoting the cell.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from reports.comparison import plain_number
from reports.models import Qualifier

__all__ = ["plain_number", "parse_figure", "parse_year", "is_blank", "normalise_text"]

BLANK_MARKS = frozenset({"", "-", "--", "—", "——", "–", "/", "\\", "无", "暂无", "空", "N/A", "NA"})

BEFORE = {
    "约": Qualifier.ABOUT,
    "大约": Qualifier.ABOUT,
    "近": Qualifier.NEARLY,
    "将近": Qualifier.NEARLY,
    "接近": Qualifier.NEARLY,
    "逾": Qualifier.MORE_THAN,
    "超过": Qualifier.MORE_THAN,
    "多于": Qualifier.MORE_THAN,
}
AFTER = {
    "余": Qualifier.MORE_THAN,
    "多": Qualifier.MORE_THAN,
    "以上": Qualifier.MORE_THAN,
    "左右": Qualifier.ABOUT,
}
SCALES = {"千": Decimal(1000), "万": Decimal(10000), "亿": Decimal(100000000)}

# Units that count whole things: 12.5件 is a typing error, not a figure.
COUNT_UNITS = frozenset(
    "件 个 人 人次 次 项 家 部 条 份 场 名 期 篇 起 宗 户 所 批 处 座 支 套 本 册 台 辆 间 类 门 届 期 轮 "
    "号 案 卷 单 例".split()
)

MAX_DECIMALS = 2
MAX_VALUE = Decimal(10) ** 14  # the column holds 16 digits, 2 of them decimals

_NUMBER = r"\d+(?:\.\d+)?"
_PATTERN = re.compile(
    rf"^(?P<before>{'|'.join(sorted(BEFORE, key=len, reverse=True))})?"
    rf"(?P<number>{_NUMBER})(?:(?:-|~|至|到)(?P<high>{_NUMBER}))?"
    rf"(?P<scale>[千万亿])?"
    rf"(?P<after>余|多)?"
    rf"(?P<unit>[^\d]*?)"
    rf"(?P<tail>左右|以上)?$"
)


class FigureError(ValueError):
    """The cell cannot be read as a figure; the message is for the clerk."""


@dataclass(frozen=True)
class Figure:
    value: Decimal
    value_max: Decimal | None = None
    qualifier: str = ""  # empty: the text said nothing; the 限定 column decides


def normalise_text(value) -> str:
    """NFKC (full-width digits, commas and ％ become ASCII), no spaces, no thousands commas."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    text = re.sub(r"\s+", "", text)
    return re.sub(r"(?<=\d),(?=\d{3})", "", text)


def is_blank(value) -> bool:
    return normalise_text(value) in BLANK_MARKS


def split_scale(unit: str) -> tuple[Decimal, str]:
    """万元 → (10000, 元); 件 → (1, 件)."""
    unit = normalise_text(unit)
    if len(unit) > 1 and unit[0] in SCALES:
        return SCALES[unit[0]], unit[1:]
    return Decimal(1), unit


def parse_figure(value, unit: str) -> Figure | None:
    """The figure a cell states, in the indicator's unit; None when the cell is blank."""
    text = normalise_text(value)
    if text in BLANK_MARKS:
        return None
    shown = str(value).strip()
    if text.startswith("-") and re.match(rf"^-{_NUMBER}", text):
        raise FigureError(_("数值不能为负数(%(value)s)。") % {"value": shown})
    match = _PATTERN.match(text)
    if match is None:
        raise FigureError(
            _("“%(value)s”不是数字;请填写阿拉伯数字,如为零请填0,无此项请留空。") % {"value": shown}
        )
    indicator_scale, indicator_base = split_scale(unit)
    written_unit = match["unit"]
    percent = written_unit == "%"
    if written_unit and written_unit not in (indicator_base, normalise_text(unit)):
        if percent:
            raise FigureError(
                _("“%(value)s”是百分数,而该指标的单位是“%(unit)s”。")
                % {"value": shown, "unit": unit}
            )
        raise FigureError(
            _("“%(value)s”的单位“%(written)s”与指标的单位“%(unit)s”不一致。")
            % {"value": shown, "written": written_unit, "unit": unit}
        )
    scale = SCALES.get(match["scale"] or "", Decimal(1))
    if match["scale"] and written_unit == normalise_text(unit):
        scale = Decimal(1)  # "3.2万元" for 万元 is written in the indicator's own scale
    elif match["scale"] or written_unit == indicator_base:
        scale = scale / indicator_scale
    number = _checked(Decimal(match["number"]) * scale, shown, indicator_base)
    high = (
        _checked(Decimal(match["high"]) * scale, shown, indicator_base) if match["high"] else None
    )
    if high is not None and high < number:
        raise FigureError(_("“%(value)s”的区间上限小于下限。") % {"value": shown})
    word = match["before"] or match["after"] or match["tail"] or ""
    qualifier = Qualifier.RANGE if high is not None else BEFORE.get(word) or AFTER.get(word, "")
    return Figure(number, high, qualifier)


def _checked(number: Decimal, shown: str, base_unit: str) -> Decimal:
    try:
        number = number.normalize()
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))  # 10, not 1E+1
    except InvalidOperation:
        raise FigureError(_("“%(value)s”不是数字。") % {"value": shown}) from None
    if number >= MAX_VALUE:
        raise FigureError(_("“%(value)s”过大。") % {"value": shown})
    if base_unit in COUNT_UNITS and number != number.to_integral_value():
        raise FigureError(
            _("“%(value)s”不是整数:单位为“%(unit)s”的数值应为整数。")
            % {"value": shown, "unit": base_unit}
        )
    if -number.as_tuple().exponent > MAX_DECIMALS:
        raise FigureError(
            _("“%(value)s”的小数超过%(places)s位(换算后为%(number)s)。")
            % {"value": shown, "places": MAX_DECIMALS, "number": format(number, "f")}
        )
    return number


def parse_year(value) -> str:
    """2018, "2018年", "2018年度" or a date cell (read as its ISO date) → "2018"."""
    text = normalise_text(value)
    match = re.match(r"^(\d{4})(?:年度?|-\d{2}-\d{2}(?:T[\d:.]+)?|\.0)?$", text)
    return match[1] if match else text
