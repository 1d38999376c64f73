"""Bar charts drawn on the server as SVG: no JavaScript. On the page, the chart's title, unit and
source are the figure's caption and the table beside it is the accessible alternative, so the
chart itself is one image with a text label. The downloadable SVG (and the PNG made from it)
carries its title, unit and source inside, so that it still says what it shows when it is
copied into another document."""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reports.comparison import printed_number

WIDTH = 360  # user units; the page draws the chart at most 480 px wide, at 375 px about 343
LEFT, RIGHT = 52, 12
PLOT_HEIGHT = 180
FONT = 14  # 14 units are 13.3 px at 343 px wide: text stays above 12 px on a phone
TITLE_FONT, SOURCE_FONT = 16, 12
LINE = 1.5
FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
BAR, INK, GRID, MUTED = "#a8141b", "#1a1a1a", "#d9d9d9", "#4d4d4d"


@dataclass(frozen=True)
class Point:
    label: str  # 2017年
    value: Decimal
    printed: str  # 10件, 3万余人次


@dataclass(frozen=True)
class Chart:
    title: str
    unit: str
    source: str  # 来源:五常市2017年度法治政府建设情况报告
    points: tuple[Point, ...]

    @property
    def unit_line(self) -> str:
        return _("单位:%(unit)s") % {"unit": self.unit}

    @property
    def description(self) -> str:
        """The chart in words, its text alternative."""
        values = "、".join(f"{point.label}{point.printed}" for point in self.points)
        return _("%(title)s柱状图,%(unit)s。%(values)s。") % {
            "title": self.title,
            "unit": self.unit_line,
            "values": values,
        }


def text_width(text: str, size: float) -> float:
    """A safe estimate of how wide ``text`` is drawn: a CJK character is one em, others less."""
    return sum(size if ord(char) > 0x2E80 else size * 0.62 for char in text)


def wrap(text: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for char in text:
        if line and text_width(line + char, size) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines


def axis_ticks(highest: Decimal, whole: bool, most: int = 5) -> list[Decimal]:
    """Ticks from 0 to at least ``highest`` at a step of 1, 2 or 5 times a power of ten, no
    more than ``most``; a step below 1 only when the figures are not all whole numbers."""
    if highest <= 0:
        return [Decimal(0), Decimal(1)]
    raw = highest / (most - 1)
    exponent = raw.adjusted()
    step = Decimal(1)
    for candidate in (
        Decimal(factor).scaleb(power) for power in (exponent, exponent + 1) for factor in (1, 2, 5)
    ):
        if whole and candidate < 1:
            continue
        step = candidate
        if step * (most - 1) >= highest:
            break
    count = int((highest / step).to_integral_value(rounding=ROUND_CEILING))
    return [(step * index).normalize() for index in range(count + 1)]


def _attrs(**attrs) -> SafeString:
    return format_html_join(
        "", ' {}="{}"', ((name.rstrip("_").replace("_", "-"), v) for name, v in attrs.items())
    )


def _n(number: float) -> str:
    return f"{number:.1f}".removesuffix(".0")


def _text(x, y, text, css_class, size=FONT, anchor="middle", weight="", fill=INK) -> SafeString:
    extra = _attrs(font_weight=weight) if weight else ""
    return format_html(
        '<text x="{}" y="{}" class="{}" font-size="{}" fill="{}" text-anchor="{}"{}>{}</text>',
        _n(x),
        _n(y),
        css_class,
        size,
        fill,
        anchor,
        extra,
        text,
    )


def chart_svg(chart: Chart, standalone: bool = False) -> SafeString:
    """The chart as an <svg> element; ``standalone`` adds the title and the source inside and
    makes a file of its own (XML declaration, white background)."""
    if not chart.points:
        return mark_safe("")
    parts = []
    y = 0.0
    if standalone:
        for line in wrap(chart.title, TITLE_FONT, WIDTH - 24):
            y += TITLE_FONT * LINE
            parts.append(_text(12, y, line, "title", TITLE_FONT, "start", "700"))
        y += 6
    y += FONT * LINE
    parts.append(_text(12, y, chart.unit_line, "tick", FONT, "start", fill=MUTED))
    top = y + FONT * 2  # room above the highest bar for its value, also at 长者模式's 18
    bottom = top + PLOT_HEIGHT
    whole = all(point.value == point.value.to_integral_value() for point in chart.points)
    ticks = axis_ticks(max(point.value for point in chart.points), whole)
    scale = PLOT_HEIGHT / float(ticks[-1])
    for tick in ticks:
        tick_y = bottom - float(tick) * scale
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid" stroke="{}"/>',
                LEFT,
                WIDTH - RIGHT,
                _n(tick_y),
                _n(tick_y),
                GRID,
            )
        )
        parts.append(_text(LEFT - 6, tick_y + 5, printed_number(tick), "tick", anchor="end"))
    slot = (WIDTH - LEFT - RIGHT) / len(chart.points)
    bar_width = min(56.0, slot * 0.6)
    values_fit = all(text_width(point.printed, FONT) <= slot - 2 for point in chart.points)
    label_every = 1
    while max(text_width(p.label, FONT) for p in chart.points) > slot * label_every - 10:
        label_every += 1
    for index, point in enumerate(chart.points):
        height = float(point.value) * scale
        x = LEFT + slot * index + (slot - bar_width) / 2
        centre = x + bar_width / 2
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="bar" fill="{}"/>',
                _n(x),
                _n(bottom - height),
                _n(bar_width),
                _n(height),
                BAR,
            )
        )
        if values_fit:
            parts.append(_text(centre, bottom - height - 6, point.printed, "value", weight="700"))
        if (len(chart.points) - 1 - index) % label_every == 0:  # the latest year always
            parts.append(_text(centre, bottom + FONT * LINE, point.label, "axis"))
    height = bottom + FONT * LINE + 8
    if standalone:
        for line in wrap(chart.source, SOURCE_FONT, WIDTH - 24):
            height += SOURCE_FONT * LINE
            parts.append(_text(12, height - 4, line, "source", SOURCE_FONT, "start", fill=MUTED))
        height += 8
    background = (
        format_html('<rect width="{}" height="{}" fill="#ffffff"/>', WIDTH, round(height))
        if standalone
        else ""
    )
    # A file of its own is SVG 1.1, whose <title> names it; on the page, ARIA does.
    svg = format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}"{size} '
        'font-family="{font}" xmlns="http://www.w3.org/2000/svg"><title>{label}</title>'
        "{background}{body}</svg>",
        w=WIDTH,
        h=round(height),
        size=_attrs(width=WIDTH, height=round(height))
        if standalone
        else _attrs(role="img", aria_label=chart.description),
        label=chart.description,
        font=FONT_FAMILY,
        background=background,
        body=mark_safe("".join(parts)),
    )
    if standalone:
        return mark_safe('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n")
    return svg


def chart_png(chart: Chart, scale: float = 2) -> bytes:
    """The standalone SVG drawn by CairoSVG (fonts from fontconfig), twice its size by default
    so that it stays sharp on a slide or a high-density screen."""
    import cairosvg

    svg = chart_svg(chart, standalone=True)
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
