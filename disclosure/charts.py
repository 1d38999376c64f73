"""Bar charts drawn on the server as SVG: no JavaScript; the table beside is the accessible
alternative, so the chart itself is one image with a text label."""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from reports.comparison import plain_number

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 24, 48


def _nice_max(value: Decimal) -> Decimal:
    if value <= 0:
        return Decimal(1)
    exponent = len(str(int(value))) - 1
    step = Decimal(10) ** exponent
    for factor in (1, 2, 2.5, 5, 10):
        top = step * Decimal(str(factor))
        if top >= value:
            return top
    return step * 10


def bar_chart(points: list[tuple[str, Decimal, str]], title: str, unit: str) -> SafeString:
    """``points`` are (label, value, printed value). Returns an inline <svg>."""
    if not points:
        return mark_safe("")
    top = _nice_max(max(value for _, value, _ in points))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / len(points)
    bar_w = min(72, slot * 0.6)
    grid = []
    for i in range(5):
        tick = top * i / 4
        y = TOP + plot_h - float(tick / top) * plot_h
        grid.append((f"{y:.1f}", plain_number(tick), f"{y + 5:.1f}"))
    bars = []
    for index, (label, value, printed) in enumerate(points):
        h = float(value / top) * plot_h if top else 0
        x = LEFT + slot * index + (slot - bar_w) / 2
        y = TOP + plot_h - h
        bars.append(
            tuple(f"{n:.1f}" for n in (x, y, bar_w, h, x + bar_w / 2, y - 6))
            + (printed, TOP + plot_h + 22, label)
        )
    grid_html = format_html_join(
        "",
        '<line x1="{0}" x2="{1}" y1="{2}" y2="{2}" class="grid"/>'
        '<text x="{3}" y="{4}" class="tick" text-anchor="end">{5}</text>',
        ((LEFT, WIDTH - RIGHT, y, LEFT - 6, y_text, text) for y, text, y_text in grid),
    )
    bar_html = format_html_join(
        "",
        '<rect x="{0}" y="{1}" width="{2}" height="{3}" class="bar"/>'
        '<text x="{4}" y="{5}" class="value" text-anchor="middle">{6}</text>'
        '<text x="{4}" y="{7}" class="axis" text-anchor="middle">{8}</text>',
        bars,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}{}'
        '<text x="{}" y="14" class="tick" text-anchor="end">{}</text></svg>',
        WIDTH,
        HEIGHT,
        title,
        title,
        grid_html,
        bar_html,
        LEFT - 6,
        unit,
    )
