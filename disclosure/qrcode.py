"""A QR code of a page's address, drawn on the server as inline SVG.

Made with segno: a maintained, pure-Python QR encoder without dependencies that writes compact
SVG itself (one path), so the page needs no JavaScript, no image request and no image library.
"""

from functools import lru_cache

import segno
from django.utils.safestring import mark_safe


@lru_cache(maxsize=64)  # a few addresses (one a report year and host): drawn once a process
def qr_svg(url: str, title: str) -> str:
    """Inline SVG of ``url`` with ``title`` as its accessible name (segno escapes both)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=4, border=2, title=title, svgclass="qr", lineclass=None)
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))
