"""Numbers as the report writes them, and a figure compared with the year before: one wording for
the public pages, the PDF and open data."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .models.indicators import TEN_THOUSAND, Qualifier, in_wan, plain_number, printed_number

__all__ = ["Change", "change_between", "in_wan", "plain_number", "printed_number"]


@dataclass(frozen=True)
class Change:
    text: str
    direction: str  # "up", "down", "same", or "" (nothing to compare)


def change_between(value, previous) -> Change:
    """``value`` against ``previous`` (the figure of the previous published year, or None).

    The amount is written in the scale the two figures are printed in: when either prints in
    万 (3万 against 2.5万, or 0 against 3万), so does the change (增加0.5万, 减少3万), never
    增加20000 beside 3万; a change finer than 0.01万 is written in full. A figure stated as
    余/近/约 makes the change approximate (约); a range is not compared. The public pages and
    the PDF both print this wording.
    """
    if previous is None:
        return Change(_("无上年数据"), "")
    if Qualifier.RANGE in (value.qualifier, previous.qualifier):
        return Change(_("区间数值,不作比较"), "")
    approximate = Qualifier.EXACT not in (value.qualifier,) or previous.qualifier != Qualifier.EXACT
    prefix = _("约") if approximate else ""
    difference = value.value - previous.value
    if difference == 0:
        return Change(prefix + _("与上年持平"), "same")
    in_wan_scale = in_wan(value.value) or in_wan(previous.value)
    if in_wan_scale and abs(difference) % 100 == 0:
        amount = plain_number(abs(difference) / TEN_THOUSAND) + "万"
    else:
        amount = plain_number(abs(difference))
    percent = ""
    if previous.value:
        share = (abs(difference) * 100 / previous.value).quantize(Decimal("0.1"))
        percent = _("(%(percent)s%%)") % {"percent": plain_number(share)}
    if difference > 0:
        text = _("比上年增加%(prefix)s%(amount)s%(unit)s%(percent)s")
    else:
        text = _("比上年减少%(prefix)s%(amount)s%(unit)s%(percent)s")
    words = {"prefix": prefix, "amount": amount, "unit": value.definition.unit, "percent": percent}
    return Change(text % words, "up" if difference > 0 else "down")
