"""The site's icons, made from the government's mark (网站设置) or the portal's own icon.

Browsers ask for /favicon.ico on every first visit, phones for /apple-touch-icon.png when a
reader adds the site to the home screen, and sharing apps for the Open Graph image. All three
are drawn from one square source with Pillow, once per process and source version, and then
answered from memory.
"""

import hashlib
import io
import threading
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import default_storage
from PIL import Image, ImageOps

DEFAULT_SOURCE = Path(__file__).resolve().parent / "assets" / "portal-icon.png"


@dataclass(frozen=True)
class IconKind:
    content_type: str
    size: int  # pixels of the largest image in the file


FAVICON = IconKind("image/x-icon", 48)
TOUCH = IconKind("image/png", 180)
SHARE = IconKind("image/png", 512)
FAVICON_SIZES = [(16, 16), (32, 32), (48, 48)]


@dataclass(frozen=True)
class Icon:
    body: bytes
    content_type: str
    etag: str


_made: dict[tuple, Icon] = {}
_lock = threading.Lock()


def _source_image(site) -> Image.Image:
    if site.site_mark:
        try:
            with default_storage.open(site.site_mark.name, "rb") as file:
                image = Image.open(io.BytesIO(file.read()))
                image.load()
                return image
        except (OSError, ValueError):  # the file is gone or unreadable: the portal's own icon
            pass
    with Image.open(DEFAULT_SOURCE) as image:
        image.load()
        return image


def draw(source: Image.Image, kind: IconKind) -> bytes:
    """A square icon of the kind's size: the source scaled to fit, centred, never cropped."""
    image = ImageOps.exif_transpose(source).convert("RGBA")
    # Home screens draw a transparent icon on black: there it gets a white ground.
    background = (255, 255, 255, 0) if kind is FAVICON else (255, 255, 255, 255)
    square = ImageOps.pad(image, (kind.size, kind.size), Image.LANCZOS, color=background)
    if kind is TOUCH or kind is SHARE:
        square = Image.alpha_composite(Image.new("RGBA", square.size, background), square)
        square = square.convert("RGB")
    buffer = io.BytesIO()
    if kind is FAVICON:
        square.save(buffer, format="ICO", sizes=FAVICON_SIZES)
    else:
        square.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def icon(site, kind: IconKind) -> Icon:
    """The icon for the site's current mark; drawn on first use, then kept for the process."""
    version = (site.site_mark.name, site.updated_at) if site.site_mark else ("", None)
    key = (*version, kind)
    found = _made.get(key)
    if found is None:
        body = draw(_source_image(site), kind)
        found = Icon(body, kind.content_type, f'"{hashlib.sha256(body).hexdigest()[:32]}"')
        with _lock:
            if len(_made) > 30:  # old marks' icons: staff replaced the mark
                _made.clear()
            _made[key] = found
    return found
