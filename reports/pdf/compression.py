"""PDF streams compressed at zlib's default level instead of pydyf's level 9, and large streams
compressed once.

pydyf (WeasyPrint's PDF writer) compresses every stream with ``zlib.compressobj(level=9)`` and
has no setting for it. For the seed report that is 44 ms of a 360 ms rendering, mostly on the
embedded font subsets, for a file 1 % smaller than at zlib's default level 6 (17 ms, 358 KB
instead of 355 KB; measured with scripts/bench_pdf.py and a per-phase timer). So pydyf's module
is given a zlib whose ``compressobj`` uses the default level; everything else is zlib itself.

A new version of a report embeds mostly the same font subsets (``subsets.py``) and draws most
pages the same as the version before: the compressed bytes of large streams (font subsets of
hundreds of KB) are kept and given again for the same input, which zlib would turn into the
same output anyway. Small streams are compressed as before.
"""

import zlib
from collections import OrderedDict

import pydyf

KEPT_FROM_BYTES = 16 * 1024
# What the kept streams may hold in all, input and output (the seed's PDF needs about 4 MB):
# the least recently used go first.
KEPT_BYTES = 48 * 1024 * 1024

_compressed: OrderedDict[bytes, bytes] = OrderedDict()
_kept_bytes = 0


def compressed(data: bytes) -> bytes:
    """``data`` deflated at zlib's default level, as one zlib stream."""
    global _kept_bytes
    if len(data) < KEPT_FROM_BYTES:
        return zlib.compress(data)
    kept = _compressed.get(data)
    if kept is not None:
        _compressed.move_to_end(data)
        return kept
    kept = zlib.compress(data)
    if len(data) + len(kept) <= KEPT_BYTES:
        _compressed[data] = kept
        _kept_bytes += len(data) + len(kept)
        while _kept_bytes > KEPT_BYTES:
            old_data, old_kept = _compressed.popitem(last=False)
            _kept_bytes -= len(old_data) + len(old_kept)
    return kept


class _WholeStreamCompressor:
    """The part of a ``zlib.Compress`` pydyf uses: ``compress`` the stream, then ``flush``."""

    def __init__(self):
        self._parts = []

    def compress(self, data: bytes) -> bytes:
        self._parts.append(data)
        return b""

    def flush(self, mode=zlib.Z_FINISH) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return compressed(data)


class _DefaultLevelZlib:
    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level=zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs):
        if args or kwargs:
            return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs)
        return _WholeStreamCompressor()


def use_default_compression_level() -> bool:
    """Applied once on import of the renderer; False when pydyf no longer works this way."""
    if getattr(pydyf, "zlib", None) is zlib:
        pydyf.zlib = _DefaultLevelZlib()
    return isinstance(getattr(pydyf, "zlib", None), _DefaultLevelZlib)
