"""One wording for a figure against the year before, on the web, in the PDF and in open data."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from reports.comparison import change_between, plain_number, printed_number


def figure(value, qualifier="exact", unit="件"):
    return SimpleNamespace(
        value=Decimal(value), qualifier=qualifier, definition=SimpleNamespace(unit=unit)
    )


@pytest.mark.parametrize(
    ("now", "before", "text", "direction"),
    [
        ("12", "10", "比上年增加2件(20%)", "up"),
        ("8", "10", "比上年减少2件(20%)", "down"),
        ("10", "10", "与上年持平", "same"),
        ("10", "0", "比上年增加10件", "up"),
        ("1", "3", "比上年减少2件(66.7%)", "down"),
        ("30000", "25000", "比上年增加0.5万件(20%)", "up"),
        ("30000", "29999", "比上年增加1件(0%)", "up"),
        ("30000", "10000", "比上年增加2万件(200%)", "up"),
        ("0", "30000", "比上年减少3万件(100%)", "down"),
        ("12000", "30000", "比上年减少1.8万件(60%)", "down"),
        ("30000", "12345", "比上年增加17655件(143%)", "up"),
    ],
)
def test_change_against_the_year_before(now, before, text, direction):
    change = change_between(figure(now), figure(before))
    assert (change.text, change.direction) == (text, direction)


def test_an_approximate_figure_makes_the_change_approximate():
    assert change_between(figure("12", "more_than"), figure("10")).text == "比上年增加约2件(20%)"
    assert change_between(figure("10", "about"), figure("10")).text == "约与上年持平"


def test_nothing_to_compare():
    assert change_between(figure("12"), None).text == "无上年数据"
    assert change_between(figure("12", "range"), figure("10")).text == "区间数值,不作比较"


def test_numbers_are_written_as_the_report_prints_them():
    assert plain_number(Decimal("3E+4")) == "30000"
    assert plain_number(Decimal("2.50")) == "2.5"
    assert plain_number(None) == ""
    assert printed_number(Decimal("30000")) == "3万"
    assert printed_number(Decimal("15000")) == "1.5万"
    assert printed_number(Decimal("12345")) == "12345"
