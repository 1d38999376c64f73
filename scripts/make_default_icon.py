#!/usr/bin/env python
"""Draws the portal's own icon, disclosure/assets/portal-icon.png (512 × 512), once.

The icon stands in for the government's mark until staff upload one in 网站设置: the portal's
red with a gold band, as in the page header, and the character 法 in Noto Serif CJK Bold
(installed by the set-up). The PNG is committed; run this again only to change the design:

    .venv/bin/python scripts/make_default_icon.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "disclosure" / "assets" / "portal-icon.png"
FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
SIZE = 512
RED = (168, 20, 27)  # --red in static/css/portal.css
GOLD = (216, 168, 78)  # the header's bottom border


def main() -> None:
    scale = 4  # drawn large and scaled down, for smooth edges
    size = SIZE * scale
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    # Square to the edges: phones round the corners of home-screen icons themselves.
    draw.rectangle((0, 0, size - 1, size - 1), fill=RED)
    band = size // 14
    draw.rectangle((size // 8, size - 2 * band, size - size // 8, size - band), fill=GOLD)
    font = ImageFont.truetype(FONT, int(size * 0.62), index=2)  # index 2: the SC face
    draw.text((size / 2, size * 0.45), "法", font=font, fill="white", anchor="mm")
    image.resize((SIZE, SIZE), Image.LANCZOS).save(TARGET, optimize=True)
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
