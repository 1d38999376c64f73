"""Pages compressed with brotli or gzip when no proxy in front does it (PORTAL_COMPRESS_PAGES).

Static files never come here: WhiteNoise answers them first, from the brotli and gzip copies
that `collectstatic` made. A compressed page keeps the page cache's ETag in its weak form
(W/"…"), as Django's GZipMiddleware and nginx do, so that a browser's If-None-Match still
matches it (weak comparison) and the 304s keep working.

A page with an ETag (the page cache's public pages, the same for every reader) goes out again
and again, so its compressed bodies are kept in a small per-process store keyed by a digest of
the uncompressed body: it is compressed once per process, not once per request. Every other
answer (the admin, staff previews: pages that may hold a CSRF token) is compressed with gzip
the way Django's GZipMiddleware does it, with random padding against BREACH.
"""

import gzip
import hashlib
import re
import threading
from collections import OrderedDict

import brotli
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

# Below this size compression saves less than the headers it adds.
MIN_BYTES = 200
COMPRESSIBLE = re.compile(
    r"^(text/|application/(json|xml|atom\+xml|rss\+xml|ld\+json|javascript|xhtml\+xml)|"
    r"image/svg\+xml)"
)
BROTLI_QUALITY = 5  # within a few per cent of the best size, in a few milliseconds
GZIP_LEVEL = 6
KEPT_BYTES = 16 * 1024 * 1024  # compressed bodies kept per process


def accepted_encodings(accept_encoding: str) -> set[str]:
    """The codings an Accept-Encoding header takes (those it names, except with q=0)."""
    accepted = set()
    for item in accept_encoding.lower().split(","):
        name, _, params = item.strip().partition(";")
        quality = params.strip().removeprefix("q=").strip()
        if quality and quality.replace(".", "", 1).isdigit() and float(quality) == 0:
            continue
        if name.strip():
            accepted.add(name.strip())
    return accepted


def kept_encoding(accept_encoding: str) -> str | None:
    """The coding of a page that is the same for every reader (kept compressed): br, else gzip."""
    accepted = accepted_encodings(accept_encoding)
    if "br" in accepted:
        return "br"
    return "gzip" if "gzip" in accepted else None


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY, mode=brotli.MODE_TEXT)
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


class CompressedBodies:
    """A byte-bounded, least-recently-used store of compressed bodies, safe across threads."""

    def __init__(self, max_bytes: int = KEPT_BYTES):
        self.max_bytes = max_bytes
        self.size = 0
        self.items: OrderedDict[tuple[bytes, str], bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, body: bytes, encoding: str) -> bytes:
        key = (hashlib.blake2b(body, digest_size=20).digest(), encoding)
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
                return found
        compressed = compress(body, encoding)
        if len(compressed) <= self.max_bytes:
            with self.lock:
                if key not in self.items:
                    self.items[key] = compressed
                    self.size += len(compressed)
                while self.size > self.max_bytes:
                    _, dropped = self.items.popitem(last=False)
                    self.size -= len(dropped)
        return compressed


class CompressionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.bodies = CompressedBodies()

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 304:  # it stands for the 200 that would have varied
            patch_vary_headers(response, ("Accept-Encoding",))
            return response
        if (
            response.streaming
            or response.has_header("Content-Encoding")
            or not COMPRESSIBLE.match(response.get("Content-Type", ""))
        ):
            return response
        # Caches in between must keep the compressed and the plain answer apart.
        patch_vary_headers(response, ("Accept-Encoding",))
        if len(response.content) < MIN_BYTES:
            return response
        accept_encoding = request.META.get("HTTP_ACCEPT_ENCODING", "")
        etag = response.get("ETag")
        if etag and kept_encoding(accept_encoding):
            encoding = kept_encoding(accept_encoding)
            compressed = self.bodies.get(response.content, encoding)
        elif "gzip" in accepted_encodings(accept_encoding):
            encoding = "gzip"
            compressed = compress_string(response.content, max_random_bytes=100)
        else:
            return response
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response["Content-Length"] = str(len(compressed))
        response["Content-Encoding"] = encoding
        if etag and etag.startswith('"'):
            response["ETag"] = "W/" + etag
        return response
